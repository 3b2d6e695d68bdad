"""The ``workers`` table: the Livebot processes sharing a database, and the leases they hold.

Each process registers a row with its role and renews ``alive_until`` every
:data:`BEAT_SECONDS`. What a process claims (a chat it is delivering to, a source it is
fetching) names its row in an ``owner`` column, and a claim counts only while its owner is
alive: a process killed with SIGKILL stops renewing, and everything it held is free again
at most :data:`LEASE_SECONDS` later, without anyone cleaning up after it. One renewal per
process keeps all of its claims, however many.

The claims themselves live with what they claim (:func:`bot.store.outbox.claim_chats`,
:func:`bot.store.sources.claim`); both filter on :data:`FREE`.
"""

from __future__ import annotations

import os
import socket
import time
from collections import Counter
from dataclasses import dataclass

from bot.models import Role
from bot.store.db import Database

BEAT_SECONDS = 0.5
"""How often a process renews its lease (and tells what it wants to send)."""
LEASE_SECONDS = 5.0
"""How long a process's claims outlive its last renewal (a killed worker's chats and
sources are taken over this long after it died, at most)."""

FREE = "(owner IS NULL OR owner = ? OR owner NOT IN (SELECT id FROM workers WHERE alive_until > ?))"
"""A claimable row (parameters: the asking worker, now): nobody's, a dead worker's, or the
asker's own (one it is no longer busy with, which the caller tells apart)."""

SKIP_LOCKED = {"sqlite": "", "postgres": " FOR UPDATE SKIP LOCKED"}
"""After a claim's inner SELECT: PostgreSQL passes over rows another worker is claiming
this instant instead of waiting for them (SQLite has one writer at a time anyway)."""

_FORGET_AFTER = 3600.0
DEMAND = "demand"
"""The notice a process sends when people wait for its replies: the others renew now."""


async def register(db: Database, role: Role) -> int:
    """Register this process (its role, host and pid, for operators); its worker id."""
    now = time.time()
    rows = await db.execute_returning(
        "INSERT INTO workers (role, name, started_at, alive_until) VALUES (?, ?, ?, ?) "
        "RETURNING id",
        (role, f"{socket.gethostname()}:{os.getpid()}", now, now + LEASE_SECONDS),
    )
    return int(rows[0][0])


@dataclass(frozen=True, slots=True)
class Peer:
    """A live process as its lease row tells: its role, what it wants to send (replies to
    people, alerts; per second) and the part of the bot's rate it uses."""

    id: int
    role: str
    reply_demand: float
    alert_demand: float
    granted: float


async def beat(
    db: Database,
    worker: int,
    demand: tuple[float, float] = (0.0, 0.0),
    granted: float = 0.0,
    *,
    urgent: bool = False,
) -> list[Peer]:
    """Renew this process's lease with what it wants to send and the rate it uses (and
    forget long-dead workers); the live processes, this one included. ``urgent``: people
    wait for replies, so the others are told (a ``demand`` notice) to look at once."""
    now = time.time()
    async with db.transaction() as conn:
        if urgent:
            await conn.notify(DEMAND)
        await conn.execute(
            "UPDATE workers SET alive_until = ?, reply_demand = ?, alert_demand = ?, "
            "granted = ? WHERE id = ?",
            (now + LEASE_SECONDS, demand[0], demand[1], granted, worker),
        )
        await conn.execute("DELETE FROM workers WHERE alive_until < ?", (now - _FORGET_AFTER,))
        rows = await conn.fetchall(
            "SELECT id, role, reply_demand, alert_demand, granted FROM workers "
            "WHERE alive_until > ? ORDER BY id",
            (now,),
        )
    return [Peer(int(r[0]), str(r[1]), float(r[2]), float(r[3]), float(r[4])) for r in rows]


async def lowered(db: Database, worker: int, granted: float) -> None:
    """This process now uses less of the rate: say so at once, so another can take it."""
    await db.execute("UPDATE workers SET granted = ? WHERE id = ?", (granted, worker))


def by_role(peers: list[Peer]) -> Counter[str]:
    """How many live processes there are of each role."""
    return Counter(peer.role for peer in peers)


async def leave(db: Database, worker: int) -> None:
    """A clean stop: give back every claim and the lease at once (others need not wait for
    it to run out)."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE chats SET owner = NULL WHERE owner = ?", (worker,))
        await conn.execute("UPDATE sources SET owner = NULL WHERE owner = ?", (worker,))
        await conn.execute("DELETE FROM workers WHERE id = ?", (worker,))


async def reset(db: Database) -> None:
    """The one process running on a database (role ``all``) starts: claims and leases left
    by processes before it are void."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE chats SET owner = NULL WHERE owner IS NOT NULL")
        await conn.execute("UPDATE sources SET owner = NULL WHERE owner IS NOT NULL")
        await conn.execute("DELETE FROM workers")
