"""Reading untrusted documents safely: JSON with bounded nesting, and links that may only
be absolute http(s) URLs.

A JSON document nested thousands of levels deep makes ``json.loads`` (and any recursive walk
after it) raise RecursionError, which is not a parse error anywhere; such a document is
refused as malformed instead. A link from a document (a feed item, a live-blog update, a
pushed item) is resolved against the document's URL and kept only if it is http(s):
``javascript:``, ``data:`` and ``file:`` links never reach an alert.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin, urlsplit

MAX_JSON_DEPTH = 64
_WEB = ("http", "https")


class ParseError(Exception):
    """The document is not one we can read; the message is shown to operators."""


class JsonError(ValueError):
    """The text is not JSON Livebot will read; the message says why."""


def load_json(text: str | bytes) -> Any:
    """Parse JSON nested at most ``MAX_JSON_DEPTH`` levels (raises JsonError)."""
    try:
        document = json.loads(text, strict=False)
    except RecursionError:
        raise JsonError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonError(str(exc)) from None
    _check_depth(document)
    return document


def _check_depth(document: Any) -> None:
    """Walk the document without recursion and refuse it past the depth limit."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise JsonError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict | list):
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def web_link(link: object, base: str) -> str:
    """``link`` as an absolute http(s) URL (resolved against ``base``), or '' if it is not
    one: a link that can only be opened in a browser, never a script or a local file."""
    if not isinstance(link, str) or not link.strip():
        return ""
    absolute = urljoin(base, link.strip())
    parts = urlsplit(absolute)
    return absolute if parts.scheme in _WEB and parts.hostname else ""
