"""Britain's and Ireland's counties (bot.geo.counties): found in text, followed, and matched
within their nation or province."""

from __future__ import annotations

import pytest

from bot.geo.counties import counties
from bot.geo.distance import km_between
from bot.geo.gazetteer import Gazetteer
from bot.geo.place import PlaceKind
from bot.geo.tagger import Tagger
from bot.match.places import PlaceIndex
from bot.models import Subscription


def keys(tagger: Tagger, text: str) -> list[str]:
    return [m.place.key for m in tagger.mentions(text)]


def test_every_county_lies_in_its_nation(gazetteer: Gazetteer) -> None:
    """Each county's middle lies in Britain or Ireland, within 500 km of its nation's or
    province's middle (Shetland is 490 km from Scotland's), and no county's name is
    another's."""
    seen: set[str] = set()
    for county in counties():
        nation = gazetteer.places[f"region:{county.nation}"]
        assert 49.8 < county.lat < 61 and -10.7 < county.lon < 2, county.key
        assert km_between(county.lat, county.lon, nation.lat, nation.lon) < 500, county.key
        assert county.key in gazetteer.places
        names = {county.names[0], *county.also}
        assert not names & seen, county.key
        seen |= names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Cornwall" was a town in Ontario, "Essex Police" Maryland's, "Cumbria" Maryland's
        # Cumberland, "in Suffolk, England" Virginia's Suffolk
        ("A caravan park in Cornwall was evacuated.", ["county:gb-cornwall"]),
        ("Essex Police says it is assessing information.", ["county:gb-essex"]),
        ("Flooding hit Cumbria and North Yorkshire overnight.",
         ["county:gb-cumbria", "county:gb-north-yorkshire"]),
        ("Bird flu was found on a farm in Suffolk, England.",
         ["county:gb-suffolk", "region:GB-ENG"]),
        ("The chief constable of Cambridgeshire police spoke.", ["county:gb-cambridgeshire"]),
        ("A dead swan was found in Fife, Scotland.", ["county:gb-fife", "region:GB-SCT"]),
        # a county's name that is also a word, supported by a town near its middle
        ("Surrey police said a man died in Guildford.", ["county:gb-surrey", "city:2647793"]),
        ("Troops were sent to County Antrim.", ["county:gb-antrim"]),
        ("A walker died on a mountain in Co Kerry.", ["county:ie-kerry"]),
        ("Storm Éowyn left homes in Donegal without power.", ["county:ie-donegal"]),
        ("A bus crashed in Co. Cork near Cork city.", ["county:ie-cork", "city:2965140"]),
        ("Повінь у графстві Кент", ["county:gb-kent"]),
        ("В Йоркширі пройшли протести.", ["county:gb-yorkshire"]),
        ("В Корнуолле нашли кита.", ["county:gb-cornwall"]),
    ],
)  # fmt: skip
def test_a_county_news_names_is_found(tagger: Tagger, text: str, expected: list[str]) -> None:
    assert keys(tagger, text) == expected


def test_a_namesake_abroad_keeps_its_own_news(tagger: Tagger) -> None:
    """Norfolk, Virginia is bigger news alone; "Norfolk, England" is the county."""
    assert keys(tagger, "A ship docked in Norfolk, Virginia.") == [
        "city:4776222", "region:US-VA",
    ]  # fmt: skip
    assert keys(tagger, "Chickens were culled at a farm in Norfolk, England.") == [
        "county:gb-norfolk", "region:GB-ENG",
    ]  # fmt: skip
    # a British source's news: its home is Britain
    found = [m.place.key for m in tagger.mentions("Norfolk police said a body was found.", "GB")]
    assert found == ["county:gb-norfolk"]


@pytest.mark.parametrize(
    "text",
    [
        "He said Clark Kent works at the Daily Planet.",  # a person
        "A gun was pointed on Northumberland Avenue yesterday.",  # London's street
        "Young people volunteer at Anglesey Abbey near Cambridge.",  # a site
    ],
)
def test_a_county_s_name_in_a_person_s_or_a_site_s_is_not_the_county(
    tagger: Tagger, text: str
) -> None:
    assert not [k for k in keys(tagger, text) if k.startswith("county:")]


def test_a_county_is_followed_by_its_name_and_shown_in_the_reader_s_language(
    gazetteer: Gazetteer,
) -> None:
    kent = gazetteer.lookup("Kent")[0]
    assert kent.key == "county:gb-kent"
    assert kent.kind is PlaceKind.COUNTY
    assert kent.label(gazetteer) == "Kent, United Kingdom"
    assert kent.label(gazetteer, "uk") == "Кент, Велика Британія"
    assert gazetteer.lookup("Корнуолл")[0].key == "county:gb-cornwall"
    for typed in ("графство Кент", "у графстві Кент", "County Kent"):  # the county's noun
        assert gazetteer.lookup(typed)[0].key == "county:gb-kent", typed
    # a county a city fills is the city: "Greater London", "County Dublin"
    assert gazetteer.lookup("Greater London")[0].key == "city:2643743"
    assert gazetteer.lookup("Co Dublin")[0].key == "city:2964574"


def test_a_county_s_news_reaches_its_nation_s_and_the_kingdom_s_followers(
    gazetteer: Gazetteer,
) -> None:
    """A story in Kent reaches followers of Kent, England and the UK, not of Scotland; a
    story in Maidstone (a town of Kent) is not Kent's: a county holds no town of ours."""
    index = PlaceIndex(gazetteer)
    index.add_many(
        [
            Subscription(n, chat_id=n, query=key, after_entry_id=0, place=key)
            for n, key in enumerate(
                ["county:gb-kent", "region:GB-ENG", "country:GB", "region:GB-SCT"], 1
            )
        ]
    )
    for key, expected in (("county:gb-kent", {1, 2, 3}), ("city:2643179", {2, 3})):
        found = [gazetteer.places[key]]
        assert set(index.hits(found, [0]).subscription.tolist()) == expected, key


def test_a_county_s_news_reaches_a_radius_around_a_town_near_its_middle(
    gazetteer: Gazetteer,
) -> None:
    """/place Canterbury 50 hears "Kent Police said…" (Kent's middle is 25 km away), not
    "floods in Cumbria"."""
    canterbury = gazetteer.lookup("Canterbury, England")[0]
    index = PlaceIndex(gazetteer)
    index.add(Subscription(1, chat_id=1, query="", after_entry_id=0, place=canterbury.key,
                           radius_km=50))  # fmt: skip
    for key, expected in (("county:gb-kent", {1}), ("county:gb-cumbria", set())):
        found = [gazetteer.places[key]]
        assert set(index.hits(found, [0]).subscription.tolist()) == expected, key
