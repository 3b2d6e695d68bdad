"""The interface's words in the reader's language: English, Ukrainian and Russian.

Every sentence a person reads goes through ``_`` (or ``_n`` when it counts something), with
the English text as the message id, as gettext intends. Translations live in ``locales/<lang>/
LC_MESSAGES/livebot.po`` (Babel extracts and updates them; see the README's "Languages"); the
build compiles them into ``bot/locales/…/livebot.mo``, and a checkout without the compiled
files reads the ``.po`` directly.

The language is chosen per update or per message sent, not passed through every function:
``using(lang)`` sets it for the code inside (a context variable, so concurrent updates and
delivery tasks each keep their own, as aiogram's i18n middleware does), and ``_`` reads it.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import cache
from pathlib import Path

from babel.dates import format_datetime
from babel.numbers import format_decimal

DOMAIN = "livebot"
LANGUAGES = {"en": "English", "uk": "Українська", "ru": "Русский"}
"""The interface's languages, each named in itself (as a language menu shows them)."""
DEFAULT = "en"

_COMPILED = Path(__file__).parent / "locales"
_SOURCES = Path(__file__).parent.parent / "locales"
_current: ContextVar[str] = ContextVar("language", default=DEFAULT)


def supported(code: str | None) -> str:
    """The interface language for a Telegram ``language_code`` ("uk", "ru-RU", "en-GB",
    "de" …): its own when we have it, else English."""
    base = (code or "").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else DEFAULT


def current() -> str:
    """The language the words are being written in now."""
    return _current.get()


@contextmanager
def using(language: str | None) -> Iterator[None]:
    """Write in ``language`` (any code; unsupported ones fall back to English) inside."""
    token = _current.set(supported(language))
    try:
        yield
    finally:
        _current.reset(token)


def activate(language: str | None) -> None:
    """Write in ``language`` for the rest of the current task: one update's handling, which
    python-telegram-bot runs as a task of its own (``concurrent_updates``)."""
    _current.set(supported(language))


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The language's translations: compiled at install time, or read from the ``.po``
    in a source checkout; English is the message ids themselves."""
    if language == DEFAULT:
        return gettext.NullTranslations()
    compiled = _COMPILED / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if compiled.is_file():
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    return gettext.GNUTranslations(io.BytesIO(compile_po(_SOURCES / language)))


def compile_po(folder: Path) -> bytes:
    """A language folder's ``LC_MESSAGES/livebot.po`` as ``.mo`` bytes (fuzzy entries left
    out, as ``pybabel compile`` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (folder / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as file:
        messages = read_po(file, locale=folder.name)
    buffer = io.BytesIO()
    write_mo(buffer, messages)
    return buffer.getvalue()


def _(message: str, /, **values: object) -> str:
    """``message`` in the current language, with ``{name}`` fields filled from ``values``."""
    text = catalog(current()).gettext(message)
    return text.format(**values) if values else text


def _n(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form of a counted message that ``n`` takes in the current language (Ukrainian and
    Russian have three: 1 джерело, 2 джерела, 5 джерел); ``{n}`` is the count, written in
    the language's way."""
    text = catalog(current()).ngettext(singular, plural, n)
    return text.format(n=number(n), **values)


def N_(message: str, /) -> str:  # noqa: N802 (gettext's name for this marker)
    """Mark a message for translation where it is defined; ``_`` translates it where used."""
    return message


def quote(text: str) -> str:
    """``text`` in the current language's quotation marks (“…” in English, «…» in Ukrainian
    and Russian); a topic that is itself one quoted phrase keeps its own marks only."""
    if len(text) > 1 and text[0] == text[-1] == '"' and '"' not in text[1:-1]:
        return text
    return _("“{text}”", text=text)


def number(value: float) -> str:
    """A number as the current language writes it (1,234 · 1 234)."""
    return format_decimal(value, locale=current())


def moment(value: datetime, pattern: str) -> str:
    """A date or time in the current language (``pattern`` in Unicode's notation, e.g.
    "d MMM HH:mm": 26 Nov 04:46, 26 лист. 04:46)."""
    return format_datetime(value, pattern, locale=current())
