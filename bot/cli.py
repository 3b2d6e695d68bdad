"""The ``livebot`` command: run the bot, check a config, report health, back up or restore,
import or export the shared sources.

Configuration problems become one line naming the file and key, with exit code 2; failing to
reach Telegram at start-up is one line with exit code 1. Neither prints a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from bot import __version__, logs, secrets
from bot.config import (
    DEFAULT_CONFIG,
    TOKEN_ENV,
    ConfigError,
    Settings,
    SourceSettings,
    load_settings,
    parse_duration,
)
from bot.models import Role

EXIT_CONFIG = 2
EXIT_RUNTIME = 1
ROLE_ENV = "LIVEBOT_ROLE"
"""The role of ``livebot run`` and ``livebot health`` when ``--role`` is not given (a
container's environment names it, so the image's HEALTHCHECK checks the right process)."""


def _config_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--config",
        type=Path,
        default=Path(DEFAULT_CONFIG),
        help=f"TOML configuration file (default: {DEFAULT_CONFIG}, or $LIVEBOT_CONFIG)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livebot", description="Telegram bot for live-update notifications."
    )
    parser.add_argument("--version", action="version", version=f"livebot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("run", "run the bot (long polling)"),
        ("check", "validate the configuration and exit"),
        ("health", "exit 0 if a running bot's heartbeat is fresh (for Docker HEALTHCHECK)"),
        ("backup", "copy the database to FILE, consistently, while the bot runs"),
        ("restore", "replace the database with FILE (a backup); refused while a bot runs"),
    ):
        sub = commands.add_parser(name, help=text, description=text)
        if name in ("backup", "restore"):
            sub.add_argument("file", type=Path, metavar="FILE")
        if name in ("run", "health"):
            sub.add_argument(
                "--role", choices=get_args(Role), default=None,
                help="PostgreSQL: run one part of the bot, so several processes share the "
                "work: updates (answers people; a second one stands by), ingest (polls "
                "sources), deliver (sends alerts); all is the whole bot (default: "
                f"${ROLE_ENV}, else all)"
                if name == "run" else f"the role of the process to check (${ROLE_ENV}, else all)",
            )  # fmt: skip
        if name == "run":
            sub.add_argument(
                "--standby",
                action="store_true",
                help="PostgreSQL: while another Livebot runs on the database, wait and take "
                "over within a second when it stops (a hot standby on another machine)",
            )  # fmt: skip
        _config_option(sub)
    listing = commands.add_parser(
        "sources",
        help="import or export the shared sources as OPML",
        description="Import an OPML file's feeds as shared sources (refused while a bot "
        "runs: use /addsource then), or export the shared sources as OPML.",
    )
    listing.add_argument("action", choices=("import", "export"))
    listing.add_argument(
        "file", type=Path, nargs="?", metavar="FILE", help="the OPML file (export: default stdout)"
    )
    listing.add_argument(
        "--every",
        type=parse_duration,
        default=SourceSettings.model_fields["interval"].default,
        help="import: poll the imported sources this often (default 5m; e.g. 90s, 2m)",
    )
    _config_option(listing)
    moving = commands.add_parser(
        "migrate",
        help="copy an installation's store into a new, empty one (e.g. SQLite to PostgreSQL)",
        description="Copy every table, ids included, from one store into a new, empty one; "
        "stop the bot first, then point storage.url at the new store.",
    )
    moving.add_argument(
        "--from", dest="source", required=True, metavar="URL",
        help="the store now: sqlite:///path (or a file path) or postgresql://…",
    )  # fmt: skip
    moving.add_argument(
        "--to", dest="target", required=True, metavar="URL",
        help="the new, empty store: postgresql://… (or sqlite:///path)",
    )  # fmt: skip
    trial = commands.add_parser(
        "try",
        help="try the bot in this terminal: no token, no network (an emulated Telegram)",
        description="Run the real bot against an in-process Telegram and chat with it here.",
    )
    trial.add_argument(
        "--demo",
        action="store_true",
        help="use the demo feed even when the config's sources can be reached "
        "(offline, it is used anyway)",
    )
    trial.add_argument("--config", type=Path, help="use this config's sources, if reachable")
    trial.add_argument("--script", type=Path, help="replay these lines instead of a terminal")
    trial.add_argument(
        "--every", type=float, default=5.0, help="seconds between demo stories (default 5)"
    )
    return parser


def _run(settings: Settings, *, standby: bool, role: Role) -> int:
    from telegram.error import InvalidToken, NetworkError

    from bot.app import run
    from bot.store.errors import ConnectionLostError, StoreError

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run(settings, stop, standby=standby, role=role)

    try:
        asyncio.run(main())
    except ConnectionLostError as exc:  # a runtime fault: a restart policy starts it again
        print(f"livebot: {exc}", file=sys.stderr)
        return EXIT_RUNTIME
    except StoreError as exc:
        print(f"livebot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except InvalidToken as exc:
        reason = secrets.redact(str(exc), settings.token)
        print(
            f"livebot: Telegram rejected the bot token {secrets.shown(settings.token)}: {reason}",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    except NetworkError as exc:
        print(
            f"livebot: cannot reach the Bot API at {settings.telegram.api_url}: {exc}",
            file=sys.stderr,
        )
        return EXIT_RUNTIME
    except OSError as exc:
        print(f"livebot: {exc}", file=sys.stderr)
        return EXIT_RUNTIME
    return 0


def _health(settings: Settings, role: Role) -> int:
    from bot import health

    healthy, line = health.check(settings.storage.database, role=role)
    print(line, file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else EXIT_RUNTIME


def _copy(command: str, file: Path, settings: Settings) -> int:
    from bot.store import backup
    from bot.store.errors import StoreError

    database = settings.storage.database
    if settings.storage.postgres:
        print(
            f"livebot: {command} copies a SQLite file; storage.url is PostgreSQL: use "
            "pg_dump and pg_restore",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    try:
        if command == "backup":
            summary = backup.backup(database, file)
            print(f"backed up {database} to {file}: {summary}")
        else:
            summary = backup.restore(file, database)
            print(f"restored {database} from {file}: {summary}")
    except StoreError as exc:
        print(f"livebot: {exc}", file=sys.stderr)
        return EXIT_RUNTIME
    return 0


def _sources(action: str, file: Path | None, every: float, settings: Settings) -> int:
    from bot import source_lists
    from bot.store.errors import StoreError

    database = settings.storage.location
    try:
        if action == "import":
            if file is None:
                print("livebot: sources import needs the OPML file to read", file=sys.stderr)
                return EXIT_CONFIG
            imported = source_lists.import_file(file, database, interval=every)
            print(f"imported {file} into {database}: {imported}")
            return 0
        document = source_lists.export(database)
    except StoreError as exc:
        print(f"livebot: {exc}", file=sys.stderr)
        return EXIT_RUNTIME
    if file is None:
        sys.stdout.buffer.write(document)
        return 0
    try:
        file.write_bytes(document)
    except OSError as exc:
        print(f"livebot: {file}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_RUNTIME
    print(f"exported the sources of {database} to {file}")
    return 0


def _migrate(source: str, target: str) -> int:
    from bot.dburl import without_password
    from bot.store import transfer
    from bot.store.errors import StoreError

    try:
        moved = transfer.migrate(source, target)
    except StoreError as exc:
        print(f"livebot: {exc}", file=sys.stderr)
        return EXIT_RUNTIME
    print(f"migrated {without_password(source)} to {without_password(target)}: {moved}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``livebot`` and ``python -m bot``."""
    args = _parser().parse_args(argv)
    if args.command == "migrate":
        return _migrate(args.source, args.target)
    if args.command == "try":
        from bot import trial

        return trial.main(demo=args.demo, config=args.config, script=args.script, every=args.every)
    try:
        settings = load_settings(args.config, require_token=args.command in ("run", "check"))
    except ConfigError as exc:
        print(f"livebot: config error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if args.command == "check":
        print(
            f"{args.config}: OK ({len(settings.sources)} sources, "
            f"database {settings.storage.shown})"
        )
        return 0
    if args.command in ("backup", "restore"):
        return _copy(args.command, args.file, settings)
    if args.command == "sources":
        return _sources(args.action, args.file, args.every, settings)
    # run and health: the process's role
    named = args.role or os.environ.get(ROLE_ENV) or "all"
    role = next((r for r in get_args(Role) if r == named), None)
    if role is None:
        roles = ", ".join(get_args(Role))
        print(f"livebot: {ROLE_ENV}={named!r} is not a role; use one of {roles}", file=sys.stderr)
        return EXIT_CONFIG
    if args.command == "health":
        return _health(settings, role)
    token_in_file = not os.environ.get(TOKEN_ENV, "").strip()
    if token_in_file and secrets.readable_by_others(args.config):
        print(
            f"livebot: warning: {args.config} holds the bot token and every user of this "
            f"machine can read it; chmod 600 {args.config}, or set {TOKEN_ENV} instead",
            file=sys.stderr,
        )
    logs.configure(settings.logging.level, settings.logging.format, settings.token)
    secrets.private_files()
    shared = "--standby" if args.standby else f"--role {role}" if role != "all" else ""
    if shared and not settings.storage.postgres:
        print(
            f"livebot: {shared} needs a database several processes share: set storage.url "
            "to a postgresql:// URL",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    return _run(settings, standby=args.standby, role=role)
