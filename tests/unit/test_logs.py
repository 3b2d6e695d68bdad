"""Log formats: one JSON object per line with structured fields, and no token in either
format, in messages or tracebacks."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from bot import logs

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.parametrize("style", ["json", "text"])
def test_logs_are_structured_and_never_show_the_token(
    style: str, capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    logs.configure("INFO", style, TOKEN)
    log = logging.getLogger("bot.test")
    log.info("sent to %s", f"https://api.telegram.org/bot{TOKEN}/sendMessage",
             extra={"chat": 42, "outcome": "sent"})  # fmt: skip
    try:
        raise RuntimeError(f"request to /bot{TOKEN}/getMe failed")
    except RuntimeError:
        log.exception("failed", extra={"source": "Live desk"})
    written = capsys.readouterr().err
    assert TOKEN not in written and "123456:…" in written
    if style == "text":
        return
    first, second = (json.loads(line) for line in written.strip().splitlines())
    assert first["level"] == "INFO" and first["logger"] == "bot.test"
    assert first["chat"] == 42 and first["outcome"] == "sent"
    assert second["source"] == "Live desk" and "RuntimeError" in second["exc"]
