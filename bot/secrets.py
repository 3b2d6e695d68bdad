"""Keeping the bot token out of logs, messages and world-readable files.

The token is the bot: whoever reads it can send as the bot and read its updates. Bot API
URLs carry it (``…/bot<token>/sendMessage``) and python-telegram-bot logs those URLs at
DEBUG, so every log record passes :class:`RedactToken`, which replaces the token with the
bot id and a mark. Files the bot creates are private to its user (``umask 077``).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077


def shown(token: str) -> str:
    """How a token may appear anywhere: its bot id only ('123456:…')."""
    return f"{token.split(':', 1)[0]}:…" if ":" in token else "…"


def redact(text: str, token: str) -> str:
    """``text`` with every occurrence of ``token`` replaced by its shown form."""
    return text.replace(token, shown(token)) if token else text


class RedactToken(logging.Filter):
    """A handler filter: formats each record's message (and traceback) with the token
    redacted, so no logger, ours or a library's, can write it out."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = redact(message, self._token), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._token in record.exc_text:
            record.exc_text = redact(record.exc_text, self._token)
        return True


def guard_logs(token: str) -> None:
    """Redact the token in everything the root logger's handlers write."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))


def private_files() -> None:
    """Create every file from now on readable by this user only (database, WAL, heartbeat,
    lock)."""
    os.umask(PRIVATE_UMASK)


def readable_by_others(path: Path) -> bool:
    """Whether a file can be read by users other than its owner's group."""
    try:
        return bool(path.stat().st_mode & stat.S_IROTH)
    except OSError:
        return False
