"""One poll, on the path production runs (``Refresher.refresh``): what an unchanged feed
costs, and whether 304s keep their connection.

Run from the repository root:  python -m bench.polls

A feed server in its own process serves the first 50 items of a real feed
(../shared/data/feeds, The Guardian US): ``/full`` always answers 200 with the whole feed
and no validators (many feeds do), ``/tagged`` answers 304 to a matching ``If-None-Match``.
Figures: the bot process's CPU time per 200 poll of the unchanged feed (every item already
stored), and how many TCP connections 20 polls of ``/tagged`` opened (the server counts
the client ports it saw).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from aiohttp import web

from bench.common import Row, first_items, table
from bot.config import IngestSettings, SourceSettings
from bot.emulator.serve import serve
from bot.health import WriteHealth
from bot.ingest.fetcher import make_client
from bot.ingest.refresh import Refresher
from bot.match.stories import StoryIndex
from bot.store import sources
from bot.store.db import Database
from bot.subscribers import Subscribers

ITEMS = 50
POLLS = 40
TAGGED_POLLS = 20
GOAL_CPU_MS = 10.0


async def feed_server() -> None:
    """The child process: the feed, and the ports its clients connected from."""
    feed = first_items("guardian-us.html-descriptions.rss.xml", ITEMS)
    ports: set[object] = set()

    async def full(request: web.Request) -> web.Response:
        return web.Response(body=feed, headers={"Content-Type": "application/rss+xml"})

    async def tagged(request: web.Request) -> web.Response:
        ports.add(request.transport.get_extra_info("peername") if request.transport else None)
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        return web.Response(body=feed, headers={"ETag": '"v1"', "Content-Type": "text/xml"})

    async def connections(request: web.Request) -> web.Response:
        return web.Response(text=str(len(ports)))

    app = web.Application()
    app.router.add_get("/full", full)
    app.router.add_get("/tagged", tagged)
    app.router.add_get("/connections", connections)
    _, url = await serve(app, shutdown_timeout=0.1)
    print(url, flush=True)
    await asyncio.Event().wait()


async def figures() -> list[Row]:
    """(what, goal, measured, unit) rows for the summary table."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.polls", "--serve", stdout=asyncio.subprocess.PIPE
    )
    assert child.stdout is not None
    base = (await child.stdout.readline()).decode().strip()
    configured = [
        SourceSettings(name="full", url=f"{base}/full", kind="feed"),
        SourceSettings(name="tagged", url=f"{base}/tagged", kind="feed"),
    ]
    http = make_client(timeout=20, user_agent="bench", allow_private=True)
    try:
        with tempfile.TemporaryDirectory() as folder:
            db = await Database.open(Path(folder) / "bench.sqlite3")
            states = await sources.sync(db, configured)
            refresher = Refresher(
                db, http, http, Subscribers(db, language="english", per_chat_limit=50),
                IngestSettings(allow_private_addresses=True), retention=3650 * 86400.0,
                language="english", tagger=None, stories=StoryIndex(), writes=WriteHealth(),
                on_alerts=lambda: None,
            )  # fmt: skip
            for state, source in zip(states, configured, strict=True):
                await refresher.refresh(state.id, source)  # the backlog: every item stored
            cpu = time.process_time()
            for _ in range(POLLS):
                await refresher.refresh(states[0].id, configured[0])
            per_poll = (time.process_time() - cpu) / POLLS * 1000
            for _ in range(TAGGED_POLLS):
                await refresher.refresh(states[1].id, configured[1])
            opened = int((await http.get(f"{base}/connections")).text)
            await db.close()
    finally:
        await http.aclose()
        child.kill()
        await child.wait()
    return [
        (f"an unchanged 200 poll of a {ITEMS}-entry real feed", f"<= {GOAL_CPU_MS:.0f} ms",
         per_poll, "ms CPU per poll"),
        (f"{TAGGED_POLLS} polls answered 304 (plus the first 200)", "1 connection",
         float(opened), "TCP connections opened"),
    ]  # fmt: skip


def main() -> None:
    if "--serve" in sys.argv:
        asyncio.run(feed_server())
        return
    print(table(asyncio.run(figures())))


if __name__ == "__main__":
    main()
