"""``livebot try --script``: the whole product in a terminal, with no token and no network.
A demo conversation: subscribe, receive an alert from the demo feed, tap a button, /latest."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tests.e2e.helpers import livebot

SCRIPT = """\
/subscribe peace talks
:wait Peace talks: negotiators
1.4
/latest peace talks
:quit
"""


async def test_try_runs_a_demo_conversation(tmp_path: Path) -> None:
    script = tmp_path / "demo.txt"
    script.write_text(SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    process = await livebot("try", "--script", str(script), "--every", "0.5", env=env)
    stdout, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
    transcript = stdout.decode()
    assert "no token, nothing leaves this machine" in transcript
    assert "you › /subscribe peace talks" in transcript
    assert "bot › ✅ Following “peace talks”" in transcript
    assert "bot › Peace talks: negotiators agree on a prisoner exchange" in transcript
    assert "[1.4] ❓ Why this?" in transcript
    # The demo repeats its stories: under load the first "peace talks" one may come out
    # before the subscription is stored, and the alert is for its next turn.
    assert re.search(r"Read more \(https://demo\.example/livebot/\d+\)", transcript)
    assert "bot ⓘ “peace talks” — found “peace” and “talks” in the title." in transcript
    latest = transcript.split("bot › Latest on “peace talks”", 1)[1]
    assert "1. Peace talks" in latest and "negotiators agree on a prisoner exchange" in latest
    assert "Traceback" not in stderr.decode()
