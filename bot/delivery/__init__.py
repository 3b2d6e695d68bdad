"""Sending alerts to Telegram: rendering, rate limits and the persistent outbox."""
