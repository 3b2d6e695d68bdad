"""/start and /help: what the bot does, with an example of every command."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from bot.context import LivebotContext
from bot.delivery.callbacks import SETTINGS
from bot.handlers.common import reply, target_chat
from bot.handlers.places import location_keyboard
from bot.handlers.settings import ZONES
from bot.handlers.zones import LIKELY
from bot.i18n import N_, _, current
from bot.store import chats

START = N_("""<b>Livebot</b> sends you a short alert with a link as soon as a story you follow \
moves.

/subscribe peace talks — follow a topic
/place Kyiv 150 — anything within 150 km of Kyiv (or share a location pin)
/follow https://example.org/live — every new post of a feed or live blog
/latest peace talks — the newest stories right now
/list — what this chat follows · /settings — time zone, quiet hours

/help shows everything, with examples.""")

HELP = N_("""<b>Livebot</b> sends you a short alert with a link as soon as a story you follow moves.

<b>Follow a topic</b>
/subscribe peace talks — both words, in any order
/subscribe "peace talks" — the exact phrase
/subscribe ukraine OR russia sanctions — either of the first two, plus sanctions
/subscribe election -poll — leave out stories that mention polls

<b>Follow a place</b>
/place Kyiv — stories that mention Kyiv
/place Kyiv 150 — anything within 150 km of Kyiv
/place Ukraine — anything in Ukraine (a city, region or country; Kiev and Київ work too)
Share a location pin — anything around it

<b>Follow a feed or live blog by its link</b>
/follow https://example.org/live — every new post (or just paste a link)
/follow https://example.org/feed.xml peace talks — only posts about a topic
/follow https://example.org/feed.xml 📍 Kharkiv 50 — only posts near a place
/unfollow https://example.org/live — stop (or /unfollow alone to pick)
Send an OPML file to follow all its feeds; /export gives yours back as one

<b>Steer your alerts</b>
Every alert has buttons: 🔕 Mute (1 h, 8 h, 24 h or until you unmute), ✖ Unsubscribe, \
🔎 More like this, ❓ Why this?
/list — what this chat follows, with mute and stop buttons
/unsubscribe peace talks — stop one topic or place (or just /unsubscribe to pick from a list)
/settings — time zone, quiet hours (alerts wait, then come as one digest), and per topic: \
instant, hourly or daily digest
/manage @channel — manage a channel's alerts from this private chat

<b>Look things up</b>
/latest peace talks — the newest matching stories right now \
(/latest Kyiv for a place you follow, /latest alone for all)
/sources — where the news comes from, and whether each source is healthy

Matching ignores case, accents and word endings: “negotiation” also finds “negotiations”, \
but “talks” never matches “stalks”.
You get one alert per story, however many of your topics it matches.
In groups, only admins can change subscriptions.
/language — English, українська, русский""")


async def start(update: Update, context: LivebotContext) -> None:
    """Greet a new user (or a returning one) in a few lines, with /help for the rest; in a
    private chat, with a button under the typing field that shares a location to follow.
    A chat reading Ukrainian or Russian with no time zone set is offered its likely one."""
    chat = update.effective_chat
    private = chat is not None and chat.type == ChatType.PRIVATE
    await reply(update, _(START), keyboard=location_keyboard() if private else None)
    chat_id = target_chat(update, context)
    likely = LIKELY.get(current(), ())
    if chat_id is None or not likely:
        return
    steering = await chats.steering(context.services.db, chat_id)
    if steering.time_zone != "UTC":
        return
    offer = [
        InlineKeyboardButton(f"🕒 {zone}", callback_data=SETTINGS.data("Z", ZONES.index(zone)))
        for zone in likely
    ]
    await reply(
        update,
        _("🕒 Times are shown in UTC. Tap your time zone, or send /settings tz and a city."),
        keyboard=InlineKeyboardMarkup([offer]),
    )


async def help_command(update: Update, context: LivebotContext) -> None:
    """Show the help text."""
    await reply(update, _(HELP))
