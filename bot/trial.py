"""``livebot try``: the real bot on a laptop, with no token and no network.

The bot runs as it does in production, against the Bot API emulator started in this process
(:mod:`bot.emulator.botapi`) instead of Telegram, with a database in a temporary folder. Its
sources are the config's (``--config``, else the default config when it exists) when they
can be reached from here, else — and always with ``--demo`` — the demo feed
(:mod:`bot.emulator.demo_feed`: a new story every few seconds). The terminal is the chat:
what you type is sent as a user's message; the bot's messages are printed as text, links as
``text (url)``, inline buttons numbered (type the number to tap one: a menu's 1, 2, 3…, an
alert's 3.1, 3.2… by the alert's number), and alerts appear as they arrive. ``:location LAT
LON`` shares a pin, ``:file PATH`` sends a file (an OPML list), ``:language uk`` makes the
"app" Ukrainian; ``:quit`` (or Ctrl-D) ends.

``--script FILE`` replays lines without a terminal: each line is sent and its answer
awaited; ``:wait TEXT`` waits (up to a minute, then says so) for a message containing TEXT.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from bot.config import DEFAULT_CONFIG, ConfigError, Settings, load_settings
from bot.delivery.callbacks import ON_ALERT
from bot.emulator.botapi import TOKEN, BotApiEmulator, Sent, parse_html
from bot.emulator.demo_feed import DemoFeed

USER = 1001
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
_BOLD_ON, _BOLD_OFF = "\x1b[1m", "\x1b[0m"
_QUIET = 1.5  # seconds without new output after which a script line is answered
_ANSWER_WITHIN = 15.0
WAIT_SECONDS = 60.0
"""How long a script's ``:wait TEXT`` waits for TEXT before saying so and going on."""


def readable(sent: Sent, *, bold: bool = False) -> str:
    """A bot message as terminal text: tags gone, links as ``text (url)``, bold in bold
    when the terminal shows it."""
    if sent.parse_mode != "HTML":
        return sent.text
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", sent.text)
    if bold:
        text = text.replace("<b>", _BOLD_ON).replace("</b>", _BOLD_OFF)
    return parse_html(text)


def button_rows(sent: Sent, address: str = "") -> list[str]:
    """The inline buttons, numbered (``address``.1, .2… for an alert's); a reply keyboard's
    buttons are named."""
    markup = sent.reply_markup or {}
    lines, number = [], 1
    for row in markup.get("inline_keyboard", []):
        labels = []
        for button in row:
            labels.append(f"[{address}{number}] {button['text']}")
            number += 1
        lines.append("  ".join(labels))
    for row in markup.get("keyboard", []):
        lines.append("  ".join(f"(keyboard: {b['text']})" for b in row))
    return lines


def _data(sent: Sent) -> list[str]:
    return [
        b.get("callback_data", "")
        for row in (sent.reply_markup or {}).get("inline_keyboard", [])
        for b in row
    ]


def _is_alert(data: Sequence[str]) -> bool:
    """Whether a message's buttons are an alert's (they act on one story)."""
    return bool(data) and all(d.startswith(f"{ON_ALERT.name}:") for d in data)


class Chat:
    """The terminal side: prints what the bot sends, sends what the person types.

    Buttons are tapped by number. A menu's (an answer to what you typed: /list, /settings)
    are 1, 2, 3… and always belong to the newest menu; an alert's are addressed by the
    alert's own number, 3.1, 3.2…, so an alert arriving while you read a menu never takes
    its numbers over."""

    def __init__(self, emulator: BotApiEmulator, out: TextIO) -> None:
        self._emulator = emulator
        self._out = out
        self._shown: dict[int, str] = {}  # message id -> text as last printed
        self._answers: set[str] = set()
        self._menu: Sent | None = None  # the newest message with buttons that is no alert
        self._alerts: dict[int, int] = {}  # message id -> the alert's number
        self._language = "en"
        self.last_output = time.monotonic()

    def _print(self, prefix: str, text: str, extra: Sequence[str] = ()) -> None:
        lines = text.splitlines() or [""]
        body = [f"{prefix}{lines[0]}", *(f"      {line}" for line in lines[1:])]
        body += [f"      {line}" for line in extra]
        self._out.write("\n".join(body) + "\n")
        self._out.flush()
        self.last_output = time.monotonic()

    def note(self, text: str) -> None:
        """A line from ``try`` itself (not from the bot)."""
        self._print("      ", f"({text})")

    def show_new(self) -> None:
        """Print messages and edits that arrived since the last call, and tap answers."""
        for sent in self._emulator.messages_to(USER):
            shown = readable(sent, bold=self._out.isatty())
            key = shown + repr(sent.reply_markup)
            if self._shown.get(sent.message_id) == key:
                continue
            edited = sent.message_id in self._shown
            self._shown[sent.message_id] = key
            data = _data(sent)
            address = ""
            if _is_alert(data) or sent.message_id in self._alerts:
                number = self._alerts.setdefault(sent.message_id, len(self._alerts) + 1)
                address = f"{number}."
            elif data:
                self._menu = sent
            self._print("bot ✎ " if edited else "bot › ", shown, button_rows(sent, address))
        for query_id, answer in list(self._emulator.callback_answers.items()):
            if query_id not in self._answers:
                self._answers.add(query_id)
                if answer:
                    self._print("bot ⓘ ", answer)

    def received(self, wanted: str) -> bool:
        """Whether a message containing ``wanted`` has arrived."""
        return any(wanted in readable(m) for m in self._emulator.messages_to(USER))

    def _tap(self, line: str) -> bool:
        """Tap the button ``line`` names (``2`` on the newest menu, ``3.1`` on alert 3);
        False if it names none."""
        alert, dot, number = line.rpartition(".")
        if not number.isdigit() or (dot and not alert.isdigit()):
            return False
        if dot:
            ids = [m for m, n in self._alerts.items() if n == int(alert)]
            target = next(
                (m for m in self._emulator.messages_to(USER) if m.message_id in ids), None
            )
        else:
            target = self._menu
        data = _data(target) if target is not None else []
        if target is None or not 1 <= int(number) <= len(data):
            self.note(f"no button {line} here: type the number in brackets")
            return True
        self._emulator.user_taps(target, data[int(number) - 1])
        return True

    def send(self, line: str) -> bool:
        """Act on one typed line; False to stop."""
        line = line.strip()
        if not line:
            return True
        if line in (":quit", ":q", "/quit"):
            return False
        self._print("you › ", line)
        if re.fullmatch(r"\d+(\.\d+)?", line) and self._tap(line):
            return True
        command, _sep, rest = line.partition(" ")
        if command == ":location":
            parts = rest.split()
            with contextlib.suppress(ValueError, IndexError):
                self._emulator.user_shares_location(USER, float(parts[0]), float(parts[1]))
                return True
            self.note("write :location LATITUDE LONGITUDE, e.g. :location 50.45 30.52")
        elif command == ":language":
            self._language = rest.strip() or "en"
            self.note(f"your Telegram app now says its language is {self._language!r}")
        elif command == ":file":
            self._send_file(Path(rest.strip()).expanduser())
        elif re.fullmatch(r":[a-z]+", command):  # a typo of ours, not text for the bot
            self.note(
                f"{command} is no command of this terminal: :location LAT LON, :language CODE, "
                ":file PATH, :quit (and in a script, :wait TEXT)"
            )
        else:
            self._emulator.user_sends(USER, line, language=self._language)
        return True

    def _send_file(self, path: Path) -> None:
        """Send a file (an OPML list of feeds to follow, say) as a document."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.note(f"{path}: {exc.strerror or exc}")
            return
        self._emulator.user_sends_document(USER, path.name, data)


def _reachable(url: str, timeout: float = 2.0) -> bool:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return True
    except OSError:
        return False


def _settings(folder: Path, emulator: BotApiEmulator, sources: list[dict[str, Any]]) -> Settings:
    """The embedded configuration: the emulator as Telegram, a throwaway database."""
    config = folder / "try.toml"
    lines = [
        "[telegram]", f'token = "{TOKEN}"', f'api_url = "{emulator.url}"', "poll_timeout = 1",
        "[storage]", f'database = "{folder / "livebot.sqlite3"}"',
        "[ingest]", 'allow_networks = ["127.0.0.1/32"]',
        # A link followed here is polled every 10 s, not every 5 minutes: a try is short.
        "[user_sources]", 'allow_networks = ["127.0.0.1/32"]', "interval = 10",
        "[delivery]", "private_interval = 0.2",
    ]  # fmt: skip
    for source in sources:
        lines += ["[[sources]]", *(f"{k} = {v!r}".replace("'", '"') for k, v in source.items())]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_settings(config, environ={})


async def _ready(emulator: BotApiEmulator, task: asyncio.Task[None]) -> None:
    while not (emulator.commands and any(m == "getUpdates" for m, _ in emulator.calls)):
        if task.done():
            task.result()
        await asyncio.sleep(0.05)


def real_sources(config: Path | None, demo: bool, out: TextIO) -> list[dict[str, Any]]:
    """The config's polled sources (the given one, else the default if it exists) when the
    first can be reached from here; else none, and the demo feed is used."""
    if demo:
        return []
    if config is None:
        if not Path(DEFAULT_CONFIG).is_file():
            return []
        config = Path(DEFAULT_CONFIG)
    try:
        configured = load_settings(config, environ={"TELEGRAM_BOT_TOKEN": TOKEN}).sources
    except ConfigError as exc:
        out.write(f"({exc}: using the demo feed)\n")
        return []
    polled = [s for s in configured if s.url]
    if polled and _reachable(polled[0].url or ""):
        return [{"name": s.name, "url": s.url, "interval": int(s.interval)} for s in polled]
    if polled:
        out.write(f"({config}: its sources cannot be reached from here: the demo feed)\n")
    return []


async def session(
    *,
    real: list[dict[str, Any]],
    script: list[str] | None,
    every: float = 5.0,
    out: TextIO = sys.stdout,
) -> int:
    """Run the bot and the chat until the person quits or the script ends."""
    from bot.app import run  # the Application and its libraries, after the arguments

    started = time.perf_counter()
    emulator = BotApiEmulator()
    await emulator.start()
    feed: DemoFeed | None = None
    sources = list(real)
    if not sources:
        feed = DemoFeed(every)
        await feed.start()
        sources = [{"name": "Demo desk", "url": feed.url, "interval": 2}]
    with tempfile.TemporaryDirectory(prefix="livebot-try-") as folder:
        settings = _settings(Path(folder), emulator, sources)
        stop = asyncio.Event()
        task = asyncio.create_task(run(settings, stop), name="livebot")
        chat = Chat(emulator, out)
        try:
            await _ready(emulator, task)
            out.write(
                f"Livebot is running (ready in {time.perf_counter() - started:.1f} s) with "
                f"{', '.join(s['name'] for s in sources)}; no token, nothing leaves this "
                "machine.\nType as you would in Telegram (/help), a number in brackets to tap "
                "a button (2, or 3.1 on alert 3), :quit to end.\n\n"
            )
            out.flush()
            chat.send("/start")
            await _settle(chat, time.monotonic() - 0.001)
            await (_replay(chat, script) if script is not None else _interactive(chat))
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 15)
            if feed is not None:
                await feed.stop()
            await emulator.stop()
    return 0


async def _settle(chat: Chat, before: float) -> None:
    """Wait until the bot has answered (new output) and then been quiet a moment."""
    deadline = time.monotonic() + _ANSWER_WITHIN
    while time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        chat.show_new()
        if chat.last_output > before and time.monotonic() - chat.last_output > _QUIET:
            return


async def _replay(chat: Chat, script: list[str]) -> None:
    for line in script:
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith(":wait "):
            wanted = line.removeprefix(":wait ").strip()
            deadline = time.monotonic() + WAIT_SECONDS
            while not chat.received(wanted):
                chat.show_new()
                if time.monotonic() > deadline:
                    chat.note(f"nothing with “{wanted}” arrived in {WAIT_SECONDS:g} s; going on")
                    break
                await asyncio.sleep(0.2)
            chat.show_new()
            continue
        if not chat.send(line):
            return
        await _settle(chat, time.monotonic() - 0.001)


async def _interactive(chat: Chat) -> None:
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line)
        loop.call_soon_threadsafe(lines.put_nowait, None)

    loop.run_in_executor(None, read)
    while True:
        chat.show_new()
        try:
            line = await asyncio.wait_for(lines.get(), 0.2)
        except TimeoutError:
            continue
        if line is None or not chat.send(line):
            return


def main(*, demo: bool, config: Path | None, script: Path | None, every: float) -> int:
    """Entry point of ``livebot try``."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        lines = script.read_text(encoding="utf-8").splitlines() if script is not None else None
    except (OSError, UnicodeDecodeError) as exc:
        print(f"livebot: {script}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    try:
        real = real_sources(config, demo, sys.stdout)
        return asyncio.run(session(real=real, script=lines, every=every))
    except KeyboardInterrupt:
        return 0
