"""Transient database faults: the store locked for a moment (SQLite) or its connection gone (PostgreSQL).

`is_transient(exc)` tells such a fault from a real error, whatever layer raised it (SQLAlchemy, the sqlite3
module under a LangGraph checkpointer, psycopg under a connection pool). `retry_transient(fn)` repeats a
callable on such faults a bounded number of times; it is only for work that is safe to repeat (one
transaction that was rolled back, or an operation that is idempotent by contract). `BUSY_NOTICE` is what the
chat faces (terminal, Slack, DingTalk) say when such a fault ends a turn.

The retry budget on SQLite is the busy timeout of every statement (the engine waits that long for a lock)
times the attempts; on PostgreSQL a dead pooled connection is replaced by the pool's pre-ping, and an attempt
whose connection died mid-transaction was rolled back by the server.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from tenacity import Retrying, before_sleep_log, retry_if_exception, stop_after_attempt, wait_exponential

log = logging.getLogger(__name__)

T = TypeVar("T")

ATTEMPTS = 3
FIRST_WAIT_S = 0.2
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")
BUSY_NOTICE = (
    "数据库暂时繁忙或无法连接，请稍后再试。 (The database is busy or unreachable right now; try again in a moment.)"
)


class ReportedFault(Exception):
    """A transient fault that a lower layer caught and reported instead of raising it (e.g. a decision that the
    graph asks again); the faces treat it like the fault itself."""


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)


def _is_fault(exc: BaseException) -> bool:
    if isinstance(exc, ReportedFault):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sqlite3.OperationalError):
        return any(marker in str(exc).lower() for marker in _SQLITE_BUSY)
    psycopg = sys.modules.get("psycopg")  # no psycopg error exists before psycopg is imported
    if psycopg is None or isinstance(exc, psycopg.errors.QueryCanceled):
        return False
    return isinstance(exc, psycopg.OperationalError)


def is_transient(exc: BaseException) -> bool:
    """True when `exc` (or what it wraps) is a lock that outlasted the busy timeout or a lost connection.

    A statement cancelled by its own time limit is not transient: repeating it would only time out again.
    """
    return any(_is_fault(link) for link in _chain(exc))


def retry_transient(fn: Callable[[], T], *, attempts: int = ATTEMPTS, first_wait_s: float = FIRST_WAIT_S) -> T:
    """`fn()`, repeated up to `attempts` times in all while it fails with a transient fault (waiting
    `first_wait_s`, then twice as long each time); the last fault is re-raised as it is. `fn` must be safe to
    repeat."""
    retrying = Retrying(
        retry=retry_if_exception(is_transient),
        stop=stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=first_wait_s, min=first_wait_s, max=2.0),
        before_sleep=before_sleep_log(log, logging.WARNING),
        reraise=True,
    )
    return retrying(fn)


__all__ = ["BUSY_NOTICE", "ReportedFault", "is_transient", "retry_transient"]
