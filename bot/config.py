"""Load and validate the TOML configuration.

Every setting lives in one of the frozen pydantic models below, with its default, its type and
its validator side by side, so the README's configuration reference and the code cannot drift
apart. Any problem becomes a single :class:`ConfigError` naming the file and the key; the CLI
turns it into one line and exit code 2, never a traceback.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pycountry
import snowballstemmer
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.dburl import POSTGRES_URL, SQLITE_URL, location_of, without_password

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
WEBHOOK_SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
DATABASE_URL_ENV = "LIVEBOT_DATABASE_URL"  # storage.url, kept off disk (it holds a password)
DEFAULT_CONFIG = os.environ.get("LIVEBOT_CONFIG", "config/livebot.toml")
"""The configuration file read when none is named (``--config``)."""
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,100}$")
_DURATION_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|m|s|ms)?", re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, None: 1.0}


class ConfigError(Exception):
    """A configuration problem, already phrased for the operator: '<file>: <key>: <why>'."""


def parse_duration(value: Any) -> float:
    """Read a duration given as seconds (``120``) or as text (``"2m"``, ``"1h30m"``, ``"90s"``)."""
    if isinstance(value, bool):
        raise ValueError("expected seconds or a duration like '2m'")
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        raise ValueError("expected seconds or a duration like '2m'")
    text = value.strip().lower().replace(" ", "")
    pos, total = 0, 0.0
    for match in _DURATION_RE.finditer(text):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        pos = match.end()
    if not text or pos != len(text):
        raise ValueError(f"{value!r} is not a duration; use seconds or e.g. '90s', '2m', '1h'")
    return total


Duration = Annotated[float, BeforeValidator(parse_duration)]


def _http_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a host: anything else is a typo."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value.strip()


def _user_ids(value: Any) -> Any:
    """Admins as a list of user ids; one id, or ids in a string, mean what they say."""
    if isinstance(value, bool):
        raise ValueError("a list of Telegram user ids, e.g. admins = [12345]")
    if isinstance(value, int):
        return (value,)
    if isinstance(value, str):
        parts = value.replace(",", " ").split()
        if not parts or not all(p.isascii() and p.isdigit() for p in parts):
            raise ValueError("a list of Telegram user ids, e.g. admins = [12345]")
        return tuple(int(p) for p in parts)
    return value


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TelegramSettings(_Section):
    """How to reach the Bot API and who operates the bot."""

    token: str | None = Field(default=None, repr=False)
    api_url: str = "https://api.telegram.org"
    admins: Annotated[tuple[int, ...], BeforeValidator(_user_ids)] = ()
    poll_timeout: Duration = Field(default=30.0, ge=0, le=60)
    request_timeout: Duration = Field(default=10.0, gt=0, le=120)
    webhook_url: str | None = None
    secret_token: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{16,256}$", repr=False)

    _url = field_validator("api_url")(_http_url)

    @field_validator("webhook_url")
    @classmethod
    def _webhook(cls, value: str | None) -> str | None:
        """Telegram posts updates to https only (plain http is accepted on this machine's
        loopback, for a local Bot API server or emulator); the path must not be one of the
        bot's own routes (pushes at /ingest, metrics at /metrics)."""
        if not value:
            return None
        _http_url(value)
        parts = urlsplit(value)
        if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"{value!r}: Telegram sends webhooks to https:// addresses only")
        if (parts.path or "/").rstrip("/") in _OWN_ROUTES:
            raise ValueError(
                f"{value!r}: its path is one of the bot's own routes (/ingest, /metrics)"
            )
        return value

    @model_validator(mode="after")
    def _webhook_secret(self) -> TelegramSettings:
        if self.webhook_url and not self.secret_token:
            raise ValueError(
                f"webhook_url needs a secret_token (16-256 of A-Z a-z 0-9 _ -), or set "
                f"{WEBHOOK_SECRET_ENV}"
            )
        return self

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: str | None) -> str | None:
        if value is not None and not _TOKEN_RE.match(value.strip()):
            raise ValueError("does not look like a bot token (digits, a colon, then the secret)")
        return value.strip() if value else value


_OWN_ROUTES = ("/ingest", "/metrics")


class StorageSettings(_Section):
    """Where the data lives and how long entries are kept: a SQLite file (``database``, or
    ``url = "sqlite:///path"``), or a PostgreSQL database (``url = "postgresql://…"``). The
    heartbeat file ``livebot health`` reads is kept beside ``database`` either way."""

    database: Path = Path("livebot.sqlite3")
    url: str = ""
    retention_days: int = Field(default=30, ge=1, le=3650)

    @field_validator("url")
    @classmethod
    def _engine(cls, value: str) -> str:
        if value and not value.startswith((SQLITE_URL, *POSTGRES_URL)):
            raise ValueError('must start with "sqlite:///" (a file) or "postgresql://"')
        if value == SQLITE_URL:
            raise ValueError('"sqlite:///" needs a file path after it')
        if value.startswith(POSTGRES_URL):
            try:  # "postgresql://[::1:5432/x" printed a traceback at start (attack run N13)
                parts = urlsplit(value)
                _ = parts.port, parts.hostname
            except ValueError as exc:
                raise ValueError(f"is not a valid PostgreSQL URL ({exc})") from None
        return value

    @property
    def postgres(self) -> bool:
        """Whether the data is in PostgreSQL."""
        return self.url.startswith(POSTGRES_URL)

    @property
    def shown(self) -> str:
        """Where the data is, for messages: the file, or the URL without its password."""
        return without_password(self.url) if self.postgres else str(self.database)

    @property
    def location(self) -> Path | str:
        """What :meth:`bot.store.db.Database.open` takes: the file, or the PostgreSQL URL."""
        return self.url if self.postgres else self.database


class IngestSettings(_Section):
    """Limits for fetching sources (every outgoing fetch has a timeout and a size cap), how
    many run at once, and which new entries may alert."""

    timeout: Duration = Field(default=20.0, gt=0, le=300)
    max_bytes: int = Field(default=5_000_000, ge=1024, le=100_000_000)
    max_backoff: Duration = Field(default=3600.0, ge=1)
    max_age: Duration = Field(default=2 * 86400.0, gt=0)
    max_new_per_poll: int = Field(default=200, ge=1, le=100_000)
    max_age_wait: Duration = Field(default=300.0, ge=1)
    concurrency: int = Field(default=32, ge=1, le=1000)
    per_host: int = Field(default=4, ge=1, le=1000)
    allow_private_addresses: bool = False
    allow_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    user_agent: str = Field(
        default="Livebot/0.1 (+https://github.com/livebot/livebot)", min_length=1, max_length=200
    )


class LimitsSettings(_Section):
    """Per-chat input limits, so one chat cannot exhaust the bot."""

    subscriptions_per_chat: int = Field(default=50, ge=1, le=1000)
    topic_length: int = Field(default=200, ge=10, le=1000)
    latest_results: int = Field(default=5, ge=1, le=20)


class DeliverySettings(_Section):
    """Telegram's flood limits, each chat's flood cap, and how failing messages are retried."""

    global_rate: float = Field(default=30.0, gt=0, le=1000)
    private_interval: Duration = Field(default=1.0, ge=0)
    group_per_minute: int = Field(default=20, ge=1, le=1000)
    paid_broadcast: bool = False
    concurrency: int = Field(default=64, ge=1, le=10_000)
    max_attempts: int = Field(default=8, ge=1, le=100)
    chat_burst: int = Field(default=10, ge=1, le=10_000)
    burst_window: Duration = Field(default=600.0, gt=0)


class MatchingSettings(_Section):
    """How topic words are compared. Each entry and topic is read in its own language
    (see bot.text.languages); ``language`` is the Snowball stemmer for text whose language
    is not known or has no stemmer."""

    language: str = "english"

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        languages = snowballstemmer.algorithms()
        if value not in languages:
            raise ValueError(f"unknown stemmer language; choose one of {', '.join(languages)}")
        return value


class PlacesSettings(_Section):
    """Following places: the gazetteer used for geotagging and the limits of a radius."""

    enabled: bool = True
    min_population: Literal[500, 1000, 5000, 15000] = 15000
    max_radius_km: float = Field(default=1000.0, ge=1, le=5000)
    pin_radius_km: float = Field(default=25.0, ge=1, le=5000)


class StoriesSettings(_Section):
    """One alert per story: how alike two entries must be, and for how long, to be one."""

    window: Duration = Field(default=12 * 3600.0, gt=0)
    quiet: Duration = Field(default=4 * 3600.0, gt=0)
    threshold: float = Field(default=0.45, gt=0, le=1)
    max_open: int = Field(default=50_000, ge=100, le=10_000_000)


class PushSettings(_Section):
    """The optional HTTP endpoint publishers push items to (see the README)."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    max_bytes: int = Field(default=1_000_000, ge=1024, le=50_000_000)
    max_items: int = Field(default=100, ge=1, le=10_000)
    max_connections: int = Field(default=100, ge=1, le=10_000)
    # One address may hold at most this many of them (behind a reverse proxy every client
    # has the proxy's address: raise it there).
    max_connections_per_client: int = Field(default=50, ge=1, le=10_000)
    request_timeout: Duration = Field(default=10.0, gt=0, le=300)

    @model_validator(mode="before")
    @classmethod
    def _no_shared_token(cls, values: Any) -> Any:
        if isinstance(values, dict) and "token" in values:
            raise ValueError(
                "token: push tokens are now set per source: give each [[sources]] with "
                'kind = "push" a token_env (or token_sha256), and remove push.token'
            )
        return values


class UserSourcesSettings(_Section):
    """Sources people bring with /follow: whether they may, how often those are polled, and
    how many (``allowed_domains`` empty: any public host; else the host or its subdomains).
    A followed source failing for ``dead_after`` tells its followers once."""

    enabled: bool = True
    interval: Duration = Field(default=300.0, ge=1)
    max_per_chat: int = Field(default=20, ge=0, le=1000)
    max_total: int = Field(default=10_000, ge=0, le=10_000_000)
    allowed_domains: tuple[str, ...] = ()
    dead_after: Duration = Field(default=3 * 86400.0, gt=0)
    # Links people bring are held to public addresses whatever the operator exempts for
    # the shared sources (ingest.allow_networks: an intranet feed server is the operator's,
    # not every Telegram user's); only these say otherwise, for a bot on a closed network.
    allow_private_addresses: bool = False
    allow_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    def allows(self, host: str) -> bool:
        """Whether a host may be followed."""
        host = host.lower().rstrip(".")
        return not self.allowed_domains or any(
            host == d.lower() or host.endswith("." + d.lower()) for d in self.allowed_domains
        )


class MetricsSettings(_Section):
    """Prometheus metrics at ``/metrics`` on the bot's HTTP server (``push.host``/``port``)."""

    enabled: bool = False


class LoggingSettings(_Section):
    """Log verbosity, and text for people or one JSON object per line for collectors."""

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["text", "json"] = "text"


class SourceSettings(_Section):
    """One source: polled at ``url`` every ``interval``, or (kind "push") fed by publishers."""

    name: str = Field(min_length=1, max_length=100)
    url: str | None = None
    interval: Duration = Field(default=300.0, ge=1)
    enabled: bool = True
    kind: Literal["auto", "feed", "liveblog", "article", "push"] = "auto"
    country: str | None = None
    """The source's own country (ISO 3166 alpha-2, "UA"), where its domain does not say it
    (suspilne.media, meduza.io): its news names that country's towns without the country."""
    token_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    token_sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$", repr=False)

    @field_validator("url")
    @classmethod
    def _source_url(cls, value: str | None) -> str | None:
        return None if value is None else _http_url(value)

    @field_validator("country")
    @classmethod
    def _country_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if pycountry.countries.get(alpha_2=code) is None:
            raise ValueError(f'"{value}" is no country code: use two letters, as "UA" or "GB"')
        return code

    @model_validator(mode="after")
    def _url_unless_pushed(self) -> SourceSettings:
        if self.kind != "push" and self.url is None:
            raise ValueError('url is required (only kind = "push" sources have none)')
        tokens = (self.token_env is not None) + (self.token_sha256 is not None)
        if self.kind != "push" and tokens:
            raise ValueError('token_env and token_sha256 belong to kind = "push" sources only')
        if self.kind == "push" and tokens != 1:
            raise ValueError(
                "a push source needs its own token: token_env = the name of an environment "
                "variable holding it, or token_sha256 = its SHA-256 in hex (not both)"
            )
        return self

    @property
    def key(self) -> str:
        """What identifies the source in the database: its URL, or push:<name>."""
        return self.url if self.url is not None else f"push:{self.name}"


class Settings(_Section):
    """The whole configuration, as read from one TOML file."""

    telegram: TelegramSettings = TelegramSettings()
    storage: StorageSettings = StorageSettings()
    ingest: IngestSettings = IngestSettings()
    limits: LimitsSettings = LimitsSettings()
    delivery: DeliverySettings = DeliverySettings()
    matching: MatchingSettings = MatchingSettings()
    places: PlacesSettings = PlacesSettings()
    stories: StoriesSettings = StoriesSettings()
    push: PushSettings = PushSettings()
    metrics: MetricsSettings = MetricsSettings()
    user_sources: UserSourcesSettings = UserSourcesSettings()
    logging: LoggingSettings = LoggingSettings()
    sources: tuple[SourceSettings, ...] = ()

    @model_validator(mode="after")
    def _unique_sources(self) -> Settings:
        for attr in ("name", "url"):
            seen: set[str] = set()
            for source in self.sources:
                value = getattr(source, attr)
                if value is None:
                    continue
                if value in seen:
                    raise ValueError(f"two sources share the {attr} {value!r}")
                seen.add(value)
        return self

    @property
    def token(self) -> str:
        """The bot token; load_settings guarantees it is set."""
        assert self.telegram.token is not None
        return self.telegram.token


def _key_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _first_error(path: Path, error: ValidationError) -> ConfigError:
    first = error.errors()[0]
    key = _key_path(tuple(p for p in first["loc"] if p not in ("function-after",)))
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key (check the spelling against config/livebot.toml)"
    elif first["type"] == "missing":
        message = "required key is missing"
    return ConfigError(f"{path}: {key}: {message}")


MIN_PUSH_TOKEN = 16


def _push_digests(path: Path, settings: Settings, env: Mapping[str, str]) -> Settings:
    """Resolve each push source's ``token_env`` into ``token_sha256``: only the digest is
    kept, and compared (in constant time) with the digest of what a publisher presents."""
    resolved = []
    for number, source in enumerate(settings.sources):
        if source.token_env is not None:
            token = env.get(source.token_env, "").strip()
            if len(token) < MIN_PUSH_TOKEN:
                raise ConfigError(
                    f"{path}: sources[{number}].token_env: set the environment variable "
                    f"{source.token_env} to a token of at least {MIN_PUSH_TOKEN} characters"
                )
            digest = hashlib.sha256(token.encode()).hexdigest()
            source = source.model_copy(update={"token_sha256": digest, "token_env": None})
        resolved.append(source)
    return settings.model_copy(update={"sources": tuple(resolved)})


def load_settings(
    path: Path, *, environ: dict[str, str] | None = None, require_token: bool = True
) -> Settings:
    """Read, validate and complete the configuration at ``path``.

    The token (and a webhook secret, and a database URL with its password) is taken from
    the environment first, so it need not be written to disk; the database path is made
    absolute relative to the config file's folder. Commands that
    never talk to Telegram (health, backup, restore, sources, migrate) pass
    ``require_token=False``: they need neither the bot's token nor push sources' tokens.
    """
    env = os.environ if environ is None else environ
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None

    token = env.get(TOKEN_ENV, "").strip()
    for name, section, key in (
        (TOKEN_ENV, "telegram", "token"),
        (WEBHOOK_SECRET_ENV, "telegram", "secret_token"),
        (DATABASE_URL_ENV, "storage", "url"),
    ):
        value = env.get(name, "").strip()
        if value:
            raw.setdefault(section, {})
            if isinstance(raw[section], dict):
                raw[section][key] = value
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        if token and any(err["loc"][:2] == ("telegram", "token") for err in exc.errors()):
            raise ConfigError(f"{path}: {TOKEN_ENV}: does not look like a bot token") from None
        raise _first_error(path, exc) from None
    if require_token and not settings.telegram.token:
        raise ConfigError(f"{path}: telegram.token: missing; set {TOKEN_ENV} or telegram.token")
    if require_token:  # push tokens matter to a running bot only: a nightly backup needs none
        settings = _push_digests(path, settings, env)
    database = settings.storage.database.expanduser()
    if settings.storage.url.startswith(SQLITE_URL):  # sqlite:///relative, sqlite:////abs
        database = Path(location_of(settings.storage.url))
    if not database.is_absolute():
        database = path.resolve().parent / database
    storage = settings.storage.model_copy(update={"database": database})
    return settings.model_copy(update={"storage": storage})
