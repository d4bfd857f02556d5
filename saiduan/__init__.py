"""Saiduan's composition root: settings, database, app factory, CLI, background loops.

The only package that imports all the others. Domain packages (handoff/, intake/, bots/, nlp/)
receive what they need (settings sections, session factory, adapters, classifier) from here.
"""
