"""Fake platform servers (LINE, Messenger, Telegram) for tests and the benchmark."""
