"""Short tokens for button data that must carry more than 64 bytes (a typed topic, a
/latest query to page through): the text stays here, the button carries the token.

Bounded and in memory: a token older than the last ``SIZE`` ones, or from before a restart,
is simply unknown, and the button says so politely.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict

SIZE = 20_000
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
