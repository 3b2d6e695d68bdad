"""One alert per story across sources: the later copy edits the first alert."""

from __future__ import annotations

from bot.emulator.botapi import BotApiEmulator, Sent
from bot.ingest.parser import parse_feed
from tests.conftest import shared
from tests.e2e.test_alerts import Newsroom
from tests.fakes.feeds import FeedServer


def real_story(feed: str, title_start: str) -> dict:
    entry = next(
        e
        for e in parse_feed(shared(f"feeds/{feed}").read_bytes(), url="https://x.example/").entries
        if e.title.startswith(title_start)
    )
    return {"guid": entry.guid, "title": entry.title, "description": entry.text, "link": entry.link}


async def first_report(botapi: BotApiEmulator, dw: Newsroom, aljazeera: Newsroom) -> Sent:
    """Both feeds fetched once, chat 1 follows "france arrests", DW reports nine arrests:
    the alert chat 1 gets."""
    await dw.fetched(botapi)
    await aljazeera.fetched(botapi)
    await botapi.reply_to(1, "/subscribe france arrests")
    dw.add(real_story("dw-english.rss10.rdf", "France arrests nine"))
    return await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("France arrests nine")
    )


async def second_report_edits(botapi: BotApiEmulator, aljazeera: Newsroom, alert: Sent) -> None:
    """Al Jazeera reports the same arrests: the alert is edited, and no second one comes."""
    aljazeera.add(
        real_story("aljazeera-all.no-xml-decl.rss.xml", "France arrests nine over killing")
    )
    await botapi.wait_until(lambda: alert.edits, within=15, what="the alert to be edited")
    assert "🗞 Also reported by 1 source: Al Jazeera" in alert.visible
    assert len([m for m in botapi.messages_to(1) if "France arrests nine" in m.visible]) == 1


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
