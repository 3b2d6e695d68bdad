"""A Bot API emulator: Telegram's HTTP API on 127.0.0.1, in process.

``livebot try`` runs the real bot against it with no token and no network; the tests use it
as Telegram (HTML subset, length limits, 429, 403, migration, edits, buttons, webhooks).
"""
