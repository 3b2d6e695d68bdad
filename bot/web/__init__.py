"""The bot's own HTTP server: publishers' pushes, the Telegram webhook and ``/metrics`` on
one port (:mod:`bot.web.server`)."""
