"""Conversations and cases: the dialogue with a citizen, case numbers, routing and storage.

Owns: contacts, conversations, messages, cases and their events, problem categories, centres
and the areas they cover, staff user rows, training examples and model versions (tables in
`intake.models`); the intake state machine; opening and routing cases.

May import: bots/ (events, outbox, column types) and nlp/. Never handoff/ or saiduan/; the
classifier, settings and session factory are passed in by saiduan/.
"""
