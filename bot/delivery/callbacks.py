"""Button data: one registry of kinds, one way to write it and to route and read it back.

Telegram gives each inline button up to 64 bytes of data, returned when it is tapped, and
a forged tap can return anything: it is client input. Each kind of button is registered
here once, with a short name that starts its data (``st`` for /settings); a name used
twice, or one that is not a plain word, is refused when the bot starts. A button's data is
its kind's name and its fields joined by ``:`` (:meth:`Kind.data` refuses data past 64
bytes), each kind is routed to its handler by :attr:`Kind.pattern`, and the handler reads
the fields with :meth:`Kind.fields` and checks each (:mod:`bot.handlers.callback_data`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
"""The most bytes of data Telegram keeps on a button."""
_NAME = re.compile(r"[a-z]{2,8}")
_registered: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of button (see :func:`register`)."""

    name: str

    @property
    def pattern(self) -> str:
        """The pattern that routes this kind's taps to its handler."""
        return f"^{self.name}:"

    def data(self, *fields: object) -> str:
        """The data of a button of this kind with these fields."""
        text = ":".join((self.name, *map(str, fields)))
        if len(text.encode()) > MAX_BYTES:
            raise ValueError(f"button data over {MAX_BYTES} bytes: {text!r}")
        return text

    def fields(self, data: str | None) -> list[str]:
        """The fields of a tapped button of this kind (none if the data is not of it)."""
        head, sep, rest = (data or "").partition(":")
        return rest.split(":") if head == self.name and sep else []

    def rest(self, data: str | None) -> str:
        """Everything after the kind's name, for data whose last field may hold ``:``."""
        head, _sep, rest = (data or "").partition(":")
        return rest if head == self.name else ""


def register(name: str, what: str) -> Kind:
    """A new kind of button, ``name`` starting its data; ``what`` says what it is for (and
    which module registered it first, when a second one tries)."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"button kind {name!r}: a name is 2-8 lower-case letters")
    if name in _registered:
        raise ValueError(f"button kind {name!r} is taken already by {_registered[name]}")
    _registered[name] = what
    return Kind(name)


ON_ALERT = register("al", "the buttons under an alert")
ON_LIST = register("ls", "the buttons of /list")
DIGEST_PAGE = register("dg", "a digest's pages")
LATEST_PAGE = register("lt", "/latest's pages")
LIST_PAGE = register("lp", "/list's pages")
SOURCES_PAGE = register("sr", "/sources' pages")
SETTINGS = register("st", "the /settings menu")
UNSUBSCRIBE = register("unsub", "/unsubscribe's choices")
OFFER = register("tx", "offers made in reply to plain text (memo)")
PICK = register("pick", "which place a /place meant")
SWAP = register("swap", "another place for a /place just added")
RADIUS = register("radius", "a radius for a place just followed")
