"""Persistence: the SQLite database and one module per table."""
