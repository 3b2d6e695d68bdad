"""Find the places a text talks about, as a careful human editor would.

All gazetteer names are found in one pass over the folded text (an Aho-Corasick automaton,
pyahocorasick); the longest match wins where names overlap ("New York" over "York"), and a
match must be a whole word. Then the rules against false friends:

* a name must be capitalised as written ("nice weather" is not Nice; scripts without case
  are exempt), and abbreviations must be spelled exactly ("US", not "us");
* a name that is also an everyday English word (see the gazetteer) is not a place by itself
  ("Mobile networks restored", "Nice weather"): it needs support — its country or state
  right after it ("Mobile, Alabama"), or, when it is not the first word of a sentence, a
  preposition before it and its country or state mentioned elsewhere in the text;
* a town's name right after another capitalised word is part of a longer name, usually a
  person's ("Jesse Jackson", "Austin Butler"), unless that word is a preposition or a
  direction ("In Kyiv", "Northern Kyiv"); countries and cities of a million people are
  exempt ("Paris" stays Paris);
* a name used for a person is theirs throughout the text (one sense per text: "President
  Barack Obama … Obama said", "Ms. Corby … Corby"), unless a preposition places it; a town
  that "says" something is a person ("Palma said");
* a name English writes very often that names only small towns, or is only other places'
  old names, is a false friend too ("Obama", "Olympic", "White House");
* an ambiguous name goes to the candidate whose country or state the text mentions, or which
  lies near the other places mentioned; failing that, to the most likely one (population).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Protocol
from urllib.parse import urlsplit

import ahocorasick
from rapidfuzz import fuzz

from bot.geo.aliases import COUNTRY_ADJECTIVES, DEMONYMS, LANDMARKS, STATE_ABBREVIATIONS
from bot.geo.arabic_names import ARABIC_COUNTRIES, LOWER_CASE_ARTICLE, unarticled
from bot.geo.distance import km_between
from bot.geo.gazetteer import Gazetteer, NameInfo, load
from bot.geo.place import COUNTY_NOUNS, NEWS_OWN_COUNTRIES, Place, PlaceKind, small_town
from bot.geo.residents import ENGLISH as ENGLISH_RESIDENTS
from bot.geo.residents import cyrillic_forms
from bot.text.morphology import (
    CYRILLIC,
    a_persons_name,
    adjective_lemma,
    agrees,
    before_noun,
    common_word,
    district_towns,
    fleeting_vowel_names,
    language_of,
    lemma,
    noun_phrase_forms,
    place_forms,
    role,
)
from bot.text.rarity import zipf
from bot.text.terms import fold, fold_with_offsets

MAX_TAGGED_CHARS = 200_000
_NEARBY_KM = 400.0
_NEARBY_DEGREES = _NEARBY_KM / 110.5  # a degree of latitude is more than 110.5 km
_PRIOR = 2.0
_COUNTRY_PRIOR = 4.0
"""What the likeliest reading of an ambiguous name weighs, against 3 for a country the text
names, 2 for a region, 1 for a city nearby (see :meth:`Tagger._resolve`); a country's name
weighs 4 for the country ("Palestine" in a story that names the US is not the Texan town)."""
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_LOCATIVE = frozenset(
    (
        "in at near from outside inside to toward towards into across around of via between "
        "off through throughout within"
        # and in Ukrainian and Russian (folded as the text is)
        " у в во на з із зі до під біля поблизу від через із-під из от под около возле"
    ).split()
)
_NO_PERSON_AFTER = frozenset("в во на під біля поблизу із-під под около возле".split())
"""Prepositions of place no person's name follows ("у Петренка" is "at Petrenko's", "від
Іванова" "from Ivanov"; "під Вугледарем", "в Торецке" are towns)."""
_COUNTY_NOUNS = tuple(noun.lower() for noun in COUNTY_NOUNS)
"""A US county's name ends so (folded): one many states bear needs the state named."""
_COUNTY_CITY = 100_000
"""A county's name many states bear means the county of a city this big in its state
without the text naming the state ("Dallas County")."""
_CONJUNCTIONS = frozenset("і й та и and or або или".split())
_LIST_KM = 100.0
"""How near another town of the text a small town in a list with it must lie ("Нікополь,
Марганець і Червоногригорівку": 10 km)."""
_MAYOR = frozenset("мер мера меру мером мері мэр мэра мэру мэром мэре".split())
"""A town's mayor before its name: "мера Черкас Сергія Одарича", "мер Алупки Андрій
Харитонов" name a town, though a person's name follows and "Черкас" is also a name."""
_NAMED_FOR = re.compile(
    r"(?:\b(?:імені|имени|святого|святої|святий|святой|святая|святителя|преподобного"
    r"|пам['ʼ’]ятник\w*|памятник\w*)|(?<!\w)(?:ім|им|св) ?\.)\s*(?:[А-ЯЄІЇҐЁ] ?\.\s*){0,2}$",
    re.IGNORECASE,
)
"""What stands before a person an institution, a street or a monument is named for ("ім. С.
П. Корольова", "имени Кирова", "святого Володимира", "пам'ятник Шевченку"): no town."""
_SENTENCE_END = frozenset(".!?\n\r\"“”'‘’:;([")
_DEMONYMS = frozenset(
    (
        "afghan albanian algerian american argentine armenian australian austrian azerbaijani "
        "bangladeshi belarusian belgian bolivian bosnian brazilian british bulgarian burmese "
        "cambodian canadian chechen chilean chinese colombian congolese crimean croatian cuban "
        "cypriot czech danish dutch egyptian emirati english eritrean estonian ethiopian "
        "european filipino finnish french georgian german greek haitian hungarian indian "
        "indonesian iranian iraqi irish israeli italian japanese jordanian kazakh kenyan "
        "korean kosovan kurdish kuwaiti kyrgyz latvian lebanese libyan lithuanian malian "
        "mexican moldovan mongolian moroccan nigerian norwegian pakistani palestinian polish "
        "portuguese qatari romanian russian saudi scottish serbian slovak slovenian somali "
        "spanish sudanese swedish swiss syrian taiwanese tajik thai tunisian turkish turkmen "
        "ukrainian uzbek venezuelan vietnamese welsh yemeni"
    ).split()
)
"""Nationality adjectives: before a place they say whose it is, not whom it names ("Russian
Belgorod", "Ukrainian Pokrovsk", "Lebanese Tyre")."""
_DIRECTION_WORDS = frozenset(
    (
        "north south east west northern southern eastern western central northeast northwest "
        "southeast southwest northeastern northwestern southeastern southwestern"
    ).split()
)
"""Directions, which begin areas' names in lower case too ("southeast Asia")."""
_NOT_A_NAME_PART = (
    _LOCATIVE
    | _DIRECTION_WORDS
    | frozenset(
        (
            "the a an and or but as for with by on after before since while during under over "
            "greater upper lower "
            "downtown new old st saint port fort mount lake metropolitan"
            # Ukrainian and Russian prepositions and conjunctions ("У Львові", "В Орске"),
            # folded as the text is (й is и)
            " у в з із зі зо під пiд над до від біля поблизу на за через для про о об при між"
            " та і и а але к с со из от под около возле близ между но"
        ).split()
    )
    | _DEMONYMS
)
_PREVIOUS_WORD = re.compile(r"(?:^|\s)([^\s]+) $")
_LATIN_NAME = re.compile(r"[a-z]")
_LATIN_LETTERS = re.compile(r"[A-Za-z]")
_LATIN_BEFORE = re.compile(r"[A-Z][A-Za-z'’.]*(?: (?:of|and|de|du|la|the|&))?(?: ?[&-] ?| )$")
_LATIN_AFTER = re.compile(r"(?: ?[&-] ?| )[A-Z]")
"""A capitalised Latin word before (perhaps with "of", "&" between) or after a name."""
_BIG_CITY = 1_000_000
_CAPITALISED_CYRILLIC = re.compile(
    r"(?<![\w'ʼ’-])[А-ЯЁЄІЇҐ][а-яёєіїґ'ʼ’]+(?:-[А-ЯЁЄІЇҐа-яёєіїґ][а-яёєіїґ'ʼ’]+)*(?![\w'ʼ’-])"
)
_ROMAN = re.compile(r"[IVXL]+")
_PART_NOUNS = ("район", "мікрорайон", "микрорайон", "обл")
"""Nouns an adjective names a place's part or region before ("у Шевченківському районі",
"Івано-Франківська обл.")."""
_LOWER_WORD_AFTER = re.compile(r" ([а-яёєіїґ][а-яёєіїґ'ʼ’]+)")
_WORD_AFTER = re.compile(r" ([а-яёєіїґА-ЯЁЄІЇҐ][а-яёєіїґ'ʼ’]+)")
_TWO_CYRILLIC = re.compile(
    r"(?<![\w'ʼ’-])(?=([А-ЯЁЄІЇҐ][а-яёєіїґ'ʼ’]+) ([А-ЯЁЄІЇҐ][а-яёєіїґ'ʼ’-]+)(?![\w'ʼ’-]))"
)
"""Two capitalised Cyrillic words, each pair of a run ("Президент Південної Кореї": both
"Президент Південної" and "Південної Кореї")."""
_PLACE_ADJECTIVE = re.compile(
    r"(?<![\w'ʼ’-])[А-ЯЁЄІЇҐа-яёєіїґ][а-яёєіїґ'ʼ’]*(?:ськ|цьк|зьк|ск|цк|зк)"
    r"(?:ий|ій|а|е|ого|ому|им|ім|ої|у|ою|і|их|ими|ая|ое|ой|ую|ие|ые|ых|ым|ыми|ом)(?![\w'ʼ’])"
)
"""Ukrainian and Russian adjectives of the kind places make ("київська", "российские")."""
_ADJECTIVE_ENDINGS = ("ськии", "цькии", "зькии", "скии", "цкии", "зкии", "скои")  # folded: й is и
_LISTED = r"(?:(?:\s*,|\s+(?:та|і|й|и))\s+\S+){0,8}"
"""The rest of a list of adjectives before their shared noun ("Сумська, Харківська та
Полтавська області"; "Миргородського, Лубенського та Полтавського районів")."""
_REGIONAL = re.compile(
    _LISTED + r"\s+"
    r"(?:обласн|областн|област(?:ях|ей|ям|ями|і|и)\b|обл\.|регіон|регион|народн\w*\s+республ"
    r"|облрад|облдерж|облгос|обладм|облвійськ|облсовет|облдум|(?-i:О[ВДГ]А)\b)",
    re.IGNORECASE,
)
"""A region's word after an adjective: its council ("Харківська обласна рада"), the
regions of a list ("у Сумській та Одеській областях", "в Белгородской и Курской областях",
"Харківська, Сумська та Чернігівська області", "Донецька, Луганська обл."), "Харківського
регіону", the occupied parts' "Донецкой Народной Республики", and the regional
administrations of the war's news by their abbreviations ("Харківська ОВА", "Херсонської
ОДА", "Одесская ОГА", "облрада", "облсовет")."""
_REGIONAL_AFTER = re.compile(
    r"(?:(?:,\s*|,?\s+(?:and|or)\s+)[A-Z][\w'’-]+)*\s+(?:[Rr]egional|[Oo]blasts|regions)\b"
)
"""An English name's region is meant: "the Kharkiv regional administration", each of a
list's "Kyiv, Chernihiv and Sumy oblasts", "Belgorod and Kursk regions"."""
_THE_CAPITAL = re.compile(r"(?<![\w-])[Сс]толиц(?:я|і|ю|ею|а|ы|е|у|ей)(?![\w-])")
_OF_WHAT = frozenset(
    fold(word)
    for word in (
        "країни країн держави держав регіону регіонів області областей республіки штату "
        "провінції краю частини світу імперії району округу "
        "страны стран государства государств региона регионов области областей республики "
        "штата провинции края части мира империи района округа"
    ).split()
)
"""What "the capital" is of when it is no country's own ("столиця країни", "столицы
региона"): another capital than the one the news is from."""
_DISTRICT = re.compile(
    _LISTED + r"\s+(?:район|р-н|громад|ОТГ|напрям|направлен|ТЕС|ТЕЦ|ГЕС|ТЭС|ТЭЦ|ГЭС)",
    re.IGNORECASE,
)
"""A district's, a community's or a front's noun after an adjective ("Зіньківського району",
"Миргородського та Кременчуцького районів", "Бучанської громади", "Шебекинского района",
"на Покровському напрямку"), or a power station's ("Бурштинська ТЕС", "Каховської ГЕС",
"Ладыжинская ТЭС"): the adjective names the town the district is called after and centred
on, the front is fought towards, or the station stands by, whatever its size."""
_ETHNIC_GROUP = re.compile(r"[ -]Americans?\b")
"""After a nationality word, a people of the United States ("African Americans", "Asian
American voters"), not news of Africa or Asia."""
_PEOPLES = {**DEMONYMS, **ENGLISH_RESIDENTS}
"""Nationality words and the English names of a city's or state's people ("Texans",
"Muscovites"; see :mod:`bot.geo.residents`), by the place key or country code they name."""
_TWO_WORD_NATIONS = tuple(
    sorted({f"{key.split()[0].capitalize()} " for key in _PEOPLES if " " in key})
)
"""The first words of two-word nationality words ("South African", "Sri Lankan", "New
Yorkers")."""


_NO_WORD_CHARACTER = re.compile(r"[^\w ]|_")  # spaces stay as they are
_READ_AS_WRITTEN = 0x100


def _word_starts(folded: str) -> str:
    """The folded text with every character that is no letter or digit a space, offsets
    kept: a name keyed after a space is found where a word starts."""
    return _NO_WORD_CHARACTER.sub(" ", folded)


def _demonym_automaton() -> ahocorasick.Automaton:
    """The nationality words as written in a sentence ("Ukrainian"), for one pass over a
    text: looking each capitalised word up took a tenth of the English tagger's time."""
    automaton = ahocorasick.Automaton()
    for key in _PEOPLES:
        word = key.split()[-1].capitalize()
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


_DEMONYM_WORDS = _demonym_automaton()


def _residents_automaton() -> ahocorasick.Automaton:
    """Every Ukrainian and Russian form of the residents' names of :mod:`bot.geo.residents`
    ("кияни", "харків'ян", "москвичей"), for one pass over a lower-cased text."""
    automaton = ahocorasick.Automaton()
    for form, key in cyrillic_forms():
        automaton.add_word(form, (len(form), key))
    automaton.make_automaton()
    return automaton


_RESIDENT_FORMS = _residents_automaton()
_CYRILLIC_LOWER = str.maketrans(
    "АБВГҐДЕЁЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя"
)
"""Cyrillic capitals to lower case, one letter for one (offsets stay as in the text)."""

_NOT_A_NATION = re.compile(r" (?:Ocean|Sea|Gulf|Peninsula|Subcontinent|Plate|Basin)\b")
_STATE_ABBREVIATION = re.compile(
    r", (" + "|".join(re.escape(a) for a in STATE_ABBREVIATIONS) + r")(?![\w.])"
)
_AFTER_A_FIGURE = re.compile(r"\d\s*$")
_MIN_ADJECTIVE_CITY = 100_000
"""A city's adjective names it only for cities this big: smaller towns' adjectives are as
often plain words ("морський" is no adjective of a town called Mor)."""
# After a dateline's place: an optional date or agency, then a dash ("KYIV (Reuters) - ",
# "KYIV, March 30 - ", "КИЇВ, 25 листопада – ").
_DATELINE = re.compile(
    r"(?:,[^\n,()–—-]{1,30}){0,2}\s*(?:\([^)\n]{1,40}\))?\s*(?:--|[–—-])\s"
)  # "LONDON -- ", "KYIV, Ukraine, March 30 (Reuters) - "
_DATELINE_CITY = re.compile(r"[A-ZА-ЯЁЄІЇҐ][A-ZА-ЯЁЄІЇҐ .'’-]+,\s*$")
"""A shouted city and a comma before a name: that name is the dateline's country or state."""
_AGENCY_OR_DATE = re.compile(r"\s*(?:\(|,\s*(?:\d|[^\W\d_]+\.?\s+\d))")
_SPEAKS = re.compile(
    r"\s+(?:(?:has|have|had|is|was|would|will|also|again|now|on \w+day)\s+)*"
    r"(?:says?|said|warn(?:s|ed)?|must|should|insist(?:s|ed)?|claim(?:s|ed)?|accuse[sd]?|"
    r"den(?:y|ies|ied)|reject(?:s|ed)?|want(?:s|ed)?|demand(?:s|ed)?|threaten(?:s|ed)?|"
    r"urge[sd]?|announc(?:e[sd]?|ing)|respond(?:s|ed)?|believes?|blame[sd]?|"
    r"заяви(?:в|ла|ли)|вимага(?:є|ла|в)|погрожу(?:є)|наполяга(?:є)|відкида(?:є)|звинувачу(?:є)|"
    r"заяви(?:л|ла|ли)|требу(?:ет)|угрожа(?:ет)|настаива(?:ет)|отверга(?:ет)|обвиня(?:ет))\b",
    re.IGNORECASE,
)
# "Донецької області", "Харьковской области", "Люблінському воєводстві", "Краснодарском
# крае": a region's name in any case; its noun in the nominative, and that noun's gender.
_REGION = re.compile(
    r"(?<![\w'ʼ’-])([А-ЯЁЄІЇҐ][а-яёєіїґ'ʼ’]+(?:-[А-ЯЁЄІЇҐа-яёєіїґ][а-яёєіїґ'ʼ’]+)*)\s+"
    r"(област[ьіиюе]\w*|обл\.|воєводств\w*|воеводств\w*|кра(?:й|ю|ї|єм|я|е|ем)|мор[еяію]\w*"
    r"|зато[кц]\w*|прото[кц]\w*|залив\w*|пролив\w*|океан\w*|[оО]стров(?:и|ів|ах|ам|ами|а|ов)"
    r"|в[иы]сот(?:и|ах|ам|ами|ы)?|долин\w*|[рР]еспубл[іи]к\w*|АЕС|АЭС|півостр\w*|полуостр\w*|кос[аиіуеояю]\w*)(?!\w)"
)
_REGION_NOUNS = (
    ("област", "область", "область", "femn"),
    ("обл", "область", "область", "femn"),  # "Волинська обл."
    ("воєводств", "воєводство", "воєводство", "neut"),
    ("воеводств", "воеводство", "воеводство", "neut"),
    ("кра", "край", "край", "masc"),
    ("мор", "море", "море", "neut"),  # "Чорному морі", "Азовского моря"
    ("зато", "затока", "затока", "femn"),  # "у Перській затоці"
    ("прото", "протока", "протока", "femn"),  # "Керченською протокою"
    ("залив", "залив", "залив", "masc"),  # "в Персидском заливе"
    ("пролив", "пролив", "пролив", "masc"),  # "Керченский пролив"
    ("океан", "океан", "океан", "masc"),  # "в Індійському океані"
    ("остров", "острови", "острова", "plur"),  # "на Канарських островах", "Фарерских островов"
    ("долин", "долина", "долина", "femn"),  # "в Кремниевой долине"
    ("півостр", "півострів", "півострів", "masc"),  # "на Кримському півострові"
    ("полуостр", "полуостров", "полуостров", "masc"),  # "на Кольском полуострове"
    ("кос", "коса", "коса", "femn"),  # "на Кінбурнській косі"
    ("республік", "республіка", "республіка", "femn"),  # "Чеченській республіці"
    ("республик", "республика", "республика", "femn"),  # "Чеченской Республики"
    ("висот", "висоти", "висоти", "plur"),  # "на Голанських висотах"
    ("высот", "высоты", "высоты", "plur"),  # "с Голанских высот"
    ("аес", "аес", "аес", "femn"),  # "на Запорізькій АЕС" (see aliases.LANDMARKS)
    ("аэс", "аэс", "аэс", "femn"),  # "на Запорожской АЭС"
)
"""A region's or a sea's noun after its adjective: how it begins, its dictionary form in
Ukrainian and in Russian, and the gender (or number) the adjective takes before it."""
_REGION_WORDS = frozenset(
    noun for _, ukrainian, russian, _ in _REGION_NOUNS for noun in (ukrainian, russian)
)
_NEXT_WORD = re.compile(r" ([^\W\d_]+)")
_SETTLEMENT_NOUNS = frozenset(
    (
        "село села селі селе селу селом селище селища селищі смт с м місто міста місті містечко "
        "містечку сел поселок поселке поселка деревня деревне деревни город города городе "
        "village town hamlet settlement"
    ).split()
)
"""Words before a name that make it a settlement's ("село Кирилівка", "смт Саврань", "м. Мена";
folded, so "с." and "м." are "с" and "м")."""
_STREET_NOUNS = frozenset(
    (
        "вул вулиця вулиці вулицю вулицею просп проспект проспекті проспекту пров провулок "
        "провулку бульвар бульварі б-р пл площа площі майдан парк парку сквер скверу метро "
        "станція станції шосе узвіз узвозі ул улица улице улицы проспекта переулок переулке "
        "площадь площади станция станции метро"
    ).split()
)
"""Words before a name that make it a street's, a square's or a park's ("вул. Шевченка",
"парку Т. Шевченка"): every Ukrainian town has a Shevchenko Street."""
_SETTLEMENT_WORDS = _SETTLEMENT_NOUNS - {"с", "м"}
"""The settlement nouns written out (without a dot, "с" is "with" in Russian)."""
_RIVER_NOUNS = frozenset(
    "річка річки річці річку річкою ріка ріки ріці ріку рікою река реки реке реку рекой".split()
)
"""Words before a name that make it a river's ("річка Дніпро", "на реке Днепр"): not the
city of Dnipro."""
_BANK_NOUNS = frozenset(
    "берег берега березі берегу берегом береги берегів берегах береге берегов берегам".split()
)
"""A bank's noun before a city's name makes it the river's ("на лівому березі Дніпра", "с
левого берега Днепра"); a region's stays ("на південному березі Криму")."""
_NOUN_AFTER = re.compile(
    r"(?:\s+(?:та|і|й|и)\s+\S+)?\s+(?:мор|озер|річк|річц|рік|заток|лиман|водосховищ|узбереж|мікрорайон|масив|"
    r"район|р-н|громад|ОТГ|напрям|направлен|област|регіон|регион|реке|реки|залив|побереж|"
    r"океан|проток|пролив)",
)
"""Nouns after a name that make it an adjective of a sea, a lake, a quarter, a district or a
front ("Азовському морі", "Покровському напрямку"), not the village so named; in lower case
("в селі Діброва Лиманського району" is a village of the Lyman district)."""
_FOUGHT_FOR = frozenset({"за", "for", "по"})
"""Prepositions that place a small town too: "бої за Урожайне", "за Авдеевку", "the
battle for Vuhledar" (a town fought for), "удар по Судже" (a town struck); a person after
them is told apart as after any preposition."""
_AREA_NOUNS = frozenset(
    "районі районах районе районах напрямку напрямі направлении околицях околиці окрестностях "
    "окраинах околицах".split()
)
"""Nouns of an area or a front before a town's name, as the war's reports write them ("в
районі Кліщіївки", "у напрямку Степового", "в районах Синьківки та Іванівки")."""
_WAR_VERBS = frozenset(
    (
        "обстріляли обстріляв обстріляла обстрілюють обстрілює атакували атакував атакують "
        "атакує штурмують штурмує штурмували штурмував звільнили звільнено окупували захопили "
        "обстреляли обстрелял обстреливают атаковали атаковал атакуют штурмуют штурмовали "
        "освободили захватили "
        "attacked attack attacks attacking shelled shell shells shelling struck strike strikes "
        "striking hit hits hitting targeted bombed bombing captured capture captures capturing "
        "liberated liberate "
        "liberating stormed storm storming seized seize occupied retook recaptured encircled "
        "surrounded assaulted"
    ).split()
)
"""Verbs of the war whose object is a place: "штурмував Роботине", "обстріляли Нікополь",
"Russian troops attacked Vuhledar"."""
_PLACING = _LOCATIVE | _FOUGHT_FOR | _MAYOR | _AREA_NOUNS | _WAR_VERBS
"""The words before a small town's name that make it a place (see ``_town_named``)."""
_WITH = frozenset("з із зі с со по".split())
"""Prepositions that also mean "with" (and "по", "about", "for", "at"): before a person's
name they place nobody ("з Богданом", "по Богдану сумують")."""
_VERY_COMMON = 4.5
"""The Zipf frequency from which a Cyrillic word is "very common" (see :func:`_very_common`):
"захід" 5.2, "правда" 5.6; "кампанія" 4.2, "каліфорнія" 3.8 are not."""
_PREVIOUS_TOKEN = re.compile(r"([^\W\d_][\w'ʼ’-]*)[ \u00a0]+$")
_NAMED_AFTER = ("вірус", "хвороб", "синдром", "вирус", "болезн")
"""Nouns a person's or a place's name follows as an eponym ("вірус Ньюкасла")."""
_OPENERS = frozenset('.!?\n\r"“«„:;')
"""What may end the text before a sentence's or quotation's first word."""
_EVERYDAY = 3.5
"""From this Zipf frequency (about 3 uses per million words) a name is an everyday word."""
_NAMED_FOR_IT = frozenset(
    "times daily post herald tribune journal gazette telegraph chronicle examiner observer "
    "courier inquirer dispatch independent".split()
)
"""A capitalised word after a place that makes the two a newspaper's name ("New York Times",
"China Daily"): the paper reports, it is not what the story is about."""
_LIKE_ITS_NAME = 70
"""rapidfuzz token-set ratio from which another name is a spelling of a town's own
("Pulawy", "Douma", "Dogubayazit", "Acapulco" for Acapulco de Juárez, "Cork city")."""
_SCRIPTS = (
    (re.compile(r"[\u0600-\u06ff]"), ("ar", "fa", "ur")),
    (re.compile(r"[\u0590-\u05ff]"), ("he",)),
    (re.compile(r"[\u0900-\u097f]"), ("hi", "mr", "ne")),
    (_CJK, ("zh", "ja", "ko")),
)
"""Scripts other than Latin and Cyrillic, with the languages wordfreq knows written in them."""
_CYRILLIC_COUNTRIES = frozenset("UA RU BY KZ KG TJ MD BG RS MK MN".split())
"""Countries whose towns are named in Cyrillic at home: their names are proper names."""
_NEVER_PLACES = frozenset(
    "xinhua irna tass yonhap kyodo interfax ukrinform isna wafa sana bernama antara mena "
    "unian kuna wam north south east west central".split()
)
"""Names that in news are a news agency or a direction, never the town so called."""
_HYPHENATED = re.compile(r"-([A-Z]\w*)")
_HYPHENATED_BEFORE = re.compile(r"([A-Z]\w*)-$")
_ROUTE_KM = 1000.0
"""How far apart the two places of a hyphenated route may be ("Amsterdam-London")."""
_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][a-z]+ $")
"""A capitalised word right before a hyphenated pair: a person's given name ("Joaquin
Navarro-Valls")."""
_HYPHEN_BEFORE = re.compile(r"([^\W\d_][\w'’ʼ]*)-$")
_HYPHEN_AFTER = re.compile(r"-([^\W\d_][\w'’ʼ]*)")
_SPEAKING = frozenset(
    "in into speak speaks spoke speaking teach teaches teaching taught learn learns learning "
    "learned fluent translated translate subtitled dubbed written wrote write".split()
)
"""Words before a nationality word that make it a language ("in Turkish", "speaks Russian")."""
_LANGUAGE_NAMES = frozenset(
    "english french spanish german russian ukrainian italian portuguese chinese japanese "
    "korean turkish polish dutch greek swedish norwegian danish finnish hungarian czech "
    "romanian bulgarian serbian croatian belarusian georgian armenian vietnamese thai "
    "indonesian somali icelandic maltese estonian latvian lithuanian slovak slovenian "
    "burmese kazakh uzbek tajik turkmen kyrgyz mongolian nepali catalan basque welsh "
    "sinhalese flemish".split()
)
"""Nationality words that are also their language's name ("English", "Ukrainian")."""
_AFTER_A_LANGUAGE = frozenset(
    "will would is was has had remains remained can could should may might must so after".split()
)
"""Words after a language's name standing as a noun inside a sentence ("Although English
will remain", "that English is", "spoke in Spanish after"; a headline's "Ukrainian will
face…" is a person)."""
_CLAUSE_END = re.compile(r"\s*(?:[.;:!?)]|\Z)")
"""Where a clause ends after a word ("the question of English."; not "of Turkish-Russian
relations")."""
_NO_LANGUAGE_BEFORE = frozenset(
    "the a an many some most all other few several these those his her their its our my "
    "is was are were be been being become became seems".split()
)
"""Words before a nationality word that make it its people or a predicate ("the French
will", "many Chinese are", "he is Ukrainian and")."""
_LISTED_AFTER = re.compile(r"([A-Z][a-z]+),? (?:and|or) $")
_FUNCTION_WORDS = frozenset(
    "and or to with for as at by from but while when was is were are the a an on of which that "
    "who".split()
)
_AFTER_A_RIVER = _FUNCTION_WORDS | frozenset(
    "near in into across along toward towards through between past north south east west "
    "upstream downstream has had".split()
)
"""Words after "the" and a city's name that make it the river's ("the Dnipro near Krynky")."""
_RIVER_CITIES = frozenset("dnipro dnepr narva".split())
"""Cities named as their river is, which English news names with "the" ("across the
Dnipro": the river Dnieper, the front line in the south)."""
_LANGUAGE_NOUNS = frozenset(
    "language languages speaker speakers lesson lessons class classes course courses "
    "translation translations subtitles teacher teachers".split()
)
"""Nouns after a nationality word that make it a language ("English language learners")."""
_STREET_AFTER = re.compile(
    r"\s+(?:шосе|шоссе|переул|провул|проспект|вулиц|улиц|бульвар|набережн|проїзд|проезд|"
    r"узвіз|узвоз|спуск|тракт)",
    re.IGNORECASE,
)
"""Nouns after a name that make it a street's ("Харківське шосе", "Балтийский переулок")."""
_A_SITE_AFTER = re.compile(
    r"\s+(?:Park|Avenue|Road|Street|Square|Place|Gardens|Crescent|Terrace|Lane|Drive|Way|"
    r"Abbey|House|Hall|Castle|Wharf|Dock|Estate)\b"
)
"""Nouns after a county's name that make it a street's or a site's named for the county:
"Northumberland Avenue" and "Northumberland Park" are London's, "Anglesey Abbey" is near
Cambridge, "Somerset House" on the Strand."""
_NOT_PLACE_BEFORE = frozenset(
    "virus ebolavirus fever hemorrhagic haemorrhagic encephalitis river creek".split()
)
"""Words after a place name that make it a disease's or a virus's name ("Marburg virus",
"Marburg hemorrhagic fever", "Reston ebolavirus") or a river's ("across the Dnipro river":
not the city of Dnipro)."""
_A_DISEASE_AFTER = re.compile(
    r"(?:-Congo\b|\s+(?:h(?:a)?emorrhagic|fever|flu|encephalitis)\b"
    r"|\s+(?:геморагічн|геморрагическ|гарячк|лихорадк|енцефаліт|энцефалит|грип))",
    re.IGNORECASE,
)
"""After a nationality word or a place's adjective, a disease named for the place, no
news of it: "Crimean-Congo haemorrhagic fever", "Spanish flu", "Крымская геморрагическая
лихорадка" (Russia's news of it every summer is of Rostov or Stavropol, not Crimea),
"Омская геморрагическая лихорадка", "Японський енцефаліт", "іспанський грип"."""
_GIVEN_NAMES = frozenset(
    (
        "georgia david campbell robert vladimir ali franklin kennedy florence austin jackson "
        "lincoln madison charlotte elizabeth chelsea troy tyler orlando beverly shelby marion "
        "eugene sherman aurora douglas hamilton harrison jefferson warren milton preston "
        "stanley chester carson dallas houston regina virginia clinton sidney george"
    ).split()
)
"""Place names that are also common given names: before a capitalised word that names no
place ("Georgia Stevens", "David Leslie Hickson"), the pair is a person."""
_CENSUS_GIVEN_NAMES = frozenset(
    line
    for line in resources.files("bot.geo")
    .joinpath("given_names.txt")
    .read_text("utf-8")
    .splitlines()
    if line and not line.startswith("#")
)
"""The US Census's common given names (``given_names.txt``): a town so named before a
surname is a person too ("Gary Underwood", "Winston Churchill"); a country or a state is
not ("Israel Defense Forces", "Jordan Valley"), but for those listed above."""
_PLACE_NOUNS = frozenset(
    (
        "county city township town village borough parish district state province region "
        "park valley river lake beach heights hills island islands bay harbor harbour port "
        "street avenue road highway boulevard drive square bridge airport station center "
        "centre school schools college university bureau department board association public "
        "police power"
    ).split()
)
"""Capitalised words that make a given name part of a place's name ("Madison County"), or of
an institution of that place ("Georgia Bureau of Investigation")."""
_BEFORE_A_PERSON = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sen|Rep|Gov|Gen|Col|Capt|Lt|Sgt|Rev|Sir|Dame|Lord)\.?"
    r"|\b[A-DF-MO-RT-VX-Z]\.) $"  # an initial, but not N. S. E. W.: "N. Korea", "S. Sudan"
)
"""A title or an initial just before a name makes it a person's ("Ms. Corby", "Jose A.
Cordova", "Dr. Lincoln")."""
_SAINTS = ("st. ", "st ", "saint ", "ste. ", "sainte ")
_SAINT_S_INSTITUTION = re.compile(
    r"['’]s\s+(?:[A-Z][\w.]*\s+){0,2}(?:Hospital|Cathedral|Church|Basilica|School|College|"
    r"University|Academy|Abbey|Chapel|Seminary|Infirmary|Clinic|Medical Center|Home)\b"
)
"""After a saint's name, what makes it an institution's ("St. Paul's Hospital", "St. John's
Lutheran School", "St. Mary's Catholic Church"), not the town so named."""
_INSTITUTIONS = frozenset(
    "church club hospital council court company bank museum hotel centre center college "
    "airport village school foundation fund society institute agency".split()
)
"""Words before a place name that make the two an institution's name, not a person's."""
_SAYS = re.compile(
    r"\s+(?:said|says|told|added|asked|tweeted|wrote|explained|recalled|noted|admitted)\b"
)
_TO_NO_PLACE = re.compile(r"\b(?:according|thanks|due|owing|talked|spoke|speaking|talking)\s+$")
"""Words that make the next "to" no preposition of place ("according to Hopkins")."""
_SAID = re.compile(r"\b(?:said|says|added|asked|told|recalled|noted)\s+$")
"""A reporting verb right after or before a town's name makes it a person ("Palma said",
"said Logan"); towns do not speak."""
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_TITLE_CASE = 0.6
"""From this share of capitalised words (of four letters or more) a line is a title-case
headline, where a capital says nothing about a name."""
_COUNTY_LIST = re.compile(
    r"((?:[A-Z][a-z]+(?: [A-Z][a-z]+)?, )*[A-Z][a-z]+(?: [A-Z][a-z]+)?,? (?:and|or|&) "
    r"[A-Z][a-z]+(?: [A-Z][a-z]+)?) ([Cc]ounties|[Pp]arishes)\b"
)
"""A list of US counties or parishes before their plural noun."""
_LISTED_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?")
_AFTER_COMMA = re.compile(r"\s*,\s*([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})")
_BEFORE_COMMA = re.compile(r"([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})\s*,\s*\Z")
"""A capitalised name of at most three words and a comma, right before a match."""
_WORD_GOES_ON = re.compile(r"['’ʼ](?!s\b)\w")
"""An apostrophe inside a word, after a name's letters: "Baha’i" is a faith, not Al Bahah
("Kyiv’s" is Kyiv's; Ukrainian writes one inside words only: "Прип'ять")."""
_REGION_AFTER_GAP = re.compile(r"\s*[,(]?\s*(?:(?:в|у|во|на|in)\s+)?")
"""What may stand between a town's name and its region's ("Новомосковськ
Дніпропетровської області", "Дзержинск в ДНР", "Северск (Донецкая область)")."""
_STATE_AFTER = re.compile(r"\s+[Ss]tate\b")
_STATE_BEFORE = re.compile(r"\b(?:[Ss]tate|University) of\s+\Z")
"""A name before "state" or after "state of" is the US state's ("the Georgia state line",
"Washington state", "the state of New York"), and so is one after "University of" that a
state bears ("the University of Georgia", "the University of Washington": not the country,
not the capital)."""
_LIST_GOES_ON = re.compile(r"\s*(?:and\b|or\b|,\s*[A-Z])")
"""What follows a name that is a list's member ("…, Nakuru and Bunyala"), not an address's
state ("Augusta, Georgia, said")."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a text: where (character offsets into the original) and which;
    ``adjective``: named by an adjective or a nationality word ("Ukrainian forces",
    "харківські комунальники", "Київська міська рада"), not by its name."""

    start: int
    end: int
    place: Place
    adjective: bool = False


# Country-code domains used worldwide as generic ones (.io, .tv, .fm…): they say nothing
# about where a source is.
_GENERIC_TLDS = frozenset("ai app cc co fm gg io ly me nu sh tk to tv ws".split())


def home_country(url: str) -> str | None:
    """The country a source's domain belongs to ("corkbeo.ie" -> "IE", "bbc.co.uk" ->
    "GB"), or None for generic and worldwide-used domains."""
    host = urlsplit(url).hostname or ""
    tld = host.rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in _GENERIC_TLDS:
        return None
    return "GB" if tld == "uk" else tld.upper()


@lru_cache(maxsize=2)
def load_tagger(min_population: int = 15000) -> Tagger:
    """The gazetteer and its automaton (a few seconds; cached for the life of the process)."""
    return Tagger(load(min_population))


_COUNTRY_ADJECTIVES = {fold(word): code for word, code in COUNTRY_ADJECTIVES.items()}
_LANDMARK_READINGS = frozenset(
    (fold(name).replace("ґ", "г"), key) for key, names in LANDMARKS.items() for name in names
)
"""Names read as the town a landmark lies in (see :data:`bot.geo.aliases.LANDMARKS`): after
a settlement's noun the name is a village's, not the landmark's."""
_LANDMARK_NAMES = frozenset(name for name, _ in _LANDMARK_READINGS)


class _Span(Protocol):
    """Characters of a text, as mentions and matches hold them."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def _overlaps(start: int, end: int, spans: Sequence[_Span]) -> bool:
    """Whether any of ``spans`` overlaps the characters from ``start`` to ``end``."""
    return any(m.start < end and start < m.end for m in spans)


def _a_foreign_name(text: str, match: _Match) -> bool:
    """Whether a name in Latin letters in a Ukrainian or Russian text stands beside another
    capitalised Latin word: it is part of a name in another language there ("Bank of
    America", "Toyota Corolla", "MAKO Trading SA", "The New York Times", "Flughafen Munchen
    GmbH"), which such a text quotes as written, while it names places in its own letters."""
    return (
        _LATIN_BEFORE.search(text, max(0, match.start - 40), match.start) is not None
        or _LATIN_AFTER.match(text, match.end) is not None
    )


@lru_cache(maxsize=4)
def _in_cyrillic(text: str) -> bool:
    """Whether most of a text's letters are Cyrillic: an English report quoting a Ukrainian
    post is still English, and names its towns in Latin letters."""
    return len(CYRILLIC.findall(text)) > len(_LATIN_LETTERS.findall(text))


def _a_town_in_latin(match: _Match, candidates: list[Place]) -> bool:
    """Whether a name in Latin letters is only towns' and regions' abroad: in a Ukrainian or
    Russian text, which writes them in its own letters, it is then a firm's, a product's or
    a song's name more often ("корпорации Nokia", "« Sofia »"), and a town only with a
    false friend's support ("в Al Ain, ОАЭ"); not the towns of :data:`NEWS_OWN_COUNTRIES`."""
    return _LATIN_NAME.search(match.name) is not None and all(
        c.kind in (PlaceKind.CITY, PlaceKind.REGION) and c.country not in NEWS_OWN_COUNTRIES
        for c in candidates
    )


def _in_title_case(text: str, match: _Match) -> bool:
    """Whether the match's line (or 300 characters either side) is a title-case headline,
    where a capital says nothing of a name ("U.S. and Iran Make Progress in Geneva Talks")."""
    end = text.find("\n", match.end)
    start = max(text.rfind("\n", 0, match.start) + 1, match.start - 300)
    end = min(end if end >= 0 else len(text), match.end + 300)
    words: list[str] = _LONG_WORD.findall(text, start, end)
    return sum(w[0].isupper() for w in words) >= _TITLE_CASE * len(words)


def _word_before(text: str, start: int) -> re.Match[str] | None:
    """The word just before ``start`` (its group 1), looking back at most 40 characters."""
    return _PREVIOUS_WORD.search(text, max(0, start - 40), start)


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    name: str
    info: NameInfo


class Tagger:
    """Geotags texts against one gazetteer (build once: about a second)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # Names are looked for where a word starts: each is keyed after a space, with what
        # is no letter or digit in it a space too, and found in the text written so (see
        # _word_starts), so the words' insides cost nothing. Each value carries what a hit
        # needs without reading the name: its number, whether the text must be read as
        # written (a name with punctuation, "st. paul", or keyed as another is, "o'hare"
        # and "o hare") and its length (names are < 256). CJK names, which have no word
        # boundaries, have an automaton of their own.
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._cjk = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for number, name in enumerate(gazetteer.names.sorted):
            if len(name) > 0xFF:
                continue
            if _CJK.match(name):
                self._cjk.add_word(name, number << 9 | len(name))
                continue
            spaced = name if name.replace(" ", "").isalnum() else _word_starts(name)
            value = number << 9 | (_READ_AS_WRITTEN if spaced != name else 0) | len(name)
            if not self._automaton.add_word(" " + spaced, value):  # keyed as another is
                self._automaton.add_word(" " + spaced, value | _READ_AS_WRITTEN)
        self._automaton.make_automaton()
        if len(self._cjk):
            self._cjk.make_automaton()
        self._two_words: dict[str, list[tuple[str, Place]]] | None = None

    def places(
        self, text: str, home: str | None = None, declared: str | None = None
    ) -> list[Place]:
        """The distinct places the text mentions, in order of first mention (``home``: the
        country the source is from, see :func:`home_country`; ``declared``: the language the
        document says it is in)."""
        mentions = self.mentions(text, home, declared)
        return list({m.place.key: m.place for m in mentions}.values())

    def mentions(
        self, text: str, home: str | None = None, declared: str | None = None
    ) -> list[Mention]:
        """Every accepted place mention, resolved. A source's ``home`` country counts as
        mentioned, and a name that is also an everyday word needs no more support there:
        local news says "Mayor of Cork resigns", not "…of Cork, Ireland". A Cyrillic text's
        language ('uk' or 'ru') is read once, for all its words."""
        text = text[:MAX_TAGGED_CHARS]
        language = language_of(text, declared) if CYRILLIC.search(text) else None
        matches = []
        persons: set[str] = set()  # names this text gives a person ("Ms. Corby")
        given: set[str] = set()  # names it uses as a given name ("Georgia Stevens")
        for m in self._matches(text, language):
            if not self._written_as_a_name(text, m):
                continue
            if self._part_of_a_longer_name(text, m, language):
                if language is None and self._a_surname(text, m):
                    persons.add(m.name)  # "President Barack Obama", "Fidel Castro,"
                continue
            if language is not None:
                if not (
                    _NAMED_FOR.search(text, max(0, m.start - 30), m.start)
                    or self._on_a_river_s_bank(text, m)
                    or self._not_a_place_word(text, m, language)
                    or self._an_adjective(text, m, language)
                    or self._a_street_or_part(text, m.start, m.end, language, self._population(m))
                ):
                    matches.append(m)
            elif self._named_for_a_person(text, m):
                persons.add(m.name)
            elif self._used_for_a_given_name(text, m):
                given.add(m.name)
            elif not self._used_for_something_else(text, m):
                matches.append(m)
        # "Georgia Stevens" and later "said Georgia": the text is about her throughout.
        persons.update(m.name for m in matches if m.name in given and self._speaks(text, m))
        # One sense per text: once a name is a person's, it is theirs throughout ("Obama
        # said", "Georgia began skating"), unless a preposition places it ("in Georgia").
        matches = [m for m in matches if m.name not in persons or self._placed(text, m)]
        listed = self._listed_counties(text) if language is None else []
        if listed:  # "Barrow, Jackson and Madison counties": three counties, no towns
            matches = [m for m in matches if not _overlaps(m.start, m.end, listed)]
            matches = sorted(matches + listed, key=lambda m: m.start)
        plain = [m for m in matches if not m.info.false_friend]
        contexts: dict[str, tuple[set[str], set[str], list[Place]]] = {}
        accepted: list[tuple[_Match, Place]] = []
        earlier: list[Place] = []  # the places accepted so far: "на Оріхів і Гуляйполе"
        for position, match in enumerate(matches):
            # What the rest of the text names: a name is no evidence for its own reading
            # ("London" twice says nothing of England; "London … Canada's stand" is Ontario).
            if match.name not in contexts:
                others = [m for m in plain if m.name != match.name]
                contexts[match.name] = self._context(
                    [self.gazetteer.places[m.info.places[0]] for m in others]
                )
                if home is not None:
                    contexts[match.name][0].add(home)
            following = matches[position + 1] if position + 1 < len(matches) else None
            place = self._resolve(
                text, match, contexts[match.name], home, language, earlier, following
            )
            if place is not None and not self._where_filed_or_who_speaks(text, match, place):
                accepted.append((match, self._regional(text, match, place)))
                earlier.append(place)
        found = [Mention(m.start, m.end, place) for m, place in accepted]
        found += self._abbreviated_states(text, found)
        found += self._adjectives(text, language, found)
        found += self._the_capital(text, language, home, found)
        return sorted(found, key=lambda m: m.start)

    def _the_capital(
        self, text: str, language: str | None, home: str | None, found: list[Mention]
    ) -> list[Mention]:
        """ "The capital" as the news of Ukraine, Russia and Belarus says it of their own
        ("вибухи у столиці", "на севере столицы"): the source's country's capital, or
        Kyiv in a Ukrainian text from nowhere we know. Not "the capital" of another
        country or region ("у столиці Польщі", "столицею частини області"), nor a named or
        described one ("Діловій столиці", "уральской столице", "південна столиця"), nor in
        a text naming only another country's places; once the text names the city itself,
        it adds nothing."""
        if language is None or "толиц" not in text:
            return []
        country = home if home in NEWS_OWN_COUNTRIES else "UA" if language == "uk" else None
        capital = self.gazetteer.capital(country) if country is not None else None
        if capital is None or any(m.place.key == capital.key for m in found):
            return []
        elsewhere = {m.place.country for m in found if m.place.country}
        if elsewhere and country not in elsewhere:
            return []
        extra = []
        for match in _THE_CAPITAL.finditer(text):
            before = _word_before(text, match.start())
            after = _WORD_AFTER.match(text, match.end())
            word = before.group(1).lstrip('«"„(') if before is not None else ""
            if (
                before is not None
                and word
                and (
                    (word[0].isupper() and not _starts_a_sentence(text, before.start(1)))
                    or adjective_lemma(word, language)
                )
            ):
                continue  # "Діловій столиці", "уральской столице", "Південна столиця"
            if after is not None and (
                after.group(1)[0].isupper() or fold(after.group(1)) in _OF_WHAT
            ):
                continue  # "столиці Польщі", "столице Чеченской", "столицею частини"
            extra.append(Mention(match.start(), match.end(), capital))
        return extra

    def _listed_counties(self, text: str) -> list[_Match]:
        """The US counties (or parishes) of a list before its plural noun ("Barrow, Jackson
        and Madison counties", "Navarro, Henderson and Ellis counties"), each read as "X
        County": the first ones were towns ("Jackson", "Madison") or nothing. A county many
        states have is then resolved as such (by its state named, or the list's others)."""
        found: list[_Match] = []
        if "ounties" not in text and "arishes" not in text:  # the pattern is slow to fail
            return found
        for listed in _COUNTY_LIST.finditer(text):
            noun = " county" if listed.group(2).lower() == "counties" else " parish"
            members = []
            for name in _LISTED_NAME.finditer(text, listed.start(1), listed.end(1)):
                start, end = name.span()
                county = fold(name.group(0)) + noun
                info = self.gazetteer.names.get(county)
                if info is None and " " in name.group(0):  # "In Becker": the sentence's start
                    start = name.start() + name.group(0).index(" ") + 1
                    county = fold(text[start:end]) + noun
                    info = self.gazetteer.names.get(county)
                if info is not None:
                    members.append(_Match(start, end, county, info))
            # A list is of one state's counties: those only one state has say which
            # ("Becker, Clay, Douglas and Grant counties": Douglas and Grant of Minnesota)
            states = {m.info.places[0] for m in members if len(m.info.places) == 1}
            found += [self._in_states(m, states) for m in members]
        return found

    @staticmethod
    def _in_states(match: _Match, states: set[str]) -> _Match:
        """A county match with only its readings among ``states`` (keys), if it has any."""
        kept = [i for i, key in enumerate(match.info.places) if key in states]
        if not kept or len(kept) == len(match.info.places):
            return match
        info = match.info
        narrowed = NameInfo(
            tuple(info.places[i] for i in kept),
            info.false_friend,
            info.exact,
            tuple(info.own[i] for i in kept),
        )
        return _Match(match.start, match.end, match.name, narrowed)

    def _an_adjective(self, text: str, match: _Match, language: str) -> bool:
        """A Cyrillic match that is the adjective of a bigger place than the one so named
        ("Московский городской суд" is Moscow's, not the town of Moskovskiy'; "Хмельницької
        ОДА" the region's, not the city of Khmelnytskyi): left to :meth:`_adjectives`."""
        surface = text[match.start : match.end]
        if not _PLACE_ADJECTIVE.fullmatch(surface):
            return False
        regional = _REGIONAL.match(text, match.end) is not None
        meant = self._adjective_place(surface, language, regional=regional)
        named = self.gazetteer.places[match.info.places[0]]
        return (
            meant is not None
            and meant.key != named.key
            and (meant.kind is not PlaceKind.CITY or meant.population > named.population)
        )

    def _city_and_region(self, text: str, match: _Match) -> tuple[Place, Place] | None:
        """The city and the region a Cyrillic name means both of (a region named like its
        centre: "Запоріжжя"; "Токио", "Пхеньян", whose regions GeoNames names so too), or
        None."""
        if not CYRILLIC.search(text[match.start : match.end]):
            return None  # "Quebec" is left to resolution
        if match.name.rpartition(" ")[2] in _REGION_WORDS:
            return None  # "в Воронежской области" is the region, whatever else GeoNames lists
        places = [self.gazetteer.places[key] for key in match.info.places]
        regions = {p.region: p for p in places if p.kind is PlaceKind.REGION}
        return next(
            (
                (city, regions[city.region])
                for city in places
                if city.kind is PlaceKind.CITY and city.region in regions
            ),
            None,
        )

    def _regional(self, text: str, match: _Match, place: Place) -> Place:
        """The place a resolved name stands for here. A city whose name its region bears
        too is the region after "на" ("на Запоріжжі"; "у Запоріжжі" is the city). A city
        before "regional" or in a list of regions is its region's ("the Kharkiv regional
        military administration", "Kherson regional governor", "Sumy and Poltava
        oblasts"), as "Харківська ОВА" is (see :data:`_REGIONAL`); a city with a region's
        status named as the region ("Kyiv City", "Moscow City") is the city: its council,
        court and mayor are the city's."""
        pair = self._city_and_region(text, match)
        if pair is not None and place in pair:  # "на Запоріжжі": the region; "у": the city
            return pair[1] if _previous_word(text, match.start) == "на" else pair[0]
        if place.kind is PlaceKind.CITY and _REGIONAL_AFTER.match(text, match.end):
            info = self.gazetteer.names.get(f"{match.name} region")
            region = self.gazetteer.places[info.places[0]] if info is not None else None
            # Kyiv's region is its own (a city with a region's status): Kyiv Oblast is
            # still the one "Kyiv, Chernihiv and Sumy oblasts" names.
            if (
                region is not None
                and region.kind is PlaceKind.REGION
                and region.country == place.country
            ):
                return region
        if place.kind is not PlaceKind.REGION or not place.name.endswith(" City"):
            return place
        city = next(iter(self.gazetteer.lookup(place.name.removesuffix(" City"))), None)
        if city is not None and city.kind is PlaceKind.CITY and city.region == place.region:
            return city
        return place

    def _abbreviated_states(self, text: str, found: list[Mention]) -> list[Mention]:
        """A US state or Canadian province abbreviated after a town ("Louisville, Ky.",
        "Barrie, Ont.")."""
        extra = []
        for match in _STATE_ABBREVIATION.finditer(text):
            place = self.gazetteer.places.get(f"region:{STATE_ABBREVIATIONS[match.group(1)]}")
            start, end = match.span(1)
            if place is not None and not _overlaps(start, end, found):
                extra.append(Mention(start, end, place))
        return extra

    def _adjectives(self, text: str, language: str | None, found: list[Mention]) -> list[Mention]:
        """Places named by an adjective or a nationality word (see :class:`Mention`): English
        demonyms, and Ukrainian and Russian adjectives of countries, regions and cities."""
        extra: list[Mention] = []
        taken = bytearray(len(text) + 1)  # characters a name took already
        for mention in found:
            taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        for start, end, code in _nationality_words(text):
            place = self.gazetteer.places.get(nation_key(code))
            if (
                place is not None
                and 1 not in taken[start:end]
                and not _NOT_A_NATION.match(text, end)
                and not _A_DISEASE_AFTER.match(text, end)
                and not _a_language(text, start, end)
            ):
                extra.append(Mention(start, end, place, adjective=True))
        if language is None:
            return extra
        extra += self._residents(text, taken)
        for match in _PLACE_ADJECTIVE.finditer(text):
            start, end = match.span()
            if 1 in taken[start:end]:
                continue
            if self._a_street_or_part(text, start, end, language) or _A_DISEASE_AFTER.match(
                text, end
            ):
                continue  # "на Ярославском шоссе", "вулиця Київська", "крымская лихорадка"
            regional = _REGIONAL.match(text, end) is not None
            district = _DISTRICT.match(text, end) is not None
            place = self._adjective_place(
                match.group(0), language, regional=regional, district=district
            )
            if place is not None and not (
                place.kind is PlaceKind.COUNTRY and _a_language_in_cyrillic(text, match, language)
            ):
                extra.append(Mention(start, end, place, adjective=True))
        return extra

    def _residents(self, text: str, taken: bytearray) -> list[Mention]:
        """A city's people by name, in Ukrainian or Russian ("кияни", "харків'ян
        попередили", "москвичей"; see :mod:`bot.geo.residents`), written in lower case, or
        capitalised where a sentence starts ("Москвич" mid-sentence is the car)."""
        found: list[Mention] = []
        lowered = text.lower()
        if len(lowered) != len(text):  # "İ" lowers to two characters: offsets would move
            lowered = text.translate(_CYRILLIC_LOWER)
        for last, (length, key) in _RESIDENT_FORMS.iter(lowered):
            start, end = last - length + 1, last + 1
            if (
                1 in taken[start:end]
                or _word_char(text, start - 1)
                or _word_char(text, end)
                or (text[start].isupper() and not _starts_a_sentence(text, start))
            ):
                continue
            place = self.gazetteer.places.get(key)
            if place is not None:
                found.append(Mention(start, end, place, adjective=True))
        return found

    def _adjective_place(
        self, word: str, language: str, *, regional: bool = False, district: bool = False
    ) -> Place | None:
        """The place an adjective names: a country ("російські"), a region's when the
        next word is "обласна"/"областной" ("Харківська обласна рада"), a town of any size
        before a district's noun ("Козельщинського району", see :data:`_DISTRICT`), else a
        city of at least ``_MIN_ADJECTIVE_CITY`` people or a region's centre in
        :data:`NEWS_OWN_COUNTRIES` ("харківські", "Київська міська рада")."""
        found = adjective_lemma(word, language)
        if found is None:
            return None
        form = fold(found)
        code = _COUNTRY_ADJECTIVES.get(form) or self.gazetteer.country_of_adjective(form)
        if code is not None:
            return self.gazetteer.places.get(nation_key(code))
        if regional:
            info = self.gazetteer.names.get(fold(f"{before_noun(word, language)} область"))
            return self.gazetteer.places[info.places[0]] if info is not None else None
        ending = next((e for e in _ADJECTIVE_ENDINGS if form.endswith(e)), None)
        if ending is None:
            return None
        base = form[: -len(ending)]
        if base.endswith("ан"):
            region = self.gazetteer.names.get(base + "ь")  # "кубанський": the Kuban, not Cuba
            if region is not None and region.places[0].startswith("region:"):
                return self.gazetteer.places[region.places[0]]
        if ending == "скои" and word[0].isupper():  # "на Тверской" is Moscow's street
            return None
        candidates, changed = _names_of_adjective(form, ending)
        # A two-word name's adjective joins its words ("криворізька" is Кривий Ріг's,
        # "Часовоярському" Часів Яр's); it wins over a smaller town named like the whole
        # ("Білоцерківський район" is Bila Tserkva's, not the village of Bilotserkivka).
        compound = self._compound_town(base)
        if compound is not None and not (compound.population >= _MIN_ADJECTIVE_CITY or district):
            compound = None
        towns: list[Place] = []
        named = False  # whether a name without a sound change is some place's
        for at, candidate in enumerate([*candidates, *changed]):
            info = self.gazetteer.names.get(candidate) if len(candidate) >= 4 else None
            if info is None:
                continue
            place = self._called_first(info, candidate, language)
            if at >= len(candidates) and (
                named or (place.kind is PlaceKind.CITY and place.country not in _CYRILLIC_COUNTRIES)
            ):
                continue
            named = True
            if place.kind is PlaceKind.AREA and word[0].isupper():
                # an area's adjective is written in lower case: a capitalised one begins
                # a town's or a district's name ("Приазовська селищна рада")
                return None
            if place.kind is not PlaceKind.CITY:
                return place
            if (
                place.population >= _MIN_ADJECTIVE_CITY
                or (place.country in NEWS_OWN_COUNTRIES and self.gazetteer.is_centre(place))
                or (district and (not info.false_friend or small_town(place)))
            ):
                if compound is not None and compound.population > place.population:
                    return compound
                if self.gazetteer.called(place, candidate, language):
                    return place  # the town's own name in the language
                if place.country in _CYRILLIC_COUNTRIES:
                    towns.append(place)
        # A town's old name only when no town bears the name today: "Костянтинівський" is
        # Kostiantynivka's, not Starokostiantyniv's (once called Kostiantyniv). A town
        # abroad only by its own name in the language: "советский" is no adjective of
        # Soweto, which GeoNames also calls "Совето".
        return towns[0] if towns else compound

    def _called_first(self, info: NameInfo, name: str, language: str) -> Place:
        """The first of a name's places the language calls so, at least half as big as its
        first, else its first: "ставрополь" is Stavropol, not Tolyatti, once Stavropol-on-
        Volga and the larger; "свердловск" stays Yekaterinburg's old name, no town of 64,000
        that bore it too."""
        places = [self.gazetteer.places[key] for key in info.places]
        return next(
            (
                place
                for place in places
                if 2 * place.population >= places[0].population
                and self.gazetteer.called(place, name, language)
            ),
            places[0],
        )

    def _compound_town(self, base: str) -> Place | None:
        """The town a two-word name's adjective names, from its base (the adjective without
        "-ський"): the first word's first letters, a linking "о", then the second word's first
        ("криворіз" is Кривий Ріг, "новокахов" Нова Каховка, "часовояр" Часів Яр,
        "криворож" Кривой Рог); the largest such town, or None."""
        found: list[Place] = []
        # The index is by the first word's first three letters, which are the base's.
        for second, place in self._two_word_names().get(base[:3], ()):
            size = min(4, len(second) - 1)
            for at in range(3, len(base) - 1):
                rest = base[at + 1 :]
                if base[at] == "о" and len(rest) >= size and rest[:size] == second[:size]:
                    found.append(place)
                    break
        return max(found, key=lambda place: place.population, default=None)

    def _two_word_names(self) -> dict[str, list[tuple[str, Place]]]:
        """The two-word Cyrillic names of cities (folded, their first reading's): each
        second word and city, by the first word's first three letters; made on first need
        (English text never needs it)."""
        if self._two_words is None:
            index: dict[str, list[tuple[str, Place]]] = {}
            names = self.gazetteer.names
            for number, name in enumerate(names.sorted):
                words = name.split()
                if len(words) != 2 or len(words[0]) < 3 or not CYRILLIC.search(name):
                    continue
                place = self.gazetteer.places[names.info(number).places[0]]
                if place.kind is PlaceKind.CITY:
                    index.setdefault(words[0][:3], []).append((words[1], place))
            self._two_words = index
        return self._two_words

    def _where_filed_or_who_speaks(self, text: str, match: _Match, place: Place) -> bool:
        """A dateline says where a report was filed, not what it is about ("KYIV (Reuters)
        -", "КИЇВ, 25 листопада –"); a capital before a reporting verb is its government
        ("Kyiv must accept", "Moscow said", "Київ заявив"). Neither is the place by itself."""
        line_start = text.rfind("\n", 0, match.start) + 1
        before = text[line_start : match.start]
        rest = text[match.end : match.end + 80]
        if not before.strip():
            surface = text[match.start : match.end]
            # An abbreviation in capitals is no shouted city: "США — найбільший…" is a
            # sentence ("the US is…"), not a dateline.
            shouting = surface.isupper() and len(surface) > 2 and match.info.exact is None
            if _DATELINE.match(rest) and (shouting or _AGENCY_OR_DATE.match(rest)):
                return True
        elif _DATELINE_CITY.fullmatch(before.lstrip()) and _DATELINE.match(rest):
            return True  # "KYIV, Ukraine, March 30 (Reuters) - ": Ukraine is the dateline's
        if not self.gazetteer.is_capital(place) or _SPEAKS.match(text, match.end) is None:
            return False
        previous = _word_before(text, match.start)
        return previous is None or fold(previous.group(1)) not in _NOT_A_NAME_PART

    def _matches(self, text: str, language: str | None) -> list[_Match]:
        folded, offsets = fold_with_offsets(text)
        folded = folded.replace("ґ", "г")  # as names are looked up (see Names.number)
        found: list[tuple[int, int, int]] = []
        names = self.gazetteer.names
        spaced = " " + _word_starts(folded)  # spaced[i + 1] is folded[i]
        size = len(folded)
        for end, value in self._automaton.iter(spaced):  # spaced[end] is folded[end - 1]
            if (end < size and spaced[end + 1] != " ") or _WORD_GOES_ON.match(folded, end):
                continue  # the name is the start of a longer word ("Paris" in "Parisian")
            start = end - (value & 0xFF)
            number = value >> 9
            if value & _READ_AS_WRITTEN:  # "st. paul", not "st, paul"
                found_as_written = names.number(folded[start:end])
                if found_as_written is None:
                    continue
                number = found_as_written
            found.append((start, end, number))
        if len(self._cjk) and _CJK.search(folded):
            for last, value in self._cjk.iter(folded):
                found.append((last - (value & 0xFF) + 1, last + 1, value >> 9))
        found.sort(key=lambda f: (f[0] - f[1], f[0]))  # longest first
        taken: list[tuple[int, int, int]] = []
        used = bytearray(len(folded))  # characters a longer name already took
        directed: set[int] = set()  # where a lower-case direction begins an area's name
        for start, end, number in found:
            if 1 in used[start:end]:
                continue
            # A name of several words written in lower case ("the Caucasus" as "the
            # caucasus") leaves the name in it to be found, unless a direction begins it.
            if folded.find(" ", start, end) >= 0:
                at = start if offsets is None else offsets[start]
                if text[at].islower():
                    if not (_directed(folded[start:end]) and _an_area(names.info(number))):
                        continue
                    directed.add(at)
            taken.append((start, end, number))
            used[start:end] = b"\x01" * (end - start)
        taken.sort()
        spans = (
            taken if offsets is None else [(offsets[s], offsets[e - 1] + 1, n) for s, e, n in taken]
        )
        # A name written in lower case is a word ("nice", "reading"), never read as a
        # place (see _written_as_a_name): no match is made of it, which spares most of
        # the work on English text; its span still keeps inflected names out.
        matches = [
            _Match(s, e, *names.entry(n))
            for s, e, n in spans
            if not text[s].islower() or s in directed or LOWER_CASE_ARTICLE.match(text, s)
        ]
        if language is not None:
            inflected = self._inflected(text, spans, language)
            matches = [
                m
                for m in matches
                if not any(x.start <= m.start and m.end <= x.end for x in inflected)
            ]
            matches = sorted(matches + inflected, key=lambda m: m.start)
        return matches

    def _inflected(
        self, text: str, found: list[tuple[int, int, int]], language: str
    ) -> list[_Match]:
        """Ukrainian and Russian place names in another case than the gazetteer's ("у
        Києві", "під Харковом", "в Оренбурге"): each capitalised Cyrillic word the names
        did not match (``found``: their spans) is looked up by its dictionary form (see
        :mod:`bot.text.morphology`), and so is a word only a small town's name matched as
        written: "во Львове" is Lviv, not the village of Lvove."""
        taken = bytearray(len(text) + 1)  # characters a name took already
        for start, end, _ in found:
            taken[start:end] = b"\x01" * (end - start)
        villages = {
            (start, end)
            for start, end, number in found
            if all(
                small_town(self.gazetteer.places[k])
                for k in self.gazetteer.names.info(number).places
            )
        }
        firm = bytearray(taken)  # ... by a name not only small towns bear
        for start, end in villages:
            firm[start:end] = bytes(end - start)
        extra: list[_Match] = []
        for region in _REGION.finditer(text):
            start, end = region.span()
            if 1 in taken[start : region.end(1)]:  # the noun may be a word's ("море")
                continue
            noun, gender = next(
                (ukrainian if language == "uk" else russian, gender)
                for prefix, ukrainian, russian, gender in _REGION_NOUNS
                if region.group(2).lower().startswith(prefix)
            )
            head, hyphen, last = region.group(1).rpartition("-")  # "Івано-Франківській"
            name = fold(f"{head}{hyphen}{before_noun(last, language, gender)} {noun}")
            info = self.gazetteer.names.get(name)
            if info is not None:
                extra.append(_Match(start, end, name, info))
                taken[start:end] = firm[start:end] = b"\x01" * (end - start)
        # "Південної Кореї" is South Korea, though a village is called Pivdenne.
        for pair in _TWO_CYRILLIC.finditer(text):  # "Північній Кароліні", "Нижнем Новгороде"
            start, end = pair.start(1), pair.end(2)
            if 1 in firm[start:end]:
                continue
            # "Кривому Розі": not a rose's, Ріг's; "Часовим Яром" is "Часів Яр"
            for form in noun_phrase_forms(pair.group(1, 2), language):
                name = fold(form)
                info = self.gazetteer.names.get(name)
                if info is not None:
                    extra.append(_Match(start, end, name, info))
                    taken[start:end] = firm[start:end] = b"\x01" * (end - start)
                    break
        for word in _CAPITALISED_CYRILLIC.finditer(text):
            start, end = word.span()
            surface = word.group(0)
            # A name may stand inside a hyphenated one ("Новгород" in "Новгород-Сіверського
            # району", "Білгород" in "Білгород-Дністровщині"): the whole is read too, and
            # wins where it names a place (the caller drops the part).
            # "в селе Львове" is the village its noun says it is
            village = (
                (start, end) in villages
                and 1 not in firm[start:end]  # no longer name took it ("Південної Кореї")
                and not _after_a_settlement_noun(text, start)
            )
            if (
                1 in taken[start:end]
                and ("-" not in surface or 0 not in taken[start:end])
                and not village
            ):
                continue
            if (
                _PLACE_ADJECTIVE.fullmatch(surface)
                and not self._a_town_s_case(surface, language)
                and self._adjective_place(surface, language)
            ):
                continue  # "Київська": Kyiv's adjective, not the village of Kyivskyi
            following = _WORD_AFTER.match(text, end)
            if (
                following is not None
                and not following.group(1).startswith(_PART_NOUNS)
                and agrees(surface, following.group(1), language)
            ):
                # "в Белом доме": an adjective of a noun, not the town of Bell; "Советского
                # Союза" is no town of Sovetskiy (a name of two words that is a place's was
                # read above)
                continue
            districts = district_towns(surface)
            for form in self._forms(surface, language):
                name = fold(form)
                info = self.gazetteer.names.get(name)
                if info is not None and form in districts:
                    info = self._district_named(info)
                if info is not None and (not village or self._own_town_name(name, info, language)):
                    extra.append(_Match(start, end, name, info))
                    break
        return extra

    def _a_town_s_case(self, word: str, language: str) -> bool:
        """Whether a capitalised word that reads as a place's adjective is also a town's
        name in another case: "у Новомосковську", "у Дзержинську" are the towns
        (Новомосковськ, Дзержинськ), written as the adjectives' accusative is; read as
        names, the text's other places decide which town ("…Дніпропетровської області" is
        Ukraine's Novomoskovsk, now Samar), as an adjective's biggest town never could."""
        return any(
            not _PLACE_ADJECTIVE.fullmatch(form) and self.gazetteer.names.get(fold(form))
            for form in place_forms(word, language)
        )

    def _district_named(self, info: NameInfo) -> NameInfo | None:
        """What a district's everyday name names, from what its town's name does (see
        :meth:`bot.geo.gazetteer.Gazetteer.district_of`: "на Воронежчине" is Voronezh
        Oblast, "на Тульщине" no Toul)."""
        meant = self.gazetteer.district_of([self.gazetteer.places[key] for key in info.places])
        if not meant:
            return None
        if meant[0].kind is PlaceKind.REGION:
            return NameInfo((meant[0].key,), False, None, (True,))
        return NameInfo(tuple(p.key for p in meant), info.false_friend, info.exact, ())

    def _own_town_name(self, name: str, info: NameInfo, language: str) -> bool:
        """Whether a name (folded) is no small town's, and a country's, a region's or its
        first town's own name in ``language``: "львов" is Lviv's in Russian, so "во
        Львове" is Lviv, though a village is called Lvove, and "в Молдове" Moldova;
        "пролетарський" is a town's old name only."""
        places = [self.gazetteer.places[key] for key in info.places]
        return not any(map(small_town, places)) and (
            places[0].kind is not PlaceKind.CITY or self.gazetteer.called(places[0], name, language)
        )

    @staticmethod
    def _forms(word: str, language: str) -> tuple[str, ...]:
        """A capitalised word's dictionary forms as a place name, and the town a district's
        everyday name is named for ("на Нікопольщині", see
        :func:`bot.text.morphology.district_towns`); a hyphenated one's also with only its
        last part inflected ("Нью-Йорке" is Нью-Йорк) or only its first ("Ростове-на-Дону")."""
        forms = (*place_forms(word, language), *district_towns(word))
        if "-" not in word:
            return forms
        head, _, last = word.rpartition("-")
        first, _, rest = word.partition("-")
        return (
            *forms,
            f"{head}-{lemma(last, language)}",
            f"{lemma(first, language)}-{rest}",
        )

    @staticmethod
    def _written_as_a_name(text: str, match: _Match) -> bool:
        surface = text[match.start : match.end]
        if match.info.exact is not None:  # "in B.C.", but "500 B.C." is an era
            era = surface == "B.C." and _AFTER_A_FIGURE.search(text, 0, match.start)
            return surface == match.info.exact and not era
        if surface.isupper() and len(surface) <= 3 and not any(match.info.own):
            return False  # an acronym ("PTA", "SUV", "FAO"), not another language's name
        first = surface[0]
        return (
            first.isupper()
            or first.lower() == first.upper()
            or (_directed(surface) and _an_area(match.info))
            or LOWER_CASE_ARTICLE.match(surface) is not None  # "al-Fashir"
        )

    def _part_of_a_longer_name(self, text: str, match: _Match, language: str | None) -> bool:
        if (
            language is not None
            and _LATIN_NAME.search(match.name)
            and _a_foreign_name(text, match)
            and _in_cyrillic(text)
        ):
            return True
        best = self.gazetteer.places[match.info.places[0]]
        # a big city's name is no one's ("Mayor Bill de Blasio New York" aside); a county's
        # people are many but its name a person's too ("Clark Kent", "Devon Smith")
        if best.kind is PlaceKind.COUNTRY or (
            best.kind is not PlaceKind.COUNTY and best.population >= _BIG_CITY
        ):
            return False
        previous = _word_before(text, match.start)
        if previous is None:
            return False
        word = previous.group(1)
        if not (word[0].isupper() and word.isalpha() and fold(word) not in _NOT_A_NAME_PART):
            return False
        # A capitalised Ukrainian or Russian word that is no one's name is capitalised because
        # it starts the sentence ("Обстріл Краматорська"), not because it is part of a name;
        # nor is a word of another script part of a Cyrillic name ("мережі SDH Львів").
        if language is None:
            return True
        if not CYRILLIC.search(word):
            return not CYRILLIC.search(text[match.start : match.end])
        # "Мешканці Херсона", "Жители Белгорода": a word for people is no part of a name
        return a_persons_name(word, language)

    def _a_street_or_part(
        self, text: str, start: int, end: int, language: str, town: int = _BIG_CITY
    ) -> bool:
        """Whether the Cyrillic name between ``start`` and ``end`` names a street, a square,
        a station or a river rather than the place so called ("вул. Шевченка", "вулиця
        Київська", "річка Дніпро", "метро «Сокол»", "на Ярославском шоссе", "Балтийском
        переулке"; but "на улицы Лондона" is London's streets), or is the end of a
        hyphenated name that is not a route between places ("Усть-Луга",
        "Маунтбаттен-Виндзор"; "Київ-Бориспіль" stays), or part of a firm's ("Київ-Арт").
        ``town``: the population of the place it would be (smaller ones are streets'
        names more often)."""
        previous = _previous_word(text, start)
        if _STREET_AFTER.match(text, end) or previous in _RIVER_NOUNS:
            return True
        surface = text[start:end]
        if previous in _STREET_NOUNS and (
            _PLACE_ADJECTIVE.fullmatch(surface)
            or role(surface, language) in ("name", "surname")
            or town < _MIN_ADJECTIVE_CITY
        ):
            return True
        hyphen = _HYPHEN_BEFORE.search(text, max(0, start - 40), start)
        if town < _BIG_CITY and hyphen is not None and not self.gazetteer.lookup(hyphen.group(1)):
            return True
        # "ТОВ «Київ-Арт»", "«Forbes-Україна»": a name of any size joined to a capitalised
        # word that is no place and no adjective makes a firm's or a paper's name
        # ("Миколаїв-Сортувальна" is the town's station, "Київ-Бориспіль" a route)
        return any(
            other is not None and self._no_place_nor_adjective(other.group(1), language)
            for other in (hyphen, _HYPHEN_AFTER.match(text, end))
        )

    def _no_place_nor_adjective(self, word: str, language: str) -> bool:
        """Whether a word beside a name is capitalised, no adjective, and names no place."""
        return (
            word[0].isupper()
            and adjective_lemma(word, language) is None
            and not self.gazetteer.lookup(word)
            and not self.gazetteer.lookup(lemma(word.lower(), language))
        )

    def _on_a_river_s_bank(self, text: str, match: _Match) -> bool:
        """Whether a town's name follows a bank's noun, as its river's does (see
        :data:`_BANK_NOUNS`)."""
        return (
            _previous_word(text, match.start) in _BANK_NOUNS
            and self.gazetteer.places[match.info.places[0]].kind is PlaceKind.CITY
        )

    def _population(self, match: _Match) -> int:
        """How many people the match's likeliest place has (countries and areas count as
        large)."""
        best = self.gazetteer.places[match.info.places[0]]
        return best.population if best.kind in (PlaceKind.CITY, PlaceKind.REGION) else _BIG_CITY

    def _near_place_named(self, word: str, place: Place) -> bool:
        """Whether a word is the name of a place within ``_ROUTE_KM`` of ``place``, and no
        everyday word: "London" is, for Amsterdam; "Mart" of "Wal-Mart" is not, nor
        "Valls" of "Navarro-Valls" (a town in Spain, another in Argentina)."""
        info = self.gazetteer.names.get(fold(word))
        if info is None or info.false_friend or word.isupper():
            return False
        other = self.gazetteer.places[info.places[0]]
        return km_between(other.lat, other.lon, place.lat, place.lon) <= _ROUTE_KM

    def _used_for_something_else(self, text: str, match: _Match) -> bool:
        """A place's name used as a currency's ("US$460"), a newspaper's ("New York Times"),
        a news agency's ("Xinhua", "IRNA"), a virus's ("Marburg virus"), a river's ("the
        Dnipro river"), a part of a hyphenated brand ("Wal-Mart", "Mercedes-Benz"; not a
        route between two places, "Amsterdam-London"), a direction ("North"), or a saint's
        before an institution named for them ("St. Paul's Hospital" in Vancouver, "St.
        John's Lutheran School")."""
        if text.startswith("$", match.end) or match.name in _NEVER_PLACES:
            return True
        if match.name.startswith(_SAINTS) and _SAINT_S_INSTITUTION.match(
            text, match.end - 2 if match.name.endswith(("'s", "’s")) else match.end
        ):
            return True
        best = self.gazetteer.places[match.info.places[0]]
        if self._a_river_s(text, match, best):
            return True
        town = best.kind is PlaceKind.CITY and best.population < _BIG_CITY
        if town:  # "Syria-Turkey border", "Moscow-Kyiv talks" are places
            after = _HYPHENATED.match(text, match.end) if text.startswith("-", match.end) else None
            before = (
                _HYPHENATED_BEFORE.search(text, max(0, match.start - 20), match.start)
                if text.startswith("-", match.start - 1)
                else None
            )
            other = after or before
            # "the Amsterdam-London leg" is a route between two places; "Joaquin
            # Navarro-Valls" is a person, "IBA-Karachi" an institute
            first = before.start(1) if before else match.start
            if other is not None and (
                text[match.start : match.end].isupper()
                or not self._near_place_named(other.group(1), best)
                or _CAPITALISED_BEFORE.search(text, max(0, first - 40), first)
            ):
                return True
        following = _NEXT_WORD.match(text, match.end)
        if following is None:
            return False
        word = following.group(1)
        return fold(word) in _NOT_PLACE_BEFORE or (
            word[0].isupper() and fold(word) in _NAMED_FOR_IT
        )

    @staticmethod
    def _a_river_s(text: str, match: _Match, best: Place) -> bool:
        """Whether the name of a city named after its river (:data:`_RIVER_CITIES`), after
        "the" and before no word it qualifies, names the river ("crossed the Dnipro near
        Krynky", "the left bank of the Dnipro."; "the Dnipro offensive" is the city's): a
        city takes no article."""
        if match.name not in _RIVER_CITIES or best.kind is not PlaceKind.CITY:
            return False
        previous = _word_before(text, match.start)
        if previous is None or previous.group(1) not in ("the", "The"):
            return False
        following = _NEXT_WORD.match(text, match.end)
        return following is None or following.group(1) in _AFTER_A_RIVER

    def _used_for_a_given_name(self, text: str, match: _Match) -> bool:
        """A given name before a surname ("Georgia Stevens"), or a small town's name before
        a capitalised word that is no everyday word ("Nikki Haley", "Luis Suarez"; but
        "Beaconsfield Mayor", "Torrington Fire Department" are the towns'); only here:
        "Georgia" may be the state later in the text, and "Association of Georgia
        Educators" is no person."""
        following = _NEXT_WORD.match(text, match.end)
        if following is None or not following.group(1)[0].isupper():
            return False  # no surname follows
        word = following.group(1)
        best = self.gazetteer.places[match.info.places[0]]
        small = best.kind is PlaceKind.CITY and best.population < _MIN_ADJECTIVE_CITY
        name = fold(text[match.start : match.end])
        given = name in _GIVEN_NAMES or (
            best.kind in (PlaceKind.CITY, PlaceKind.COUNTY)
            and name in _CENSUS_GIVEN_NAMES
            # "in Geneva Talks": placed, and a headline's capital
            and not self._placed(text, match)
            and not _in_title_case(text, match)
        )
        named = self.gazetteer.names.get(fold(word))
        if named is not None:  # "Luis Suarez": a surname that is also a small town's name
            place = self.gazetteer.places[named.places[0]]
            # two towns near each other name a road or a route ("Alton Edwardsville Road");
            # a given name before a faraway place's name is a person's ("George Bush",
            # "George Washington")
            if km_between(place.lat, place.lon, best.lat, best.lon) < _NEARBY_KM or (
                not given
                and (place.kind is not PlaceKind.CITY or place.population >= _MIN_ADJECTIVE_CITY)
            ):
                return False
        return (
            (named is None or small or given)  # "George Bush": Bush is a small town too
            and fold(word) not in _PLACE_NOUNS
            and (
                given
                # a town's name before a surname ("Nikki Haley", "Luis Suarez"), not before
                # an everyday word ("Beaconsfield Mayor", "Torrington Fire Department")
                or (small and not word.isupper() and not self.gazetteer.everyday(word))
            )
        )

    def _named_for_a_person(self, text: str, match: _Match) -> bool:
        """A place's name as a person's: after a title or an initial ("Ms. Corby"), or a
        town's name saying something ("Palma said", "said Logan"; a capital, a region or a
        country saying something is its government, see :meth:`_where_filed_or_who_speaks`)."""
        if _BEFORE_A_PERSON.search(text, max(0, match.start - 8), match.start):
            return True
        best = self.gazetteer.places[match.info.places[0]]
        return (
            best.kind is PlaceKind.CITY
            and not self.gazetteer.is_capital(best)
            and self._speaks(text, match)
        )

    def _speaks(self, text: str, match: _Match) -> bool:
        """Whether a reporting verb makes the name a speaker ("Palma said", "said Logan"),
        but not "a resident of Tabriz told the BBC" or "said Montreal Mayor Denis Coderre"."""
        if _SAYS.match(text, match.end):
            return not self._placed(text, match)
        following = _NEXT_WORD.match(text, match.end)
        return bool(_SAID.search(text, max(0, match.start - 12), match.start)) and (
            following is None or not following.group(1)[0].isupper()
        )

    @staticmethod
    def _a_surname(text: str, match: _Match) -> bool:
        """Whether a name after a capitalised word is a surname: the word is inside a
        sentence written in sentence case ("President Barack Obama"; at a sentence's start
        or in a title-case headline a capital says nothing: "Explosions Rock Izium"), is no
        institution's ("First Baptist Church Maryville"), and no capitalised word follows
        (an organisation's or a road's name: "Old Alton Edwardsville Road")."""
        previous = _word_before(text, match.start)
        following = _NEXT_WORD.match(text, match.end)
        if (
            previous is None
            or fold(previous.group(1)) in _PLACE_NOUNS | _INSTITUTIONS
            or (following is not None and following.group(1)[0].isupper())
        ):
            return False
        at = previous.start(1)  # after a title's full stop no sentence starts: "Gov. Hugh Carey"
        if _starts_a_sentence(text, at) and not _BEFORE_A_PERSON.search(text, max(0, at - 8), at):
            return False
        return not _in_title_case(text, match)

    @staticmethod
    def _placed(text: str, match: _Match) -> bool:
        """Whether a preposition of place comes right before the match ("in Georgia"; not
        "according to Hopkins", "talked to Roy")."""
        previous = _word_before(text, match.start)
        if previous is None or fold(previous.group(1)) not in _LOCATIVE:
            return False
        return previous.group(1) != "to" or not _TO_NO_PLACE.search(
            text, max(0, previous.start(1) - 12), previous.start(1)
        )

    def _not_a_place_word(self, text: str, match: _Match, language: str) -> bool:
        """A one-word Cyrillic match that is a function word ("Але", "Так"), a surname, a
        first name followed by a capitalised word ("Володимир Зеленський"), or an everyday
        word that names only a town abroad ("Кампанія" is a campaign, not Campania; "Буде"
        is "will be", not Bodø) unless a preposition places it ("у Кампанії"). Ukrainian
        and Russian capitalise no everyday word inside a sentence: there a region's or a
        city's of ``_MIN_ADJECTIVE_CITY`` people is meant, unless the word is very common
        ("між Заходом та Сходом") or inside another name (see :func:`_inside_a_name`): the
        dictionary's knowing the name is no evidence against it (the Ukrainian one lists
        "Гаага", "Каліфорнія", "Роттердам" as plain nouns)."""
        surface = text[match.start : match.end]
        if not CYRILLIC.search(surface) or " " in surface:
            return False
        # "в селі Діброва Лиманського району": a village, whoever it is named for; but
        # "села Мала Костромка" is no village "Мала"
        following = _NEXT_WORD.match(text, match.end)
        if _after_a_settlement_noun(text, match.start) and not (
            following is not None
            and following.group(1)[0].isupper()
            and adjective_lemma(surface, language) is not None
        ):
            return False
        if _previous_word(text, match.start) in _MAYOR:
            return False
        kind = role(surface, language)
        best = self.gazetteer.places[match.info.places[0]]
        if kind == "name" and best.kind is not PlaceKind.COUNTRY:  # "Израиля Биньямин"
            # no abbreviation is a surname: "в Атланте ICE", "в северокорейском Кэсоне КНДР"
            return following is not None and _capitalised_word(following.group(1))
        if kind == "surname":
            # A dictionary guesses a surname for a town it does not know ("Угледаром" is
            # read like "Петровым"); after a preposition no person follows ("под
            # Угледаром", "біля Бахмута"), a town of the language's countries is meant.
            previous = _word_before(text, match.start)
            return not (
                best.country in _CYRILLIC_COUNTRIES
                and previous is not None
                and fold(previous.group(1)) in _NO_PERSON_AFTER
            )
        if kind == "function":
            return True
        abroad = best.country not in _CYRILLIC_COUNTRIES and (
            best.kind is PlaceKind.REGION
            or (best.kind is PlaceKind.CITY and best.population < _BIG_CITY)
        )
        return (
            abroad
            and common_word(surface, language)
            and not self._placed(text, match)
            and (
                (best.kind is PlaceKind.CITY and best.population < _MIN_ADJECTIVE_CITY)
                or _starts_a_sentence(text, match.start, _OPENERS)
                or _very_common(surface, language)
                or _inside_a_name(text, match.start)
            )
        )

    def _own_readings(
        self, match: _Match, candidates: list[Place], language: str | None
    ) -> list[bool]:
        """Which readings the name is the own name of (see :class:`NameInfo`), and in a
        Cyrillic text a city's too whose Ukrainian or Russian name it is, ahead of a region
        it is the own name of: "у секторі Гази", "в Газе" are Gaza, not Mozambique's Gaza
        Province, whose name pycountry gives in Russian."""
        own = list(match.info.own)
        if language is None:
            return own
        for position, place in enumerate(candidates[: len(own)]):
            later_region = any(
                own[later] and candidates[later].kind is PlaceKind.REGION
                for later in range(position + 1, len(own))
            )
            if (
                later_region
                and place.kind is PlaceKind.CITY
                and self.gazetteer.called(place, match.name, language)
            ):
                own[position] = True
        return own

    def _context(self, places: list[Place]) -> tuple[set[str], set[str], list[Place]]:
        """Countries and states the text names, and its unambiguous cities."""
        countries = {p.country for p in places}
        regions = {p.region for p in places if p.region}
        cities = [p for p in places if p.kind is PlaceKind.CITY]
        return countries, regions, cities

    def _resolve(
        self,
        text: str,
        match: _Match,
        context: tuple[set[str], set[str], list[Place]],
        home: str | None = None,
        language: str | None = None,
        earlier: Sequence[Place] = (),
        following: _Match | None = None,
    ) -> Place | None:
        """The place a match means given the text's other places (``context``: their
        countries, regions and unambiguous cities; ``earlier``: the places accepted before
        it; ``following``: the next name found), or None if it is no place here."""
        countries, regions, cities = context
        candidates = [self.gazetteer.places[key] for key in match.info.places]
        if match.name in _LANDMARK_NAMES and _after_a_settlement_noun(text, match.start):
            # "у селі Майдан" is no square
            candidates = [c for c in candidates if (match.name, c.key) not in _LANDMARK_READINGS]
            if not candidates:
                return None
        if _A_SITE_AFTER.match(text, match.end):
            candidates = [c for c in candidates if c.kind is not PlaceKind.COUNTY]
            if not candidates:
                return None
        if match.info.false_friend and all(map(small_town, candidates)):
            supported = self._town_named(text, match, candidates, home, language, cities, earlier)
            if supported is None:
                return None
            candidates = supported
        elif (
            match.info.false_friend
            or self._another_language_s(match, candidates)
            or (language is not None and _a_town_in_latin(match, candidates) and _in_cyrillic(text))
        ):
            supported = self._supported(text, match, candidates, countries, regions, home, cities)
            if supported is None:
                return None
            candidates = supported
        elif language is None and self._a_foreign_spelling(match, candidates):
            candidates = [c for c in candidates if c.country in countries or c.country == home]
            if not candidates:
                return None
        if len(candidates) > 1 and match.name.endswith(_COUNTY_NOUNS):
            candidates = self._county_meant(text, match, candidates, regions)
            if not candidates:
                return None
        if len(candidates) > 1 and (
            _STATE_AFTER.match(text, match.end)
            or _STATE_BEFORE.search(text, max(0, match.start - 16), match.start)
        ):
            # "the Georgia state line", "the state of Washington", "the University of
            # Georgia": the US state
            candidates = [c for c in candidates if c.key.startswith("region:US-")] or candidates
        if len(candidates) > 1:
            # "Columbia, Missouri", "Athens, Ga.": the one in that state ("Niger, Nigeria
            # and Togo" is a list of countries)
            candidates = (
                self._in_the_region_after(text, match, candidates, following)
                or self._named_after_a_comma(text, match, candidates, countries=False)
                or self._within_the_town_before(text, match, candidates)
                or candidates
            )
        if len(candidates) == 1:
            return candidates[0]

        own = self._own_readings(match, candidates, language)
        # The likeliest reading: the first candidate the name is its own name of.
        likeliest = next((i for i, mine in enumerate(own) if mine), 0)

        def score(position: int, place: Place) -> float:
            # A country counts as supported by its own mention as much as any of its towns:
            # "Mexico", "Kuwait", "Япония" are the countries, not the capitals (or towns)
            # that also bear the name; "Mexico City" and "Kuwait City" are written so.
            value = 3.0 * (place.country in countries)
            value += 2.0 * (place.region in regions) if place.region else 0.0
            # A region's point is only its middle: nearness counts for cities (else Tehran
            # Province, near the city of Tehran the text names, would win over the city).
            value += place.kind is PlaceKind.CITY and any(
                abs(c.lat - place.lat) < _NEARBY_DEGREES  # farther by latitude alone
                and c.key not in match.info.places  # not a namesake: "Запоріжжя", a village too
                and km_between(c.lat, c.lon, place.lat, place.lon) < _NEARBY_KM
                for c in cities
            )
            # The likeliest reading (population, capitals first) holds against a country
            # named elsewhere only with nearness or a region too ("Newark to Paris …
            # France" stays Paris, France); a named country alone overturns it for a
            # namesake there ("London … Canada's stand" is London, Ontario).
            prior = 0.0
            if position == likeliest:  # a country named like a town is the country
                country = place.kind in (PlaceKind.COUNTRY, PlaceKind.AREA)
                prior = _COUNTRY_PRIOR if country else _PRIOR
            # A name that is only a town's alternate or old name weighs less for it
            # ("Egypt" for Goodyear, Arizona; "Philadelphia" for Amman).
            alternate = (
                _PRIOR
                if place.kind is PlaceKind.CITY and len(own) > position and not own[position]
                else 0.0
            )
            return value + prior - alternate - position * 0.01  # order breaks ties

        return max(enumerate(candidates), key=lambda pair: score(*pair))[1]

    def _county_meant(
        self, text: str, match: _Match, candidates: list[Place], regions: set[str]
    ) -> list[Place]:
        """The readings of a county's name many states bear ("Madison County": twenty) the
        text supports: its state after a comma ("Madison County, Georgia") or among the
        text's other places; without either, only a big city of the name in the county's
        state ("Dallas County" is Dallas's; the other four are small)."""
        named = self._named_after_a_comma(text, match, candidates)
        if named:
            return named
        known = [c for c in candidates if c.region in regions]
        if known:
            return known
        best = candidates[0]
        return [best] if best.kind is PlaceKind.CITY and best.population >= _COUNTY_CITY else []

    def _named_after_a_comma(
        self, text: str, match: _Match, candidates: list[Place], *, countries: bool = True
    ) -> list[Place]:
        """The candidates in the country or state named right after the name and a comma
        ("Athens, Georgia", "Madison County, Ga."), if any; ``countries``: whether a country
        counts (else only a state or region does)."""
        after = _AFTER_COMMA.match(text, match.end)
        if not after:
            return []
        words = after.group(1).split()
        named: set[str] = set()
        for size in range(len(words), 0, -1):  # "Columbia, Missouri. Kody Berrey"
            written = " ".join(words[:size])
            if written in STATE_ABBREVIATIONS:  # "Ga.", "N.Y."
                named = {f"region:{STATE_ABBREVIATIONS[written]}"}
                break
            named = {
                p.key
                for p in self.gazetteer.lookup(written.rstrip("."))
                if countries or p.kind is not PlaceKind.COUNTRY
            }
            if named:
                break
        return [
            c for c in candidates
            if f"country:{c.country}" in named or f"region:{c.region}" in named
        ]  # fmt: skip

    def _in_the_region_after(
        self, text: str, match: _Match, candidates: list[Place], following: _Match | None
    ) -> list[Place]:
        """The candidates in the region named right after the name ("Новомосковськ
        Дніпропетровської області", "в Дзержинске в ДНР", "Северск (Донецкая область)",
        "Kent, Ohio"), if any: a region so placed says which town of the name is meant,
        more surely than a country named anywhere in the text ("ВС РФ" beside
        "Дзержинск в ДНР" is no sign of Russia's Dzerzhinsk)."""
        if following is None or not _REGION_AFTER_GAP.fullmatch(text, match.end, following.start):
            return []
        regions = {
            place.region
            for key in following.info.places
            if (place := self.gazetteer.places[key]).kind is PlaceKind.REGION
        }
        if len(regions) != 1:  # "Austin, in Scott County": a county many states have
            return []
        return [c for c in candidates if c.kind is PlaceKind.CITY and c.region in regions]

    def _within_the_town_before(
        self, text: str, match: _Match, candidates: list[Place]
    ) -> list[Place]:
        """The states and countries a town (or a county) named right before the name and a
        comma lies in ("Augusta, Georgia" is the state, though Augsburg is also "Augusta":
        the context alone made it the country; "Tbilisi, Georgia" the country; "Clarke
        County, Georgia" the state, a US county standing for its state), if any."""
        before = _BEFORE_COMMA.search(text, max(0, match.start - 40), match.start)
        if (
            before is None
            or text[max(0, before.start() - 2) : before.start()].strip() == ","
            or _LIST_GOES_ON.match(text, match.end)
        ):
            return []  # "Wajir, Naivasha, Nakuru and Bunyala": a list of towns
        named = self.gazetteer.lookup(before.group(1))
        towns = [p for p in named if p.kind in (PlaceKind.CITY, PlaceKind.COUNTY)]
        within = {f"region:{t.region}" for t in towns if t.region}
        within |= {f"country:{t.country}" for t in towns}
        if fold(before.group(1)).endswith(_COUNTY_NOUNS):
            within |= {p.key for p in named if p.kind is PlaceKind.REGION}
        return [c for c in candidates if c.kind is not PlaceKind.CITY and c.key in within]

    def _another_language_s(self, match: _Match, candidates: list[Place]) -> bool:
        """Whether the name is only what another language calls a foreign town: GeoNames
        lists "Uma" for Umeå, "Hamas" for Hamm, "Ramadan" for Turabah, and "اور" (Urdu's
        "and") for Evere. Such a name needs the support a false friend needs when it is
        written in Latin letters and unlike the town's own name, or in another script
        and an everyday word of a language written so (wordfreq). Left alone: Cyrillic
        names (Ukrainian and Russian name every foreign town so: "Гаага"), the towns of
        the Cyrillic countries (their old and Russian spellings: "Nikolaev",
        "Artemivsk"), capitals and big cities ("Bombay", "اسلام آباد"). An Arabic town's
        names are compared without their articles ("al-Fashir" and "El Fasher", "Nuseirat"
        and "An Nuşayrāt" are spellings of one name)."""
        best = self._a_foreign_town_s_other_name(match, candidates, under=_BIG_CITY)
        if best is None or CYRILLIC.search(match.name):
            return False
        for script, languages in _SCRIPTS:
            if script.search(match.name):
                return any(float(zipf([match.name], code)[0]) >= _EVERYDAY for code in languages)
        own = fold(best.name)
        if best.country in ARABIC_COUNTRIES:  # "al-Fashir" is El Fasher's spelling
            return fuzz.token_set_ratio(unarticled(match.name), unarticled(own)) < _LIKE_ITS_NAME
        return fuzz.token_set_ratio(match.name, own) < _LIKE_ITS_NAME

    def _a_foreign_spelling(self, match: _Match, candidates: list[Place]) -> bool:
        """Whether a name (not in Cyrillic) is only another spelling of a foreign town's
        name, a town under 100,000 people: GeoNames lists "Ismaili" for Ismayilli, "Sami"
        for Semi, "Livni" for Livny, "Bondi" for Bondy, "Kane" for Kanye, "Tina" for Tena,
        and in English news these are a football club, a coach, a minister, Sydney's beach,
        a footballer and a mascot. Such a name is the town only where the text (or its
        source) names the town's country. Left alone: the town's own name without its
        accents and special letters ("Pulawy", "Dogubayazit"), the towns of the Arabic-
        speaking countries, which English spells many ways ("Jenin", "Deir al-Balah",
        "Nuseirat"), and those of the Cyrillic countries (their old and Russian spellings:
        "Artemivsk", "Pervomaisk")."""
        best = self._a_foreign_town_s_other_name(match, candidates, under=_MIN_ADJECTIVE_CITY)
        if best is None or best.country in ARABIC_COUNTRIES:
            return False
        return _plain_letters(match.name) != _plain_letters(fold(best.name))

    def _a_foreign_town_s_other_name(
        self, match: _Match, candidates: list[Place], *, under: int
    ) -> Place | None:
        """The likeliest town a name means where it is none of its places' own name and
        they are all towns, the likeliest one of fewer than ``under`` people, no capital
        and outside the Cyrillic countries (whose old and Russian spellings news uses:
        "Nikolaev", "Artemivsk"); None otherwise. What :meth:`_another_language_s` and
        :meth:`_a_foreign_spelling` ask first."""
        best = candidates[0]
        if (
            any(match.info.own)
            or not all(c.kind is PlaceKind.CITY for c in candidates)
            or best.country in _CYRILLIC_COUNTRIES
            or best.population >= under
            or self.gazetteer.is_capital(best)
        ):
            return None
        return best

    def _town_named(
        self,
        text: str,
        match: _Match,
        candidates: list[Place],
        home: str | None,
        language: str | None,
        cities: Sequence[Place] = (),
        earlier: Sequence[Place] = (),
    ) -> list[Place] | None:
        """The candidates a name only small towns bear may be (see
        :func:`bot.geo.place.small_town`), given its context (``cities``: the text's
        other towns; ``earlier``: the places accepted before it); None if the context
        does not make it a place. One of a list whose other towns lie near it is one
        ("обстріляли Нікополь, Марганець і Червоногригорівку", "Херсон, Антонівка,
        Білозерка": the Antonivka near Kherson). A settlement's noun makes it one ("село
        Шевченкове", "смт Любашівка", "м. Мена"); a street's, or a sea's after it, never
        ("вул. Шевченка", "Азовському морі"); otherwise it must stand inside a sentence,
        be no person's name or everyday word ("Богдан", "Головне"), and follow a
        preposition of place ("у Врадіївці", "near Robotyne") or come from a source of
        the town's own country."""
        previous = _previous_word(text, match.start)
        street = (
            self._a_street_or_part(text, match.start, match.end, language, town=0)
            if language
            else previous in _STREET_NOUNS
        )
        if street or _NOUN_AFTER.match(text, match.end):
            return None
        if _after_a_settlement_noun(text, match.start):
            return candidates
        if _starts_a_sentence(text, match.start):
            return None
        name = text[match.start : match.end]
        if float(zipf([fold(name)], language or "en")[0]) >= _EVERYDAY:
            return None  # "Головне", "Правда", "Залізниця": a word, at a sentence's start too
        # "бої за Урожайне", "мер Алупки", "в районі Кліщіївки", "штурмував Роботине"
        placed = previous in _PLACING
        roles = {role(word, language) for word in name.split()} - {""} if language else set()
        surname = "surname" in roles and previous not in _NO_PERSON_AFTER  # "під Ханжонковим"
        if surname or (roles and (not placed or previous in _WITH)):
            return None  # "Журавко та Сокол", "з Богданом", "Богдан був"
        listed = self._listed_near(text, match, candidates, previous, [*cities, *earlier])
        if listed:
            return listed
        if placed:
            return candidates
        local = [c for c in candidates if c.country == home]
        return local or None

    @staticmethod
    def _listed_near(
        text: str, match: _Match, candidates: list[Place], previous: str, cities: Sequence[Place]
    ) -> list[Place]:
        """The candidates lying within ``_LIST_KM`` of another town the text names, when the
        name follows a comma or a conjunction, as an item of a list of towns does."""
        if not (text[: match.start].rstrip().endswith(",") or previous in _CONJUNCTIONS):
            return []
        return [
            candidate
            for candidate in candidates
            if any(
                c.key != candidate.key
                and km_between(c.lat, c.lon, candidate.lat, candidate.lon) < _LIST_KM
                for c in cities
            )
        ]

    def _supported(
        self,
        text: str,
        match: _Match,
        candidates: list[Place],
        countries: set[str],
        regions: set[str],
        home: str | None = None,
        cities: Sequence[Place] = (),
    ) -> list[Place] | None:
        """The candidates a false friend may be, given its context; None if unsupported.
        A county's name is supported by a town of the text's within 100 km of its middle
        ("Surrey police … in Guildford", "a Surrey farm" in a text on Pirbright; towns'
        false friends are not: "Summit" by Coalville, "Old Town" by Alexandria)."""
        local = [c for c in candidates if c.country == home]
        if local:
            return local
        near = self._named_after_a_comma(text, match, candidates)
        if near:
            return near
        near = [
            c
            for c in candidates
            if c.kind is PlaceKind.COUNTY
            and any(km_between(c.lat, c.lon, city.lat, city.lon) < _LIST_KM for city in cities)
        ]
        if near:
            return near
        before = text[: match.start].rstrip()
        if not before or before[-1] in _SENTENCE_END:
            return None
        previous = before.split()[-1].lower() if before.split() else ""
        if fold(previous) not in _LOCATIVE:
            return None
        known = [c for c in candidates if c.country in countries or c.region in regions]
        return known or None


_PLAIN_LETTERS = str.maketrans(
    {"ł": "l", "ı": "i", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
     "‘": None, "’": None, "ʻ": None, "ʼ": None, "'": None, "-": " "}
)  # fmt: skip
"""Letters no accent-stripping reaches, as English writes them ("Puławy" is "Pulawy",
"Doğubayazıt" "Dogubayazit"), and the marks it leaves out."""


def _plain_letters(folded: str) -> str:
    """A folded name as English letters write it."""
    return folded.translate(_PLAIN_LETTERS)


def _capitalised_word(word: str) -> bool:
    """Whether a word can follow a first name as a surname or a regnal number does
    ("Бондаренко", "II"), not an abbreviation in capitals, inflected or not ("ICE",
    "КНДР", "вдарив по Куп'янську КАБами")."""
    return word[0].isupper() and (
        len(word) == 1 or word[1].islower() or _ROMAN.fullmatch(word) is not None
    )


def _names_of_adjective(form: str, ending: str) -> tuple[list[str], list[str]]:
    """The town names an adjective (folded dictionary form, its ``ending``) may come from:
    as its base is written, and with a sound changed (see :func:`_with_sounds_changed`).
    A "-ской" adjective's are all read as changed ones, Russia's towns only: "тверские
    власти", "костромской" (Tver, Kostroma); "мирской" is no Miri, Malaysia."""
    base = form[: -len(ending)]
    candidates = [form[:-2], base]  # "донецьк", "луганськ", "краматорськ"
    if base.endswith(("ов", "ев")):  # "московский" -> "москва", "дніпровський" -> "дніпро"
        candidates += [base[:-2] + "ва", base[:-2] + "о"]
    if ending.startswith("ц"):  # "кременчуцький" -> "кременчук"
        candidates.append(base + "к")
    if ending.startswith("з"):  # "запорізький" -> "запоріжжя", "празький" -> "прага"
        candidates += [base + "жжя", base + "га"]
    if base.endswith("ан"):  # "бучанська" -> "буча"
        candidates.append(base[:-2] + "а")
    candidates += [base + "а", base + "о", base + "я", base + "и"]  # "сумська" -> "суми"
    candidates += [base + "са", base + "си"]  # "одеська" -> "одеса", "черкаська" -> "черкаси"
    candidates.append(base + "ка")  # "костянтинівський" -> "костянтинівка"
    changed = _with_sounds_changed(base, ending)
    if ending == "скои":
        return [], [*candidates, *changed]
    return candidates, changed


def _with_sounds_changed(base: str, ending: str) -> list[str]:
    """The names an adjective's base may come from with a sound the adjective changes:
    "лубенський" -> Лубни, "рівненський" -> Рівне, "коростенський" -> Коростень,
    "єнакієвський" -> Єнакієве, "кременецький" -> Кременець, "прилуцький" -> Прилуки. Read
    last, for the towns of the Cyrillic countries (whose names these changes are of) and
    only where no name as written is any place's: "Канівського" is Kaniv's, no Kani,
    Japan, and "Артемівська" Bakhmut's old name, no Artyom."""
    changed = [base + "ь", *fleeting_vowel_names(base)]
    if base.endswith("в"):
        changed.append(base + "е")
    if base.endswith("іль"):  # "білопільський" -> Білопілля, "гуляйпільський" -> Гуляйполе
        changed += [base[:-3] + "ілля", base[:-3] + "оле"]
    if ending.startswith("ц"):
        changed += [base + "ць", base + "ки"]
    # A land's name of a doubled consonant: "закарпатський" -> Закарпаття, "подільський" ->
    # Поділля, "поліський" -> Полісся; in Russian "закарпатский" -> Закарпатье.
    plain = base.removesuffix("ь")
    if plain[-1:].isalpha() and plain[-1] not in "аеєиіїоуюяыэё":
        changed += [plain + plain[-1] + "я", plain + "ье"]
    elif plain and ending.startswith("с"):
        changed.append(plain + "сся")
    return changed


def _after_a_settlement_noun(text: str, start: int) -> bool:
    """Whether a settlement's noun, as written, comes right before ``start`` ("в селі
    Діброва", "с. Ясногородка", "смт Любашівка"; not "С Гагариным", "with Gagarin", nor
    "весь город. Утром", across a sentence's end)."""
    before = text[max(0, start - 20) : start].split()
    if not before:
        return False
    token = before[-1].strip('«„“"(')  # "(смт Любашівка, вул. …)"
    if token in ("с.", "м.", "смт.", "г."):
        return True
    return token.islower() and token.isalpha() and token in _SETTLEMENT_WORDS


def _directed(name: str) -> bool:
    """Whether a name of several words begins with a direction ("southeast Asia"): in lower
    case that is still an area's name (see :func:`_an_area`); a city's is a part of the
    city ("north Arlington" is no North Arlington, "east London" no East London)."""
    first, space, _ = name.partition(" ")
    return bool(space) and first in _DIRECTION_WORDS


def _an_area(info: NameInfo) -> bool:
    """Whether a name's likeliest reading is an area ("central Asia", "eastern Ghouta")."""
    return info.places[0].startswith("area:")


def _previous_word(text: str, start: int) -> str:
    """The word before ``start``, folded, without the punctuation around it; quotes and
    dashes standing alone are skipped ("метро «Сокол»": the word before "Сокол" is метро)."""
    for token in reversed(text[max(0, start - 60) : start].split()):
        word = fold(token.strip("()«»„“”\"'.,;:–—-"))
        if word:
            return word
    return ""


def _nationality_words(text: str) -> list[tuple[int, int, str]]:
    """Each nationality word of ``text`` written as a word of its own and capitalised
    ("Ukrainian", "Ukrainians", "South African"), with its span and country code."""
    found: dict[int, tuple[int, int, str]] = {}
    for last, length in _DEMONYM_WORDS.iter(text):
        start, end = last - length + 1, last + 1
        if end < len(text) and "a" <= text[end] <= "z":
            end += 1  # a plural ("Ukrainians") or another ending the table may know
        if start in found or _word_char(text, start - 1) or _word_char(text, end):
            continue
        word = text[start:end].lower()
        code = _PEOPLES.get(word) or _PEOPLES.get(word[:-1])
        for prefix in _TWO_WORD_NATIONS:
            first = start - len(prefix)
            if (
                first >= 0
                and text.startswith(prefix[:-1], first)
                and not _word_char(text, first - 1)
            ):
                pair = f"{prefix.lower()}{word}"
                paired = _PEOPLES.get(pair) or _PEOPLES.get(pair[:-1])
                if paired is not None:
                    code, start = paired, first
        if code is not None and not _ETHNIC_GROUP.match(text, end):
            found[start] = (start, end, code)
    return list(found.values())


def _starts_a_sentence(text: str, at: int, ends: frozenset[str] = _SENTENCE_END) -> bool:
    """Whether the word at ``at`` starts a text, line, sentence, quotation or bracket, where
    any word is capitalised: after nothing or one of ``ends`` (:data:`_OPENERS` leaves
    brackets and closing quotes out: "(Цюріх)" is inside a sentence)."""
    while at > 0 and text[at - 1].isspace():  # as text[:at].rstrip(), without the copy
        at -= 1
    return at == 0 or text[at - 1] in ends


def _inside_a_name(text: str, at: int) -> bool:
    """Whether the Cyrillic word at ``at`` follows a capitalised word (a company's or a
    person's name: "«Престиж Буд Сервіс»", "Пак Кын Хе") or a disease's noun ("вірус
    Ньюкасла", "хвороба Паркінсона"): it names no place there."""
    previous = _PREVIOUS_TOKEN.search(text, max(0, at - 40), at)
    if previous is None:
        return False
    word = previous.group(1)
    return word[0].isupper() or fold(word).startswith(_NAMED_AFTER)


def _very_common(word: str, language: str) -> bool:
    """Whether a Cyrillic word (or its dictionary form) is among the language's most common
    ones ("Захід", "Правда", "Слава"): capitalised inside a sentence, still more likely a
    word or an idea than a town abroad."""
    forms = [fold(word), fold(lemma(word, language))]
    return float(max(zipf(forms, language))) >= _VERY_COMMON


def nation_key(code: str) -> str:
    """The place key a nationality word's table gives: a country's code or an area's key."""
    return code if ":" in code else f"country:{code}"


def _word_char(text: str, at: int) -> bool:
    """Whether ``text[at]`` is a character of a word (False outside the text)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


_LANGUAGE_NOUN = re.compile(r" (?:мов[аиоуі]\w*|язык\w*)(?!\w)")
_SPOKEN_IN = re.compile(r"(?:ськ|цьк|зьк)ою$|(?:ск|цк|зк)ом$")
"""How a country's adjective standing alone names its language: "українською",
"англійською" (in Ukrainian, in English: мовою left out), "на английском" (языке)."""
_TRANSLATED_FROM = {"з": "ої", "із": "ої", "зі": "ої", "с": "ого", "со": "ого"}
"""A preposition "from" and the ending its adjective for a language takes after it:
"переклад з англійської" (мови), "перевод с английского" (языка)."""


def _a_language_in_cyrillic(text: str, match: re.Match[str], language: str) -> bool:
    """Whether a country's Ukrainian or Russian adjective names its language: before the
    word for a language ("українською мовою", "на русском языке") or standing for it alone
    ("говорить українською та англійською", "интервью на английском", "переклад з
    англійської", "перевод с английского"), not before a noun it qualifies ("українською
    армією", "на украинском фронте", "з російської сторони")."""
    if _LANGUAGE_NOUN.match(text, match.end()):
        return True
    word = match.group(0)
    previous = _previous_word(text, match.start())
    translated = word.lower().endswith(_TRANSLATED_FROM.get(previous, "-"))
    if not (translated or _SPOKEN_IN.search(word.lower())):
        return False
    if not translated and word.lower().endswith("ом") and previous != "на":
        return False  # "в английском городе"
    following = _LOWER_WORD_AFTER.match(text, match.end())
    return following is None or not agrees(word, following.group(1), language)


def _a_language(text: str, start: int, end: int) -> bool:
    """Whether a nationality word names a language, not its people or country: after a
    word of speaking or writing, and before no noun it qualifies ("shouted in Turkish,",
    "teaching English to", "speaks Russian and"; but "in French politics" is France's);
    or a language's name as a noun of its own: before a verb inside a sentence, with no
    article or copula before it ("Although English will remain", "that English is an
    international language"; "the French will vote", "he is Ukrainian and", a headline's
    "Ukrainian will face…" stay), or after "of" at a clause's end ("the question of
    English.", "the status of English in the EU"; "a group of Ukrainian, Polish and Czech
    volunteers" stays)."""
    following = _NEXT_WORD.match(text, end)
    after = following.group(1).lower() if following is not None else None
    if after in _LANGUAGE_NOUNS:
        return True  # "English language learners", "French lessons"
    previous = _previous_word(text, start)
    if text[start:end].lower() in _LANGUAGE_NAMES and previous not in _NO_LANGUAGE_BEFORE:
        at_the_end = after is None and _CLAUSE_END.match(text, end) is not None
        if (after in _AFTER_A_LANGUAGE and not _starts_a_sentence(text, start)) or (
            previous == "of" and (at_the_end or after == "in")
        ):
            return True
    if after is not None and after not in _FUNCTION_WORDS:
        return False
    if previous in _SPEAKING:
        return True
    listed = _LISTED_AFTER.search(text, max(0, start - 40), start)  # "Russian and Ukrainian"
    if listed is None or listed.group(1).lower() not in DEMONYMS:
        return False
    return _previous_word(text, listed.start(1)) in _SPEAKING
