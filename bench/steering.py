"""A busy chat in a burst: when does the alert that matters reach it?

Run from the repository root:  python -m bench.steering

One chat follows 40 things (38 topics drawn from real titles, Zipf-distributed, plus
"Ukraine" and the exact place "Kharkiv"); 300 matching entries arrive evenly over a
10-minute burst, two of them about Kharkiv (at entries 100 and 200, when the chat's flood
window is long full). Delivery is the production path (outbox, worker, sender, the Bot API
emulator in process) with the default flood cap (10 messages per 10 minutes); time is
compressed 60× (the burst lasts 10 s, the window 10 s) and reported scaled back to real
time (which overstates the bot's own milliseconds of work 60×, against Livebot).

Both sides run on the same inputs in the same run: Livebot's priorities, and the previous
policy (oldest first; the last message of a window a digest of everything waiting).
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.common import Row, real_entries, table
from bot.config import SourceSettings
from bot.delivery.sender import Sender
from bot.delivery.worker import DeliveryWorker, Next
from bot.emulator.botapi import TOKEN, BotApiEmulator
from bot.geo.gazetteer import load as load_gazetteer
from bot.match.matches import RELATIONS, Matches, ints
from bot.match.query import parse_query
from bot.models import ChatKind, ParsedEntry, Reason, Relation
from bot.store import chats, deliveries, entries, outbox, sources, workers
from bot.store.db import Database
from bot.subscribers import Subscribers
from bot.telegram.client import LivebotBot
from bot.telegram.limiter import FloodLimiter
from bot.telegram.transport import sends_request

SCALE = 60.0  # real seconds per benchmark second
BURST_SECONDS = 600 / SCALE
COUNT = 300
EXACT_AT = (100, 200)
CHAT = 777
BURST, WINDOW = 10, 600 / SCALE


class PreviousPolicy(DeliveryWorker):
    """The delivery worker as it was before priorities (kept here as the baseline)."""

    async def _next_message(self, chat_id: int) -> Next:
        head = await outbox.next_for_chat(self._db, chat_id)
        if not head or head[0].kind == "edit":
            if not head:
                await outbox.reschedule(self._db, chat_id)
            return Next(head)
        now = time.time()
        recent = await deliveries.messages_since(self._db, chat_id, now - self._cap.window)
        room = self._cap.burst - len(recent)
        if room <= 0:
            await outbox.hold(self._db, chat_id, until=recent[0] + self._cap.window)
            return Next([])
        if room == 1 and await outbox.pending_count(self._db, chat_id) > 1:
            batch = await outbox.next_for_chat(self._db, chat_id, limit=500)
            return Next(list(itertools.takewhile(lambda item: item.kind == "alert", batch)))
        return Next(head)


def topics(count: int) -> list[str]:
    """The most frequent title words of the real feeds: what busy people follow."""
    words = collections.Counter(
        word.lower()
        for entry in real_entries()
        for word in entry.title.split()
        if word.isalpha() and len(word) > 4
    )
    return [word for word, _ in words.most_common(count)]


def matched(entry_id: int, why: Sequence[Reason]) -> Matches:
    """The rows matching would produce for one entry of the chat (what ingest enqueues)."""
    keys = tuple(dict.fromkeys(r.place for r in why if r.place))
    return Matches(
        ints([entry_id] * len(why)), ints([CHAT] * len(why)),
        ints([r.subscription_id for r in why]),
        np.array([RELATIONS.index(r.relation) for r in why], np.int8),
        np.array([keys.index(r.place) if r.place else -1 for r in why], np.int32),
        np.zeros(len(why), np.float32), keys,
    )  # fmt: skip


@dataclass
class Result:
    first_exact_seconds: float
    exact_alone: bool
    messages: int
    busiest_window: int
    delivered: int


async def run(worker_class: type[DeliveryWorker], words: Sequence[str]) -> Result:
    """The burst through one policy; the figures at the emulator and in the log."""
    emulator = BotApiEmulator()
    await emulator.start()
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.sqlite3")
        [state] = await sources.sync(db, [SourceSettings(name="Desk", url="https://b.example/")])
        async with db.transaction() as conn:
            await chats.ensure(conn, CHAT, ChatKind.PRIVATE, None)
        gazetteer = load_gazetteer(15000)
        subscribers = Subscribers(db, language="english", per_chat_limit=50, gazetteer=gazetteer)
        subs = [await subscribers.subscribe(CHAT, parse_query(word)) for word in words]
        ukraine = await subscribers.follow_place(
            CHAT, place="country:UA", label="Ukraine", radius_km=0
        )
        kharkiv = await subscribers.follow_place(
            CHAT, place="city:706483", label="Kharkiv", radius_km=0
        )
        topic_ids = [s.id for s in subs if s is not None]
        assert ukraine is not None and kharkiv is not None
        bot = LivebotBot(
            TOKEN, base_url=f"{emulator.url}/bot",
            rate_limiter=FloodLimiter(global_rate=30, private_interval=0.05, group_per_minute=20),
            request=sends_request(8),
        )  # fmt: skip
        await bot.initialize()
        sender = Sender(bot, db, subscribers, max_attempts=8, paid_broadcast=False)
        worker = worker_class(
            db, sender, worker=await workers.register(db, "all"), concurrency=8, burst=BURST,
            window=WINDOW,
        )  # fmt: skip
        await worker.start()
        rng = random.Random(11)
        zipf = [1 / (rank + 1) for rank in range(len(topic_ids))]
        exact_at: list[float] = []
        start = time.time()
        for n in range(COUNT):
            exact = n in EXACT_AT
            title = f"Blast in Kharkiv kills two ({n})" if exact else f"Update {n}"
            parsed = ParsedEntry(f"g{n}", title, f"https://b.example/{n}", time.time(), "", "")
            why: tuple[Reason, ...]
            if exact:
                why = (Reason(kharkiv.id, Relation.PLACE, "city:706483"),
                       Reason(ukraine.id, Relation.INSIDE, "city:706483"))  # fmt: skip
            else:
                chosen = rng.choices(topic_ids, zipf)[0]
                why = (Reason(chosen, Relation.TOPIC),)
                if rng.random() < 0.3:
                    why += (Reason(ukraine.id, Relation.PLACE, "country:UA"),)
            now = time.time()
            async with db.transaction() as conn:
                [stored] = await entries.insert_new(
                    conn, source_id=state.id, source_name="Desk", parsed=[parsed], now=now
                )
                await outbox.enqueue(conn, matched(stored.id, why), {}, now)
            if exact:
                exact_at.append(now)
            worker.wake()
            await asyncio.sleep(max(0.0, start + (n + 1) * BURST_SECONDS / COUNT - time.time()))
        while await outbox.pending_count(db, CHAT):  # noqa: ASYNC110 - the tail drains
            await asyncio.sleep(0.1)
        await worker.stop()
        await bot.shutdown()
        found = [m for m in emulator.sent if "Blast in Kharkiv" in m.visible]
        first = found[0]
        delivered = await db.fetchone(
            "SELECT count(*) FROM deliveries WHERE outcome = 'sent' AND kind != 'edit'"
        )
        await db.close()
    await emulator.stop()
    times = sorted(m.at for m in emulator.sent)
    busiest = max(sum(1 for t in times if start <= t < start + WINDOW) for start in times)
    return Result(
        (first.at - exact_at[0]) * SCALE,
        first.visible.startswith("Blast in Kharkiv"),
        len(emulator.sent),
        busiest,
        int(delivered[0]) if delivered else 0,
    )


async def figures() -> list[Row]:
    """Both policies on the same burst."""
    words = topics(38)
    before = await run(PreviousPolicy, words)
    after = await run(DeliveryWorker, words)
    rows: list[Row] = []
    for label, result in (("previous", before), ("livebot", after)):
        alone = "alone" if result.exact_alone else "inside a digest"
        rows += [
            (f"busy chat: first exact-place alert, {label}", "at once", result.first_exact_seconds,
             f"s after it was stored ({alone})"),
            (f"busy chat: most messages in 10 min, {label}", "<= 10", result.busiest_window,
             f"messages ({result.messages} in the burst and its tail)"),
            (f"busy chat: entries delivered, {label}", f"{COUNT}", result.delivered,
             "alone or in a digest (none lost)"),
        ]  # fmt: skip
    return rows


def main() -> None:
    """Print the table."""
    print(table(asyncio.run(figures())))


if __name__ == "__main__":
    main()
