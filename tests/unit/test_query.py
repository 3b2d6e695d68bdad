"""Topic syntax and matching: what a user typing /subscribe can rely on."""

from __future__ import annotations

import random
import threading

import pytest
import snowballstemmer
from wordfreq import top_n_list

from bot.match.query import Document, QueryError, parse_query
from bot.text.terms import stemmer_for, terms


def doc(text: str) -> Document:
    return Document(terms(text))


CASES = [
    # (query, text, matches, why)
    ("україна АБО росія", "Росія атакувала", True, "АБО joins alternatives as OR does"),
    ("украина ИЛИ россия", "Украина ответила", True, "ИЛИ too"),
    ("storm\x00 landfall", "Storm makes landfall", True, "a NUL in a topic is a space"),
    ("peace talks", "Talks on peace resumed in Istanbul", True, "all words, any order"),
    ("peace talks", "Peace is near", False, "every word is required"),
    ('"peace talks"', "Talks on peace resumed", False, "a quoted phrase needs its words together"),
    ('"peace talks"', "New peace talks in Istanbul", True, "a quoted phrase in order"),
    (
        "negotiation",
        "Negotiations over neutrality are entering a practical stage",
        True,
        "inflection: plural",
    ),
    ("negotiations", "The negotiation failed", True, "inflection: singular"),
    ("talks", "The cat stalks its prey", False, "word boundaries: talks is not stalks"),
    ("kyiv", "KYIV: explosions heard", True, "case-insensitive"),
    ("sao paulo", "Protests in São Paulo", True, "accent-insensitive"),
    ("São Paulo", "protests in sao paulo", True, "accents in the query are folded too"),
    ("election -poll", "Election day: turnout high", True, "exclusion absent"),
    ("election -poll", "Election poll shows a tie", False, "exclusion present"),
    ("election -polls", "Election poll shows a tie", False, "exclusions are stemmed too"),
    ('ceasefire -"gaza strip"', "Ceasefire holds in the Gaza Strip", False, "excluded phrase"),
    (
        'ceasefire -"gaza strip"',
        "Ceasefire holds; Gaza quiet, strip malls open",
        True,
        "excluded phrase only as a phrase",
    ),
    ("ukraine OR russia sanctions", "New sanctions on Russia", True, "OR binds tighter than AND"),
    (
        "ukraine OR russia sanctions",
        "Ukraine wins the match",
        False,
        "the AND part is still required",
    ),
    ("ukraine | russia", "Russia says", True, "| is OR"),
    ("right-wing", "A right wing activist", True, "hyphenated words are a phrase"),
    ("U.S. talks", "US talks with Iran", True, "initials: U.S. is US"),
    ("C++", "A.O.C. speaks", False, "C++ is not the letter c"),
    ("c#", "C# 13 released", True, "a sign ends the word"),
    ("U.S. talks", "U.S. talks with Iran", True, "abbreviation matches itself"),
    ("Київ", "Вибухи у Києві та Київ", True, "Cyrillic words match"),
    ("习近平", "习近平为何如此强调崇尚英雄", True, "Chinese matches inside unspaced text"),
    ("近习", "习近平为何如此强调崇尚英雄", False, "Chinese characters must be in order"),
    ("“peace talks”", "New peace talks", True, "typographic quotes work like straight ones"),
    (
        '"peace talks"',
        "Hopes for peace\nTalks resumed",
        False,
        "a phrase never spans two lines (title and body)",
    ),
]


@pytest.mark.parametrize(("query", "text", "expected", "why"), CASES, ids=[c[3] for c in CASES])
def test_matching(query: str, text: str, expected: bool, why: str) -> None:
    """Each case states the behaviour in its id."""
    assert parse_query(query).matches(doc(text)) is expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "at least one word"),
        ("!!! ???", "at least one word"),
        ("-poll -survey", "not only -exclusions"),
        (" ".join(f"w{i}" for i in range(40)), "at most 30"),
    ],
    ids=["empty", "punctuation only", "only exclusions", "too many terms"],
)
def test_unusable_topics_are_explained(query: str, message: str) -> None:
    """A topic that cannot match anything gets a reason the user can act on."""
    with pytest.raises(QueryError, match=message):
        parse_query(query)


def test_same_topic_written_differently_has_one_key() -> None:
    """'Peace Talks' and 'talks peace' are the same subscription."""
    assert parse_query("Peace Talks").key == parse_query("talks  peace").key
    assert parse_query("peace talks").key != parse_query('"peace talks"').key


def test_display_text_keeps_what_the_user_typed() -> None:
    """The topic is shown back as typed (whitespace tidied)."""
    assert parse_query('  "Peace   talks"  -Gaza ').text == '"Peace talks" -Gaza'


def test_stray_or_is_ignored() -> None:
    """A leading or trailing OR does not make the topic match everything."""
    query = parse_query("OR ceasefire OR")
    assert query.matches(doc("ceasefire agreed"))
    assert not query.matches(doc("nothing here"))


def test_stemming_from_several_threads_at_once_is_correct() -> None:
    """Entries are prepared in worker threads while topics are parsed on the event loop; a
    Snowball stemmer shared between threads returned other words' stems (and IndexError)."""
    words = top_n_list("en", 5000)
    expected = {w: snowballstemmer.stemmer("english").stemWord(w) for w in words}
    stem = stemmer_for("english")
    stem.cache_clear()  # type: ignore[attr-defined]
    wrong: list[str] = []

    def run(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(60_000):
            word = rng.choice(words)
            if stem(word) != expected[word]:
                wrong.append(word)
            if rng.random() < 0.05:
                stem.cache_clear()  # type: ignore[attr-defined]

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
