"""Publisher push: good requests alert at once; bad ones are refused whole, with a reason."""

from __future__ import annotations

import pytest

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.helpers import DIGEST, item, post, unused_port


@pytest.fixture
async def push(botapi: BotApiEmulator, write_config, livebot_factory) -> str:
    """A bot with the push endpoint on a free port and one push source; returns its URL."""
    port = unused_port()
    await livebot_factory(
        write_config(
            [{"name": "Wire", "kind": "push", "token_sha256": DIGEST}],
            push={"enabled": True, "port": port, "max_bytes": 20_000, "max_items": 5},
        )
    )
    await botapi.reply_to(1, "/subscribe storm")
    return f"http://127.0.0.1:{port}/ingest"


async def test_pushed_item_alerts_at_once(botapi: BotApiEmulator, push: str) -> None:
    """One item, a list, or a whole JSON Feed: stored, matched and sent without polling."""
    response = await post(push, item(1))
    assert response.status_code == 202 and response.json() == {"accepted": 1, "new": 1, "alerts": 1}
    alert = await botapi.wait_for(
        lambda m: m.chat_id == 1 and m.visible.startswith("Storm makes landfall")
    )
    assert "Wire ·" in alert.visible and 'href="https://wire.example/1"' in alert.text
    response = await post(push, [item(2, "Storm update two"), item(1)])
    assert response.json() == {"accepted": 2, "new": 1, "alerts": 1}
    response = await post(
        push,
        {"version": "https://jsonfeed.org/version/1.1", "items": [item(3, "Storm update three")]},
    )
    assert response.status_code == 202
    await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Storm update three"))


@pytest.mark.parametrize(
    ("body", "kwargs", "status", "reason"),
    [
        (None, {"raw": b"{not json"}, 400, "the body is not JSON"),
        ([], {}, 400, "no items"),
        (
            [item(1), {"url": "https://wire.example/x", "title": "No id"}],
            {},
            400,
            "item 2: missing id",
        ),
        (
            [item(1), {"id": "x", "url": "https://wire.example/x"}],
            {},
            400,
            "item 2: needs a title or some content",
        ),
        (
            [item(1, url="ftp://wire.example/1")],
            {},
            400,
            "item 1: url must be an absolute http(s) URL",
        ),
        (
            [item(1, date_published="yesterday")],
            {},
            400,
            "item 1: date_published must be an RFC 3339 date",
        ),
        ([item(n) for n in range(6)], {}, 400, "6 items; at most 5 per request"),
        (item(1), {"token": "wrong"}, 401, "missing or wrong bearer token"),
        (item(1), {"token": None}, 401, "missing or wrong bearer token"),
        (item(1), {"source": "Nope"}, 404, "unknown push source 'Nope'"),
        (item(1, content_text="x" * 30_000), {}, 413, "the body is larger than 20,000 bytes"),
    ],
    ids=[
        "not json",
        "no items",
        "missing id",
        "no content",
        "bad url",
        "bad date",
        "too many",
        "wrong token",
        "no token",
        "unknown source",
        "oversized",
    ],
)
async def test_bad_requests_are_refused_whole(
    botapi: BotApiEmulator, push: str, body: object, kwargs: dict, status: int, reason: str | None
) -> None:
    """Each bad request gets its status and reason, and nothing of it is stored."""
    response = await post(push, body, **kwargs)
    assert response.status_code == status
    if reason is not None:
        assert response.json()["error"].startswith(reason)
    assert "Nothing stored" in (await botapi.reply_to(1, "/latest storm")).visible
