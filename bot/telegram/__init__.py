"""The Bot API boundary: everything that speaks to Telegram, and nothing else does.

The client (:mod:`bot.telegram.client`: PTB's ExtBot, tolerant of updates it cannot parse,
HTML without previews by default), its transport (:mod:`bot.telegram.transport`: requests
over one aiohttp session), the flood limiter every send passes (:mod:`bot.telegram.limiter`),
and the two ways updates arrive: polling, processed chat by chat in order
(:mod:`bot.telegram.updates`), or a webhook (:mod:`bot.telegram.webhook`).
"""
