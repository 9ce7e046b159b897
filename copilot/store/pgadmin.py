"""Databases on a PostgreSQL server: create (optionally as a fast copy of a template), rename, drop.

Used to give every test, eval scenario or benchmark its own store: `CREATE DATABASE x TEMPLATE t` copies a
built demo store at file level in well under a second. A template must have no open connection while it is
copied, so whoever builds one disposes of its engine before handing out its name.
"""

from __future__ import annotations

import re

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class DatabaseNameError(ValueError):
    """A database name that is not a plain lower-case identifier (never quoted into SQL)."""


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise DatabaseNameError(f"not a plain database name: {name!r}")
    return name


def database_url(url: str, name: str) -> str:
    """`url` (any database on the server) pointed at database `name`, password kept."""
    return make_url(url).set(database=_checked(name)).render_as_string(hide_password=False)


def _admin(url: str, statement: str) -> None:
    engine = create_engine(database_url(url, "postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def database_exists(url: str, name: str) -> bool:
    engine = create_engine(database_url(url, "postgres"))
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": _checked(name)})
            return found.first() is not None
    finally:
        engine.dispose()


def create_database(url: str, name: str, *, template: str | None = None) -> str:
    """Create database `name` (dropping one of that name first), a copy of `template` when given; its URL."""
    drop_database(url, name)
    copy = f' TEMPLATE "{_checked(template)}"' if template else ""
    _admin(url, f'CREATE DATABASE "{_checked(name)}"{copy}')
    return database_url(url, name)


def rename_database(url: str, old: str, new: str) -> None:
    _admin(url, f'ALTER DATABASE "{_checked(old)}" RENAME TO "{_checked(new)}"')


def drop_database(url: str, name: str) -> None:
    """Drop `name` if it exists, closing its open connections."""
    _admin(url, f'DROP DATABASE IF EXISTS "{_checked(name)}" WITH (FORCE)')


__all__ = [
    "DatabaseNameError",
    "create_database",
    "database_exists",
    "database_url",
    "drop_database",
    "rename_database",
]
