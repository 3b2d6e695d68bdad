"""``livebot try``'s terminal: a typed number taps the button the person is looking at,
never one of an alert that arrived meanwhile (newcomer trial, defect 14)."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

from bot import trial
from bot.emulator.botapi import BotApiEmulator, Sent
from bot.trial import USER, Chat


def message(message_id: int, text: str, *data: str) -> Sent:
    keyboard = {"inline_keyboard": [[{"text": d, "callback_data": d} for d in data]]}
    return Sent(message_id, USER, text, None, keyboard if data else None, time.time())


def taps(emulator: BotApiEmulator) -> list[Any]:
    return [u["callback_query"]["data"] for u in emulator._updates if "callback_query" in u]


async def test_numbers_stay_with_the_menu_and_alerts_have_their_own() -> None:
    emulator, out = BotApiEmulator(), io.StringIO()
    chat = Chat(emulator, out)
    emulator.sent.append(message(1, "Settings", "st:z", "st:q", "st:l"))
    chat.show_new()
    emulator.sent.append(message(2, "Storm alert", "al:m:1:5", "al:u:1:5", "al:w:1:5"))
    chat.show_new()
    assert "[1] st:z  [2] st:q  [3] st:l" in out.getvalue()
    assert "[1.1] al:m:1:5  [1.2] al:u:1:5  [1.3] al:w:1:5" in out.getvalue()
    chat.send("2")  # the menu's 2nd, though the alert came later
    chat.send("1.3")  # the alert's Why this?
    assert taps(emulator) == ["st:q", "al:w:1:5"]
    emulator.sent[1].text = "Storm alert\n🗞 Also reported by 1 source"  # an edit keeps its number
    chat.show_new()
    chat.send("1.2")
    chat.send("9")
    chat.send("4.1")
    assert taps(emulator) == ["st:q", "al:w:1:5", "al:u:1:5"]
    assert out.getvalue().count("no button") == 2


async def test_a_wait_that_never_matches_says_so(monkeypatch: Any) -> None:
    """Defect 17: ``:wait TEXT`` that never arrives said nothing and went on."""
    monkeypatch.setattr(trial, "WAIT_SECONDS", 0.3)
    out = io.StringIO()
    await trial._replay(Chat(BotApiEmulator(), out), [":wait Never sent"])
    assert "(nothing with “Never sent” arrived in 0.3 s; going on)" in out.getvalue()


def test_a_missing_script_is_one_line(tmp_path: Path, capsys: Any) -> None:
    missing = tmp_path / "nope.txt"
    assert trial.main(demo=True, config=None, script=missing, every=5) == 2
    assert capsys.readouterr().err == f"livebot: {missing}: No such file or directory\n"


async def test_a_mistyped_terminal_command_is_answered_here_not_sent_to_the_bot() -> None:
    """A bare ``:wait`` (or ``:qiut``) reached the bot as text, which offered to follow
    ":wait"; now the terminal says which commands it has, and ``:8 pm`` style text that is
    no command word still goes to the bot."""
    emulator, out = BotApiEmulator(), io.StringIO()
    chat = Chat(emulator, out)
    chat.send(":wait")
    chat.send(":qiut")
    assert not [u for u in emulator._updates if "message" in u]
    assert out.getvalue().count("is no command of this terminal") == 2
    chat.send(":) thanks")
    assert len([u for u in emulator._updates if "message" in u]) == 1
