"""Benchmarks: run each with `python -m bench.<name>` (see the Makefile)."""
