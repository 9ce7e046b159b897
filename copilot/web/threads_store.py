"""The merchant's chat threads in the store, and the lease that lets one run at a time use a thread.

Every function takes the merchant id and never reaches a row of another merchant: a thread is keyed by
(merchant_id, id). Every change of the run lease is a conditional UPDATE, so it holds across API workers sharing
the store. A lease's times are the database's clock (`db_now`), written and judged there, so workers whose clocks
disagree still agree on a lease's age. When a lease is dead (not renewed in time, or its worker is gone) is
decided by copilot/api/leases.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, DateTime, Float, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from copilot.store import Store
from copilot.store.models import BudgetRequest, Thread

MAX_TITLE = 200
_NO_LEASE: dict[str, Any] = {"run_id": None, "run_owner": None, "run_started_at": None, "run_renewed_at": None}


class _DbNow(FunctionElement[datetime]):
    """The database's clock (UTC); on SQLite as text in the store's own datetime format (microseconds)."""

    type = DateTime(timezone=True)
    inherit_cache = True


class _DbAgo(FunctionElement[datetime]):
    """The database's clock minus `seconds` (a float)."""

    type = DateTime(timezone=True)
    inherit_cache = True


_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now'{})"


@compiles(_DbNow)
def _db_now(element: _DbNow, compiler: SQLCompiler, **kw: Any) -> str:
    return "CURRENT_TIMESTAMP"


@compiles(_DbNow, "sqlite")
def _db_now_sqlite(element: _DbNow, compiler: SQLCompiler, **kw: Any) -> str:
    return _SQLITE_NOW.format("")


@compiles(_DbAgo)
def _db_ago(element: _DbAgo, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(CURRENT_TIMESTAMP - {compiler.process(element.clauses, **kw)} * INTERVAL '1 second')"


@compiles(_DbAgo, "sqlite")
def _db_ago_sqlite(element: _DbAgo, compiler: SQLCompiler, **kw: Any) -> str:
    return _SQLITE_NOW.format(f", printf('-%.6f seconds', {compiler.process(element.clauses, **kw)})")


def db_now() -> _DbNow:
    """The database's clock (UTC), for a statement's values and selects."""
    return _DbNow()


def _ago(seconds: float) -> _DbAgo:
    return _DbAgo(literal(seconds, Float))


@dataclass(frozen=True)
class RunLease:
    """The run lease on a thread: the run, the worker that runs it, that worker's last heartbeat and when the lease
    was read, both by the database's clock."""

    run_id: str
    owner: str | None
    renewed_at: datetime | None
    read_at: datetime


@dataclass(frozen=True)
class ThreadInfo:
    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    lease: RunLease | None  # whether or not its worker is still alive


def new_thread_id() -> str:
    return f"th_{uuid.uuid4().hex[:20]}"


def _utc(moment: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands back naive UTC)."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _info(row: Thread, read_at: datetime | None = None) -> ThreadInfo:
    lease = None
    if row.run_id is not None and read_at is not None:
        lease = RunLease(row.run_id, row.run_owner, _utc(row.run_renewed_at), cast(datetime, _utc(read_at)))
    return ThreadInfo(row.id, row.title, row.created_at, row.updated_at, lease)


def create_thread(
    store: Store, merchant_id: str, *, now: datetime, title: str = "", thread_id: str | None = None
) -> ThreadInfo:
    """Create a thread (a fresh id unless given). Raises sqlalchemy IntegrityError when the id is taken."""
    row = Thread(
        merchant_id=merchant_id,
        id=thread_id or new_thread_id(),
        title=" ".join(title.split())[:MAX_TITLE],
        created_at=now,
        updated_at=now,
    )
    with store.session() as session:
        session.add(row)
    return _info(row)


def get_thread(store: Store, merchant_id: str, thread_id: str) -> ThreadInfo | None:
    """The merchant's live thread, or None (unknown, deleted, or another merchant's)."""
    query = select(Thread, db_now()).where(
        Thread.merchant_id == merchant_id, Thread.id == thread_id, Thread.deleted_at.is_(None)
    )
    with store.session() as session:
        found = session.execute(query).first()
        return _info(*found) if found is not None else None


def ensure_thread(store: Store, merchant_id: str, thread_id: str, *, now: datetime) -> ThreadInfo | None:
    """The merchant's thread with this id, created when it never existed; None when it was deleted."""
    with store.session() as session:
        existing = session.execute(
            select(Thread, db_now()).where(Thread.merchant_id == merchant_id, Thread.id == thread_id)
        ).first()
        if existing is not None:
            row, read_at = existing
            return _info(row, read_at) if row.deleted_at is None else None
    try:
        return create_thread(store, merchant_id, now=now, thread_id=thread_id)
    except IntegrityError:
        found = get_thread(store, merchant_id, thread_id)
        if found is None:
            raise
        return found


def list_threads(store: Store, merchant_id: str, *, limit: int = 100) -> list[ThreadInfo]:
    """The merchant's live threads, most recently updated first."""
    query = (
        select(Thread, db_now())
        .where(Thread.merchant_id == merchant_id, Thread.deleted_at.is_(None))
        .order_by(Thread.updated_at.desc(), Thread.id)
        .limit(limit)
    )
    with store.session() as session:
        return [_info(row, read_at) for row, read_at in session.execute(query)]


def delete_thread(store: Store, merchant_id: str, thread_id: str, run_id: str, *, now: datetime) -> bool:
    """Mark the merchant's live thread deleted and end its lease; only while `run_id` holds that lease."""
    return bool(
        store.update(
            update(Thread)
            .where(
                Thread.merchant_id == merchant_id,
                Thread.id == thread_id,
                Thread.deleted_at.is_(None),
                Thread.run_id == run_id,
            )
            .values(deleted_at=now, updated_at=now, **_NO_LEASE)
        )
    )


def set_title_if_empty(store: Store, merchant_id: str, thread_id: str, title: str) -> None:
    with store.session() as session:
        session.execute(
            update(Thread)
            .where(Thread.merchant_id == merchant_id, Thread.id == thread_id, Thread.title == "")
            .values(title=" ".join(title.split())[:MAX_TITLE])
        )


def acquire_run(
    store: Store,
    merchant_id: str,
    thread_id: str,
    run_id: str,
    *,
    owner: str,
    lease_s: float,
    dead_run_id: str | None = None,
) -> bool:
    """Take the thread's run lease for `run_id` of `owner`: when no run holds it, when its holder's last heartbeat
    is more than `lease_s` old, or when `dead_run_id` (a run of a worker known to be gone) still holds it.
    False when another run holds it (or there is no such live thread)."""
    free = or_(Thread.run_id.is_(None), Thread.run_renewed_at < _ago(lease_s))
    if dead_run_id is not None:
        free = or_(free, Thread.run_id == dead_run_id)
    return bool(
        store.update(
            update(Thread)
            .where(Thread.merchant_id == merchant_id, Thread.id == thread_id, Thread.deleted_at.is_(None), free)
            .values(run_id=run_id, run_owner=owner, run_started_at=db_now(), run_renewed_at=db_now())
        )
    )


def renew_runs(store: Store, runs: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The heartbeat of (merchant_id, thread_id, run_id) leases, in one transaction; returns those no longer held."""
    lost = []
    with store.session() as session:
        for merchant_id, thread_id, run_id in runs:
            result = session.execute(
                update(Thread)
                .where(Thread.merchant_id == merchant_id, Thread.id == thread_id, Thread.run_id == run_id)
                .values(run_renewed_at=db_now())
            )
            if not cast(CursorResult[Any], result).rowcount:
                lost.append((merchant_id, thread_id, run_id))
    return lost


def release_run(store: Store, merchant_id: str, thread_id: str, run_id: str, *, now: datetime) -> None:
    """Give the lease back (only if `run_id` still holds it) and mark the thread updated."""
    store.update(
        update(Thread)
        .where(Thread.merchant_id == merchant_id, Thread.id == thread_id, Thread.run_id == run_id)
        .values(updated_at=now, **_NO_LEASE)
    )


def approval_status(store: Store, merchant_id: str, approval_id: str) -> str | None:
    """The status of the merchant's spending request with this approval id (None: no such request)."""
    with store.session() as session:
        return session.scalar(
            select(BudgetRequest.status).where(
                BudgetRequest.id == approval_id, BudgetRequest.merchant_id == merchant_id
            )
        )
