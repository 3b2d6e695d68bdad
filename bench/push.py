"""Publisher push latency: from the POST to the sendMessage, against polling, same run.

Run from the repository root:  python -m bench.push

The real Application runs against the Bot API emulator (in this process, so one clock
measures both ends). 40 chats each follow their own word; each pushed item names one word,
so every alert goes to a different chat and no per-chat pacing adds to the figure. The
baseline publishes the same kind of item to a feed polled every second (the shortest
interval allowed) and measures from publishing to sendMessage.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from bot.app import run
from bot.config import load_settings
from bot.emulator.botapi import TOKEN, BotApiEmulator, Sent
from tests.conftest import toml_dumps
from tests.e2e.helpers import unused_port
from tests.fakes.feeds import FeedServer, rss

ROUNDS = 40
PUSH_TOKEN = "bench-push-token-0123456789"


def words(n: int) -> str:
    """The word that only chat ``1000 + n`` follows."""
    return f"zq{n:03d}x"


def to(chat: int) -> Callable[[Sent], bool]:
    """Whether a message sent went to ``chat``."""
    return lambda message: message.chat_id == chat


async def measure() -> tuple[list[float], list[float]]:
    botapi, feeds = BotApiEmulator(), FeedServer()
    await botapi.start()
    await feeds.start()
    port = unused_port()
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "livebot.toml"
        feed_url = feeds.publish("poll.rss", rss([]))
        config.write_text(toml_dumps({
            "telegram": {"token": TOKEN, "api_url": botapi.url, "poll_timeout": 1},
            "storage": {"database": str(Path(folder) / "bench.sqlite3")},
            "push": {"enabled": True, "port": port},
            "places": {"enabled": False},
            "ingest": {"allow_private_addresses": True},
            "sources": [
                {"name": "Wire", "kind": "push",
                 "token_sha256": hashlib.sha256(PUSH_TOKEN.encode()).hexdigest()},
                {"name": "Polled", "url": feed_url, "interval": 1},
            ],
        }))  # fmt: skip
        stop = asyncio.Event()
        task = asyncio.create_task(run(load_settings(config, environ={}), stop))
        await botapi.wait_until(lambda: bool(botapi.commands), within=30)
        for n in range(2 * ROUNDS):
            await botapi.reply_to(1000 + n, f"/subscribe {words(n)}")
        await asyncio.sleep(1.5)  # the polled source's first fetch (its backlog) is done
        pushed, polled = [], []
        async with httpx.AsyncClient() as client:
            for n in range(ROUNDS):
                chat, after = 1000 + n, len(botapi.sent)
                start = time.time()
                item = {
                    "id": f"p{n}",
                    "url": f"https://wire.example/{n}",
                    "title": f"Update {words(n)}",
                    "content_text": "Officials confirmed it.",
                }
                response = await client.post(
                    f"http://127.0.0.1:{port}/ingest", params={"source": "Wire"}, json=item,
                    headers={"Authorization": f"Bearer {PUSH_TOKEN}"},
                )  # fmt: skip
                assert response.status_code == 202, response.text
                sent = await botapi.wait_for(to(chat), after=after)
                pushed.append(sent.at - start)
            items: list[dict[str, object]] = []
            for n in range(ROUNDS, 2 * ROUNDS):
                chat, after = 1000 + n, len(botapi.sent)
                items.insert(
                    0, {"guid": f"f{n}", "title": f"Update {words(n)}", "description": "Confirmed."}
                )
                start = time.time()
                feeds.publish("poll.rss", rss(items))
                sent = await botapi.wait_for(to(chat), after=after, within=15)
                polled.append(sent.at - start)
        stop.set()
        await task
    await feeds.stop()
    await botapi.stop()
    return pushed, polled


def main() -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    pushed, polled = asyncio.run(measure())
    for name, values in (("push", pushed), ("polling every 1 s", polled)):
        ms = [v * 1000 for v in sorted(values)]
        print(
            f"{name:<18} median {statistics.median(ms):7.1f} ms | "
            f"p95 {ms[int(len(ms) * 0.95) - 1]:7.1f} ms | max {ms[-1]:7.1f} ms"
        )
    ratio = statistics.median(polled) / statistics.median(pushed)
    print(f"ratio of medians (polling / push): {ratio:.1f}x")


if __name__ == "__main__":
    main()
