"""Every message the bot sends, as Telegram HTML: escaped, and never over 4096 characters.

Nothing from a feed or a user reaches a message without ``html.escape``; links go into
``href`` escaped with quotes. Telegram counts the length of the text after entities are
parsed, so ``visible_length`` strips tags and unescapes before comparing with the limit.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo

from bot.delivery.labels import PLACE_MARK
from bot.delivery.reasons import Why
from bot.health import WriteFailure
from bot.i18n import N_, _, _n, moment
from bot.models import Entry, SourceState
from bot.text.cut import cut

MAX_MESSAGE = 4096
_TAG = re.compile(r"<[^>]+>")


def esc(text: str) -> str:
    """Escape text for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


_WHY_NOT = {
    "timeout": N_("the site took too long to answer"),
    "too_large": N_("the page is too large to follow"),
    "http_status": N_("the site answered with error {status}"),
    "private": N_("that address is not on the public internet"),
    "bad_address": N_("that is not a valid web address"),
    "redirects": N_("the site sends me from address to address without end"),
    "empty": N_("the site sent an empty page"),
    "unreachable": N_("the site cannot be reached right now"),
    "unreadable": N_("it is not a feed, a live blog or an article I can read"),
    "store": N_("its new posts could not be stored; the operator is told"),
}


def why_not(code: str) -> str:
    """Why a link cannot be read, in the reader's language: the failure's code (see
    :func:`bot.ingest.refresh.error_code`), never the operator's English detail."""
    name, _sep, status = code.partition(":")
    return _(_WHY_NOT.get(name, _WHY_NOT["unreachable"]), status=status or "?")


def visible_length(markup: str) -> int:
    """Length as Telegram counts it: UTF-16 code units of the text after parsing entities."""
    return len(html.unescape(_TAG.sub("", markup)).encode("utf-16-le")) // 2


def link(url: str, label: str) -> str:
    """An HTML link with both parts escaped."""
    return f'<a href="{html.escape(url, quote=True)}">{esc(label)}</a>'


def when(timestamp: float, now: float | None = None, tz: tzinfo = UTC) -> str:
    """An absolute time a reader can place, in the chat's time zone: '17 Feb 14:05 UTC',
    '17 Feb 16:05 EET', with the year when it is not this year's ('13 Feb 2025 18:55 UTC')."""
    local = datetime.fromtimestamp(timestamp, tz)
    this_year = datetime.fromtimestamp(time.time() if now is None else now, tz).year
    pattern = "d MMM HH:mm" if local.year == this_year else "d MMM y HH:mm"
    return f"{moment(local, pattern)} {local.tzname() or 'UTC'}"


def lasting(since: float, now: float | None = None) -> str:
    """How long since ``since``, in words for a sentence: '3 days', '1 hour', '20 minutes',
    'under a minute'."""
    seconds = max(0.0, (now or time.time()) - since)
    if seconds >= 86400:
        return _n("{n} day", "{n} days", int(seconds // 86400))
    if seconds >= 3600:
        return _n("{n} hour", "{n} hours", int(seconds // 3600))
    if seconds >= 60:
        return _n("{n} minute", "{n} minutes", int(seconds // 60))
    return _("under a minute")


def span(since: float, now: float | None = None) -> str:
    """How long since ``since``: 'under a minute', '5 min', '3 h', '2 d'."""
    seconds = max(0.0, (now or time.time()) - since)
    if seconds < 60:
        return _("under a minute")
    if seconds < 3600:
        return _("{n} min", n=int(seconds // 60))
    if seconds < 86400:
        return _("{n} h", n=int(seconds // 3600))
    return _("{n} d", n=int(seconds // 86400))


def ago(timestamp: float | None, now: float | None = None) -> str:
    """A short relative time: 'just now', '5 min ago', '3 h ago', '2 d ago', or 'never'."""
    if timestamp is None:
        return _("never")
    if (now or time.time()) - timestamp < 60:
        return _("just now")
    return _("{time} ago", time=span(timestamp, now))


def alert(
    entry: Entry,
    why: Why,
    *,
    also: Sequence[str] = (),
    newest: Entry | None = None,
    now: float | None = None,
    tz: tzinfo = UTC,
) -> str:
    """The push message for one entry: bold title, lead, source and time, why (the topics
    that matched, and the followed places with how they matched), who else reported the
    story (``also``, filled in by later edits), the ``newest`` report's headline where it
    gives new figures, and the link."""
    parts = [f"<b>{esc(entry.title)}</b>"]
    if entry.summary:
        parts.append(esc(entry.summary))
    parts.append(f"<i>{esc(entry.source_name)} · {when(entry.shown_at, now, tz)}</i>")
    lines = []
    if why.topics:
        lines.append(f"🔔 {esc(cut(' · '.join(why.topics), 400))}")
    if why.places:
        lines.append(f"{PLACE_MARK}{esc(cut(' · '.join(why.places), 400))}")
    if lines:
        parts.append("\n".join(lines))
    if also:
        parts.append(
            _n(
                "🗞 Also reported by {n} source: {names}",
                "🗞 Also reported by {n} sources: {names}",
                len(also),
                names=esc(cut(", ".join(also), 300)),
            )
        )
    if newest is not None:
        parts.append(
            _(
                "🆕 {source}: {title}",
                source=esc(newest.source_name),
                title=esc(cut(newest.title, 200)),
            )
        )
    parts.append(link(entry.link, _("Read more")))
    return fit("\n\n".join(parts))


DIGEST_LINES = 12
"""Items per page of a digest; the rest are one tap away (More ▸), never left unlinked."""


def pages(count: int) -> int:
    """How many pages a digest of ``count`` items has."""
    return max(1, -(-count // DIGEST_LINES))


def digest(items: Sequence[Entry], *, page: int = 0, tz: tzinfo = UTC) -> str:
    """Many alerts folded into one message, most important first (the caller orders them):
    each item's title as a link, its source and time; ``page`` of :func:`pages`."""
    total = pages(len(items))
    counter = f" · {page + 1}/{total}" if total > 1 else ""
    heading = _n("{n} update on what you follow", "{n} updates on what you follow", len(items))
    lines = [f"<b>{heading}</b>{counter}"]
    start = page * DIGEST_LINES
    for entry in items[start : start + DIGEST_LINES]:
        lines.append(
            f"• {link(entry.link, cut(entry.title, 150))}\n"
            f"  <i>{esc(entry.source_name)} · {when(entry.shown_at, tz=tz)}</i>"
        )
    return fit("\n".join(lines))


def latest(heading: str, found: Sequence[Entry], *, start: int = 0, tz: tzinfo = UTC) -> str:
    """The reply to /latest: newest first, each with its title as a link, its lead line,
    source and time; numbered from ``start`` + 1 (later pages go on counting)."""
    lines = [f"<b>{esc(cut(heading, 100))}</b>"]
    for number, entry in enumerate(found, start=start + 1):
        lead = f"\n{esc(cut(entry.summary, 200))}" if entry.summary else ""
        lines.append(
            f"\n{number}. {link(entry.link, cut(entry.title, 200))}{lead}\n"
            f"<i>{esc(entry.source_name)} · {when(entry.shown_at, tz=tz)}</i>"
        )
    return fit("\n".join(lines))


def overview(
    rows: Sequence[tuple[str, Entry | None]], *, tz: tzinfo = UTC, page: tuple[int, int] = (0, 1)
) -> str:
    """Bare /latest: for each subscription, its newest story on one line; ``page`` is
    (this page, pages), shown when there are several."""
    count = f" · {page[0] + 1}/{page[1]}" if page[1] > 1 else ""
    lines = ["<b>" + _("The newest on what this chat follows") + count + "</b>"]
    for label, entry in rows:
        if entry is None:
            lines.append(f"\n<b>{esc(cut(label, 60))}</b> — " + _("nothing stored yet"))
        else:
            lines.append(
                f"\n<b>{esc(cut(label, 60))}</b> — {link(entry.link, cut(entry.title, 150))} "
                f"<i>· {when(entry.shown_at, tz=tz)}</i>"
            )
    return fit("\n".join(lines))


def _error(state: SourceState, operator: bool) -> str:
    """Why a source's last fetch failed, in the reader's language; operators also read the
    English detail (a status line, an exception) that tells them what to fix."""
    detail = esc(cut(state.last_error or "", 200))
    if state.last_error_code is None:  # recorded before codes were
        return detail
    said = why_not(state.last_error_code)
    return f"{said} ({detail})" if operator and detail else said


def sources_overview(
    states: Sequence[SourceState],
    writes: dict[str, WriteFailure],
    now: float | None = None,
    *,
    page: int = 0,
    pages: int = 1,
    operator: bool = False,
) -> str:
    """The reply to /sources: each source's health at a glance, including stores that fail
    (``writes``: by source name, or ``push:<name>`` for its push path), one page of them.
    Operators also see each source's number (for /removesource and /pausesource) and
    whether it was added at runtime."""
    if not states:
        return _("No sources are configured yet. The operator adds them to the config file.")
    title = "<b>" + _("Sources") + "</b>"
    if pages > 1:
        title += " · " + _("page {page} of {pages}", page=page + 1, pages=pages)
    lines = [title]
    for state in states:
        failed_writes = [f for w, f in writes.items() if w in (state.name, f"push:{state.name}")]
        failing = state.failures > 0 or bool(failed_writes)
        mark = "⚠️" if failing else ("✅" if state.last_success_at else "⏳")
        mark = "⏸" if state.paused else mark
        extra = ""
        if operator:
            added = " · " + _("added in chat") if state.origin == "operator" else ""
            extra = f" · #{state.id}{added}"
        paused = _("paused by an operator") + " · " if state.paused else ""
        count = _n("{n} entry", "{n} entries", state.entry_count)
        success = _("last success: {ago}", ago=ago(state.last_success_at, now))
        lines.append(f"\n{mark} <b>{esc(state.name)}</b> · {count}{extra}\n{paused}{success}")
        if state.failures and (state.last_error_code or state.last_error):
            values = {"ago": ago(state.last_error_at, now), "error": _error(state, operator)}
            if state.failing_since:
                lines.append(
                    _n(
                        "last error ({ago}, {n} in a row, the first {since}): {error}",
                        "last error ({ago}, {n} in a row, the first {since}): {error}",
                        state.failures,
                        since=ago(state.failing_since, now),
                        **values,
                    )
                )
            else:
                lines.append(
                    _n(
                        "last error ({ago}, {n} in a row): {error}",
                        "last error ({ago}, {n} in a row): {error}",
                        state.failures,
                        **values,
                    )
                )
        for failure in failed_writes:
            lines.append(
                _n(
                    "storing fails ({ago}, {n} in a row): {error}",
                    "storing fails ({ago}, {n} in a row): {error}",
                    failure.count,
                    ago=ago(failure.at, now),
                    error=esc(cut(failure.error, 200)),
                )
            )
    return fit("\n".join(lines))


def fit(markup: str) -> str:
    """Guarantee the 4096-character limit by dropping whole lines from the end.

    Messages are built from bounded parts, so this only trims very long listings; whole
    lines go, so no tag is ever cut in half.
    """
    if visible_length(markup) <= MAX_MESSAGE:
        return markup
    lines = markup.split("\n")
    while lines and visible_length("\n".join([*lines, "…"])) > MAX_MESSAGE:
        lines.pop()
    return "\n".join([*lines, "…"])
