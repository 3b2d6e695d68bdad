"""``livebot sources import FILE.opml`` and ``livebot sources export``: the shared sources in
and out in one go, without a token; the import is refused while a bot runs on the database."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.emulator.botapi import BotApiEmulator
from bot.ingest import opml
from tests.e2e.helpers import NO_TOKEN, Newsroom, livebot, opml_of, story, without_token
from tests.fakes.feeds import FeedServer


async def test_import_then_export_the_shared_sources(
    botapi: BotApiEmulator,
    feeds: FeedServer,
    write_config: Any,
    livebot_factory: Any,
    tmp_path: Path,
) -> None:
    first, second = Newsroom(feeds, "first.rss"), Newsroom(feeds, "second.rss")
    first.add(story("f0", "Backlog"))
    second.add(story("s0", "Backlog"))
    config = write_config([])
    bare = without_token(config)
    lists = tmp_path / "feeds.opml"
    lists.write_bytes(
        opml_of(("First desk", first.url), ("Second desk", second.url), ("Bad", "ftp://x/y"))
    )
    code, out, err = await run(
        "sources", "import", str(lists), "--every", "1s", "--config", str(bare)
    )
    assert code == 0, err
    assert (
        "2 added, 0 already sources, 1 skipped\n  skipped 'ftp://x/y': not an http(s) link" in out
    )
    code, out, err = await run("sources", "import", str(lists), "--config", str(bare))
    assert "0 added, 2 already sources" in out

    bot = await livebot_factory(config)  # the imported sources are polled and shared
    await first.fetched(botapi)
    await botapi.reply_to(21, "/subscribe storm")
    first.add(story("f1", "Storm over the first desk"))
    await botapi.wait_for(lambda m: m.chat_id == 21 and m.visible.startswith("Storm over"))
    code, out, err = await run("sources", "import", str(lists), "--config", str(bare))
    assert code == 1 and "another Livebot (pid" in err and "Traceback" not in err
    code, out, err = await run("sources", "export", "--config", str(bare))  # while it runs
    assert code == 0, err
    exported = opml.read(out.encode())
    assert [(o.title, o.url) for o in exported] == [
        ("First desk", first.url),
        ("Second desk", second.url),
    ]
    await bot.close()
    target = tmp_path / "out.opml"
    code, out, err = await run("sources", "export", str(target), "--config", str(bare))
    assert code == 0 and opml.read(target.read_bytes()) == exported
    missing = tmp_path / "missing.opml"
    code, out, err = await run("sources", "import", str(missing), "--config", str(bare))
    assert code == 1 and err.startswith(f"livebot: {missing}: cannot read: ")


async def run(*args: str) -> tuple[int, str, str]:
    """Run ``livebot`` without a token: (exit code, stdout, stderr)."""
    process = await livebot(*args, env=NO_TOKEN)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()
