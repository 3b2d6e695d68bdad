"""Configuration: good files load; every bad one gives one line naming the file and key."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings, parse_duration

TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ"
GOOD_SOURCE = '[[sources]]\nname = "World"\nurl = "https://example.org/live.rss"\ninterval = "2m"\n'


def load(tmp_path: Path, text: str, env: dict[str, str] | None = None):
    path = tmp_path / "livebot.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, environ={"TELEGRAM_BOT_TOKEN": TOKEN} if env is None else env)


def test_example_config_is_valid() -> None:
    """The shipped config/livebot.toml loads with a token from the environment."""
    example = Path(__file__).resolve().parents[2] / "config" / "livebot.toml"
    settings = load_settings(example, environ={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert len(settings.sources) >= 3
    assert settings.storage.database == example.parent / "livebot.sqlite3"


def test_durations_and_defaults(tmp_path: Path) -> None:
    """'2m' is 120 s; unspecified sections take their documented defaults."""
    settings = load(tmp_path, GOOD_SOURCE)
    assert settings.sources[0].interval == 120
    assert settings.limits.subscriptions_per_chat == 50
    assert settings.limits.topic_length == 200
    assert settings.delivery.global_rate == 30
    assert settings.telegram.api_url == "https://api.telegram.org"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("90s", 90), ("2m", 120), ("1h30m", 5400), ("1.5s", 1.5), (45, 45)],
)
def test_duration_forms(text: str | int, seconds: float) -> None:
    """Intervals are seconds or short durations."""
    assert parse_duration(text) == seconds


def test_token_from_config_file(tmp_path: Path) -> None:
    """telegram.token works when the environment has none."""
    settings = load(tmp_path, f'[telegram]\ntoken = "{TOKEN}"\n', env={})
    assert settings.token == TOKEN


def test_the_store_as_a_url(tmp_path: Path) -> None:
    """storage.url names a SQLite file (relative to the config, or absolute) or a PostgreSQL
    database, whose password never shows; anything else is one line naming the key."""
    settings = load(tmp_path, '[storage]\nurl = "sqlite:///data/bot.db"\n')
    assert settings.storage.location == tmp_path / "data" / "bot.db"
    settings = load(tmp_path, f'[storage]\nurl = "sqlite:///{tmp_path}/abs.db"\n')
    assert settings.storage.location == tmp_path / "abs.db"
    url = "postgresql://livebot:s3cret@db.example:5432/livebot"
    settings = load(tmp_path, f'[storage]\nurl = "{url}"\n')
    assert settings.storage.postgres and settings.storage.location == url
    assert settings.storage.shown == "postgresql://livebot:***@db.example:5432/livebot"
    for bad in ("mysql://x/y", "sqlite:///", "livebot.sqlite3"):
        with pytest.raises(ConfigError) as caught:
            load(tmp_path, f'[storage]\nurl = "{bad}"\n')
        assert "storage.url" in str(caught.value) and "\n" not in str(caught.value)


def test_relative_database_is_beside_the_config(tmp_path: Path) -> None:
    """storage.database is relative to the config file's folder."""
    settings = load(tmp_path, '[storage]\ndatabase = "data/bot.db"\n')
    assert settings.storage.database == tmp_path / "data" / "bot.db"


BAD = [
    ("", {}, "telegram.token: missing; set TELEGRAM_BOT_TOKEN", "missing token"),
    (
        "",
        {"TELEGRAM_BOT_TOKEN": "not-a-token"},
        "TELEGRAM_BOT_TOKEN: does not look like a bot token",
        "malformed token",
    ),
    ("[telegram]\nnonsense = 1\n", None, "telegram.nonsense: unknown key", "unknown key"),
    (
        '[[sources]]\nname = "S"\nurl = "https://suspilne.media/rss"\ncountry = "Ukraine"\n',
        None,
        '"Ukraine" is no country code: use two letters',
        "a source's country not a code",
    ),
    ("colour = 'red'\n", None, "colour: unknown key", "unknown top-level key"),
    (
        '[[sources]]\nname = "A"\nurl = "ftp://example.org/x"\n',
        None,
        "sources[0].url: 'ftp://example.org/x' is not an http(s) URL",
        "bad URL",
    ),
    (
        '[[sources]]\nname = "A"\nurl = "https://a.example/"\ninterval = 0\n',
        None,
        "sources[0].interval: Input should be greater than or equal to 1",
        "interval 0",
    ),
    (
        '[[sources]]\nname = "A"\nurl = "https://a.example/"\ninterval = "soon"\n',
        None,
        "sources[0].interval: 'soon' is not a duration",
        "interval text",
    ),
    (
        '[[sources]]\nurl = "https://a.example/"\n',
        None,
        "sources[0].name: required key is missing",
        "missing name",
    ),
    (GOOD_SOURCE + GOOD_SOURCE, None, "two sources share the name 'World'", "duplicate source"),
    (
        "[telegram]\napi_url = 'localhost:8081'\n",
        None,
        "telegram.api_url: 'localhost:8081' is not an http(s) URL",
        "bad api url",
    ),
    (
        "[limits]\nsubscriptions_per_chat = 'many'\n",
        None,
        "limits.subscriptions_per_chat: Input should be a valid integer",
        "wrong type",
    ),
    (
        "[matching]\nlanguage = 'klingon'\n",
        None,
        "matching.language: unknown stemmer language",
        "unknown language",
    ),
    ("[telegram\n", None, "not valid TOML", "broken TOML"),
    (
        '[storage]\nurl = "postgresql://u:secret@[::1:5432/x"\n',
        None,
        "storage.url: is not a valid PostgreSQL URL (Invalid IPv6 URL)",
        "malformed PostgreSQL URL (attack run N13)",
    ),
    (
        "[telegram]\nwebhook_url = 'http://bot.example/hook'\nsecret_token = 'abcdefghijklmnop'\n",
        None,
        "Telegram sends webhooks to https:// addresses only",
        "webhook over http (N12)",
    ),
    (
        "[telegram]\nwebhook_url = 'https://bot.example/ingest'\nsecret_token = 'abcdefghijklmnop'\n",
        None,
        "its path is one of the bot's own routes",
        "webhook on the push route (N12)",
    ),
]


@pytest.mark.parametrize(("text", "env", "message", "why"), BAD, ids=[b[3] for b in BAD])
def test_bad_config_names_file_and_key(
    tmp_path: Path, text: str, env: dict[str, str] | None, message: str, why: str
) -> None:
    """The error is one line: '<file>: <key>: <what is wrong>'."""
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text, env)
    error = str(caught.value)
    assert error.startswith(str(tmp_path / "livebot.toml") + ": ")
    assert message in error
    assert "\n" not in error


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    """A missing file and a non-UTF-8 file are named in the error."""
    with pytest.raises(ConfigError, match=r"nothere\.toml: file not found"):
        load_settings(tmp_path / "nothere.toml", environ={"TELEGRAM_BOT_TOKEN": TOKEN})
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match=r"binary\.toml: cannot read file"):
        load_settings(binary, environ={"TELEGRAM_BOT_TOKEN": TOKEN})


PUSH = '[push]\nenabled = true\n[[sources]]\nname = "Wire"\nkind = "push"\n'


def test_a_push_source_token_comes_from_its_environment_variable(tmp_path: Path) -> None:
    """token_env names the variable; only the token's SHA-256 is kept in the settings."""
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "WIRE_TOKEN": "w" * 20}
    settings = load(tmp_path, PUSH + 'token_env = "WIRE_TOKEN"\n', env=env)
    [wire] = settings.sources
    assert wire.token_sha256 == hashlib.sha256(b"w" * 20).hexdigest()
    assert "w" * 20 not in repr(settings)


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        (PUSH, {}, "sources[0]: a push source needs its own token"),
        (PUSH + 'token_env = "WIRE_TOKEN"\n', {}, "set the environment variable WIRE_TOKEN"),
        (PUSH + 'token_env = "WIRE_TOKEN"\n', {"WIRE_TOKEN": "short"}, "at least 16 characters"),
        (
            GOOD_SOURCE + 'token_sha256 = "' + "a" * 64 + '"\n',
            {},
            'token_env and token_sha256 belong to kind = "push" sources only',
        ),
        ('[push]\ntoken = "an old shared token"\n', {}, "push tokens are now set per source"),
    ],
    ids=["no token", "variable unset", "too short", "token on a polled source", "old push.token"],
)
def test_push_token_mistakes_are_one_line(
    tmp_path: Path, text: str, env: dict[str, str], message: str
) -> None:
    """Each push-token mistake names the key and says what to do."""
    with pytest.raises(ConfigError, match=re.escape(message)):
        load(tmp_path, text, env={"TELEGRAM_BOT_TOKEN": TOKEN, **env})


@pytest.mark.parametrize(
    ("value", "admins"),
    [
        ('"12345"', (12345,)),
        ("12345", (12345,)),
        ('"12345, 678"', (12345, 678)),
        ("[1, 2]", (1, 2)),
    ],
)
def test_admins_written_as_one_id_or_a_string_mean_those_ids(
    tmp_path: Path, value: str, admins: tuple[int, ...]
) -> None:
    """`admins = "12345"` means the user 12345, not a type error."""
    assert load(tmp_path, f"[telegram]\nadmins = {value}\n").telegram.admins == admins


def test_admins_that_are_not_ids_say_what_is_expected(tmp_path: Path) -> None:
    """Names instead of ids get an example of the right form."""
    with pytest.raises(
        ConfigError, match=re.escape("telegram.admins: a list of Telegram user ids")
    ):
        load(tmp_path, '[telegram]\nadmins = "@alice"\n')
