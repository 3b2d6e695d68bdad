"""Shortening text for a message: at a word boundary, marked with '…'.

Titles, leads, labels and button captions all have room for so many characters; each is
cut here, the same way, so no word is broken and the reader sees that something was left.
"""

from __future__ import annotations


def cut(text: str, limit: int) -> str:
    """Shorten to at most ``limit`` characters at a word boundary, marking the cut with '…'."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:-–—") + "…"
