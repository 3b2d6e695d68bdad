"""One alert per story across sources: the later copy edits the first alert."""

from __future__ import annotations

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import (
    Newsroom,
    alerts_to,
    first_report,
    real_story,
    second_report_edits,
    story,
)
from tests.fakes.feeds import FeedServer


async def test_same_story_from_two_sources_alerts_once(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """DW and Al Jazeera on the same arrests: one alert, then 'Also reported by' on it;
    /latest lists the story once. An unrelated story still alerts on its own."""
    dw, aljazeera = Newsroom(feeds, "dw.rss"), Newsroom(feeds, "aj.rss")
    await livebot_factory(
        write_config(
            [
                {"name": "DW", "url": dw.url, "interval": 1},
                {"name": "Al Jazeera", "url": aljazeera.url, "interval": 1},
            ]
        )
    )
    alert = await first_report(botapi, dw, aljazeera)
    await second_report_edits(botapi, aljazeera, alert)
    assert [label for label, _ in alert.buttons()][:2] == [
        "🔕 Mute france arrests",
        "✖ Unsubscribe",
    ]
    latest = (await botapi.reply_to(1, "/latest france arrests")).visible
    assert latest.count("France arrests nine") == 1
    aljazeera.add(
        real_story("aljazeera-all.no-xml-decl.rss.xml", "Stephen Colbert says CBS barred")
        | {"title": "France arrests: Colbert says CBS barred interview"}
    )
    await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("France arrests: Colbert")
    )


async def two_desks(
    feeds: FeedServer, write_config, livebot_factory, botapi: BotApiEmulator, **sections: dict
) -> tuple[Newsroom, Newsroom]:
    """A bot polling two outlets every second (both fetched once): "Desk" and "Wire"."""
    desk, wire = Newsroom(feeds, "desk.rss"), Newsroom(feeds, "wire.rss")
    config = write_config(
        [
            {"name": "Desk", "url": desk.url, "interval": 1},
            {"name": "Wire", "url": wire.url, "interval": 1},
        ],
        **sections,
    )
    await livebot_factory(config)
    await desk.fetched(botapi)
    await wire.fetched(botapi)
    return desk, wire


async def test_one_outlets_posts_are_separate_alerts_and_never_also_reported(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """An outlet's two posts on one story (a live blog's updates above all) are two alerts,
    never merged under "Also reported by 1 source: <the same outlet>"; its re-post of the
    same item with a new id changes nothing; /latest lists both posts."""
    desk, _ = await two_desks(feeds, write_config, livebot_factory, botapi)
    await botapi.reply_to(1, "/subscribe kharkiv")
    desk.add(
        story("d1", "Live update 1: shelling reported near Kharkiv", "Officials in Kharkiv said.")
    )
    first = await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("Live update 1")
    )
    desk.add(
        story("d2", "Live update 2: shelling reported near Kharkiv", "Officials in Kharkiv said.")
    )
    await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Live update 2"))
    desk.add(
        story("d3", "Live update 2: shelling reported near Kharkiv", "Officials in Kharkiv said.")
    )
    desk.add(story("d4", "Kharkiv metro reopens after repairs", "The metro runs again."))
    await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Kharkiv metro"))
    assert not first.edits and "Also reported" not in first.visible
    assert len(alerts_to(botapi, 1, "Live update 2")) == 1  # the re-post: nothing new
    latest = (await botapi.reply_to(1, "/latest kharkiv")).visible
    assert "Live update 1" in latest and "Live update 2" in latest


async def test_a_persons_feed_never_joins_names_or_edits_shared_stories(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """Attack run N2: a feed a person follows, titled like a scam, carries a shared story's
    words. Other people's alert is edited to name the shared outlets only, never that feed."""
    desk, wire = await two_desks(
        feeds, write_config, livebot_factory, botapi, user_sources={"interval": 1}
    )
    private = Newsroom(feeds, "mine.rss", title="SCAM: claim your refund at evil.example")
    private.add(story("p0", "An old post of that feed", minutes=-60))
    await botapi.reply_to(90, f"/follow {private.url}")
    await botapi.reply_to(91, "/subscribe storm")
    landfall = story(
        "s1", "Storm Ciaran makes landfall in Cornwall", "Winds of 90 mph hit Cornwall."
    )
    desk.add(landfall)
    alert = await botapi.wait_for(
        lambda m: m.chat_id == 91 and m.visible.startswith("Storm Ciaran")
    )
    private.add(landfall | {"guid": "p1"})
    await botapi.wait_for(lambda m: m.chat_id == 90 and m.visible.startswith("Storm Ciaran"))
    wire.add(
        story("w1", "Storm Ciaran makes landfall in Cornwall, winds of 90 mph", "Cornwall hit.")
    )
    await botapi.wait_until(lambda: alert.edits, within=15, what="the alert to be edited")
    assert "Also reported by 1 source: Wire" in alert.visible
    assert "SCAM" not in alert.visible and "evil" not in alert.visible


async def test_an_alert_lists_its_sources_and_why_names_them(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """A story two outlets reported: the alert gets a "🗞 2 sources" button that lists each
    report with its link, in reply to the alert; "Why this?" names the sources."""
    desk, wire = await two_desks(feeds, write_config, livebot_factory, botapi)
    await botapi.reply_to(1, "/subscribe storm ciaran")
    desk.add(
        story("s1", "Storm Ciaran makes landfall in Cornwall", "Winds of 90 mph hit Cornwall.")
    )
    alert = await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Storm Ciaran"))
    wire.add(
        story("w1", "Storm Ciaran makes landfall in Cornwall, winds of 90 mph", "Cornwall hit.")
    )
    await botapi.wait_until(
        lambda: any(label.startswith("🗞 2 sources") for label, _ in alert.buttons()),
        within=15, what="the sources button",
    )  # fmt: skip
    data = next(d for label, d in alert.buttons() if label.startswith("🗞"))
    botapi.user_taps(alert, data)
    listed = await botapi.wait_for(
        lambda m: m.chat_id == 1 and "Reported by 2 sources" in m.visible
    )
    assert listed.reply_to == alert.message_id
    assert "Desk — Storm Ciaran makes landfall" in listed.visible and "Wire —" in listed.visible
    assert 'href="' in listed.text and listed.text.count("<a ") == 2
    why = next(d for label, d in alert.buttons() if label.startswith("❓"))
    botapi.user_taps(alert, why)
    await botapi.wait_until(
        lambda: any("Reported by: Desk, Wire" in (t or "") for t in botapi.callback_answers.values()),
        within=10, what="the answer to Why this?",
    )  # fmt: skip


async def test_one_event_in_ukrainian_and_english_alerts_once(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """A follower of Kyiv: Suspilne-style Ukrainian report first, an English one later. One
    alert, in the language it came first; the English report edits it. Another city's
    strike that night still alerts on its own."""
    desk, wire = await two_desks(feeds, write_config, livebot_factory, botapi)
    await botapi.reply_to(5, "/place Kyiv 30")
    desk.add(story("u1", "Уламки дронів впали у трьох районах Києва, є поранені",
                   "Уночі Київ атакували 25 шахедів, повідомив Віталій Кличко."))  # fmt: skip
    alert = await botapi.wait_for(lambda m: m.chat_id == 5 and m.visible.startswith("Уламки"))
    wire.add(story("e1", "Drone debris falls in three Kyiv districts, several injured",
                   "Russia attacked Kyiv with 25 Shahed drones overnight, Vitali Klitschko said."))  # fmt: skip
    await botapi.wait_until(lambda: alert.edits, within=15, what="the alert to be edited")
    assert "Also reported by 1 source: Wire" in alert.visible
    assert not alerts_to(botapi, 5, "Drone debris")
    await botapi.reply_to(5, "/place Odesa 30")
    wire.add(
        story("e2", "Drone debris damages homes in Odesa", "Russia attacked Odesa with 40 drones.")
    )
    await botapi.wait_for(lambda m: m.chat_id == 5 and m.visible.startswith("Drone debris damages"))


async def test_a_later_report_with_new_figures_shows_them_on_the_alert(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> None:
    """A later report that gives new figures edits the alert with its headline (🆕), a
    silent edit: no second alert. One that only retells it adds its outlet's name."""
    desk, wire = await two_desks(feeds, write_config, livebot_factory, botapi)
    await botapi.reply_to(1, "/subscribe derna flood")
    desk.add(story("d1", "Derna flood: dams burst, rescuers search the city",
                   "The Derna flood followed the collapse of two dams above the city."))  # fmt: skip
    alert = await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Derna flood"))
    wire.add(story("w1", "Derna flood: dams burst, 5,300 dead as rescuers search the city",
                   "The Derna flood followed the collapse of two dams above the city."))  # fmt: skip
    await botapi.wait_until(lambda: alert.edits, within=15, what="the alert to be edited")
    assert "🆕 Wire: Derna flood: dams burst, 5,300 dead" in alert.visible
    assert len(alerts_to(botapi, 1, "Derna flood")) == 1
