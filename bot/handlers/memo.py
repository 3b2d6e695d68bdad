"""Short tokens for button data that must carry more than 64 bytes (a typed topic, a
/latest query to page through): the text stays here, the button carries the token. Offer
buttons (subscribe to a text, look it up, follow the place or the link it names) are built
and read here, one format for all of them.

Bounded and in memory: a token older than the last ``SIZE`` ones, or from before a restart,
is simply unknown, and the button says so politely.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict

from telegram import InlineKeyboardButton

from bot.delivery.callbacks import OFFER

SIZE = 20_000
SUBSCRIBE, LATEST, PLACE, FOLLOW = "s", "l", "p", "f"
"""What an offer button does with its text: subscribe, /latest, follow the place, the link."""
PATTERN = f"^{OFFER.name}:[slpf]:"
_memo: OrderedDict[str, str] = OrderedDict()


def keep(text: str) -> str:
    """A token for ``text`` (8 URL-safe characters)."""
    token = secrets.token_urlsafe(6)
    _memo[token] = text
    while len(_memo) > SIZE:
        _memo.popitem(last=False)
    return token


def recall(token: str) -> str | None:
    """The text behind a token, or None if it is unknown or expired."""
    return _memo.get(token)


def offer(label: str, action: str, text: str) -> InlineKeyboardButton:
    """A button that does ``action`` (one of SUBSCRIBE, LATEST, PLACE, FOLLOW) with
    ``text`` when tapped."""
    return InlineKeyboardButton(label, callback_data=OFFER.data(action, keep(text)))


def offered(data: str) -> tuple[str, str | None]:
    """(action, text) of an offer button's data; the text is None once expired."""
    action, _, token = OFFER.rest(data).partition(":")
    return action, recall(token)
