"""The message catalogs match the code: every message the code can show is translated in
every language, no translation is left over, and each keeps its fields, tags and plurals."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot import i18n

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "_n": (1, 2), "N_": None}
TRANSLATED = [language for language in i18n.LANGUAGES if language != i18n.DEFAULT]


def _in_code() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for _name, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "bot"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _catalog(language: str) -> Catalog:
    with (ROOT / "locales" / language / "LC_MESSAGES" / "livebot.po").open("rb") as file:
        return read_po(file, locale=language)


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)[^}]*\}", text))


def _tags(text: str) -> Counter[str]:
    return Counter(re.findall(r"</?\w+>", text))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_unused(language: str) -> None:
    """A message the code shows but the catalog lacks (or has empty or fuzzy) fails, and so
    does a catalog entry no code shows any more."""
    code = _in_code()
    catalog = _catalog(language)
    ids = {m.id if isinstance(m.id, str) else (m.id[0], m.id[1]) for m in catalog if m.id}
    assert sorted(map(str, code - ids)) == [], "run pybabel extract and update (README)"
    assert sorted(map(str, ids - code)) == [], "unused messages: pybabel update drops them"
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_fields_and_html_tags(language: str) -> None:
    """Every {field} and every HTML tag of a message is in each of its translations (a
    missing field would fail at run time; an unbalanced tag, at Telegram)."""
    for message in _catalog(language):
        if not message.id:
            continue
        source = message.id[1] if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            assert _fields(form) == _fields(source), (message.id, form)
            assert _tags(form) == _tags(source), (message.id, form)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1 source", "2 sources", "5 sources", "11 sources", "21 sources"]),
        ("uk", ["1 джерело", "2 джерела", "5 джерел", "11 джерел", "21 джерело"]),
        ("ru", ["1 источник", "2 источника", "5 источников", "11 источников", "21 источник"]),
    ],
)
def test_plural_forms_follow_each_language(language: str, expected: list[str]) -> None:
    """Counted words take the form each language's rules ask for (three in Ukrainian and
    Russian: 1 джерело, 2 джерела, 5 джерел, 21 джерело)."""
    with i18n.using(language):
        texts = [
            i18n._n(
                "🗞 Also reported by {n} source: {names}",
                "🗞 Also reported by {n} sources: {names}",
                n,
                names="X",
            )
            for n in (1, 2, 5, 11, 21)
        ]
    words = [re.search(r"\d+ \w+", text).group(0) for text in texts]  # type: ignore[union-attr]
    assert words == expected


def test_unknown_languages_fall_back_to_english_and_regional_codes_to_their_language() -> None:
    """Telegram's language_code may be regional or one we do not speak."""
    assert [i18n.supported(c) for c in ("uk", "ru-RU", "en-GB", "de", None, "")] == [
        "uk", "ru", "en", "en", "en", "en",
    ]  # fmt: skip


def test_compiled_catalogs_say_the_same_as_the_sources(tmp_path: Path) -> None:
    """What the build compiles (``.mo``) reads back as the ``.po`` says."""
    import gettext
    import io

    for language in TRANSLATED:
        compiled = gettext.GNUTranslations(io.BytesIO(i18n.compile_po(ROOT / "locales" / language)))
        catalog = _catalog(language)
        for message in catalog:
            if message.id and isinstance(message.id, str):
                assert compiled.gettext(message.id) == message.string
