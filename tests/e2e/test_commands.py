"""Every chat command through the real Application and the Bot API emulator."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.emulator.botapi import BotApiEmulator
from tests.conftest import ENGINES, shared
from tests.e2e.helpers import eventually
from tests.fakes.feeds import FeedServer, rss

# The core of the bot, on both store engines (a SQLite file, a PostgreSQL database).
pytestmark = pytest.mark.parametrize("engine", ENGINES, indirect=True)

USER = 1001
NOW = datetime.now(UTC)
BACKLOG = [
    {
        "guid": f"b{n}",
        "title": title,
        "description": text,
        "published": NOW - timedelta(minutes=10 - n),
    }
    for n, (title, text) in enumerate(
        [
            ("Peace talks open in Istanbul", "Delegations met on Tuesday."),
            ("Markets rally on <tech> & energy", "Stocks rose."),
            (
                "Negotiations over neutrality enter a practical stage",
                "Officials said progress was made.",
            ),
            ("Storm nears the coast", "Residents were told to leave."),
            ("The cat stalks its prey", "A nature documentary."),
        ]
    )
]


@pytest.fixture
async def bot(
    botapi: BotApiEmulator, feeds: FeedServer, write_config, livebot_factory
) -> BotApiEmulator:
    """A running bot with one source whose backlog has been stored."""
    url = feeds.publish("world.rss", rss(BACKLOG))
    await livebot_factory(
        write_config(
            [{"name": "World", "url": url, "interval": 30}], limits={"subscriptions_per_chat": 3}
        )
    )
    await botapi.wait_until(lambda: feeds.hits["world.rss"] >= 1, what="first fetch")

    async def stored() -> bool:  # the fetch is counted before its backlog is committed
        return "Storm nears the coast" in (await botapi.reply_to(USER, "/latest storm")).visible

    await eventually(stored, within=15, what="the backlog to be stored")
    return botapi


async def test_commands_are_registered_for_the_menu(bot: BotApiEmulator) -> None:
    """setMyCommands lists the user commands with descriptions."""
    names = [c["command"] for c in bot.commands]
    assert names == [
        "help", "subscribe", "place", "unsubscribe", "list", "latest", "follow", "export",
        "settings", "language", "manage", "sources",
    ]  # fmt: skip
    assert all(c["description"] for c in bot.commands)


async def test_start_is_short_and_help_explains_every_command(bot: BotApiEmulator) -> None:
    """/start says what the bot does in a few lines (it was a 35-line wall); /help shows
    an example of each command."""
    start = (await bot.reply_to(USER, "/start")).visible
    assert len(start.splitlines()) <= 10 and "/help shows everything" in start
    for example in ("/subscribe peace talks", "/place Kyiv 150", "/follow", "/latest", "/list"):
        assert example in start
    text = (await bot.reply_to(USER, "/help")).visible
    for example in (
        "/subscribe peace talks",
        '"peace talks"',
        " OR ",
        "-poll",
        "/list",
        "/unsubscribe",
        "/latest",
        "/sources",
    ):
        assert example in text


async def test_subscribe_without_topic_asks_with_examples(bot: BotApiEmulator) -> None:
    """No topic: the bot asks for one (the reply field opens), with examples."""
    asked = await bot.reply_to(USER, "/subscribe")
    assert "What should I follow?" in asked.visible and '"peace talks"' in asked.visible
    assert (asked.reply_markup or {}).get("force_reply") is True


async def test_subscribe_list_unsubscribe(bot: BotApiEmulator) -> None:
    """A topic can be followed, listed, refused as duplicate, and removed by name."""
    assert (
        "✅ Following “peace talks”" in (await bot.reply_to(USER, "/subscribe peace talks")).visible
    )
    assert (  # named as first written
        "already follows “peace talks”"
        in (await bot.reply_to(USER, "/subscribe Talks   Peace")).visible
    )
    await bot.reply_to(USER, '/subscribe "storm" -hurricane')
    listing = (await bot.reply_to(USER, "/list")).visible
    assert "This chat follows 2 subscriptions" in listing
    assert "1. peace talks" in listing and '2. "storm" -hurricane' in listing
    assert (
        "Stopped following “peace talks”"
        in (await bot.reply_to(USER, "/unsubscribe talks peace")).visible
    )
    assert (
        "does not follow “peace talks”"
        in (await bot.reply_to(USER, "/unsubscribe peace talks")).visible
    )
    assert '1. "storm" -hurricane' in (await bot.reply_to(USER, "/list")).visible


async def test_unsubscribe_keyboard(bot: BotApiEmulator) -> None:
    """/unsubscribe alone offers buttons; tapping one removes it and refreshes the keyboard."""
    assert "follows nothing yet" in (await bot.reply_to(USER, "/unsubscribe")).visible
    await bot.reply_to(USER, "/subscribe alpha")
    await bot.reply_to(USER, "/subscribe beta")
    menu = await bot.reply_to(USER, "/unsubscribe")
    labels = [label for label, _ in menu.buttons()]
    assert labels == ["✖ alpha", "✖ beta"]
    bot.user_taps(menu, menu.buttons()[0][1])
    await bot.wait_until(lambda: menu.edits, what="the keyboard message to be edited")
    assert "Stopped following “alpha”" in menu.visible
    assert [label for label, _ in menu.buttons()] == ["✖ beta"]
    bot.user_taps(menu, "unsub:999999")  # stale or forged button
    await bot.wait_until(lambda: len(menu.edits) == 2, what="second edit")
    assert "already removed" in menu.visible
    assert "1. beta" in (await bot.reply_to(USER, "/list")).visible


async def test_subscription_limit_is_explained(bot: BotApiEmulator) -> None:
    """Beyond the configured limit (3 here) a polite explanation, nothing stored."""
    for topic in ("a1", "b2", "c3"):
        await bot.reply_to(USER, f"/subscribe {topic}")
    text = (await bot.reply_to(USER, "/subscribe d4")).visible
    assert "already follows 3 topics and places, the most allowed" in text
    assert "This chat follows 3 subscriptions" in (await bot.reply_to(USER, "/list")).visible


@pytest.mark.parametrize(
    ("topic", "answer"),
    [
        ("x" * 201, "That topic is 201 characters long; the limit is 200."),
        ("x " * 3000, "That topic is 5,999 characters long"),
        ("!!! ??? ...", "at least one word"),
        ("-poll -survey", "not only -exclusions"),
    ],
    ids=["just over the limit", "huge", "punctuation", "only exclusions"],
)
async def test_bad_topics_get_clear_answers(bot: BotApiEmulator, topic: str, answer: str) -> None:
    """Oversized and unusable topics are refused with the reason, and nothing is stored."""
    assert answer in (await bot.reply_to(USER, f"/subscribe {topic}")).visible
    assert "follows nothing yet" in (await bot.reply_to(USER, "/list")).visible


async def test_html_in_topics_is_shown_escaped(bot: BotApiEmulator) -> None:
    """A topic full of markup is echoed literally (the emulator rejects malformed HTML)."""
    reply = await bot.reply_to(USER, "/subscribe <b>bold</b> & <script>x</script>")
    assert "“<b>bold</b> & <script>x</script>”" in reply.visible
    assert "<b>bold</b> & <script>x</script>" in (await bot.reply_to(USER, "/list")).visible


async def test_latest_finds_stored_entries_newest_first(bot: BotApiEmulator) -> None:
    """/latest uses the same matcher: stemming, word boundaries, newest first, with links."""
    reply = await bot.reply_to(USER, "/latest negotiation")
    assert "Negotiations over neutrality enter a practical stage" in reply.visible
    assert "World ·" in reply.visible and "UTC" in reply.visible
    assert 'href="https://news.example/b2"' in reply.text
    reply = await bot.reply_to(USER, "/latest talks OR markets")
    lines = [line for line in reply.visible.splitlines() if line[:2] in ("1.", "2.")]
    assert lines == ["1. Markets rally on <tech> & energy", "2. Peace talks open in Istanbul"]
    assert "stalks" not in reply.visible


async def test_latest_nothing_and_usage(bot: BotApiEmulator) -> None:
    """No match: says so and suggests subscribing; no topic: usage."""
    assert (
        "Nothing stored matches “volcano” yet"
        in (await bot.reply_to(USER, "/latest volcano")).visible
    )
    assert "What should I look up?" in (await bot.reply_to(USER, "/latest")).visible


async def test_sources_lists_state(bot: BotApiEmulator) -> None:
    """/sources shows each source with its last success and entry count."""
    text = (await bot.reply_to(USER, "/sources")).visible
    assert "✅ World · 5 entries" in text and "last success: just now" in text


async def test_stats_is_for_operators_only(bot: BotApiEmulator) -> None:
    """Only configured admins see /stats."""
    assert "for the bot's operators" in (await bot.reply_to(USER, "/stats")).visible
    text = (await bot.reply_to(4242, "/stats")).visible
    assert "Livebot status" in text and "Outbox:" in text and "429s:" in text


async def test_unknown_commands_and_plain_text(bot: BotApiEmulator) -> None:
    """Private chats get a hint; commands for other bots are ignored."""
    assert "I don’t know /frobnicate" in (await bot.reply_to(USER, "/frobnicate now")).visible
    assert (
        "What should I do with “hello there”?" in (await bot.reply_to(USER, "hello there")).visible
    )
    before = len(bot.sent)
    bot.user_sends(-300, "/subscribe@some_other_bot x", chat_type="supergroup")
    reply = await bot.reply_to(USER, "/list")  # processed after the group message
    assert reply.chat_id == USER and len(bot.sent) == before + 1


async def test_commands_without_entities_still_work(bot: BotApiEmulator) -> None:
    """A /start with no bot_command entity (nutgram's real fixture) is still answered."""
    sample = json.loads(shared("telegram/update.start-command.private.nutgram.json").read_text())
    assert "entities" not in sample["message"]
    chat_id = sample["message"]["chat"]["id"]
    before = len(bot.sent)
    bot.push_raw(sample)
    reply = await bot.wait_for(lambda m: m.chat_id == chat_id, after=before)
    assert "Livebot" in reply.visible
    assert (
        "✅ Following"
        in (await bot.reply_to(USER, "/subscribe@livebot_test_bot x", entities=False)).visible
    )


async def test_unparseable_update_does_not_stop_polling(bot: BotApiEmulator) -> None:
    """Telegram's minimal docs sample lacks fields PTB requires; it is skipped, and the bot
    keeps answering everyone else (it used to end PTB's polling loop)."""
    bot.push_raw(json.loads(shared("telegram/update.start.official-docs-minimal.json").read_text()))
    assert "Livebot" in (await bot.reply_to(USER, "/help")).visible
    assert "Livebot" in (await bot.reply_to(USER + 1, "/help")).visible


async def test_group_settings_change_only_by_admins(bot: BotApiEmulator) -> None:
    """In a group, a member cannot subscribe; an admin can; anyone can read /list and /latest."""
    group, member, admin = -100200, 501, 502
    bot.admins[group] = {admin}
    refused = await bot.reply_to(group, "/subscribe storm", user_id=member, chat_type="supergroup")
    assert "Only this group's admins" in refused.visible
    accepted = await bot.reply_to(group, "/subscribe storm", user_id=admin, chat_type="supergroup")
    assert "✅ Following “storm”" in accepted.visible
    assert (
        "1. storm"
        in (await bot.reply_to(group, "/list", user_id=member, chat_type="supergroup")).visible
    )
    refused = await bot.reply_to(
        group, "/unsubscribe storm", user_id=member, chat_type="supergroup"
    )
    assert "Only this group's admins" in refused.visible


async def test_unknown_update_kinds_are_ignored(bot: BotApiEmulator) -> None:
    """An update type from a newer Bot API does not crash the bot."""
    bot.push_raw(
        json.loads(shared("telegram/update.unknown-update-kind.teloxide.json").read_text())
    )
    bot.push_raw(
        json.loads(
            shared("telegram/update.callback-query.official-docs-inline-message.json").read_text()
        )
    )
    assert "Livebot" in (await bot.reply_to(USER, "/help")).visible
