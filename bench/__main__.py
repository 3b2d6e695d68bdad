"""Every headline figure in one run and one table: goal, measured, and what it means.

Run from the repository root:  python -m bench

Each benchmark times the path production runs (see each module's docstring for its
inputs); this runs their quick forms one after another, in this process or the child
processes they start, and prints one table. The longer studies stay separate commands:
``bench.delivery`` (fan-out rates against PTB's limiter), ``bench.polling`` (10,000
sources for a minute), ``bench.user_sources`` (10,000 people's sources followed by 100,000
chats), ``bench.dispatch`` (a million-row history), ``bench.push``,
``bench.places``, and ``bench.geoeval`` in full (its headline rows are here).
"""

from __future__ import annotations

import asyncio
import platform
import sys
import time

from bench import geoeval, ingest, limiter, matching, polls, startup, steering, stories
from bench.common import Row, table


async def _all() -> list[Row]:
    rows: list[Row] = []
    for name, run in (
        ("matching", matching.figures),
        ("ingest", ingest.figures),
        ("polls", polls.figures),
        ("startup", startup.figures),
        ("limiter", limiter.figures),
        ("steering", steering.figures),
    ):
        started = time.perf_counter()
        rows += await run()
        print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    for name, compute in (("stories", stories.figures), ("places", geoeval.figures)):
        started = time.perf_counter()
        rows += compute()
        print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return rows


def main() -> None:
    started = time.perf_counter()
    rows = asyncio.run(_all())
    print(table(rows))
    print(
        f"python {platform.python_version()} on {platform.machine()}, "
        f"{time.perf_counter() - started:.0f} s in all"
    )


if __name__ == "__main__":
    main()
