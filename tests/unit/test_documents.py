"""Untrusted JSON: nesting is counted on the text, so a deep document is refused without a
RecursionError ever being raised (on CPython 3.11.7 catching one could leave the interpreter's
recursion accounting off and break a later ``compile`` in the same process)."""

from __future__ import annotations

import pytest

from bot.ingest import documents
from bot.ingest.documents import MAX_JSON_DEPTH, JsonError, load_json, too_deep

CASES = {
    "flat object": ('{"a": 1}', False),
    "at the limit": ("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH, False),
    "one past the limit": ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), True),
    "brackets inside strings do not count": ('{"t": "' + "[" * 500 + '"}', False),
    "escaped quotes keep the string open": ('{"t": "\\"' + "{" * 500 + '"}', False),
    "100,000 deep": ("[" * 100_000 + "]" * 100_000, True),
    "bytes, UTF-8": ('{"заголовок": "[[["}'.encode(), False),
}


@pytest.mark.parametrize(("text", "deep"), CASES.values(), ids=CASES.keys())
def test_nesting_is_counted_on_the_text(text: str | bytes, deep: bool) -> None:
    """Only arrays and objects opened inside one another count, never brackets in strings."""
    assert too_deep(text) is deep


def test_a_deep_document_never_reaches_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal comes before ``json.loads``, which would recurse into every level."""
    parsed: list[object] = []
    real = documents.json.loads
    monkeypatch.setattr(documents.json, "loads", lambda *a, **k: parsed.append(a) or real(*a, **k))
    with pytest.raises(JsonError, match="nested more than 64 levels"):
        load_json(b"[" * 100_000 + b"]" * 100_000)
    assert parsed == []
    assert load_json('{"a": [1, {"b": "]]]"}]}') == {"a": [1, {"b": "]]]"}]}
