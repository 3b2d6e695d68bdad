"""Telegram's flood limits in front of every Bot API request.

python-telegram-bot's ``AIORateLimiter`` enforces the overall and per-group rates, but (as its
documentation says) it has no per-private-chat limit, one ``RetryAfter`` halts *all*
requests, and its leaky buckets let a burst through on top of the rate. This subclass of
PTB's ``BaseRateLimiter`` counts sends in sliding windows (never more than the limit in any
second, or any minute for a group) and adds what PTB leaves out:

* one message per ``private_interval`` to each private chat, ``group_per_minute`` per group;
* a 429 for one chat pauses that chat only. When the bot as a whole is limited, Telegram
  refuses nearly every request, so 429s from several chats that outnumber the successes
  around them (or a 429 for a request not aimed at a chat) pause everybody;
* replies to users go ahead of queued alerts: alerts pass the shared budget one at a time,
  so a reply waits behind at most one alert, never behind a fan-out of thousands.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

_GLOBAL_SPREAD = 3  # distinct chats refused within one retry window, at least, for a global limit
_GLOBAL_SHARE = 0.5  # ... and at least this share of the requests answered in that window
DEMAND_SECONDS = 2.0
"""The span over which sends are counted as a process's demand."""
_MARGIN = 0.03  # seconds added to the window: a request reaches Telegram a little after it
# is let go, and not always equally late


def retry_seconds(exc: RetryAfter) -> float:
    """Seconds Telegram asked us to wait (``retry_after`` is a timedelta with PTB_TIMEDELTA)."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class SlidingWindow:
    """At most ``count`` requests in any window of ``period`` seconds, counted on a sliding
    log of the last departures: no window ever carries more than Telegram allows (a leaky
    bucket lets its capacity through on top of the rate).

    ``spaced`` also paces requests evenly (one every ``period / count``; a request may go
    one step early, so a late timer costs no throughput): sent all at once, a full
    window's requests would queue in the HTTP pool and reach Telegram bunched with the next
    window's.
    """

    def __init__(self, count: int, period: float, *, spaced: bool = False) -> None:
        self._spaced = spaced
        self._next = 0.0  # the schedule: when the next request is due, if spaced
        self._sent: deque[float] = deque(maxlen=count)
        self._turn = asyncio.Lock()
        self._changed = asyncio.Event()  # set when the pace changes: a waiter looks again
        self._window = self._step = 0.0
        self._rate = count / period
        self._resize(count, period)

    def _resize(self, count: int, period: float) -> None:
        self._window = period + _MARGIN
        self._step = self._window / count if self._spaced else 0.0
        if count != self._sent.maxlen:
            self._sent = deque(self._sent, maxlen=count)  # the newest departures stay

    @classmethod
    def per_second(cls, rate: float) -> SlidingWindow:
        """``rate`` requests per second, evenly paced, never more in any second (fractions
        round down; below 1/s, one request per ``1 / rate`` seconds)."""
        window = cls(1, 1.0, spaced=True)
        window.set_rate(rate)
        return window

    @property
    def rate(self) -> float:
        """Requests per second."""
        return self._rate

    def full(self) -> bool:
        """Whether a request asking now would have to wait."""
        return self._turn.locked() or self._wait(time.monotonic()) > 0

    def set_rate(self, rate: float) -> None:
        """Pace at ``rate`` per second from now on, counting the departures already made
        (requests waiting for a turn see the new rate)."""
        self._rate = rate
        count = max(1, int(rate))
        self._resize(count, max(1.0, count / rate))
        # The schedule follows the new pace from the last departure: a slow pace set a while
        # ago must not hold requests back once the pace is raised.
        self._next = (self._sent[-1] + self._step) if self._sent else 0.0
        self._changed.set()

    def idle(self) -> bool:
        """Whether the window is empty (the limiter can be dropped and made again)."""
        return not self._sent or time.monotonic() - self._sent[-1] > self._window

    def _wait(self, now: float) -> float:
        wait = self._next - self._step - now  # one step of tolerance, for late timers
        if len(self._sent) == self._sent.maxlen:
            wait = max(wait, self._sent[0] + self._window - now)
        return wait

    async def acquire(self) -> None:
        """Wait until one more request fits (first come, first served); a change of pace
        (:meth:`set_rate`) is heeded at once, not after the wait the old pace asked for."""
        async with self._turn:
            while (wait := self._wait(time.monotonic())) > 0:
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), wait)
            now = time.monotonic()
            self._sent.append(now)
            self._next = max(self._next, now) + self._step


class Lane(IntEnum):
    """Priority of a request: replies to people first, then alerts."""

    REPLY = 0
    ALERT = 1


@dataclass
class LimiterStats:
    """What operators see about rate limiting."""

    retry_after_chat: int = 0
    retry_after_global: int = 0


class FloodLimiter(BaseRateLimiter[Lane]):
    """Global, per-chat and per-429 pacing for all requests (see the module docstring)."""

    def __init__(
        self,
        *,
        global_rate: float,
        private_interval: float,
        group_per_minute: int,
        reply_retries: int = 2,
    ) -> None:
        self._global = SlidingWindow.per_second(global_rate)
        self._alert_gate = asyncio.Lock()
        self._private_interval = private_interval
        self._group_per_minute = group_per_minute
        self._chats: dict[int | str, SlidingWindow] = {}
        self._paused: dict[int | str, float] = {}
        self._global_paused_until = 0.0
        self._outcomes: deque[tuple[float, int | str, bool]] = deque(maxlen=256)
        self._reply_retries = reply_retries
        self._waiting = [0, 0]  # per lane: requests waiting for the bot's budget now
        self._passed: deque[tuple[float, Lane]] = deque()  # departures of the last window
        self.surged = asyncio.Event()
        """Set when replies start waiting for the bot's budget: time to ask for more of it."""
        self.stats = LimiterStats()

    def demand(self) -> tuple[float, float]:
        """(replies, alerts) this process wants to send, per second: what went out over the
        last :data:`DEMAND_SECONDS` plus what waits for the budget now (a burst shows at
        once). What several processes want decides their shares (see :mod:`bot.roles`)."""
        now = time.monotonic()
        while self._passed and self._passed[0][0] < now - DEMAND_SECONDS:
            self._passed.popleft()
        went = [0, 0]
        for _at, lane in self._passed:
            went[lane] += 1
        reply, alert = (went[lane] / DEMAND_SECONDS + self._waiting[lane] for lane in Lane)
        return reply, alert

    def rate(self) -> float:
        """The requests per second this process may send now."""
        return self._global.rate

    async def _take_budget(self, lane: Lane) -> None:
        """Wait for the bot's budget (an alert, for its turn first: alerts pass one at a
        time, so a reply waits behind at most one), counted as demand while waiting."""
        self._waiting[lane] += 1
        try:
            if lane is Lane.ALERT:
                async with self._alert_gate:
                    await self._global.acquire()
            else:
                if self._global.full():
                    self.surged.set()
                await self._global.acquire()
        finally:
            self._waiting[lane] -= 1
        self._passed.append((time.monotonic(), lane))

    def share(self, rate: float) -> None:
        """Send at most ``rate`` requests per second overall from now on: this process's
        share of the bot's rate when several processes send (see :mod:`bot.roles`)."""
        self._global.set_rate(rate)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def _chat_limiter(self, chat: int | str) -> SlidingWindow | None:
        limiter = self._chats.get(chat)
        if limiter is None:
            if len(self._chats) > 4096:
                self._forget_idle_chats()
            if isinstance(chat, int) and chat > 0:
                if self._private_interval <= 0:
                    return None
                limiter = SlidingWindow(1, self._private_interval)
            else:
                limiter = SlidingWindow(self._group_per_minute, 60.0)
            self._chats[chat] = limiter
        return limiter

    def _forget_idle_chats(self) -> None:
        for key, limiter in list(self._chats.items()):
            if limiter.idle():
                del self._chats[key]

    def paused_for(self, chat: int | str | None) -> float:
        """Seconds until requests to ``chat`` (or any request, for None) may go out again."""
        until = self._global_paused_until
        if chat is not None:
            until = max(until, self._paused.get(chat, 0.0))
        return max(0.0, until - time.monotonic())

    def _note_retry_after(self, chat: int | str | None, seconds: float) -> None:
        now = time.monotonic()
        until = now + seconds + 0.1
        self._outcomes.append((now, chat if chat is not None else "*", True))
        window = [(c, limited) for t, c, limited in self._outcomes if now - t <= max(seconds, 1.0)]
        refused = {c for c, limited in window if limited}
        share = sum(limited for _, limited in window) / len(window)
        if chat is None or (len(refused) >= _GLOBAL_SPREAD and share >= _GLOBAL_SHARE):
            self.stats.retry_after_global += 1
            self._global_paused_until = max(self._global_paused_until, until)
            log.warning("Telegram flood limit for the whole bot: pausing all sends %.1f s", seconds)
        else:
            self.stats.retry_after_chat += 1
            self._paused[chat] = max(self._paused.get(chat, 0.0), until)
            log.info("Telegram flood limit for chat %s: pausing it %.1f s", chat, seconds)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Lane | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for the budgets that apply, make the request, and learn from a 429."""
        chat: int | str | None = data.get("chat_id")
        with contextlib.suppress(TypeError, ValueError):
            chat = int(chat)  # type: ignore[arg-type]
        lane = rate_limit_args if rate_limit_args is not None else Lane.REPLY
        retries = self._reply_retries if lane is Lane.REPLY else 0
        for attempt in range(retries + 1):
            # A pause can be extended while we sleep (another 429), so re-check the deadline.
            while (wait := self.paused_for(chat)) > 0:  # noqa: ASYNC110
                await asyncio.sleep(wait)
            try:
                if chat is None:
                    return await callback(*args, **kwargs)
                chat_limiter = self._chat_limiter(chat)
                if chat_limiter is not None:
                    await chat_limiter.acquire()
                await self._take_budget(lane)
                result = await callback(*args, **kwargs)
                self._outcomes.append((time.monotonic(), chat, False))
                return result
            except RetryAfter as exc:
                self._note_retry_after(chat, retry_seconds(exc))
                if attempt == retries:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover
