"""/settings: the chat's time zone, quiet hours and each subscription's delivery mode, as an
inline menu (and as text: ``/settings tz Europe/Kyiv``, ``/settings quiet 23:00-07:00``).

A time zone can also come from a shared location pin (timezonefinder, offline). Quiet hours
hold alerts until they end, then deliver them as one digest; a subscription's mode is
instant, an hourly digest, or a daily digest at a chosen local time. Only group admins
change a group's settings.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessage, Update
from telegram.error import TelegramError

from bot.context import LivebotContext
from bot.delivery import labels
from bot.delivery.callbacks import SETTINGS
from bot.delivery.render import esc
from bot.delivery.schedule import DAILY, HOURLY, INSTANT
from bot.geo.gazetteer import Gazetteer
from bot.handlers import menu, zones
from bot.handlers.callback_data import parse_id, parse_small
from bot.handlers.common import (
    ADMINS_ONLY,
    ASKING,
    argument,
    ask,
    may_change_settings,
    reply,
    rewrite,
    target_chat,
)
from bot.handlers.zones import find_zone
from bot.i18n import LANGUAGES, N_, _, using
from bot.models import Steering, Subscription
from bot.store import chats, outbox

log = logging.getLogger(__name__)

PATTERN = SETTINGS.pattern
ASK_ZONE = "timezone"
ZONES = (
    "UTC", "Europe/Kyiv", "Europe/Warsaw", "Europe/Berlin", "Europe/London", "Europe/Moscow",
    "Asia/Tbilisi", "Asia/Jerusalem", "America/New_York", "America/Chicago",
    "America/Los_Angeles", "Asia/Tokyo",
)  # fmt: skip
QUIET_PRESETS = ((22, 7), (23, 7), (0, 8), (23, 6))
DAILY_HOURS = (7, 8, 12, 18, 21)
_TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d\d))?$")
_QUIET_RE = re.compile(
    r"^(?:from|з|с|від|от)?\s*(\d{1,2})(?:[:.](\d\d))?"
    r"(?:\s*[-–—]\s*|\s+(?:to|до|по)\s+|\s+)(\d{1,2})(?:[:.](\d\d))?$",
    re.IGNORECASE,
)
USAGE = N_(
    "Change settings with the buttons, or as text:\n"
    "/settings tz Europe/Kyiv — the time zone (or share a location pin)\n"
    "/settings quiet 23:00-07:00 — quiet hours (/settings quiet off to end them)\n"
    "/language — the language I write in"
)


def hhmm(minute: int) -> str:
    """Minutes of the day as 'HH:MM'."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def mode_label(subscription: Subscription) -> str:
    """'instant', 'hourly digest', 'daily at 08:00'."""
    if subscription.mode == HOURLY:
        return _("hourly digest")
    if subscription.mode == DAILY:
        return _("daily at {time}", time=hhmm(subscription.digest_at or 0))
    return _("instant")


def _summary(steering: Steering, subs: list[Subscription], gazetteer: Gazetteer | None) -> str:
    local = datetime.fromtimestamp(time.time(), steering.tz)
    if steering.has_quiet_hours:
        quiet = _(
            "🌙 Quiet hours: {start}–{end} — alerts wait, then come as one digest",
            start=hhmm(steering.quiet_start or 0),
            end=hhmm(steering.quiet_end or 0),
        )
    else:
        quiet = _("🌙 Quiet hours: off")
    lines = [
        "<b>" + _("⚙️ Settings for this chat") + "</b>",
        _("🌐 Language: {language}", language=LANGUAGES[steering.language]),
        _(
            "🕒 Time zone: {zone} (now {time})",
            zone=esc(zones.shown(steering.time_zone)),
            time=f"{local:%H:%M}",
        ),
        quiet,
    ]
    if subs:
        lines.append("\n" + _("<b>Delivery</b> (tap one to change it)"))
        lines += [f"• {esc(labels.label(s, gazetteer))}: {mode_label(s)}" for s in subs]
    return "\n".join(lines)


def _main_keyboard(subs: list[Subscription], gazetteer: Gazetteer | None) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(_("🕒 Time zone"), callback_data=SETTINGS.data("z")),
            InlineKeyboardButton(_("🌙 Quiet hours"), callback_data=SETTINGS.data("q")),
        ],
        [InlineKeyboardButton(_("🌐 Language"), callback_data=SETTINGS.data("l"))],
    ]
    rows += [
        [
            InlineKeyboardButton(
                f"{labels.label(s, gazetteer, short=True)}: {mode_label(s)}",
                callback_data=SETTINGS.data("m", s.id),
            )
        ]
        for s in subs[:20]
    ]
    return InlineKeyboardMarkup(rows)


def _back() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("‹ Back"), callback_data=SETTINGS.data("b"))]


def languages_keyboard(current: str, *, back: bool = True) -> InlineKeyboardMarkup:
    """One button per interface language (the current one marked), each named in itself."""
    row = [
        InlineKeyboardButton(
            ("• " if code == current else "") + name, callback_data=SETTINGS.data("G", code)
        )
        for code, name in LANGUAGES.items()
    ]
    return InlineKeyboardMarkup([row, _back()] if back else [row])


def _zones_keyboard() -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(name, callback_data=SETTINGS.data("Z", i))
            for i, name in enumerate(ZONES)
            if i // 2 == row
        ]
        for row in range((len(ZONES) + 1) // 2)
    ]
    rows.append([InlineKeyboardButton(_("📍 From my location"), callback_data=SETTINGS.data("L"))])
    return InlineKeyboardMarkup([*rows, _back()])


def _quiet_keyboard() -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(f"{a:02d}:00–{b:02d}:00", callback_data=SETTINGS.data("Q", a, b))
            for a, b in QUIET_PRESETS
        ],
        [InlineKeyboardButton(_("Off"), callback_data=SETTINGS.data("Q", "off"))],
    ]
    return InlineKeyboardMarkup([*rows, _back()])


def _modes_keyboard(subscription: Subscription) -> InlineKeyboardMarkup:
    sid = subscription.id
    rows = [
        [
            InlineKeyboardButton(_("⚡ Instant"), callback_data=SETTINGS.data("M", sid, "i")),
            InlineKeyboardButton(_("Hourly digest"), callback_data=SETTINGS.data("M", sid, "h")),
        ],
        [
            InlineKeyboardButton(
                _("Daily {time}", time=f"{h:02d}:00"), callback_data=SETTINGS.data("M", sid, h)
            )
            for h in DAILY_HOURS
        ],
        [InlineKeyboardButton(_("Daily at another time…"), callback_data=SETTINGS.data("D", sid))],
    ]
    return InlineKeyboardMarkup([*rows, _back()])


ASK_DAILY = "daily:"
"""What was asked after "Daily at another time…": ``daily:<subscription id>``."""


async def daily_at(update: Update, context: LivebotContext, asked: str, text: str) -> None:
    """The answer to "At what time?": a daily digest at that local time."""
    chat_id = target_chat(update, context)
    sid = parse_id(asked.removeprefix(ASK_DAILY))
    minute = parse_time(text)
    if chat_id is None or sid is None:
        return
    if minute is None:
        await reply(update, _("Write the time as HH:MM, e.g. 07:30. Open /settings to try again."))
        return
    if not await may_change_settings(update, context):
        await reply(update, _(ADMINS_ONLY))
        return
    services = context.services
    changed = await services.subscribers.update(chat_id, sid, mode=DAILY, digest_at=minute)
    if changed is None:
        await reply(update, _("That subscription is gone. /list shows what this chat follows."))
        return
    await _replan(context, chat_id)
    note = _(
        "✅ {topic}: daily digest at {time}.",
        topic=esc(labels.label(changed, services.subscribers.gazetteer)),
        time=hhmm(minute),
    )
    await _show(context, chat_id, update=update, note=note)


async def _changed(context: LivebotContext, chat_id: int, **values: object) -> None:
    """Store changed quiet hours or time zone; alerts held under the old ones are planned
    again (turning quiet hours off sends what waited)."""
    await chats.set_steering(context.services.db, chat_id, **values)
    await _replan(context, chat_id)


async def _replan(context: LivebotContext, chat_id: int) -> None:
    """Alerts held under the chat's old settings are planned again under the new ones."""
    await outbox.replan(context.services.db, chat_id)
    context.services.worker.wake()


async def _show(
    context: LivebotContext,
    chat_id: int,
    *,
    update: Update | None = None,
    edit: MaybeInaccessibleMessage | None = None,
    note: str = "",
) -> None:
    steering = await chats.steering(context.services.db, chat_id)
    subs = await context.services.subscribers.of_chat(chat_id)
    text = (note + "\n\n" if note else "") + _summary(
        steering, subs, context.services.subscribers.gazetteer
    )
    if edit is not None:
        await rewrite(
            context, edit, text, _main_keyboard(subs, context.services.subscribers.gazetteer)
        )
    elif update is not None:
        await reply(
            update, text, keyboard=_main_keyboard(subs, context.services.subscribers.gazetteer)
        )


def parse_time(text: str) -> int | None:
    """'07:30', '7:30', '19' -> minutes of the day; None if malformed."""
    match = _TIME_RE.match(text.strip())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return hour * 60 + minute if hour <= 23 and minute <= 59 else None


def parse_quiet(text: str) -> tuple[int, int] | None:
    """'23:00-07:00', '23-7', '22:30–06:45', '23:00 07:00', 'from 23 to 7', 'з 23 до 7'
    -> (start, end) minutes; None if malformed."""
    match = _QUIET_RE.match(text.strip())
    if match is None:
        return None
    h1, m1, h2, m2 = (int(g) if g else 0 for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        return None
    return h1 * 60 + m1, h2 * 60 + m2


async def settings(update: Update, context: LivebotContext) -> None:
    """/settings: the menu; /settings tz <zone> and /settings quiet <from-to|off> as text."""
    chat_id = target_chat(update, context)
    if chat_id is None:
        return
    words = argument(update).split(maxsplit=1)
    if not words:
        await _show(context, chat_id, update=update)
        return
    if not await may_change_settings(update, context):
        await reply(update, _(ADMINS_ONLY))
        return
    key, value = words[0].lower(), (words[1].strip() if len(words) > 1 else "")
    if key in ("tz", "timezone", "zone") and value:
        gazetteer = context.services.subscribers.gazetteer
        found = await asyncio.to_thread(find_zone, value, gazetteer)
        if found is None:
            await reply(
                update,
                _(
                    "I don’t know the time zone “{zone}”. Try a city (Kyiv), Europe/Kyiv or UTC+2.",
                    zone=esc(value[:60]),
                ),
            )
            return
        await _changed(context, chat_id, time_zone=found)
        await _show(
            context,
            chat_id,
            update=update,
            note=_("✅ Time zone set to {zone}.", zone=esc(zones.shown(found))),
        )
        return
    if key == "quiet" and value:
        if value.lower() in ("off", "none", "no"):
            await _changed(context, chat_id, quiet_start=None, quiet_end=None)
            await _show(context, chat_id, update=update, note=_("✅ Quiet hours are off."))
            return
        quiet = parse_quiet(value)
        if quiet is None or quiet[0] == quiet[1]:
            await reply(update, _("Write quiet hours as 23:00-07:00 (or /settings quiet off)."))
            return
        await _changed(context, chat_id, quiet_start=quiet[0], quiet_end=quiet[1])
        note = _("✅ Quiet hours {start}–{end}.", start=hhmm(quiet[0]), end=hhmm(quiet[1]))
        await _show(context, chat_id, update=update, note=note)
        return
    await reply(update, _(USAGE))


async def zone_from_location(
    update: Update, context: LivebotContext, latitude: float, longitude: float
) -> None:
    """A location pin sent after "From my location": set the time zone from it."""
    chat_id = target_chat(update, context)
    name = await asyncio.to_thread(zones.zone_at, latitude, longitude)
    if chat_id is None:
        return
    if name is None:
        await reply(
            update, _("I could not tell the time zone of that spot. Pick one in /settings.")
        )
        return
    await _changed(context, chat_id, time_zone=name)
    await _show(
        context, chat_id, update=update, note=_("✅ Time zone set to {zone}.", zone=esc(name))
    )


@dataclass(frozen=True)
class _Tap:
    """One tap in the /settings menu: who, where, and the button's fields after ``st:X:``."""

    update: Update
    context: LivebotContext
    chat_id: int
    message: MaybeInaccessibleMessage
    fields: list[str]


class _Done(Enum):
    """How a tap ended: answered here (with a note), to be answered plainly, or stale."""

    ANSWERED = "answered"
    PLAIN = "plain"
    STALE = "stale"


async def _zones(tap: _Tap) -> _Done:
    """``st:z``: the time zones to pick from."""
    await rewrite(tap.context, tap.message, _("🕒 Pick the chat’s time zone:"), _zones_keyboard())
    return _Done.PLAIN


async def _zone(tap: _Tap) -> _Done:
    """``st:Z:<n>``: the n-th offered time zone."""
    zone = parse_small(tap.fields[0])
    if zone is None or zone >= len(ZONES):
        return _Done.STALE
    await _changed(tap.context, tap.chat_id, time_zone=ZONES[zone])
    await _show(tap.context, tap.chat_id, edit=tap.message)
    return _Done.PLAIN


async def _zone_from_pin(tap: _Tap) -> _Done:
    """``st:L``: the next location pin this person shares sets the time zone."""
    user, chat_data = tap.update.effective_user, tap.context.chat_data
    if chat_data is not None and user is not None:
        chat_data.setdefault(ASKING, {})[user.id] = ASK_ZONE
    callback = tap.update.callback_query
    assert callback is not None
    await callback.answer(_("Share a location pin (📎 → Location) and I will set the time zone."))
    return _Done.ANSWERED


async def _quiet_menu(tap: _Tap) -> _Done:
    """``st:q``: the quiet hours to pick from."""
    await rewrite(
        tap.context,
        tap.message,
        _("🌙 Quiet hours: alerts wait and arrive as one digest when they end."),
        _quiet_keyboard(),
    )
    return _Done.PLAIN


async def _quiet(tap: _Tap) -> _Done:
    """``st:Q:off`` or ``st:Q:<from>:<to>``: end quiet hours, or set one of the presets."""
    if tap.fields == ["off"]:
        await _changed(tap.context, tap.chat_id, quiet_start=None, quiet_end=None)
    elif len(tap.fields) == 2 and (
        (quiet := parse_quiet("-".join(tap.fields))) in [(a * 60, b * 60) for a, b in QUIET_PRESETS]
    ):
        assert quiet is not None
        await _changed(tap.context, tap.chat_id, quiet_start=quiet[0], quiet_end=quiet[1])
    else:
        return _Done.STALE
    await _show(tap.context, tap.chat_id, edit=tap.message)
    return _Done.PLAIN


def _subscription(tap: _Tap) -> Subscription | None:
    """The chat's subscription a mode button names (its first field), if it still exists."""
    sid = parse_id(tap.fields[0])
    return None if sid is None else tap.context.services.subscribers.get(tap.chat_id, sid)


async def _daily_time(tap: _Tap) -> _Done:
    """``st:D:<id>``: ask at what time a subscription's daily digest should come."""
    subscription = _subscription(tap)
    if subscription is None:
        return _Done.STALE
    await ask(
        tap.update,
        tap.context,
        f"{ASK_DAILY}{subscription.id}",
        _("At what time? Send HH:MM, e.g. 07:30"),
    )
    return _Done.PLAIN


async def _modes(tap: _Tap) -> _Done:
    """``st:m:<id>``: how a subscription's alerts may arrive."""
    subscription = _subscription(tap)
    if subscription is None:
        return _Done.STALE
    text = _(
        "How should alerts for “{topic}” arrive?",
        topic=esc(labels.label(subscription, tap.context.services.subscribers.gazetteer)),
    )
    await rewrite(tap.context, tap.message, text, _modes_keyboard(subscription))
    return _Done.PLAIN


async def _set_mode(tap: _Tap) -> _Done:
    """``st:M:<id>:<mode>``: set a subscription's mode (instant, hourly, daily at an hour)."""
    subscription = _subscription(tap)
    mode = _mode(tap.fields[1])
    if subscription is None or mode is None:
        return _Done.STALE
    subscribers = tap.context.services.subscribers
    await subscribers.update(tap.chat_id, subscription.id, mode=mode[0], digest_at=mode[1])
    await _replan(tap.context, tap.chat_id)
    await _show(tap.context, tap.chat_id, edit=tap.message)
    return _Done.PLAIN


async def _languages(tap: _Tap) -> _Done:
    """``st:l``: the interface languages to pick from."""
    steering = await chats.steering(tap.context.services.db, tap.chat_id)
    keyboard = languages_keyboard(steering.language)
    await rewrite(tap.context, tap.message, _("🌐 Which language should I write in?"), keyboard)
    return _Done.PLAIN


async def _language(tap: _Tap) -> _Done:
    """``st:G:<code>``: write in that language from now on."""
    code = tap.fields[0]
    if code not in LANGUAGES:
        return _Done.STALE
    await set_language(tap.context, tap.chat_id, code)
    with using(code):
        await _show(tap.context, tap.chat_id, edit=tap.message)
    return _Done.PLAIN


async def _to_menu(tap: _Tap) -> _Done:
    """``st:b``: back to the settings menu."""
    await _show(tap.context, tap.chat_id, edit=tap.message)
    return _Done.PLAIN


_BUTTONS: dict[str, tuple[tuple[int, ...], Callable[[_Tap], Awaitable[_Done]]]] = {
    "z": ((0,), _zones),
    "Z": ((1,), _zone),
    "L": ((0,), _zone_from_pin),
    "q": ((0,), _quiet_menu),
    "Q": ((1, 2), _quiet),
    "D": ((1,), _daily_time),
    "m": ((1,), _modes),
    "M": ((2,), _set_mode),
    "l": ((0,), _languages),
    "G": ((1,), _language),
    "b": ((0,), _to_menu),
}
"""Each button of the menu (``st:<letter>``): how many fields it carries, and its handler."""


async def button(update: Update, context: LivebotContext) -> None:
    """A tap in the /settings menu: checked (admins only in groups, fields as the button
    sent them), then handed to the button's own handler."""
    callback = update.callback_query
    if callback is None or callback.message is None:
        return
    if not await may_change_settings(update, context):
        await callback.answer(_(ADMINS_ONLY), show_alert=True)
        return
    chat_id = target_chat(update, context) or callback.message.chat.id
    action, *fields = SETTINGS.fields(callback.data) or [""]
    known = _BUTTONS.get(action)
    done = _Done.STALE
    if known is not None and len(fields) in known[0]:
        done = await known[1](_Tap(update, context, chat_id, callback.message, fields))
    if done is _Done.STALE:
        await callback.answer(_("This button no longer works; send /settings again."))
    elif done is _Done.PLAIN:
        await callback.answer()


def _mode(code: str) -> tuple[str, int | None] | None:
    """Button code -> (mode, digest minute): 'i' instant, 'h' hourly, an hour: daily."""
    if code == "i":
        return INSTANT, None
    if code == "h":
        return HOURLY, None
    hour = parse_small(code)
    if hour is not None and hour in DAILY_HOURS:
        return DAILY, hour * 60
    return None


def _language_named(text: str) -> str | None:
    """'uk', 'Українська', 'ukrainian', 'ru-RU' … -> the language code, or None."""
    word = text.strip().lower()
    for code, name in LANGUAGES.items():
        if word in (code, name.lower()) or word.split("-")[0] == code:
            return code
    return _OTHER_NAMES.get(word)


_OTHER_NAMES = {
    "english": "en", "англійська": "en", "английский": "en",
    "ukrainian": "uk", "українська мова": "uk", "украинский": "uk",
    "russian": "ru", "російська": "ru", "русский язык": "ru",
}  # fmt: skip


async def language(update: Update, context: LivebotContext) -> None:
    """/language: buttons for the interface language; ``/language uk`` sets it directly."""
    chat_id = target_chat(update, context)
    if chat_id is None:
        return
    choice = argument(update)
    if not choice:
        steering = await chats.steering(context.services.db, chat_id)
        keyboard = languages_keyboard(steering.language, back=False)
        await reply(update, _("🌐 Which language should I write in?"), keyboard=keyboard)
        return
    if not await may_change_settings(update, context):
        await reply(update, _(ADMINS_ONLY))
        return
    code = _language_named(choice)
    if code is None:
        await reply(
            update,
            _(
                "I write in English, Ukrainian and Russian: "
                "/language en, /language uk or /language ru."
            ),
        )
        return
    await set_language(context, chat_id, code)
    with using(code):
        await reply(update, _("✅ I will write in English from now on."))


async def set_language(context: LivebotContext, chat_id: int, code: str) -> None:
    """Store the chat's language (alerts, digests and answers use it from now on) and show
    the command menu in it there."""
    await chats.set_steering(context.services.db, chat_id, language=code)
    try:
        await menu.publish_for_chat(context.bot, chat_id, code)
    except TelegramError as exc:  # the menu is a nicety; the language is already set
        log.warning("could not set the command menu of chat %s: %s", chat_id, exc)
