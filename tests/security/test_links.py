"""Links people bring: held to public addresses whatever the operator exempts (attack run
N3), refused politely when they cannot even be parsed (N11), and refused in the reader's
language without the operator's words (issue 27)."""

from __future__ import annotations

from typing import Any

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.test_alerts import Newsroom, story
from tests.fakes.feeds import FeedServer

UNPARSABLE = [
    "http://0177.0.0.2:9/x",
    "http://①②⑦.0.0.2/",
    "http://[::1/x",
    "http://a..b/",
    "http://" + "a" * 70 + ".example/",
    "http://xn--/",
    "http://exa\x00mple.com/",
    "http://example.com:99999/",
]


async def test_the_operators_exempt_network_is_not_everyones(
    botapi: BotApiEmulator, feeds: FeedServer, write_config: Any, livebot_factory: Any
) -> None:
    """Attack run N3: the operator exempts 127.0.0.1 for an intranet feed (their own
    source is polled); a person's /follow of the same server, or of a page redirecting
    there, is refused, and the server hears nothing from it."""
    intranet = Newsroom(feeds, "intranet.rss")
    intranet.add(story("i1", "Internal memo"))
    feeds.publish("jump", "", status=302, headers={"Location": intranet.url})
    config = write_config(
        [{"name": "Intranet", "url": intranet.url, "interval": 1}],
        ingest={"allow_private_addresses": False, "allow_networks": ["127.0.0.1/32"]},
        user_sources={"allow_private_addresses": False},
    )
    await livebot_factory(config)
    await intranet.fetched(botapi)  # the operator's own source is fetched
    hits = feeds.hits["intranet.rss"]
    for url in (intranet.url.replace("127.0.0.1", "localhost"), feeds.url("jump")):
        answer = (await botapi.reply_to(4, f"/follow {url}")).visible
        assert answer.startswith("I could not follow that link:"), answer
        assert "not on the public internet" in answer, answer
    assert feeds.hits["intranet.rss"] == hits
    assert "follows nothing yet" in (await botapi.reply_to(4, "/list")).visible


async def test_links_no_client_can_parse_get_a_polite_no(
    botapi: BotApiEmulator, write_config: Any, livebot_factory: Any
) -> None:
    """Attack run N11: links that crashed /follow ("something went wrong") are refused in
    one sentence; the chat follows nothing."""
    await livebot_factory(write_config([]))
    for url in UNPARSABLE:
        answer = (await botapi.reply_to(5, f"/follow {url}")).visible
        assert "Sorry, something went wrong" not in answer, (url, answer)
        assert "link" in answer or "address" in answer, (url, answer)
    assert "follows nothing yet" in (await botapi.reply_to(5, "/list")).visible


async def test_a_refused_link_is_explained_in_the_readers_language(
    botapi: BotApiEmulator, write_config: Any, livebot_factory: Any
) -> None:
    """Issue 27: the Ukrainian and Russian interface said "refused to connect to 10.1.2.3
    (… see ingest.allow_private_addresses)" and "ConnectError": now a short reason in the
    chat's language, with no setting's or exception's name."""
    await livebot_factory(write_config([], user_sources={"allow_private_addresses": False}))
    await botapi.reply_to(6, "/language uk")
    await botapi.reply_to(7, "/language ru")
    for chat, expected in ((6, "не в загальнодоступному інтернеті"), (7, "не в общедоступном")):
        answer = (await botapi.reply_to(chat, "/follow http://10.1.2.3/feed.xml")).visible
        assert expected in answer, answer
        for leak in ("allow_private", "ConnectError", "refused to connect", "ingest."):
            assert leak not in answer, answer
