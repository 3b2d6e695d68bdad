"""The Bot API client: PTB's ExtBot, made tolerant of updates it cannot parse.

PTB parses a whole getUpdates batch at once; one update it cannot read (a server or Bot API
version that omits a field PTB requires, such as Telegram's own minimal test update without
``is_bot``) raises a non-Telegram error that ends the polling loop for good, and the bot
silently stops hearing everyone. Here such an update is logged and replaced by an empty one
with the same id, so the offset moves past it and the rest of the batch is handled.

Every message Livebot sends is HTML (its texts are escaped where they are built) without a
link preview (an alert's link would otherwise fill a phone's screen): both are the client's
:data:`DEFAULTS`, so no call site can forget them.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Defaults, ExtBot

from bot.telegram.limiter import Lane

log = logging.getLogger(__name__)


DEFAULTS = Defaults(
    parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
)
"""How every message is sent unless a call says otherwise."""


class LivebotBot(ExtBot[Lane]):
    """ExtBot whose getUpdates never fails because of one malformed update, sending HTML
    without link previews by default."""

    def __init__(self, token: str, *, defaults: Defaults | None = None, **kwargs: Any) -> None:
        super().__init__(token, defaults=defaults or DEFAULTS, **kwargs)

    async def _post(self, endpoint: str, data: Any = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            return [update for raw in result if (update := self._parseable(raw)) is not None]
        return result

    def _parseable(self, raw: Any) -> dict[str, Any] | None:
        try:
            Update.de_json(raw, self)
        except Exception as exc:
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            log.warning("skipping update %s that cannot be parsed: %s", update_id, exc)
            return {"update_id": update_id} if isinstance(update_id, int) else None
        return dict(raw)
