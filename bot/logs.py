"""Log output: text for people, or one JSON object per line for log collectors.

``logging.format = "json"`` writes each record as ``{"time", "level", "logger", "message"}``
plus the structured fields a call passes in ``extra`` (``source``, ``chat``, ``outcome``)
and the traceback as ``exc``. Both formats pass the token guard of :mod:`bot.secrets`: the
message and traceback are redacted before either formatter sees them.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from bot import secrets

FIELDS = ("source", "chat", "outcome")
"""Structured fields a log call may pass in ``extra``."""
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_text:
            line["exc"] = record.exc_text
        elif record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(level: str, style: str, token: str) -> None:
    """Send logs to stderr in ``style`` ("text" or "json"), with the token redacted."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if style == "json" else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    secrets.guard_logs(token)
    # httpx logs every request URL (Bot API URLs carry the token: redacted, but noisy).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
