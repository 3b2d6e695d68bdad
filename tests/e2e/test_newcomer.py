"""The newcomer trial's scripts (``../shared/reviews/newcomer-trial.md``), replayed against
the real bot: what a person met in their first hour, each checked the way they met it."""

from __future__ import annotations

from typing import Any

import pytest

from bot.emulator.botapi import BotApiEmulator, Sent
from tests.e2e.helpers import Newsroom, story
from tests.fakes.feeds import FeedServer

USER = 3001


@pytest.fixture
async def room(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> Newsroom:
    desk = Newsroom(feeds)
    await livebot_factory(
        write_config(
            [{"name": "Live desk", "url": desk.url, "interval": 1}],
            limits={"subscriptions_per_chat": 50},
        )
    )
    await desk.fetched(botapi)
    return desk


def labels(sent: Sent) -> list[str]:
    return [label for label, _ in sent.buttons()]


async def test_look_alike_places_read_apart_in_the_chat_language(
    botapi: BotApiEmulator, room: Newsroom
) -> None:
    """Defects 9 and 21: Kyiv, Kyiv 150 and Kyiv 100 read apart on /list's buttons; "Kyiv
    City" is named as the city region and its overlap is said; pins are named by their
    city in full; labels follow the chat's language now, not the one used to subscribe."""
    await botapi.reply_to(USER, "/place Kyiv")
    wider = await botapi.reply_to(USER, "/place Kyiv 150")
    assert "mentions a place in that area" in wider.visible  # not "mentions it"
    assert "This overlaps “📍 Kyiv, Ukraine”" in wider.visible
    await botapi.reply_to(USER, "/place Київ 100 км")
    listing = await botapi.reply_to(USER, "/list")
    assert labels(listing) == [
        "🔕 📍 Kyiv", "✖", "🔕 📍 Kyiv · 150 km", "✖", "🔕 📍 Kyiv · 100 km", "✖",
    ]  # fmt: skip
    await botapi.reply_to(USER, "/language uk")
    city = await botapi.reply_to(USER, "/place Kyiv City")
    assert city.visible.startswith("📍 Стежу: місто Київ, Україна."), city.visible
    assert "Це перетинається з «📍 Київ, Україна»" in city.visible
    botapi.user_shares_location(USER, 49.99, 36.23)
    await botapi.wait_for(lambda m: m.chat_id == USER and "геомітка" in m.visible)
    listing = await botapi.reply_to(USER, "/list")
    assert "1. 📍 Київ, Україна\n" in listing.visible  # followed in English, named in Ukrainian
    assert "4. 📍 місто Київ, Україна" in listing.visible
    assert "5. 📌 Харків, Україна (ваша геомітка) · у межах 25 км" in listing.visible
    assert labels(listing)[6:] == ["🔕 📍 місто Київ", "✖", "🔕 📌 Харків · 25 км", "✖"]
    settings = await botapi.reply_to(USER, "/settings")
    assert "…" not in settings.visible and "• 📍 Київ, Україна · у межах 150 км" in settings.visible


async def test_a_place_is_named_once_in_an_alert(botapi: BotApiEmulator, room: Newsroom) -> None:
    """Defect 9: following Kyiv and Ukraine, a story on Kyiv reads "📍 Kyiv", not
    "📍 Kyiv · Kyiv, in Ukraine"."""
    await botapi.reply_to(USER, "/place Ukraine")
    await botapi.reply_to(USER, "/place Kyiv")
    room.add(story("k1", "Drones hit a depot in Kyiv overnight"))
    alert = await botapi.wait_for(lambda m: m.chat_id == USER and "Drones hit" in m.visible)
    assert "\n📍 Kyiv\n" in alert.visible, alert.visible


async def test_latest_answers_for_the_topic_typed_and_offers_nothing_followed(
    botapi: BotApiEmulator, feeds: FeedServer, room: Newsroom
) -> None:
    """Defect 10: a followed feed filtered to Kharkiv does not take over /latest kharkiv
    from the topic "kharkiv"; /latest on a followed place with nothing stored offers no
    second subscription."""
    other = Newsroom(feeds, "ru.rss", "ru test feed")
    other.add(story("r1", "Weather in Kharkiv turns cold"))
    followed = await botapi.reply_to(USER, f"/follow {other.url} 📍 Kharkiv 50", within=20)
    assert "ru test feed" in followed.visible
    await botapi.reply_to(USER, "/subscribe kharkiv")
    room.add(story("k1", "Kharkiv metro reopens"), story("k2", "Kharkiv schools go online"))
    await botapi.wait_for(lambda m: m.chat_id == USER and "Kharkiv schools" in m.visible)
    latest = await botapi.reply_to(USER, "/latest kharkiv")
    assert latest.visible.startswith("Latest on “kharkiv”"), latest.visible
    assert "Kharkiv metro reopens" in latest.visible and "Kharkiv schools" in latest.visible
    await botapi.reply_to(USER, "/place Lviv")
    nothing = await botapi.reply_to(USER, "/latest Lviv")
    assert "This chat follows it" in nothing.visible and not nothing.buttons()


async def test_topics_of_only_the_commonest_words_are_refused(
    botapi: BotApiEmulator, room: Newsroom
) -> None:
    """Defect 20 (and 5's flood): "a", "the", "a OR the OR of OR in" match nearly every
    story; they are refused with the reason, in the chat's language."""
    for topic in ("a", "the", "a OR the OR of OR in"):
        refused = await botapi.reply_to(USER, f"/subscribe {topic}")
        assert refused.visible.startswith("Only very common words in"), refused.visible
    assert "follows nothing yet" in (await botapi.reply_to(USER, "/list")).visible
    await botapi.reply_to(USER, "/language uk")
    refused = await botapi.reply_to(USER, "/subscribe в")
    assert refused.visible.startswith("У «в» лише найуживаніші слова"), refused.visible
    either = await botapi.reply_to(USER, "/subscribe україна АБО росія")  # defect 19
    assert either.visible.startswith("✅ Стежу за «україна АБО росія»")


async def test_long_lists_are_paged_not_cut(botapi: BotApiEmulator, room: Newsroom) -> None:
    """Defect 24: 25 long topics: /list and bare /latest say how many pages there are and
    page through all of them."""
    words = "regional reconstruction financing conference delegates announce"
    for n in range(25):
        await botapi.reply_to(USER, f"/subscribe {words} topic{n}")
    listing = await botapi.reply_to(USER, "/list")
    assert "This chat follows 25 subscriptions · 1/3" in listing.visible
    assert "10. " in listing.visible and "11. " not in listing.visible
    assert labels(listing)[-2:] == ["1/3", "Next ▸"]
    after = len(botapi.sent)
    botapi.user_taps(listing, dict(listing.buttons())["Next ▸"])
    await botapi.wait_until(lambda: "2/3" in listing.visible, what="the second page")
    assert "11. " in listing.visible and "20. " in listing.visible and "21. " not in listing.visible
    assert len(botapi.sent) == after  # the same message, rewritten
    overview = await botapi.reply_to(USER, "/latest")
    assert "1/2" in overview.visible and labels(overview)[-1] == "Next ▸"
    assert overview.visible.count("nothing stored yet") == 15
