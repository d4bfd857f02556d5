"""`python -m nlp classify|train|evaluate`."""

from nlp.cli import app

app()
