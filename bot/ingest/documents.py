"""Reading untrusted documents safely: JSON with bounded nesting, and links that may only
be absolute http(s) URLs.

A JSON document nested thousands of levels deep makes ``json.loads`` (and any recursive walk
after it) raise RecursionError, which is not a parse error anywhere; worse, on CPython 3.11.7
catching one can leave the interpreter's recursion accounting off, so that a later ``compile``
fails with "AST constructor recursion depth mismatch". The nesting is therefore counted on the
text, without recursion, before the parser sees it, and a document nested too deeply is refused
as malformed. A link from a document (a feed item, a live-blog update, a
pushed item) is resolved against the document's URL and kept only if it is http(s):
``javascript:``, ``data:`` and ``file:`` links never reach an alert.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

MAX_JSON_DEPTH = 64
_WEB = ("http", "https")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class ParseError(Exception):
    """The document is not one we can read; the message is shown to operators."""


class JsonError(ValueError):
    """The text is not JSON Livebot will read; the message says why."""


def load_json(text: str | bytes) -> Any:
    """Parse JSON nested at most ``MAX_JSON_DEPTH`` levels (raises JsonError)."""
    if too_deep(text):
        raise JsonError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text, strict=False)
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonError(str(exc)) from None


def too_deep(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text opens more than ``limit`` arrays or objects inside one another,
    counted on the text (strings left out) so that nothing recurses."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")  # brackets and quotes are ASCII in every JSON encoding
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def web_link(link: object, base: str) -> str:
    """``link`` as an absolute http(s) URL (resolved against ``base``), or '' if it is not
    one: a link that can only be opened in a browser, never a script or a local file."""
    if not isinstance(link, str) or not link.strip():
        return ""
    absolute = urljoin(base, link.strip())
    parts = urlsplit(absolute)
    return absolute if parts.scheme in _WEB and parts.hostname else ""
