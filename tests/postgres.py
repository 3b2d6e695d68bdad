"""A throwaway PostgreSQL server for tests and benchmarks: a fresh cluster in a temporary
folder, listening on 127.0.0.1 only, from the binaries of Debian's ``postgresql`` package
(``.ci/run`` installs it). Nothing of the machine's own clusters is touched.

initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` account the
package creates, and its commands run as that account (``runuser``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

_BINARIES = Path("/usr/lib/postgresql")
_ACCOUNT = "postgres"


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout, else the PATH's)."""
    found = sorted(
        (p for p in _BINARIES.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresServer:
    """One cluster: :meth:`start` it, connect with :attr:`url` (superuser ``livebot``, no
    password, over TCP on 127.0.0.1), make a database per test with :meth:`create_database`,
    :meth:`stop` it (its folder is removed)."""

    def __init__(self, bindir: Path) -> None:
        self._bin = bindir
        self._folder = Path(tempfile.mkdtemp(prefix="livebot-pg-"))
        self._data = self._folder / "data"
        self.port = _free_port()
        self._databases = 0

    @property
    def url(self) -> str:
        """The URL of the cluster's ``postgres`` database."""
        return self.url_of("postgres")

    def url_of(self, database: str) -> str:
        """The URL of one of the cluster's databases."""
        return f"postgresql://livebot@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        as_account = os.geteuid() == 0
        prefix = ["runuser", "-u", _ACCOUNT, "--"] if as_account else []
        result = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, check=False, timeout=120
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)}: {result.stderr.strip() or result.stdout}")

    def start(self) -> None:
        """initdb (trust authentication, UTF-8) and start the server; wait until it answers."""
        if os.geteuid() == 0:
            shutil.chown(self._folder, _ACCOUNT)
        self._run(
            str(self._bin / "initdb"), "-D", str(self._data), "-U", "livebot",
            "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self._folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            str(self._bin / "pg_ctl"), "-D", str(self._data), "-o", options,
            "-l", str(self._folder / "log"), "-w", "-t", "60", "start",
        )  # fmt: skip

    def create_database(self) -> str:
        """A new empty database (a test's own); its URL."""
        self._databases += 1
        name = f"test_{os.getpid()}_{self._databases}"
        self._run(
            str(self._bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
            "-U", "livebot", name,
        )  # fmt: skip
        return self.url_of(name)

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        try:
            self._run(str(self._bin / "pg_ctl"), "-D", str(self._data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
