"""What a database URL says: which engine, where, and how to print it without its password.

Settings read it (``storage.database``) and the store opens it; both ask here, so neither
needs the other to tell a PostgreSQL URL from a SQLite path.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

POSTGRES_URL = ("postgresql://", "postgres://")
SQLITE_URL = "sqlite:///"


def location_of(url: str) -> Path | str:
    """Where a store's URL points: a PostgreSQL URL as it is, a SQLite file as its path
    (``sqlite:///relative``, ``sqlite:////absolute``, or a bare path)."""
    if url.startswith(POSTGRES_URL):
        return url
    return Path(url.removeprefix(SQLITE_URL)).expanduser()


def without_password(url: str) -> str:
    """A database URL fit for messages and logs: its password, if any, as ``***``."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # a malformed URL: hide whatever stands before the host
        return re.sub(r"://[^@/]*@", "://***@", url)
    if password is None:
        return url
    return url.replace(f":{password}@", ":***@", 1)
