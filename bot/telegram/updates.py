"""Receiving updates: each chat's in the order Telegram sent them, chats side by side.

python-telegram-bot runs updates concurrently (``concurrent_updates``), which lets one slow
chat not hold up the others, but also lets one chat's quick succession of commands finish
in any order: fifty ``/subscribe`` commands were stored with the first one last, and a
``/subscribe`` followed by ``/unsubscribe`` could run the other way round. This processor
keeps a lock per chat, so a chat's updates run one at a time and in order (the library
starts updates in the order received, and both its slot semaphore and the lock are FIFO),
while updates of different chats still run at once. The slots are many (``SLOTS``): a
chat's queued updates wait for their lock holding one, and must not starve other chats.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

SLOTS = 1024


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Concurrency across chats, order within each chat."""

    def __init__(self, max_concurrent_updates: int = SLOTS) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for this chat's earlier updates, then run the handlers for this one."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._locks.get(chat.id, (asyncio.Lock(), 0))
        self._locks[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[chat.id]
            if users == 1:
                del self._locks[chat.id]
            else:
                self._locks[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
