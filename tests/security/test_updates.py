"""Forged and awkward Telegram updates: order within a chat, edits, odd command shapes and
forged button data, through the real Application."""

from __future__ import annotations

import pytest

from bot.emulator.botapi import BotApiEmulator, Sent
from tests.e2e.helpers import Newsroom, alerts_to, story


async def test_a_chats_quick_commands_run_in_the_order_sent(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """Fifty /subscribe commands sent at once are stored, and answered, in order."""
    after = len(botapi.sent)
    for n in range(50):
        botapi.user_sends(7, f"/subscribe topic{n}")
    await botapi.wait_until(
        lambda: len(botapi.messages_to(7)) >= 50, within=30, what="fifty answers"
    )
    answers = [m.visible for m in botapi.sent[after:] if m.chat_id == 7]
    assert [a.split("“")[1].split("”")[0] for a in answers] == [f"topic{n}" for n in range(50)]
    listing = (await botapi.reply_to(7, "/list")).visible  # ten to a page, in order
    assert listing.index("1. topic0") < listing.index("2. topic1") < listing.index("10. topic9")
    assert "50 subscriptions · 1/5" in listing


async def test_an_edited_command_is_not_run_again(botapi: BotApiEmulator, desk: Newsroom) -> None:
    """Editing /subscribe does not subscribe a second topic; it says how to fix a typo. An
    edited plain message gets no second reply."""
    first = botapi.user_sends(8, "/subscribe energy grdi")
    await botapi.wait_for(lambda m: m.chat_id == 8)
    after = len(botapi.sent)
    botapi.user_edits(first, "/subscribe energy grid")
    hint = await botapi.wait_for(lambda m: m.chat_id == 8, after=after)
    assert "Editing a command does not run it again" in hint.visible
    hello = botapi.user_sends(8, "hello")
    await botapi.wait_for(lambda m: m.chat_id == 8 and "What should I do" in m.visible, after=after)
    before_edit = len(botapi.messages_to(8))
    botapi.user_edits(hello, "hello again")
    listing = (await botapi.reply_to(8, "/list")).visible  # control: the bot read the edit first
    assert "energy grdi" in listing and "energy grid" not in listing
    assert len(botapi.messages_to(8)) == before_edit + 1


@pytest.mark.parametrize(
    ("sent", "answer"),
    [
        ("/subscribe, peace", "Following “peace”"),
        ("/subscribe OR", "OR joins alternatives: put a word on each side"),
        ("/subscribe | ", "OR joins alternatives"),
    ],
    ids=["comma after the command", "only OR", "only a bar"],
)
async def test_odd_command_shapes_get_the_meant_answer(
    botapi: BotApiEmulator, desk: Newsroom, sent: str, answer: str
) -> None:
    """A comma after the command, or a topic that is only an operator, get a precise answer."""
    assert answer in (await botapi.reply_to(9, sent)).visible


async def test_a_command_in_a_photo_caption_works(botapi: BotApiEmulator, desk: Newsroom) -> None:
    """A photo captioned with a command is the command."""
    after = len(botapi.sent)
    botapi.user_sends_photo(10, "/subscribe energy grid")
    reply = await botapi.wait_for(lambda m: m.chat_id == 10, after=after)
    assert "Following “energy grid”" in reply.visible


async def test_symbols_and_initials_match_what_people_mean(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """C++ is not the letter C ("A.O.C." does not match it); "U.S." matches "US"."""
    await botapi.reply_to(11, "/subscribe C++")
    await botapi.reply_to(12, "/subscribe U.S. election")
    desk.add(
        story("s1", "A.O.C. speaks in Congress", "She said it on Tuesday."),
        story("s2", "C++26 draft approved", "The C++ committee voted on Tuesday."),
        story("s3", "US election results delayed", "Counting went on overnight."),
    )
    await botapi.wait_until(
        lambda: alerts_to(botapi, 11, "C++26") and alerts_to(botapi, 12, "US election"),
        within=15,
        what="both alerts",
    )
    assert alerts_to(botapi, 11, "A.O.C.") == []


async def tapped(botapi: BotApiEmulator, message: Sent, data: str) -> None:
    """Tap a button with ``data`` and wait until the bot has answered the tap."""
    query = botapi.user_taps(message, data)["callback_query"]["id"]
    await botapi.wait_until(
        lambda: query in botapi.callback_answers, within=10, what=f"the answer to {data!r}"
    )


FORGED = ["99999999", "١٠٠", "inf", "nan", "-5", "1e400", "25.0000001", "0x19", " 25"]


async def test_forged_radius_buttons_change_nothing(botapi: BotApiEmulator, desk: Newsroom) -> None:
    """A radius button carrying anything but a radius it offered (a huge number, Arabic-
    Indic digits, inf, nan, negative) gets "no longer available" and leaves the radius."""
    after = len(botapi.sent)
    botapi.user_shares_location(13, 41.9, 12.5)
    pin = await botapi.wait_for(lambda m: m.chat_id == 13, after=after)
    own = dict(pin.buttons())["10 km"].split(":")[1]
    for km in FORGED:
        await tapped(botapi, pin, f"radius:{own}:{km}")
        assert "no longer available" in pin.visible, km
    assert "within 25 km" in (await botapi.reply_to(13, "/list")).visible


@pytest.mark.parametrize("data", [f"pick:{km}:country:UA" for km in FORGED] + [
    "swap:99999999999999999999999:country:UA", "unsub:99999999999999999999999",
    "unsub:-1", "pick:5:nowhere:1", "radius:x:y", "pick", "unsub:",
])  # fmt: skip
async def test_forged_buttons_get_a_polite_no(
    botapi: BotApiEmulator, desk: Newsroom, data: str
) -> None:
    """Forged pick, swap and unsubscribe data: a polite refusal, never an error, nothing
    followed."""
    reply = await botapi.reply_to(14, "/unsubscribe")  # any message of ours to tap on
    await tapped(botapi, reply, data)
    listing = (await botapi.reply_to(14, "/list")).visible
    assert "follows nothing yet" in listing
    assert not [m for m in botapi.messages_to(14) if "Sorry, something went wrong" in m.visible]


@pytest.mark.parametrize("data", [
    "al:u:1:0", "al:m:1", "al:M:1:0:5", "al:M:1:0:-1", "al:w:99999999999999999999:0",
    "al:u:١:0", "ls:n:1:0:0", "st:Z:999", "st:Z:-1", "st:M:1:25", "st:Q:1:2", "st:Q:off:x",
    "st:", "lt:nope:5", "lt:x:99999", "dg:abc", "dg:9999", "tx:s:unknown", "tx:p:",
])  # fmt: skip
async def test_forged_steering_buttons_change_nothing(
    botapi: BotApiEmulator, desk: Newsroom, data: str
) -> None:
    """Forged alert, list, settings, paging and offer buttons, including one naming another
    chat's subscription (id 1 belongs to chat 15): a polite answer, no error, and the other
    chat's subscription untouched."""
    await botapi.reply_to(15, "/subscribe storm")
    reply = await botapi.reply_to(16, "/help")  # any message of ours in chat 16 to tap on
    await tapped(botapi, reply, data)
    assert "storm" in (await botapi.reply_to(15, "/list")).visible
    assert "🔕" not in (await botapi.reply_to(15, "/list")).visible.split("\n")[1]
    assert not [m for m in botapi.sent if "Sorry, something went wrong" in m.visible]


UNICODE_DIGITS = ["²", "①", "⁵", "①①", "١"]


@pytest.mark.parametrize(
    "template",
    ["al:M:{sid}:0:{n}", "ls:M:{sid}:0:{n}", "dg:{n}", "st:Z:{n}", "st:M:{sid}:{n}", "lt:x:{n}"],
)
async def test_buttons_with_unicode_digits_are_refused_politely(
    botapi: BotApiEmulator, desk: Newsroom, template: str
) -> None:
    """Attack run N10: "²", "①", "⁵" (and Arabic-Indic "١") are digits to ``str.isdigit``
    and raised in ``int()``; every field now takes ASCII digits only: a polite answer, the
    callback answered, nothing muted."""
    await botapi.reply_to(17, "/subscribe storm")
    listing = await botapi.reply_to(17, "/list")
    sid = next(d for _, d in listing.buttons() if d.startswith("ls:")).split(":")[2]
    for digit in UNICODE_DIGITS:
        await tapped(botapi, listing, template.format(sid=sid, n=digit))
    assert "🔕" not in (await botapi.reply_to(17, "/list")).visible.split("\n")[1]
    assert not [m for m in botapi.sent if "Sorry, something went wrong" in m.visible]
