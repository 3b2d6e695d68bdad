"""The inline keyboards on alerts, digests and lists, and the button data they carry.

Every alert carries four buttons acting on the subscription that made it matter most (see
:func:`bot.delivery.schedule.rank`): mute (the length is chosen on a second tap), unsubscribe,
more like this, and why this. Button data is ``<where>:<action>:<subscription>:<entry>``
(``where`` is ``al`` on an alert, ``ls`` on the /list message, so a tap redraws the right
keyboard), at most 64 bytes, written through :mod:`bot.delivery.callbacks`;
:mod:`bot.handlers.callback_data` checks every field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import tzinfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.delivery import render
from bot.delivery.callbacks import DIGEST_PAGE, LIST_PAGE, ON_ALERT, ON_LIST, Kind
from bot.delivery.labels import label
from bot.geo.gazetteer import Gazetteer
from bot.i18n import _, _n
from bot.models import Entry, Reason, Subscription

MUTE, MUTE_FOR, UNMUTE, UNSUBSCRIBE, MORE, WHY, BACK = "m", "M", "n", "u", "l", "w", "b"
SOURCES = "s"
ACTIONS = (MUTE, MUTE_FOR, UNMUTE, UNSUBSCRIBE, MORE, WHY, BACK, SOURCES)
MUTE_HOURS = (1, 8, 24, 0)
"""The lengths offered on the second tap; 0 is "until I unmute"."""


def data(where: Kind, action: str, subscription_id: int, entry_id: int = 0, arg: int = 0) -> str:
    """The callback data of one button."""
    tail = (arg,) if action == MUTE_FOR else ()
    return where.data(action, subscription_id, entry_id, *tail)


def alert(
    subscription: Subscription, entry_id: int, sources: int, gazetteer: Gazetteer | None
) -> InlineKeyboardMarkup:
    """The buttons under an alert; with a third row listing the story's ``sources`` when
    more than one reported it."""
    sid = subscription.id
    toggle = (
        InlineKeyboardButton(_("🔔 Unmute"), callback_data=data(ON_ALERT, UNMUTE, sid, entry_id))
        if subscription.muted
        else InlineKeyboardButton(
            _("🔕 Mute {topic}", topic=label(subscription, gazetteer, short=True)),
            callback_data=data(ON_ALERT, MUTE, sid, entry_id),
        )
    )
    return InlineKeyboardMarkup(
        [
            [
                toggle,
                InlineKeyboardButton(
                    _("✖ Unsubscribe"), callback_data=data(ON_ALERT, UNSUBSCRIBE, sid, entry_id)
                ),
            ],
            [
                InlineKeyboardButton(
                    _("🔎 More like this"), callback_data=data(ON_ALERT, MORE, sid, entry_id)
                ),
                InlineKeyboardButton(
                    _("❓ Why this?"), callback_data=data(ON_ALERT, WHY, sid, entry_id)
                ),
            ],
            *(
                [
                    [
                        InlineKeyboardButton(
                            _n("🗞 {n} source", "🗞 {n} sources", sources),
                            callback_data=data(ON_ALERT, SOURCES, sid, entry_id),
                        )
                    ]
                ]
                if sources > 1
                else []
            ),
        ]
    )


def unfollow(subscription_id: int) -> InlineKeyboardMarkup:
    """The button under "a source you follow stopped working" (it acts like an alert's
    Unsubscribe, on no story)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("✖ Unfollow"), callback_data=data(ON_ALERT, UNSUBSCRIBE, subscription_id)
                )
            ]
        ]
    )


def mute_choices(where: Kind, subscription: Subscription, entry_id: int) -> InlineKeyboardMarkup:
    """The second tap of Mute: for how long."""
    sid = subscription.id
    labels = {h: _("{hours} h", hours=h) for h in MUTE_HOURS if h} | {0: _("Until I unmute")}
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    f"🔕 {labels[h]}", callback_data=data(where, MUTE_FOR, sid, entry_id, h)
                )
                for h in MUTE_HOURS
            ],
            [InlineKeyboardButton(_("‹ Back"), callback_data=data(where, BACK, sid, entry_id))],
        ]
    )


LIST_PER_PAGE = 10
"""Subscriptions per /list page: ten rows of buttons fit a phone's screen."""


def pager(page: int, pages: int, data: Callable[[int], str]) -> list[InlineKeyboardButton]:
    """‹ Prev / n/N / Next ▸ buttons for a paged message (``data`` gives a page's button
    data), or none when it has one page."""
    if pages <= 1:
        return []
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(_("‹ Prev"), callback_data=data(page - 1)))
    row.append(InlineKeyboardButton(f"{page + 1}/{pages}", callback_data=data(page)))
    if page + 1 < pages:
        row.append(InlineKeyboardButton(_("Next ▸"), callback_data=data(page + 1)))
    return row


def listing(
    subscriptions: Sequence[Subscription], gazetteer: Gazetteer | None, *, page: int, pages: int
) -> InlineKeyboardMarkup:
    """One page of /list's buttons: per subscription, mute or unmute, and unsubscribe (the
    page rides in the data's entry field, so a tap redraws that page), then the pager."""
    rows = []
    for s in subscriptions:
        toggle = (UNMUTE, "🔔") if s.muted else (MUTE, "🔕")
        rows.append(
            [
                InlineKeyboardButton(
                    f"{toggle[1]} {label(s, gazetteer, short=True)}",
                    callback_data=data(ON_LIST, toggle[0], s.id, page),
                ),
                InlineKeyboardButton("✖", callback_data=data(ON_LIST, UNSUBSCRIBE, s.id, page)),
            ]
        )
    nav = pager(page, pages, LIST_PAGE.data)
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)


def digest(
    subscriptions: Sequence[Subscription], *, page: int | None, gazetteer: Gazetteer | None
) -> InlineKeyboardMarkup | None:
    """A digest's buttons: more like the topics it is mostly about, and the next page of
    its items (``page``) when they did not all fit."""
    rows = [
        [
            InlineKeyboardButton(
                _("🔎 More on {topic}", topic=label(s, gazetteer, short=True)),
                callback_data=data(ON_ALERT, MORE, s.id),
            )
        ]
        for s in subscriptions
    ]
    if page is not None:
        rows.append([InlineKeyboardButton(_("More ▸"), callback_data=DIGEST_PAGE.data(page))])
    return InlineKeyboardMarkup(rows) if rows else None


def digest_message(
    found: Sequence[Entry],
    why: Sequence[Sequence[Reason]],
    subscriptions: Mapping[int, Subscription],
    page: int,
    tz: tzinfo,
    gazetteer: Gazetteer | None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of a digest (items already most important first) and its buttons: more
    like the (up to two) subscriptions most of it matched, and the next page."""
    counts = Counter(
        r.subscription_id for rs in why for r in rs if r.subscription_id in subscriptions
    )
    top = [subscriptions[sid] for sid, _count in counts.most_common(2)]
    more = page + 1 if page + 1 < render.pages(len(found)) else None
    return render.digest(found, page=page, tz=tz), digest(top, page=more, gazetteer=gazetteer)
