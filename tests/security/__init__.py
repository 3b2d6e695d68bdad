"""Security: every attack of the hostile-input review, replayed against the real bot."""
