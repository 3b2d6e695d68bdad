"""Following places through the real Application: /place, pins, keyboards, alerts, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import Newsroom, story
from tests.fakes.feeds import FeedServer

USER = 1001


async def test_place_alerts_say_which_place_and_how_far(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """The issue's examples: the talks story reaches Kyiv, Kyiv 200, Ukraine and Turkey
    followers; a Chernihiv story reaches Kyiv 200 (with the distance) but not Kyiv."""
    assert "📍 Following Kyiv, Ukraine" in (await botapi.reply_to(1, "/place Kyiv")).visible
    assert (
        "within 200 km of Kyiv, Ukraine" in (await botapi.reply_to(2, "/place Kiev 200 km")).visible
    )
    assert "📍 Following Ukraine" in (await botapi.reply_to(3, "/place Україна")).visible
    await botapi.reply_to(4, "/place Turkey")
    desk.add(
        story(
            "p1",
            "Russia to scale back attacks",
            "Russia is to cut back on its attacks in the Kyiv and "
            "Chernihiv areas, a top defence ministry official said on Tuesday, following a round of "
            "peace talks with Ukraine in Istanbul.",
        )
    )
    for chat, reason in (
        (1, "📍 Kyiv"),
        (2, "📍 Kyiv"),
        (3, "📍 Ukraine"),
        (4, "📍 Istanbul, in Turkey"),
    ):
        alert = await botapi.wait_for(
            lambda m, c=chat: m.chat_id == c and m.visible.startswith("Russia to scale")
        )
        assert reason in alert.visible
    desk.add(story("p2", "Shelling overnight", "Shelling was reported overnight in Chernihiv."))
    alert = await botapi.wait_for(
        lambda m: m.chat_id == 2 and m.visible.startswith("Shelling overnight")
    )
    assert "📍 Chernihiv, 128 km from Kyiv" in alert.visible
    await botapi.wait_for(lambda m: m.chat_id == 3 and m.visible.startswith("Shelling overnight"))
    desk.add(story("p3", "Port city shelled", "Explosions were heard in Mariupol."))
    await botapi.wait_for(lambda m: m.chat_id == 3 and m.visible.startswith("Port city shelled"))
    await desk.fetched(botapi)
    assert not [m for m in botapi.messages_to(1) if "Shelling overnight" in m.visible]
    assert not [m for m in botapi.messages_to(2) if "Port city shelled" in m.visible]


async def test_ambiguous_place_offers_the_others(botapi: BotApiEmulator, desk: Newsroom) -> None:
    """Athens follows Greece and offers Athens, Georgia; tapping it swaps the subscription."""
    reply = await botapi.reply_to(USER, "/place Athens")
    assert (
        "📍 Following Athens, Greece" in reply.visible and "Not the one you meant?" in reply.visible
    )
    labels = [label for label, _ in reply.buttons()]
    assert "Athens, Georgia, United States" in labels
    data = dict(reply.buttons())["Athens, Georgia, United States"]
    botapi.user_taps(reply, data)
    await botapi.wait_until(lambda: reply.edits, what="the swap")
    assert "📍 Following Athens, Georgia, United States" in reply.visible
    listing = (await botapi.reply_to(USER, "/list")).visible
    assert "📍 Athens, Georgia, United States" in listing and "Greece" not in listing


async def test_unknown_place_gets_suggestions(botapi: BotApiEmulator, desk: Newsroom) -> None:
    """A misspelt name is not followed silently: suggestions come as buttons."""
    reply = await botapi.reply_to(USER, "/place Chernihov 50")
    assert "I don’t know a place called “Chernihov”" in reply.visible
    data = dict(reply.buttons())["Chernihiv, Ukraine"]
    botapi.user_taps(reply, data)
    await botapi.wait_until(lambda: reply.edits, what="the pick")
    assert "within 50 km of Chernihiv, Ukraine" in reply.visible
    nothing = await botapi.reply_to(USER, "/place Xqzvbnqq")
    assert "I don’t know a place called “Xqzvbnqq”. Check the spelling" in nothing.visible


async def test_location_pin_and_radius_buttons(botapi: BotApiEmulator, desk: Newsroom) -> None:
    """A pin follows 25 km around it, says so, and the radius can be changed with a tap."""
    after = len(botapi.sent)
    botapi.user_shares_location(USER, 41.899977, 12.501028)
    reply = await botapi.wait_for(lambda m: m.chat_id == USER, after=after)
    assert "📍 Following everything within 25 km of Rome, Italy (your location)" in reply.visible
    assert [label for label, _ in reply.buttons()] == [
        "10 km",
        "• 25 km",
        "50 km",
        "100 km",
        "250 km",
    ]
    botapi.user_taps(reply, dict(reply.buttons())["100 km"])
    await botapi.wait_until(lambda: reply.edits, what="the radius change")
    assert "within 100 km of Rome, Italy (your location)" in reply.visible
    assert "• 100 km" in [label for label, _ in reply.buttons()]
    desk.add(story("r1", "Storm in Lazio", "Flooding hit Frosinone overnight."))
    alert = await botapi.wait_for(
        lambda m: m.chat_id == USER and m.visible.startswith("Storm in Lazio")
    )
    assert "📍 Frosinone, 7" in alert.visible and "km from 📌 Rome" in alert.visible
    assert "within 100 km" in (await botapi.reply_to(USER, "/list")).visible


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/place", "Which place should I follow?"),
        ("/place " + "x" * 10_000, "characters; no place name is that long"),
        ("/place Kyiv 0", "A radius must be at least 1 km. Leave it out to follow Kyiv itself."),
        ("/place Kyiv -50", "A radius must be at least 1 km"),
        ("/place Kyiv 50000", "The largest radius is 1,000 km."),
        ("/place Kyiv ten", "I don’t know a place called “Kyiv ten”"),
        ("/place <b>Kyiv</b>", "I don’t know a place called “<b>Kyiv</b>”"),
        ("/place Ukraine 100", "A radius applies to cities and shared locations"),
    ],
    ids=[
        "empty",
        "10,000 characters",
        "radius 0",
        "negative",
        "50000 km",
        "not a number",
        "html",
        "radius on a country",
    ],
)
async def test_bad_place_input_gets_clear_answers(
    botapi: BotApiEmulator, desk: Newsroom, command: str, answer: str
) -> None:
    """Each bad input gets a clear answer, and the bot keeps answering."""
    assert answer in (await botapi.reply_to(USER, command)).visible
    assert "Livebot" in (await botapi.reply_to(USER, "/help")).visible


async def test_unsubscribe_places_by_name(botapi: BotApiEmulator, desk: Newsroom) -> None:
    """A place is removed by any of its names; with two radii, the bot asks which."""
    await botapi.reply_to(USER, "/place Kyiv")
    await botapi.reply_to(USER, "/place Kyiv 200")
    which = await botapi.reply_to(USER, "/unsubscribe Київ")
    assert "Which one?" in which.visible and len(which.buttons()) == 2
    assert (
        "Stopped following “📍 Kyiv, Ukraine · within 200 km”"
        in (await botapi.reply_to(USER, "/unsubscribe Kiev 200")).visible
    )
    assert (
        "Stopped following “📍 Kyiv, Ukraine”"
        in (await botapi.reply_to(USER, "/unsubscribe kyiv")).visible
    )
    assert "follows nothing yet" in (await botapi.reply_to(USER, "/list")).visible


async def test_places_as_people_type_them_and_areas(botapi: BotApiEmulator, desk: Newsroom) -> None:
    """The newcomer's trial: /place takes inflected names, a preposition and a Latin look-
    alike letter ("Харкова", "у Києві", "Kиїв"), and areas ("Donbas", "Europe"). A Donbas
    follower gets a story from Donetsk; a follower of Kyiv gets "Kyiv city council"
    (issue 27: it went to a locality near Donetsk)."""
    for chat, typed, label in (
        (11, "/place Харкова", "Kharkiv, Ukraine"),
        (12, "/place у Києві", "Kyiv, Ukraine"),
        (13, "/place Kиїв", "Kyiv, Ukraine"),
        (14, "/place Donbas", "Donbas"),
        (15, "/place Europe", "Europe"),
    ):
        answer = (await botapi.reply_to(chat, typed)).visible
        assert f"📍 Following {label}" in answer, answer
    desk.add(story("d1", "Shelling in Donetsk overnight", "Shells hit Donetsk."))
    for chat in (14, 15):
        await botapi.wait_for(lambda m, c=chat: m.chat_id == c and m.visible.startswith("Shelling"))
    desk.add(story("k1", "Kyiv city council approves a new shelter map", "The council voted."))
    alert = await botapi.wait_for(lambda m: m.chat_id == 12 and m.visible.startswith("Kyiv city"))
    assert "📍 Kyiv" in alert.visible
    assert not [m for m in botapi.messages_to(14) if m.visible.startswith("Kyiv city")]


async def test_an_area_nothing_lies_in_is_followed_by_name(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """/place Чорне море, /place Нагорный Карабах: no country or region lies in a sea or
    that territory, so the answer says a story alerts by naming it (not "or a place in
    it", as for Donbas, whose towns do)."""
    for chat, typed, label in (
        (21, "/place Чорне море", "Black Sea"),
        (22, "/place Нагорный Карабах", "Nagorno-Karabakh"),
    ):
        answer = (await botapi.reply_to(chat, typed)).visible
        assert f"📍 Following {label}. You will get an alert when a new story mentions it." in (
            answer
        ), answer
    answer = (await botapi.reply_to(23, "/place Donbas")).visible
    assert "mentions it or a place in it" in answer, answer


async def test_a_city_s_followers_hear_of_its_districts(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """/place Kyiv says its districts count too, /place Троєщина that it is one of Kyiv's;
    debris on Troieshchyna, a district GeoNames lists as a town of its own, reaches the
    Kyiv follower, and Brovary, next to Kyiv in another region, does not (the Brovary story
    is the control that proves the bot looked)."""
    answer = (await botapi.reply_to(31, "/place Kyiv")).visible
    assert "mentions it or one of its districts" in answer, answer
    answer = (await botapi.reply_to(33, "/place Троєщина")).visible
    assert "is a district of Kyiv: /place Kyiv follows all of it." in answer, answer
    await botapi.reply_to(32, "/place Brovary")
    desk.add(story("t1", "Уламки впали на Троєщині", "Уламки впали на Троєщині вночі."))
    desk.add(story("b1", "Вибух у Броварах", "У Броварах пролунав вибух."))
    alert = await botapi.wait_for(lambda m: m.chat_id == 31 and "Троєщині" in m.visible)
    assert "Уламки" in alert.visible
    await botapi.wait_for(lambda m: m.chat_id == 32 and "Броварах" in m.visible)
    assert not [m for m in botapi.messages_to(31) if "Броварах" in m.visible]


async def test_a_source_s_configured_country_places_its_towns(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    """A public broadcaster's domain may name no country (suspilne.media): "Вибухи у
    Токмаку" from it was Kyrgyzstan's Tokmok, and Ukraine's Tokmak's followers never heard.
    A source's configured ``country`` is its home, as a country's domain is."""
    desk = Newsroom(feeds, "home.rss")  # 127.0.0.1: a domain of no country
    await livebot_factory(
        write_config([{"name": "Home desk", "url": desk.url, "interval": 1, "country": "ua"}])
    )
    await desk.fetched(botapi)
    assert "📍 Following Tokmak" in (await botapi.reply_to(1, "/place Tokmak, Ukraine")).visible
    desk.add(story("t1", "Вибухи у Токмаку", "Окупанти вночі обстріляли Токмак."))
    alert = await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("Вибухи у Токмаку"), within=30
    )
    assert "📍 Tokmak" in alert.visible


async def test_a_county_is_followed_and_alerted(botapi: BotApiEmulator, desk: Newsroom) -> None:
    """/place Cornwall is Britain's county (it was a town in Ontario), and the answer says a
    story alerts by naming it; a Cornish story reaches its follower and England's, a story
    from Cornwall, Ontario (the control) does not reach the county's."""
    answer = (await botapi.reply_to(41, "/place Cornwall")).visible
    assert (
        "📍 Following Cornwall, United Kingdom. You will get an alert when a new story "
        "mentions it." in answer
    ), answer
    await botapi.reply_to(42, "/place England")
    await botapi.reply_to(43, "/place Cornwall, Ontario")
    desk.add(story("c1", "Storm batters Cornwall", "Trees fell across Cornwall overnight."))
    desk.add(story("o1", "Cornwall, Ontario mayor re-elected", "Voters in Cornwall, Ontario."))
    for chat in (41, 42):
        await botapi.wait_for(lambda m, chat=chat: m.chat_id == chat and "batters" in m.visible)
    await botapi.wait_for(lambda m: m.chat_id == 43 and "mayor" in m.visible)
    assert not [m for m in botapi.messages_to(41) if "mayor" in m.visible]
