"""Alerts people can steer, end to end: the buttons on every alert and on /list, quiet hours
and digest modes, priorities inside the flood cap, /latest that is worth asking, conversations
instead of command syntax, forum topics, channels managed from a private chat."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.emulator.botapi import BotApiEmulator, Sent
from tests.e2e.helpers import Newsroom, alert, button, story, tap
from tests.fakes.feeds import FeedServer


@dataclass
class Desk:
    """A running bot with one newsroom feed, and its database file."""

    room: Newsroom
    database: Path
    config: Path
    bot: Any


@pytest.fixture
async def steer(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> Desk:
    room = Newsroom(feeds)
    room.add(story("old", "Storm season outlook published", minutes=-600))
    config = write_config(
        [{"name": "Live desk", "url": room.url, "interval": 1}],
        delivery={"chat_burst": 4, "burst_window": 20},
    )
    bot = await livebot_factory(config)
    await room.fetched(botapi)
    return Desk(room, bot.settings.storage.database, config, bot)


async def test_every_alert_can_be_muted_explained_extended_and_stopped(
    botapi: BotApiEmulator, steer: Desk
) -> None:
    """Mute for 8 h (two taps), /list shows the time left, a muted topic sends nothing while
    another still does, unmute, Why this?, More like this, Unsubscribe, then stale taps."""
    await botapi.reply_to(1, "/subscribe peace talks")
    await botapi.reply_to(1, "/subscribe harbour")
    steer.room.add(story("p1", "Peace talks resume in Geneva"))
    first = await alert(botapi, 1, "Peace talks resume")
    assert [label for label, _ in first.buttons()] == [
        "🔕 Mute peace talks", "✖ Unsubscribe", "🔎 More like this", "❓ Why this?",
    ]  # fmt: skip
    why = await tap(botapi, first, button(first, "❓"))
    assert why == "“peace talks” — found “peace” and “talks” in the title."

    assert await tap(botapi, first, button(first, "🔕")) == "For how long?"
    assert [label for label, _ in first.buttons()][:4] == ["🔕 1 h", "🔕 8 h", "🔕 24 h",
                                                          "🔕 Until I unmute"]  # fmt: skip
    eight = button(first, "🔕 8 h")
    assert await tap(botapi, first, eight) == "🔕 Muted “peace talks” for 8 h."
    assert first.buttons()[0][0] == "🔔 Unmute"
    assert await tap(botapi, first, eight) == "🔕 Muted “peace talks” for 8 h."  # double tap
    listing = await botapi.reply_to(1, "/list")
    assert "peace talks · 🔕 muted, 7 h 59 min left" in listing.visible
    assert ("🔔 peace talks", button(listing, "🔔")) in listing.buttons()

    steer.room.add(story("p2", "Peace talks stall"), story("h1", "Harbour reopens"))
    await alert(botapi, 1, "Harbour reopens")  # the control: the bot has matched both
    assert not [m for m in botapi.messages_to(1) if m.visible.startswith("Peace talks stall")]

    assert "on again" in await tap(botapi, first, button(first, "🔔 Unmute"))
    assert first.buttons()[0][0] == "🔕 Mute peace talks"
    await tap(botapi, first, button(first, "🔎"))
    more = await botapi.wait_for(lambda m: m.chat_id == 1 and "Latest on" in m.visible)
    assert more.visible.index("Peace talks stall") < more.visible.index("Peace talks resume")

    assert await tap(botapi, first, button(first, "✖")) == "Stopped following “peace talks”."
    assert first.reply_markup is None
    stale = "You no longer follow this. /list shows what this chat follows."
    assert await tap(botapi, first, "al:w:1:2") == stale
    assert await tap(botapi, first, "al:M:1:2:8") == stale
    assert "This button no longer works" in await tap(botapi, first, "al:M:1:2:9")  # forged
    assert "This button no longer works" in await tap(botapi, first, "al:x:1:2")


async def test_in_groups_only_admins_use_the_buttons(botapi: BotApiEmulator, steer: Desk) -> None:
    """A member's tap changes nothing and says why; an admin's works."""
    group, admin, member = -5001, 77, 78
    botapi.admins[group] = {admin}
    botapi.user_sends(group, "/subscribe storm", user_id=admin, chat_type="supergroup")
    await botapi.wait_for(lambda m: m.chat_id == group and "Following" in m.visible)
    steer.room.add(story("s1", "Storm closes schools"))
    sent = await alert(botapi, group, "Storm closes schools")
    mute = button(sent, "🔕")
    assert "Only this group's admins" in await tap(botapi, sent, mute, user_id=member)
    assert sent.buttons()[0][0].startswith("🔕 Mute")
    assert await tap(botapi, sent, mute, user_id=admin) == "For how long?"


async def test_exact_place_goes_first_when_the_window_is_nearly_full(
    botapi: BotApiEmulator, steer: Desk
) -> None:
    """Ten loose "mentions Ukraine" stories and one blast in Kharkiv, all at once, with room
    for four messages: Kharkiv goes first on its own, then the newest loose one, then the
    rest in one digest, and the last slot stays free: a second blast in Kharkiv still goes
    out at once, on its own, while a loose one waits."""
    await botapi.reply_to(2, "/place Ukraine")
    await botapi.reply_to(2, "/place Kharkiv")
    loose = [story(f"u{n}", f"Ukraine budget talks round {n}", minutes=n) for n in range(10)]
    steer.room.add(story("k1", "Blast in Kharkiv kills two", minutes=-5), *loose)

    def received() -> list[Sent]:
        return [m for m in botapi.messages_to(2) if "Following" not in m.visible]

    await botapi.wait_until(lambda: len(received()) >= 3, within=20, what="three messages")
    first, newest, digest = received()
    assert first.visible.startswith("Blast in Kharkiv kills two")
    assert newest.visible.startswith("Ukraine budget talks round 9")
    assert digest.visible.startswith("9 updates on what you follow")
    carried = {line[2:] for line in digest.visible.split("\n") if line.startswith("• ")}
    assert carried == {f"Ukraine budget talks round {n}" for n in range(9)}
    steer.room.add(story("u10", "Ukraine budget vote"), story("k2", "Second blast in Kharkiv"))
    await alert(botapi, 2, "Second blast in Kharkiv")
    assert len(received()) == 4


async def test_quiet_hours_hold_alerts_then_deliver_one_digest(
    botapi: BotApiEmulator, steer: Desk
) -> None:
    """During quiet hours nothing arrives (another chat's alert proves the bot matched);
    when they end, everything that waited comes as one digest; turning quiet hours off
    sends what waits at once."""
    hour = time.gmtime().tm_hour
    quiet = f"{hour:02d}:00-{(hour + 2) % 24:02d}:00"
    assert "Quiet hours" in (await botapi.reply_to(41, f"/settings quiet {quiet}")).visible
    await botapi.reply_to(41, "/subscribe storm")
    await botapi.reply_to(42, "/subscribe storm")
    await botapi.reply_to(42, "/subscribe harbour")
    await botapi.reply_to(45, "/subscribe pier")
    steer.room.add(story("q1", "Storm warning for the coast"), story("q2", "Storm floods road"))
    await alert(botapi, 42, "Storm floods road")
    await alert(botapi, 42, "Storm warning for the coast")
    assert [m.visible for m in botapi.messages_to(41) if "Storm" in m.visible] == []

    # The clock reaches the end of the quiet hours: the stored release time passes.
    # (From a thread: the bot shares this event loop and must not be blocked.)
    def clock_passes() -> None:
        with sqlite3.connect(steer.database, timeout=10) as db:
            db.execute("UPDATE outbox SET hold_until = ? WHERE chat_id = 41", (time.time() - 1,))
            db.execute("UPDATE chats SET due_at = ? WHERE id = 41", (time.time() - 1,))

    await asyncio.to_thread(clock_passes)
    steer.room.add(story("q3", "Harbour reopens"))  # wakes the delivery loop
    digest = await botapi.wait_for(lambda m: m.chat_id == 41 and "updates" in m.visible)
    assert digest.visible.startswith("2 updates on what you follow")
    assert "Storm warning for the coast" in digest.visible and "Storm floods road" in digest.visible

    steer.room.add(story("q4", "Storm damages pier"))
    await alert(botapi, 45, "Storm damages pier")  # (42 has had its messages of the window)
    assert not [m for m in botapi.messages_to(41) if m.visible.startswith("Storm damages")]
    await botapi.reply_to(46, "/subscribe surge")
    steer.room.add(story("q5", "Storm surge expected", minutes=1))
    await alert(botapi, 46, "Storm surge expected")  # matched: 41's waits in quiet hours
    after = len(botapi.sent)
    await botapi.reply_to(41, "/settings quiet off")  # what waited: one digest, newest first
    digest = await botapi.wait_for(
        lambda m: m.chat_id == 41 and "2 updates" in m.visible, after=after
    )
    assert digest.visible.index("Storm surge expected") < digest.visible.index("Storm damages")
    assert not [m for m in botapi.messages_to(41) if m.visible.startswith("Storm damages")]


async def test_hourly_digest_mode_holds_alerts_and_settings_show_it(
    botapi: BotApiEmulator, steer: Desk
) -> None:
    """/settings: a subscription switched to an hourly digest sends nothing instantly; the
    time zone can be picked from the menu and times follow it."""
    await botapi.reply_to(43, "/subscribe storm")
    await botapi.reply_to(44, "/subscribe storm")
    menu = await botapi.reply_to(43, "/settings")
    assert "Time zone: UTC" in menu.visible and "storm: instant" in menu.visible
    await tap(botapi, menu, button(menu, "storm: instant"))
    assert "How should alerts for “storm” arrive?" in menu.visible
    await tap(botapi, menu, button(menu, "Hourly digest"))
    assert "storm: hourly digest" in menu.visible
    await tap(botapi, menu, button(menu, "🕒"))
    await tap(botapi, menu, button(menu, "Europe/Kyiv"))
    assert "Time zone: Europe/Kyiv" in menu.visible
    steer.room.add(story("m1", "Storm passes north"))
    await alert(botapi, 44, "Storm passes north")
    assert "hourly digest" in (await botapi.reply_to(43, "/list")).visible
    assert not [m for m in botapi.messages_to(43) if m.visible.startswith("Storm passes")]
    assert (await botapi.reply_to(43, "/settings tz Mars/Olympus")).visible.startswith(
        "I don’t know the time zone"
    )
    menu = await botapi.reply_to(43, "/settings")
    await tap(botapi, menu, button(menu, "storm: hourly digest"))
    after = len(botapi.sent)
    await tap(botapi, menu, button(menu, "Daily at another time"))
    asked = await botapi.wait_for(lambda m: m.chat_id == 43, after=after)
    assert "At what time?" in asked.visible
    done = await botapi.reply_to(43, "06:45")
    assert (
        "storm: daily digest at 06:45" in done.visible and "storm: daily at 06:45" in done.visible
    )


async def test_latest_is_newest_published_first_with_leads_and_pages(
    botapi: BotApiEmulator, steer: Desk
) -> None:
    """/latest orders by publication, not by storage order, shows each lead line, pages with
    Next ▸; followed places and 📍 work; bare /latest gives one line per subscription."""
    steer.room.add(
        *[story(f"l{n}", f"Storm report number {n}", minutes=n * 10) for n in range(6)],
        story("late", "Storm report from last night", minutes=-300),
    )
    await steer.room.fetched(botapi, 2)
    page = await botapi.reply_to(5, "/latest storm")
    lines = page.visible
    assert lines.index("Storm report number 5") < lines.index("Storm report number 4")
    assert "Officials confirmed it on Tuesday." in lines
    assert "from last night" not in lines
    await tap(botapi, page, button(page, "Next ▸"))
    assert "6. " in page.visible and "Storm report from last night" in page.visible
    assert "Storm season outlook" in page.visible  # the oldest, last
    await tap(botapi, page, button(page, "‹ Prev"))
    assert "1. " in page.visible

    assert "follows no places yet" in (await botapi.reply_to(5, "/latest 📍")).visible
    await botapi.reply_to(5, "/place Kharkiv")
    await botapi.reply_to(5, "/subscribe storm")
    steer.room.add(story("k2", "Power restored in Kharkiv"))
    await alert(botapi, 5, "Power restored in Kharkiv")
    for asked in ("/latest Kharkiv", "/latest 📍"):
        assert "Power restored in Kharkiv" in (await botapi.reply_to(5, asked)).visible
    overview = (await botapi.reply_to(5, "/latest")).visible
    assert "📍 Kharkiv" in overview and "Power restored in Kharkiv" in overview
    assert "storm — Storm report number 5" in overview


async def test_conversations_instead_of_command_syntax(botapi: BotApiEmulator, steer: Desk) -> None:
    """A bare /subscribe asks and takes the next message; plain text gets buttons; the
    confirmation's hint is a button that works."""
    asked = await botapi.reply_to(6, "/subscribe")
    assert (asked.reply_markup or {}).get("force_reply") is True
    done = await botapi.reply_to(6, "storm surge")
    assert done.visible.startswith("✅ Following “storm surge”")
    shown = await tap(botapi, done, button(done, "🔎 Latest on"))
    assert shown == ""
    nothing = await botapi.wait_for(lambda m: m.chat_id == 6 and "Nothing stored" in m.visible)
    assert "This chat follows it" in nothing.visible and not nothing.buttons()
    offer = await botapi.reply_to(6, "volcano")
    assert [label for label, _ in offer.buttons()] == [
        "🔔 Subscribe to “volcano”", "🔎 Latest on “volcano”",
    ]  # fmt: skip
    await tap(botapi, offer, button(offer, "🔔"))
    await botapi.wait_for(lambda m: m.chat_id == 6 and "Following “volcano”" in m.visible)
    place = await botapi.reply_to(6, "Kharkiv")
    assert place.buttons()[0][0].startswith("📍 Follow Kharkiv")
    asked = await botapi.reply_to(6, "/place")
    keyboard = (asked.reply_markup or {}).get("keyboard")
    assert keyboard and keyboard[0][0]["request_location"] is True
    assert "Following Kyiv" in (await botapi.reply_to(6, "Kyiv")).visible


async def test_forum_alerts_go_to_their_topic_then_to_general(
    botapi: BotApiEmulator, steer: Desk
) -> None:
    """A subscription made in a forum topic alerts there; once that topic is deleted, the
    alerts go to General and nothing is lost."""
    forum, admin = -7001, 71
    botapi.forums[forum] = {5, 9}
    botapi.admins[forum] = {admin}
    botapi.user_sends(forum, "/subscribe storm", user_id=admin, chat_type="supergroup",
                      thread_id=5)  # fmt: skip
    confirmed = await botapi.wait_for(lambda m: m.chat_id == forum and "Following" in m.visible)
    assert confirmed.thread_id == 5
    steer.room.add(story("f1", "Storm over the bay"))
    assert (await alert(botapi, forum, "Storm over the bay")).thread_id == 5
    botapi.delete_topic(forum, 5)
    steer.room.add(story("f2", "Storm moves inland"))
    assert (await alert(botapi, forum, "Storm moves inland")).thread_id is None


async def test_channels_are_managed_from_a_private_chat(
    botapi: BotApiEmulator, steer: Desk, livebot_factory: Any
) -> None:
    """/manage @channel by its admin: subscriptions change for the channel, answers come
    privately, alerts go to the channel; others are refused; a group gets a greeting."""
    channel, owner = -8001, 51
    botapi.channels["@newsdesk"] = channel
    botapi.admins[channel] = {owner}
    assert "Only admins of @newsdesk" in (await botapi.reply_to(52, "/manage @newsdesk")).visible
    assert "Managing @newsdesk" in (await botapi.reply_to(owner, "/manage @newsdesk")).visible
    done = await botapi.reply_to(owner, "/subscribe storm")
    assert done.visible.startswith("✅ Following “storm” in @newsdesk")
    assert "storm" in (await botapi.reply_to(owner, "/list")).visible
    steer.room.add(story("c1", "Storm hits the capital"))
    await alert(botapi, channel, "Storm hits the capital")
    assert [m.visible[:20] for m in botapi.messages_to(channel)] == ["Storm hits the capit"]
    assert not [m for m in botapi.messages_to(owner) if m.visible.startswith("Storm hits")]
    await steer.bot.close()  # /manage holds across a restart
    await livebot_factory(steer.config)
    again = await botapi.reply_to(owner, "/subscribe flood")
    assert again.visible.startswith("✅ Following “flood” in @newsdesk")
    assert "Back to this chat" in (await botapi.reply_to(owner, "/manage off")).visible
    assert "follows nothing yet" in (await botapi.reply_to(owner, "/list")).visible

    botapi.member_status(-9001, "left", "member", chat_type="supergroup")
    greeting = await botapi.wait_for(lambda m: m.chat_id == -9001)
    assert "An admin can set it up" in greeting.visible


async def test_list_buttons_mute_unmute_and_stop(botapi: BotApiEmulator, steer: Desk) -> None:
    """/list's buttons: mute until unmuted (two taps), unmute, stop; the list redraws."""
    await botapi.reply_to(7, "/subscribe storm")
    await botapi.reply_to(7, "/place Kharkiv")
    listing = await botapi.reply_to(7, "/list")
    assert [label for label, _ in listing.buttons()] == [
        "🔕 storm", "✖", "🔕 📍 Kharkiv", "✖",
    ]  # fmt: skip
    await tap(botapi, listing, button(listing, "🔕 storm"))
    assert await tap(botapi, listing, button(listing, "🔕 Until")) == (
        "🔕 Muted “storm” until you unmute it."
    )
    assert "storm · 🔕 muted until you unmute" in listing.visible
    await tap(botapi, listing, button(listing, "🔔 storm"))
    assert "muted" not in listing.visible
    await tap(botapi, listing, listing.buttons()[3][1])
    assert "This chat follows 1 subscription" in listing.visible
    assert "Kharkiv" not in listing.visible


async def test_digest_pages_link_everything_and_place_alerts_explain_themselves(
    botapi: BotApiEmulator, steer: Desk
) -> None:
    """Two alerts, then a digest of 15 with a More ▸ button for its second page; every item is linked on one
    of the pages. Why this? on a place alert names the place the story mentions."""
    await botapi.reply_to(8, "/subscribe storm")
    await botapi.reply_to(8, "/place Kharkiv 50")
    steer.room.add(*[story(f"g{n}", f"Storm front {n}", minutes=n) for n in range(17)])
    digest = await botapi.wait_for(lambda m: m.chat_id == 8 and "15 updates" in m.visible)
    assert "1/2" in digest.visible
    first_page = {n for n in range(17) if f'news.example/g{n}"' in digest.text}
    for _ in range(20):  # the bot logs what the digest carried just after Telegram's answer
        answer = await tap(botapi, digest, button(digest, "More ▸"))
        if "2/2" in digest.visible:
            break
    assert "2/2" in digest.visible, answer
    second_page = {n for n in range(17) if f'news.example/g{n}"' in digest.text}
    assert len(first_page | second_page) == 15 and not first_page & second_page

    steer.room.add(story("c1", "Shelling reported in Chuhuiv", minutes=20))
    place = await alert(botapi, 8, "Shelling reported in Chuhuiv", within=15)
    why = await tap(botapi, place, button(place, "❓"))
    assert (
        why
        == "📍 Kharkiv, Ukraine · within 50 km — the story mentions Chuhuyiv, 35 km from Kharkiv."
    )


async def test_time_zone_from_a_location_pin_and_times_in_it(
    botapi: BotApiEmulator, steer: Desk
) -> None:
    """Settings → From my location, then a pin in Kyiv: the chat's zone is Europe/Kyiv and
    its alerts show Kyiv time; the pin does not become a place subscription."""
    menu = await botapi.reply_to(9, "/settings")
    await tap(botapi, menu, button(menu, "🕒"))
    assert "Share a location pin" in await tap(botapi, menu, button(menu, "📍 From my location"))
    after = len(botapi.sent)
    botapi.user_shares_location(9, 50.45, 30.52)
    answer = await botapi.wait_for(lambda m: m.chat_id == 9, after=after)
    assert "Time zone set to Europe/Kyiv" in answer.visible
    assert "follows nothing yet" in (await botapi.reply_to(9, "/list")).visible
    await botapi.reply_to(9, "/subscribe storm")
    steer.room.add(story("t1", "Storm reaches the capital"))
    sent = await alert(botapi, 9, "Storm reaches the capital")
    assert " EET" in sent.visible or " EEST" in sent.visible
