"""Deciding which subscriptions an entry satisfies."""
