"""Tell the chats following a source when it stops working and when it comes back.

The refresher decides when (a followed source failing for ``user_sources.dead_after``, once
per run of failures, recorded in ``sources.dead_told`` before anything is sent, so a restart
never repeats it); this sends one silent message per following chat, through the same flood
limiter as alerts, with an Unfollow button under the "stopped working" one. A chat Telegram
refuses is handled as on the alert path; any other failure is logged and not retried (the
source's health is also in /list and, for operators, in /sources).
"""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardMarkup
from telegram.error import RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.delivery import buttons, render
from bot.delivery.sender import chat_refused
from bot.i18n import _, using
from bot.ingest.refresh import SourceHealth
from bot.subscribers import Subscribers
from bot.telegram.limiter import Lane, retry_seconds
from bot.text.cut import cut

log = logging.getLogger(__name__)


def dead_text(health: SourceHealth, now: float | None = None) -> str:
    """The message about a followed source that stopped working."""
    return _(
        "⚠️ <b>{name}</b> has not worked for {time}: {link} does not answer as it did. "
        "I keep trying and will tell you when it works again. Unfollow it if it has moved.",
        name=render.esc(cut(health.name, 80)),
        time=render.lasting(health.since, now),
        link=render.esc(cut(health.url, 120)),
    )


def back_text(health: SourceHealth) -> str:
    """The message about a followed source that works again."""
    return _(
        "✅ <b>{name}</b> works again: new posts come as before.",
        name=render.esc(cut(health.name, 80)),
    )


class SourceNotices:
    """Sends the notices; called (from the event loop) with what the refresher found."""

    def __init__(self, bot: ExtBot[Lane], subscribers: Subscribers) -> None:
        self._bot = bot
        self._subscribers = subscribers
        self._tasks: set[asyncio.Task[None]] = set()
        self.sent = 0

    def __call__(self, health: SourceHealth) -> None:
        """Start telling the source's followers, in the background."""
        task = asyncio.get_running_loop().create_task(
            self._tell(health), name=f"notice:{health.source_id}"
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        """Cancel notices still being sent (at shutdown)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _tell(self, health: SourceHealth) -> None:
        followers = list(self._subscribers.follows.get(health.source_id, {}).values())
        seen: set[int] = set()
        for follow in followers:
            if follow.chat_id in seen:
                continue
            seen.add(follow.chat_id)
            with using(await self._subscribers.language_of(follow.chat_id)):
                text = dead_text(health) if health.dead else back_text(health)
                keyboard = buttons.unfollow(follow.id) if health.dead else None
            await self._send(follow.chat_id, follow.thread_id, text, keyboard)
        log.info(
            "source %r %s: told %d chat(s)",
            health.name, "stopped working" if health.dead else "works again", len(seen),
            extra={"source": health.name, "outcome": "dead" if health.dead else "back"},
        )  # fmt: skip

    async def _send(
        self,
        chat_id: int,
        thread_id: int | None,
        text: str,
        keyboard: InlineKeyboardMarkup | None,
        *,
        retried: bool = False,
    ) -> None:
        try:
            await self._bot.send_message(
                chat_id,
                text,
                reply_markup=keyboard,
                message_thread_id=thread_id,
                disable_notification=True,  # news of a source, not news: no sound at night
                rate_limit_args=Lane.ALERT,
            )
            self.sent += 1
        except RetryAfter as exc:
            if retried:
                log.warning("notice to chat %s dropped after a second 429", chat_id)
                return
            await asyncio.sleep(retry_seconds(exc))
            await self._send(chat_id, thread_id, text, keyboard, retried=True)
        except TelegramError as exc:
            if chat_refused(exc):
                await self._subscribers.chat_gone(chat_id, exc.message)
            else:
                log.warning("notice to chat %s failed: %s", chat_id, exc.message)
