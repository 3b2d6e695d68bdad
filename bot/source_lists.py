"""``livebot sources import FILE.opml`` and ``livebot sources export [FILE]``: the shared
sources as an OPML list, for operators moving a bot's sources in or out in one go.

Imported feeds become sources as if added with /addsource (everyone's topics and places
match them, kept across restarts, polled every ``--every``, by default 5 minutes). The import
writes to the database, so it is refused while a bot runs on it (use /addsource then); the
bot checks each feed on its first poll, through the same guards as any fetch. The export
only reads and works while the bot runs.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.ingest import opml
from bot.store import sources
from bot.store.db import Database
from bot.store.errors import StoreError
from bot.store.lock import InstanceLock
from bot.text.cut import cut


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did."""

    added: int
    known: int
    skipped: list[str]

    def __str__(self) -> str:
        text = f"{self.added} added, {self.known} already sources, {len(self.skipped)} skipped"
        return text + "".join(f"\n  skipped {line}" for line in self.skipped)


def import_file(file: Path, database: Path | str, *, interval: float) -> Imported:
    """Add the feeds of an OPML file as shared sources polled every ``interval`` seconds, in
    the database at ``database`` (a SQLite file or a PostgreSQL URL) while no bot runs on
    it; raises StoreError (one line)."""
    try:
        outlines = opml.read(file.read_bytes())
    except OSError as exc:
        raise StoreError(f"{file}: cannot read: {exc.strerror or exc}") from None
    except opml.OpmlError as exc:
        raise StoreError(f"{file}: not a subscription list: {exc}") from None
    # raises, naming the running bot's pid (a PostgreSQL database is held once open)
    lock = InstanceLock.acquire(database) if isinstance(database, Path) else None
    try:
        return asyncio.run(_add(outlines, database, max(1.0, interval)))
    finally:
        if lock is not None:
            lock.release()


async def _add(outlines: list[opml.Outline], database: Path | str, interval: float) -> Imported:
    db = await Database.take(database)
    added = known = 0
    skipped: list[str] = []
    try:
        for outline in outlines:
            key = sources.url_key(outline.url)
            if key is None:
                skipped.append(f"{outline.url[:200]!r}: not an http(s) link")
                continue
            name = cut(outline.title or urlsplit(key).hostname or key, 100)
            _, before = await sources.add_operator(db, key, name, interval)
            if before in ("config", "operator"):
                known += 1
            else:
                added += 1
    finally:
        await db.close()
    return Imported(added, known, skipped)


def export(database: Path | str) -> bytes:
    """The shared sources (the config's and those operators added) as OPML."""
    if isinstance(database, Path) and not database.exists():
        raise StoreError(f"{database}: no database yet (run the bot once first)")
    return asyncio.run(_export(database))


async def _export(database: Path | str) -> bytes:
    db = await Database.open(database)
    try:
        shared = await sources.overview(db)
    finally:
        await db.close()
    outlines = [
        opml.Outline(s.url, s.name) for s in shared if s.url.startswith(("http://", "https://"))
    ]
    return opml.write("Livebot sources", outlines)
