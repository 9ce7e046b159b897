"""LangGraph checkpointers: a SQLite file in the data folder, or PostgreSQL on the production path."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy.engine import make_url

from copilot.config import Settings

if TYPE_CHECKING:
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg_pool import ConnectionPool


def postgres_dsn(url: str) -> str:
    """A libpq DSN from a SQLAlchemy URL ('postgresql+psycopg://…' → 'postgresql://…')."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def connect_sqlite_checkpoints(path: Path | str, *, busy_timeout_ms: int = 5000) -> sqlite3.Connection:
    """A connection for `SqliteSaver`: WAL journal, synchronous=NORMAL and a busy timeout.

    In WAL mode with synchronous=NORMAL a commit does not wait for fsync; a committed checkpoint survives the
    process being killed (SIGKILL) and only the last commits may be lost on a power cut. Measured in
    benchmarks/turn_overhead.py: the fsync on every checkpoint commit was the largest single cost of a turn.
    """
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    return conn


@contextmanager
def open_checkpointer(settings: Settings) -> Iterator[BaseCheckpointSaver]:
    """A checkpointer kept on disk beside the store, so threads survive a restart.

    SQLite waits out another connection's lock for `settings.db_busy_timeout_s`; on PostgreSQL the pool checks each
    connection as it is handed out, so one the server dropped (a restart, `pg_terminate_backend`) is replaced
    instead of failing the turn.
    """
    if settings.is_sqlite:
        from langgraph.checkpoint.sqlite import SqliteSaver

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        conn = connect_sqlite_checkpoints(
            settings.data_dir / "checkpoints.db", busy_timeout_ms=int(settings.db_busy_timeout_s * 1000)
        )
        saver = SqliteSaver(conn)
        saver.setup()
        try:
            yield saver
        finally:
            conn.close()
        return
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool

    pool = ConnectionPool(
        postgres_dsn(settings.database_url),
        min_size=1,
        max_size=8,
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
        check=ConnectionPool.check_connection,
        open=True,
    )
    try:
        pg_saver = PostgresSaver(pool)  # type: ignore[arg-type]
        _setup_alone(pg_saver, pool)
        yield pg_saver
    finally:
        pool.close()


SETUP_LOCK_KEY = 0x636F70696C6F74  # "copilot": the advisory lock that serialises the checkpoint schema set-up
SETUP_WAIT_S = 120.0


def _setup_alone(saver: PostgresSaver, pool: ConnectionPool[Any], *, wait_s: float = SETUP_WAIT_S) -> None:
    """`saver.setup()` under a PostgreSQL session advisory lock. Workers starting together on a new database
    would otherwise both see the schema missing and both insert the same `checkpoint_migrations` row, and one
    of them fails at start-up (UniqueViolation); under the lock the second finds the schema done.

    The lock is polled with `pg_try_advisory_lock` rather than awaited: the set-up's CREATE INDEX CONCURRENTLY
    waits for every open transaction, and a worker blocked inside `pg_advisory_lock` is one, so awaiting it
    would deadlock the two. Raises TimeoutError after `wait_s`.
    """
    deadline = time.monotonic() + wait_s
    with pool.connection() as conn:
        while not conn.execute("SELECT pg_try_advisory_lock(%s) AS taken", (SETUP_LOCK_KEY,)).fetchone()["taken"]:
            if time.monotonic() > deadline:
                raise TimeoutError(f"another worker held the checkpoint set-up lock for over {wait_s:.0f} s")
            time.sleep(0.05)
        try:
            saver.setup()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (SETUP_LOCK_KEY,))


__all__ = ["connect_sqlite_checkpoints", "open_checkpointer", "postgres_dsn"]
