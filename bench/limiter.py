"""The flood limiter: the busiest sliding second never above the configured rate, and the
rate reached. Measured on the limiter alone, and at the Bot API emulator (its own process)
for a real fan-out through the outbox, worker, sender and limiter.

Run from the repository root:  python -m bench.limiter
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

from bench.common import Row, table
from bench.delivery import scenario
from bot.telegram.limiter import FloodLimiter, Lane

RATE = 30.0
REQUESTS = 300


def busiest_second(times: list[float]) -> int:
    """The most requests in any window of one second (starting at a request)."""
    times = sorted(times)
    most, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


async def limiter_alone() -> tuple[int, float]:
    """(busiest second, achieved share of the rate) for requests all queued at once."""
    flood = FloodLimiter(global_rate=RATE, private_interval=0, group_per_minute=20)
    times: list[float] = []

    async def call() -> dict[str, Any]:
        times.append(time.monotonic())
        return {}

    await asyncio.gather(
        *(flood.process_request(call, (), {}, "sendMessage", {"chat_id": 10 + n}, Lane.ALERT)
          for n in range(REQUESTS))
    )  # fmt: skip
    return busiest_second(times), len(times) / (max(times) - min(times) + 1 / RATE) / RATE


async def figures() -> list[Row]:
    """(what, goal, measured, unit) rows for the summary table."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    alone, share = await limiter_alone()
    run = await scenario("real", REQUESTS, RATE, sent_times=True)
    assert run.times is not None
    in_process = busiest_second(run.times)
    return [
        (f"flood limiter alone, {REQUESTS} sends at {RATE:.0f}/s: busiest second",
         f"<= {RATE:.0f}", float(alone), f"sends ({share:.0%} of the rate reached, goal >= 95%)"),
        (f"real fan-out at {RATE:.0f}/s, at the emulator: busiest second",
         f"<= {RATE:.0f}", float(in_process), f"sends ({run.rate / RATE:.0%} of the rate)"),
    ]  # fmt: skip


def main() -> None:
    print(table(asyncio.run(figures())))


if __name__ == "__main__":
    main()
