"""Ukrainian and Russian words to their dictionary form, so a topic matches every inflection.

Snowball stemmers cut endings, which serves English but not the Slavic case system:
"Києві", "Києва" and "Київ" share no stem, nor do "переговорів" and "переговори". pymorphy3
with its Ukrainian and Russian dictionaries gives each word's lemma instead ("київ",
"переговори"), for topics and stories alike, so both sides meet in the same term.

Which language a word is read in: a text with more Ukrainian-only letters (і ї є ґ) than
Russian-only ones (ы э ъ ё) is Ukrainian, otherwise Russian; a word the other language's
dictionary knows and this one does not is read in the other ("обстрел" in a Ukrainian
text). Among a word's readings, a thing or a place is preferred to a person's name
("у Києві" is Kyiv, not a man called Кий; "Львові" is Lviv, not Mr Lvov). Apostrophes
(' ʼ ’) inside words are one letter to the dictionary and dropped from the term.

The dictionaries (about 40 MB in memory for both) load on the first Cyrillic word; lemmas
are cached. Safe to call from any thread (the analysers are shared behind a lock).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from itertools import islice
from typing import Any

_UK_ONLY = frozenset("іїєґІЇЄҐ")
_RU_ONLY = frozenset("ыэъёЫЭЪЁ")
_PERSON = frozenset({"Name", "Surn", "Patr"})
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
APOSTROPHES = "'ʼ’"
_NO_APOSTROPHES = str.maketrans("", "", APOSTROPHES)
_lock = threading.Lock()
_analysers: dict[str, Any] = {}
_OTHER = {"uk": "ru", "ru": "uk"}


_WORD = re.compile(r"[\u0400-\u04ff'ʼ’]+")
_VOTERS = 80


def language_of(text: str, declared: str | None = None) -> str:
    """'uk' or 'ru' for a Cyrillic text: as declared (a feed's "ru-RU"), else by the letters
    only one of them has (і ї є ґ / ы э ъ ё, three votes each) and by which dictionary knows
    each of its first words and the other does not (one vote each); ties are Ukrainian.
    Letters alone misread 13 % of a Russian feed's entries (AiF), which have none."""
    base = (declared or "").split("-")[0].lower()
    if base in ("uk", "ru"):
        return base
    votes = 3 * (
        sum(text.count(char) for char in _UK_ONLY) - sum(text.count(char) for char in _RU_ONLY)
    )
    words = (match.group().lower() for match in islice(_WORD.finditer(text), _VOTERS))
    votes += sum(map(_vote, words))
    return "ru" if votes < 0 else "uk"


@lru_cache(maxsize=100_000)
def _vote(word: str) -> int:
    """A word's vote for Ukrainian (1) or Russian (-1): which dictionary alone knows it."""
    return int(known_word(word, "uk")) - int(known_word(word, "ru"))


def _analyser(language: str) -> Any:
    if language not in _analysers:
        import pymorphy3

        _analysers[language] = pymorphy3.MorphAnalyzer(lang=language)
    return _analysers[language]


_FUNCTION = frozenset({"CONJ", "PRCL", "ADVB", "NPRO", "PREP", "INTJ", "PRED", "NUMR", "COMP"})
_CLOSED = frozenset({"CONJ", "PRCL", "NPRO", "PREP"})


def _readings(word: str, language: str) -> list[Any]:
    """A word's readings (pymorphy3 parses), in ``language``'s dictionary, or in the other
    one's if only that one knows the word ("обстрел" in a Ukrainian text). The word is
    lower-cased, with its apostrophes made one."""
    word = word.lower().replace("ʼ", "'").replace("’", "'")
    other = _OTHER.get(language, "uk")
    with _lock:
        analyser = _analyser(language)
        if not analyser.word_is_known(word) and _analyser(other).word_is_known(word):
            analyser = _analyser(other)
        return list(analyser.parse(word))


def without_apostrophes(text: str) -> str:
    """``text`` with every apostrophe left out: "об'єкт", "обʼєкт" and "об’єкт" are one word,
    and dictionary forms are written without it ("придністровя")."""
    return text.translate(_NO_APOSTROPHES)


def apostrophe_spellings(text: str) -> tuple[str, ...]:
    """``text`` with its apostrophes written in each of the ways Ukrainian texts write them,
    and without: a name is found however its text writes "Об'єднані", "Обʼєднані" or
    "Об’єднані"."""
    if not any(mark in text for mark in APOSTROPHES):
        return (text,)
    one = text.replace("ʼ", "'").replace("’", "'")
    return (one, *(one.replace("'", mark) for mark in APOSTROPHES[1:]), without_apostrophes(text))


def _dictionary_form(reading: Any) -> str:
    return without_apostrophes(str(reading.normal_form))


def _is_person(tag: Any) -> bool:
    """A reading as a person: a name, surname or patronymic, or an animate noun."""
    return bool(_PERSON & tag.grammemes) or {"NOUN", "anim"} <= tag.grammemes


def knows_place(word: str, language: str) -> bool:
    """Whether ``language``'s dictionary has the word as a noun that is not a person's name
    ("Купенко" is a surname and "Купецький" an adjective, not Kupiansk)."""
    with _lock:
        analyser = _analyser(language)
        if not analyser.word_is_known(word.lower()):
            return False
        readings = analyser.parse(word.lower())
    return any(
        reading.tag.POS == "NOUN" and not _PERSON & reading.tag.grammemes for reading in readings
    )


def names_a_thing(word: str, language: str) -> bool:
    """Whether ``language``'s dictionary has the word itself as the dictionary form of a
    noun for a thing or a place ("кишинів", "сизрань"), not an inflected form of another
    word ("кані" is "каня"'s), a person's name nor a living being."""
    word = word.lower()
    with _lock:
        analyser = _analyser(language)
        if not analyser.word_is_known(word):
            return False
        readings = analyser.parse(word)
    return any(
        reading.tag.POS == "NOUN" and reading.normal_form == word and not _is_person(reading.tag)
        for reading in readings
    )


def could_be_a_place_in_russian(word: str) -> bool:
    """Whether the Russian dictionary, which marks places' names (OpenCorpora's Geox), reads
    the word as a place's name or does not know it: "Сызрань" and "Нагасаки" could be
    places, "саммит" and "лира" are words."""
    return not known_word(word, "ru") or geographic(word)


def known_word(word: str, language: str) -> bool:
    """Whether ``language``'s dictionary has the word at all (in any part of speech)."""
    with _lock:
        return bool(_analyser(language).word_is_known(word.lower()))


def geographic(word: str) -> bool:
    """Whether the Russian dictionary marks the word as a place name ("Техас", "Газа"; the
    Ukrainian dictionary has no such mark)."""
    return any("Geox" in reading.tag.grammemes for reading in _readings(word, "ru"))


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    """The dictionary form of a Cyrillic word read as ``language`` ('uk' or 'ru'), without
    apostrophes; a thing or place before a person's name ("києві" is київ, not кий)."""
    readings = _readings(word, language)
    chosen = next((r for r in readings if not _PERSON & r.tag.grammemes), readings[0])
    return _dictionary_form(chosen)


@lru_cache(maxsize=50_000)
def a_persons_name(word: str, language: str) -> bool:
    """Whether the word can be a person's name, surname or patronymic ("Володимир",
    "Шевченка"), not merely a word for people ("Мешканці", "Жители", "Захисники")."""
    return any(_PERSON & reading.tag.grammemes for reading in _readings(word, language))


@lru_cache(maxsize=50_000)
def role(word: str, language: str) -> str:
    """What a capitalised word at hand most likely is, for the place tagger: "function" (a
    conjunction, particle, adverb, pronoun… in any reading: "Але", "Так", "Там", "Вона" are
    never places, whatever towns abroad are called so), "surname" (read first as a surname:
    "Шевченка"), "name" (it can be a person: "Володимир"), or "" (anything else)."""
    readings = _readings(word, language)
    first = readings[0].tag
    # Function words are the dictionary's own: a guess from an unknown word's ending is no
    # evidence ("Угледаром" ends like the adverb "даром").
    if readings[0].is_known and (first.POS in _FUNCTION or "Apro" in first.grammemes):
        return "function"
    if any(r.tag.POS in _CLOSED and r.is_known for r in readings):  # "Вона": also a pronoun
        return "function"
    if "Surn" in first.grammemes and all(_is_person(r.tag) for r in readings):
        return "surname"
    if any(_is_person(r.tag) for r in readings):
        return "name"
    return ""


_DISTRICT_NAME = re.compile(
    r"([А-ЯЄІЇҐ][а-яєіїґ'ʼ’]+(?:-[А-ЯЄІЇҐ][а-яєіїґ'ʼ’]+)?[а-яєіїґ'ʼ’]{2,}?)"
    r"(?:щин|чин)(?:а|и|і|у|ою|е|ой|ы)"
)
"""A district's everyday name after its town ("Нікопольщині", "Бахмутчину")."""
_NOT_DISTRICTS = frozenset(
    word.casefold()
    for word in (
        "Батьківщина Батьківщини Батьківщині Батьківщину Батьківщиною Козаччина Гетьманщина "
        "Московщина Галичина Слобожанщина Вітчизна Неньківщина"
    ).split()
)
"""Words of the same shape that are no town's district: a party ("Батьківщина"), eras and
historical lands."""


def fleeting_vowel_names(stem: str) -> list[str]:
    """Town names a derived word's stem comes from with a vowel the derivation drops or
    changes (Ukrainian's fleeting е and і/о), for both a town's adjective and its
    district's everyday name: "Лубен(ський)" -> Лубни, "Ромен(щина)" -> Ромни,
    "Рівнен(ський)" -> Рівне, "Дубнен(ський)" -> Дубно, "Керчен(ський)" -> Керч,
    "Лозів(щина)" -> Лозова, "Сватів(ський)" -> Сватове, "Пологів(ський)" -> Пологи,
    "Антрацитів(ський)" -> Антрацит, "Шосткин(щина)" -> Шостка. Case as given."""
    found: list[str] = []
    if stem.endswith("ен"):
        found += [stem[:-2] + n + vowel for n in ("н", "") for vowel in ("и", "е", "о", "а")]
        found.append(stem[:-2])
    if stem.endswith("ів"):
        found += [stem[:-2] + "ов" + vowel for vowel in ("а", "е", "о")]
        found += [stem[:-2] + vowel for vowel in ("и", "і", "")]
    if stem.endswith("ин"):  # "Шосткин(щина)" -> Шостка, "сочин(ский)" -> Сочи
        found += [stem[:-2] + vowel for vowel in ("а", "и", "ы", "і")]
    return found


def district_towns(word: str) -> tuple[str, ...]:
    """The names of the town a district's everyday name may be named for: "Нікопольщина" is
    the country around Nikopol, "Краматорщина" around Kramatorsk, "Бахмутчина" around
    Bakhmut, "Лозівщина" around Lozova, "Калущина" around Kalush (a region's, "Харківщина",
    is a name of its own and found before this is asked). The district is alerted as its
    town."""
    found = _DISTRICT_NAME.fullmatch(word)
    if found is None or word.casefold() in _NOT_DISTRICTS:
        return ()
    stem = found.group(1)
    towns = [stem + "ськ", stem + "ск", stem, stem + "ь", stem + "и", stem + "ка", stem + "ш"]
    towns += fleeting_vowel_names(stem)  # "Лозівщина", "Шосткинщина", "Роменщина"
    if stem.endswith("ь"):  # "Тульщина" -> Тула
        towns.append(stem[:-1] + "а")
    if stem.endswith("ж"):  # "Калужчина" -> Калуга
        towns.append(stem[:-1] + "га")
    if stem.endswith("ч"):  # "Липеччина" -> Липецк
        towns += [stem[:-1] + "цьк", stem[:-1] + "цк"]
    towns.append(stem + "ський")  # "Білгород-Дністровщина"
    return tuple(
        dict.fromkeys(spelled for town in towns for spelled in (town, without_apostrophes(town)))
    )


@lru_cache(maxsize=50_000)
def place_forms(word: str, language: str) -> tuple[str, ...]:
    """The dictionary forms a capitalised word may have as a place name, likeliest first:
    nouns for things before other readings, people's names last ("Краматорська" is first
    the genitive of Краматорськ, then the adjective "краматорський"), then a plural noun's
    plural ("под Лисками" is Лиски, which the dictionary reads as a squirrel's plural)."""

    def rank(reading: Any) -> int:
        if _PERSON & reading.tag.grammemes:
            return 2
        return 0 if reading.tag.POS == "NOUN" else 1

    ordered = sorted(_readings(word, language), key=rank)  # stable within a rank
    forms = [_dictionary_form(r) for r in ordered]
    forms += [plural for plural, _ in _plural_readings(word, language)]  # "под Лисками"
    if not known_word(word, language) and not known_word(word, _OTHER[language]):
        forms += _soft_sign_forms(word.lower())
    return tuple(dict.fromkeys(forms))


_SOFT_ENDINGS = ("і", "ю", "я", "ем", "єм")


def _soft_sign_forms(word: str) -> list[str]:
    """Nominatives ending in a soft sign that an inflected name the dictionaries do not know
    may have: their guesses read "Ірпіні" as Ірпіна or Ірпін, not Ірпінь ("в Ірпені", with
    the е the nominative writes і, is Ірпінь too)."""
    ending = next((e for e in _SOFT_ENDINGS if word.endswith(e)), None)
    if ending is None or len(word) < len(ending) + 3:
        return []
    stem = word[: -len(ending)]
    forms = [stem + "ь"]
    at = stem.rfind("е")
    if at >= len(stem) - 2:  # the last syllable's е
        forms.append(f"{stem[:at]}і{stem[at + 1 :]}ь")
    return forms


_ADJECTIVAL = frozenset({"ADJF", "PRTF"})
"""Parts of speech that stand before a name's noun as its adjective: Russian's dictionary
reads "Соединённых", "Объединённых" as participles."""


@lru_cache(maxsize=10_000)
def before_noun(word: str, language: str, gender: str = "femn") -> str:
    """An adjective as it stands in a region's name, before its noun ("область" feminine,
    "воєводство" neuter, "край" masculine), singular, nominative: "Донецької" ->
    "донецька", "Харьковской" -> "харьковская", "Люблінському" -> "люблінське"."""
    for reading in _readings(word, language):
        if reading.tag.POS in _ADJECTIVAL:
            with _lock:  # inflecting reads the dictionary too
                # The Ukrainian dictionary marks no number on adjectives.
                form = reading.inflect({"nomn", "sing", gender}) or reading.inflect(
                    {"nomn", gender}
                )
            if form is not None:
                return str(form.word)
    return word.lower()


_POSSESSIVE_SHORT = {"овий": "ів", "евий": "ів", "євий": "їв", "овой": "ов", "евой": "ев"}
_POSSESSIVE = re.compile("(?:" + "|".join(_POSSESSIVE_SHORT) + ")$")
"""A possessive adjective's full form to its short one, which names use ("Часів Яр",
"Часов Яр")."""


def noun_phrase_forms(words: Sequence[str], language: str) -> list[str]:
    """The dictionary forms words may have as a name made of adjectives and a noun,
    likeliest first, lower-case: each adjective agreeing with each of the noun's readings
    ("Кривому Розі" is "крива роза" or "кривий ріг"), a possessive one also in its short
    form, as names write it ("Часовим Яром" is "часів яр"); a plural noun also in the
    plural ("Сполучених Штатах" is "сполучені штати", "Об'єднаних Арабських Еміратах"
    "об'єднані арабські емірати"). None unless every word before the last is an adjective.
    The tagger and `/place` read such names alike through this."""
    *adjectives, noun_word = words
    if not adjectives or not all(_adjectival(word, language) for word in adjectives):
        return []
    forms: list[str] = []
    readings = (*noun_readings(noun_word, language), *_plural_readings(noun_word, language))
    for noun, gender in readings:
        agreeing = " ".join(before_noun(word, language, gender) for word in adjectives)
        short = _POSSESSIVE.sub(lambda found: _POSSESSIVE_SHORT[found.group(0)], agreeing)
        forms += (f"{agreeing} {noun}", f"{short} {noun}")
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=20_000)
def noun_readings(word: str, language: str) -> tuple[tuple[str, str], ...]:
    """The word's readings as a noun of a gender ("masc", "femn", "neut"), each as its
    dictionary form and gender, likeliest first: what an adjective before it agrees with
    ("Північній Кароліні" -> каролина, femn, so the adjective's form is "північна"; "Розі"
    is a rose's, then "Ріг"'s, so "Кривому Розі" is "Кривий Ріг")."""
    return tuple(
        dict.fromkeys(
            (_dictionary_form(reading), str(reading.tag.gender))
            for reading in _readings(word, language)
            if reading.tag.POS == "NOUN" and reading.tag.gender
        )
    )


@lru_cache(maxsize=50_000)
def _adjectival(word: str, language: str) -> bool:
    """Whether the word can be an adjective (or a participle) before a noun."""
    return any(reading.tag.POS in _ADJECTIVAL for reading in _readings(word, language))


@lru_cache(maxsize=20_000)
def _plural_readings(word: str, language: str) -> tuple[tuple[str, str], ...]:
    """The word's readings as a plural noun, each in the plural nominative, with "plur" for
    the adjective before it to agree with ("Штатах" -> штати, "Эмиратах" -> эмираты)."""
    forms: list[tuple[str, str]] = []
    for reading in _readings(word, language):
        if reading.tag.POS == "NOUN" and reading.tag.number == "plur":
            with _lock:
                form = reading.inflect({"nomn", "plur"})
            if form is not None:
                forms.append((without_apostrophes(str(form.word)), "plur"))
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=20_000)
def agrees(adjective: str, noun: str, language: str) -> bool:
    """Whether the first word can be an adjective agreeing with the second read as a noun
    (case, and gender or the plural): "Белом доме", "Білому домі" are a noun phrase, so
    "Белом" is no place of its own; "Слов'янську вибух" is not one."""
    nouns = [r.tag for r in _readings(noun, language) if r.tag.POS == "NOUN"]
    return any(
        reading.tag.case == tag.case
        and (reading.tag.gender == tag.gender or reading.tag.number == tag.number == "plur")
        for reading in _readings(adjective, language)
        if reading.tag.POS == "ADJF"
        for tag in nouns
    )


@lru_cache(maxsize=50_000)
def adjective_lemma(word: str, language: str) -> str | None:
    """The dictionary form (masculine) of a word read as a full adjective, or None
    ("харківські" -> "харківський", "Московский" -> "московский")."""
    for reading in _readings(word, language):
        if reading.tag.POS == "ADJF":
            return _dictionary_form(reading)
    return None


_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


@lru_cache(maxsize=50_000)
def common_word(word: str, language: str) -> bool:
    """Whether the dictionary knows the word only as an everyday word, never as a name,
    place or organisation ("кампанія", "захід", "новые", "буде", "брод"): a town abroad
    that bears it needs more than the word to be meant."""
    lowered = word.lower()
    if not known_word(lowered, language):
        return False
    readings = _readings(lowered, language)
    return not any(_PROPER & r.tag.grammemes for r in readings)
