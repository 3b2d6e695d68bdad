"""The bot token never reaches a log, a message or a world-readable file."""

from __future__ import annotations

import signal
import stat
from pathlib import Path

from bot.emulator.botapi import TOKEN, BotApiEmulator
from tests.e2e.helpers import finished, livebot, start

SECRET = TOKEN.split(":", 1)[1]


async def test_debug_logs_and_files_keep_the_token_private(
    botapi: BotApiEmulator, write_config
) -> None:
    """At DEBUG, python-telegram-bot logs every Bot API URL (which carries the token): the
    process's whole output holds only the bot id. A config holding the token that others
    can read is warned about; the files the bot creates are readable by its user only."""
    config = write_config([], logging={"level": "DEBUG"})
    config.chmod(0o644)
    process = await start(config, botapi)
    await botapi.reply_to(1, "/help")
    heartbeat = config.parent / "livebot.sqlite3.heartbeat"
    await botapi.wait_until(heartbeat.exists, within=5, what="the first heartbeat")
    process.send_signal(signal.SIGTERM)
    code, stderr = await finished(process)
    assert code == 0
    assert "Set Bot API URL" in stderr or "getUpdates" in stderr  # DEBUG did log URLs
    assert SECRET not in stderr
    assert f"{config} holds the bot token and every user of this machine can read it" in stderr
    for name in ("livebot.sqlite3", "livebot.sqlite3-wal", "livebot.sqlite3.heartbeat",
                 "livebot.sqlite3.lock"):  # fmt: skip
        path = config.parent / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, name


async def test_a_rejected_token_is_shown_by_its_bot_id_only(
    tmp_path: Path, botapi: BotApiEmulator
) -> None:
    """Telegram's refusal quotes the token; the one line the operator sees does not."""
    config = tmp_path / "c.toml"
    config.write_text(f'[telegram]\napi_url = "{botapi.url}"\n')
    wrong = "4242:" + "z" * 35
    code, stderr = await finished(
        await livebot("run", "--config", str(config), env={"TELEGRAM_BOT_TOKEN": wrong})
    )
    assert code == 2
    assert "z" * 35 not in stderr
    assert "Telegram rejected the bot token 4242:…" in stderr
