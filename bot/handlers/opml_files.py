"""OPML files: send one to follow its feeds in one go; /export returns what the chat follows.

An import follows each feed as /follow would (same checks, same limits: the SSRF guard, the
domain list, the per-chat cap), a few at a time, and answers with what was added and what
was skipped and why: repeated in the file, followed already, over the limit, refused, or
broken. Sources are shared by URL as always, so importing a popular list adds no polling.
"""

from __future__ import annotations

import asyncio

from telegram import Document, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.context import LivebotContext
from bot.delivery.render import esc, fit
from bot.handlers.common import ADMINS_ONLY, limit_reached, may_change_settings, reply, target_chat
from bot.handlers.follow import follow_link, refused
from bot.i18n import _, _n
from bot.ingest import opml
from bot.ingest.follows import LinkRefusedError
from bot.store import sources
from bot.store.subscriptions import SubscriptionLimitError
from bot.text.cut import cut

AT_ONCE = 4
"""Links checked at the same time during an import (each is one fetch)."""
_TYPES = ("text/x-opml", "application/xml", "text/xml", "text/plain")


def is_opml(document: Document) -> bool:
    """Whether a sent file looks like a subscription list (by its name or type)."""
    name = (document.file_name or "").lower()
    return name.endswith((".opml", ".xml")) or (document.mime_type or "") in _TYPES


async def document(update: Update, context: LivebotContext) -> None:
    """A file was sent: import it if it is an OPML list (in groups, only those)."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or message.document is None or chat is None:
        return
    private = chat.type == ChatType.PRIVATE
    if not is_opml(message.document):
        if private:
            await reply(update, _("Send an OPML file (.opml) to follow the feeds it lists."))
        return
    chat_id = target_chat(update, context)
    if chat_id is None:
        return
    if not context.services.settings.user_sources.enabled:
        await reply(update, _("Following your own links is switched off on this bot."))
        return
    if not await may_change_settings(update, context):
        await reply(update, _(ADMINS_ONLY))
        return
    if (message.document.file_size or 0) > opml.MAX_BYTES:
        await reply(update, _("That file is too large for a subscription list (over 1 MB)."))
        return
    try:
        data = bytes(await (await message.document.get_file()).download_as_bytearray())
        outlines = opml.read(data)
    except TelegramError:
        await reply(update, _("I could not download that file. Please send it again."))
        return
    except opml.OpmlError as exc:
        await reply(
            update,
            _("That file is not a subscription list I can read: {reason}.", reason=esc(str(exc))),
        )
        return
    await reply(
        update,
        _n(
            "📥 Checking {n} feed from the file…",
            "📥 Checking {n} feeds from the file…",
            len(outlines),
        ),
    )
    await reply(update, await _import(context, chat_id, outlines, message.message_thread_id))


async def _import(
    context: LivebotContext, chat_id: int, outlines: list[opml.Outline], thread_id: int | None
) -> str:
    """Follow what can be followed; the summary for the person."""
    services = context.services
    limit = services.settings.user_sources.max_per_chat
    links = await services.subscribers.links_of(chat_id)
    followed = {url for _follow, url in links}
    room = limit - len(links)
    skipped: list[str] = []
    chosen: list[tuple[opml.Outline, str]] = []
    seen: set[str] = set()
    for outline in outlines:
        key = sources.url_key(outline.url)
        why = None
        if key is None:
            why = _("not a web link")
        elif key in seen:
            why = _("listed twice")
        elif key in followed:
            why = _("followed already")
        elif len(chosen) >= room:
            why = _n(
                "over this chat's limit of {n} link", "over this chat's limit of {n} links", limit
            )
        if why is not None or key is None:
            skipped.append(f"• {esc(cut(outline.url, 80))} — {why}")
            continue
        seen.add(key)
        chosen.append((outline, key))
    gate = asyncio.Semaphore(AT_ONCE)

    async def one(key: str) -> str | None:
        async with gate:
            try:
                done, _label = await follow_link(services, chat_id, key, thread_id=thread_id)
            except LinkRefusedError as exc:
                return f"• {esc(cut(key, 80))} — {refused(exc)}"
            except SubscriptionLimitError:
                return f"• {esc(cut(key, 80))} — {limit_reached(context)}"
            if done.added is None:
                return f"• {esc(cut(key, 80))} — " + _("followed already")
            return None

    results = await asyncio.gather(*(one(key) for _outline, key in chosen))
    added = [outline for (outline, _key), why in zip(chosen, results, strict=True) if why is None]
    skipped += [why for why in results if why is not None]
    lines = [
        _n(
            "📥 Followed {followed} of {n} feed from the file.",
            "📥 Followed {followed} of {n} feeds from the file.",
            len(outlines),
            followed=len(added),
        )
    ]
    lines += [f"✅ {esc(cut(o.title or o.url, 80))}" for o in added]
    if skipped:
        lines += ["", _("Skipped:"), *skipped]
    if added:
        lines += ["", _("Each new post comes as its own alert. See them all with /list.")]
    return fit("\n".join(lines))


async def export(update: Update, context: LivebotContext) -> None:
    """/export: the links this chat follows, as an OPML file for any feed reader."""
    chat_id = target_chat(update, context)
    message = update.effective_message
    if chat_id is None or message is None:
        return
    links = await context.services.subscribers.links_of(chat_id)
    outlines = list({url: opml.Outline(url, follow.query) for follow, url in links}.values())
    if not outlines:
        await reply(
            update, _("This chat follows no links yet. Follow one with /follow and its link.")
        )
        return
    await message.reply_document(
        opml.write("Livebot: followed links", outlines),
        filename="livebot-follows.opml",
        caption=_n(
            "The {n} link this chat follows, as OPML: open it in any feed reader, or send it "
            "back here to follow it again.",
            "The {n} links this chat follows, as OPML: open it in any feed reader, or send it "
            "back here to follow them again.",
            len(outlines),
        ),
    )
