"""Groups and channels: a greeting with a short how-to when the bot is added to a group, and
/manage, which lets a channel's admin change the channel's subscriptions from a private chat
(so confirmations never appear in the channel)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot.context import LivebotContext
from bot.delivery.render import esc
from bot.handlers.common import MANAGING, argument, is_admin, reply
from bot.i18n import N_, _
from bot.models import ChatKind
from bot.store import chats

GREETING = N_(
    """👋 Hi! I send this group a short alert with a link whenever a story it follows moves.

An admin can set it up:
/subscribe peace talks — follow a topic
/place Kyiv 50 — follow a place and the area around it
/list — what this group follows, with buttons to mute or stop
/settings — time zone, quiet hours, digests
In a forum, alerts go to the topic where you subscribed. /help shows everything."""
)

_JOINED = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR)
_OUTSIDE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)

MANAGE_USAGE = N_("""Send /manage @yourchannel to manage a channel's alerts from here (you must be
one of its admins, and the bot must be in the channel). /manage off returns to this chat.""")


async def greet_if_added(update: Update, context: LivebotContext) -> None:
    """The bot was just added to a group: say what it does and how to start."""
    change = update.my_chat_member
    if change is None or change.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    if change.old_chat_member.status in _OUTSIDE and change.new_chat_member.status in _JOINED:
        try:
            await context.bot.send_message(change.chat.id, _(GREETING))
        except TelegramError:
            return  # a group that lets us in but not write: nothing to do


async def manage(update: Update, context: LivebotContext) -> None:
    """/manage @channel: this private chat's commands act on the channel from now on."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or context.chat_data is None:
        return
    if chat.type != ChatType.PRIVATE:
        await reply(update, _("Send /manage to me in a private chat."))
        return
    name = argument(update).split()[0] if argument(update) else ""
    if not name:
        await reply(update, _(MANAGE_USAGE))
        return
    if name.lower() == "off":
        context.chat_data[MANAGING] = None
        await chats.set_managing(context.services.db, chat.id, None)
        await reply(update, _("Back to this chat: commands change what you follow here."))
        return
    numeric = name.lstrip("-").isascii() and name.lstrip("-").isdigit()
    if not (name.startswith("@") or numeric) or len(name) > 64:
        await reply(update, _("Name the channel as @channelname."))
        return
    target = int(name) if numeric else name
    try:
        channel = await context.bot.get_chat(target)
    except TelegramError:
        await reply(
            update,
            _(
                "I can’t see {channel}. Add me to the channel as an admin, then try again.",
                channel=esc(name),
            ),
        )
        return
    if not await is_admin(context, channel.id, user.id):
        await reply(update, _("Only admins of {channel} can manage its alerts.", channel=esc(name)))
        return
    label = f"@{channel.username}" if channel.username else (channel.title or name)
    await context.services.subscribers.chat_seen(channel.id, ChatKind.CHANNEL, label)
    context.chat_data[MANAGING] = (channel.id, label)
    await chats.set_managing(context.services.db, chat.id, (channel.id, label))
    await reply(
        update,
        _(
            "🛠 Managing {channel}: /subscribe, /place, /unsubscribe, /list and /settings now "
            "change the channel’s alerts; answers come here, not to the channel. "
            "/manage off to stop.",
            channel=esc(label),
        ),
    )
