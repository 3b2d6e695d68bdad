"""``livebot backup`` during a fan-out, ``livebot restore`` refused while the bot runs and
done once it stops, and the restored database opened by the bot again; all without a token."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import (
    NO_TOKEN,
    Newsroom,
    finished,
    livebot,
    story,
    subscribe_all,
    without_token,
)
from tests.fakes.feeds import FeedServer


async def test_backup_while_fanning_out_then_restore(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any,
    tmp_path: Path,
) -> None:  # fmt: skip
    room = Newsroom(feeds)
    config = write_config([{"name": "Live desk", "url": room.url, "interval": 1}])
    bot = await livebot_factory(config)
    await room.fetched(botapi)
    chats = list(range(100, 220))
    await subscribe_all(botapi, chats, "storm")
    room.add(story("s1", "Storm makes landfall"))
    await botapi.wait_until(lambda: any("landfall" in m.visible for m in botapi.sent), within=15)
    bare = without_token(config)
    target = tmp_path / "copy.sqlite3"
    code, stderr = await finished(
        await livebot("backup", str(target), "--config", str(bare), env=NO_TOKEN)
    )
    assert code == 0, stderr
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM subscriptions").fetchone()[0] == len(chats)
        assert copy.execute("SELECT count(*) FROM entries").fetchone()[0] >= 1

    code, stderr = await finished(
        await livebot("restore", str(target), "--config", str(bare), env=NO_TOKEN)
    )
    assert code == 1 and "another Livebot (pid" in stderr and "Traceback" not in stderr
    code, stderr = await finished(await livebot("health", "--config", str(bare), env=NO_TOKEN))
    assert code == 0, stderr

    await bot.close()
    code, stderr = await finished(
        await livebot("restore", str(target), "--config", str(bare), env=NO_TOKEN)
    )
    assert code == 0, stderr
    await livebot_factory(config)  # the restored database opens and serves
    assert "storm" in (await botapi.reply_to(chats[0], "/list")).visible


async def test_restore_refuses_what_is_not_a_backup(tmp_path: Path, write_config: Any) -> None:
    """A file that is not a Livebot database is refused with one line."""
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    bare = without_token(write_config([]))
    code, stderr = await finished(
        await livebot("restore", str(junk), "--config", str(bare), env=NO_TOKEN)
    )
    assert code == 1 and stderr.strip().splitlines() == [
        f"livebot: {junk}: not a SQLite database (file is not a database)"
    ]


async def test_backups_and_restored_databases_are_private_and_foreign_schema_is_refused(
    botapi: BotApiEmulator, write_config: Any, livebot_factory: Any, tmp_path: Path
) -> None:
    """Attack run N9: with umask 022, a backup file and the database restored from it are
    0600 like the one the bot creates (they hold who follows what). N14: a backup with a
    trigger added ("spy") is refused in one line, and the live database is untouched."""
    config = write_config([])
    bot = await livebot_factory(config)
    await botapi.reply_to(1, "/subscribe storm")
    await bot.close()
    bare = without_token(config)
    target = tmp_path / "private.sqlite3"
    old = os.umask(0o022)
    try:
        code, stderr = await finished(
            await livebot("backup", str(target), "--config", str(bare), env=NO_TOKEN)
        )
        assert code == 0, stderr
        assert target.stat().st_mode & 0o777 == 0o600
        code, stderr = await finished(
            await livebot("restore", str(target), "--config", str(bare), env=NO_TOKEN)
        )
        assert code == 0, stderr
    finally:
        os.umask(old)
    database = config.parent / "livebot.sqlite3"
    assert database.stat().st_mode & 0o777 == 0o600
    spied = tmp_path / "spied.sqlite3"
    spied.write_bytes(target.read_bytes())
    with sqlite3.connect(spied) as raw:
        raw.execute("CREATE TRIGGER spy AFTER INSERT ON outbox BEGIN DELETE FROM outbox; END")
    code, stderr = await finished(
        await livebot("restore", str(spied), "--config", str(bare), env=NO_TOKEN)
    )
    assert code == 1 and "trigger 'spy'" in stderr and "Traceback" not in stderr, stderr
    with sqlite3.connect(database) as live:
        assert live.execute("SELECT count(*) FROM sqlite_master WHERE name = 'spy'").fetchone() == (
            0,
        )
