"""Engines and migrations for the store (SQLite by default, PostgreSQL on the production path).

`upgrade_if_behind` leaves a store already at the newest migration alone without importing alembic (~0.1 s of
CPU at every process start): the newest revision is read from the migration files (`revision = "..."` and
`down_revision = "..."` lines), and alembic runs whenever the store's version is anything else or the files do
not name exactly one newest revision.
"""

from __future__ import annotations

import re
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
BUSY_TIMEOUT_S = 5.0


def _sqlite_pragmas(dbapi_conn: Any, _record: Any, *, busy_timeout_ms: int) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    cur.close()


def make_engine(url: str, *, busy_timeout_s: float = BUSY_TIMEOUT_S, **kwargs: Any) -> Engine:
    """An engine for the store. On both databases a statement waits up to `busy_timeout_s` for another
    connection's lock (SQLite's busy timeout, PostgreSQL's `lock_timeout`), then fails with a transient fault
    (copilot/store/faults.py) instead of holding a worker indefinitely. SQLite files get WAL and foreign keys;
    PostgreSQL connections are pinged when taken from the pool, so one the server dropped is replaced instead of
    failing the next transaction."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", partial(_sqlite_pragmas, busy_timeout_ms=int(busy_timeout_s * 1000)))
        return engine
    options = f"-c lock_timeout={int(busy_timeout_s * 1000)}"
    connect_args = {**kwargs.pop("connect_args", {})}
    connect_args["options"] = " ".join(filter(None, [connect_args.get("options"), options]))
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Create or upgrade the store's schema in place."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


_REVISION = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*["']([^"']+)["']""", re.MULTILINE)


@cache
def newest_revision() -> str | None:
    """The one revision no migration builds on, as the migration files name it (None if not exactly one)."""
    revisions: set[str] = set()
    built_on: set[str] = set()
    for file in (MIGRATIONS / "versions").glob("*.py"):
        named = dict((key, value) for key, value in _REVISION.findall(file.read_text(encoding="utf-8")))
        if "revision" not in named:
            return None
        revisions.add(named["revision"])
        if "down_revision" in named:
            built_on.add(named["down_revision"])
    heads = revisions - built_on
    return heads.pop() if len(heads) == 1 else None


def upgrade_if_behind(engine: Engine, url: str) -> None:
    """`upgrade(url)` unless the store at `engine` is at the newest migration."""
    newest = newest_revision()
    try:
        with engine.connect() as connection:
            versions = [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]
    except SQLAlchemyError:
        versions = []
    if newest is None or versions != [newest]:
        upgrade(url)
