"""Livebot: a Telegram bot that pushes concise alerts for live news topics and places."""

__version__ = "0.4.0"
