"""The merchant's chat threads in the store, and the lease that lets one run at a time use a thread.

Every function takes the merchant id and never reaches a row of another merchant: a thread is keyed by
(merchant_id, id). The run lease is a conditional UPDATE, so it holds across API workers sharing the store; a
lease older than `lease_s` is taken over (its worker is presumed dead).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError

from copilot.store import Store
from copilot.store.models import BudgetRequest, Thread

MAX_TITLE = 200


@dataclass(frozen=True)
class ThreadInfo:
    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    running: bool


def new_thread_id() -> str:
    return f"th_{uuid.uuid4().hex[:20]}"


def _info(row: Thread) -> ThreadInfo:
    return ThreadInfo(row.id, row.title, row.created_at, row.updated_at, row.run_id is not None)


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
    with store.session() as session:
        row = session.get(Thread, (merchant_id, thread_id))
        return _info(row) if row is not None and row.deleted_at is None else None


def ensure_thread(store: Store, merchant_id: str, thread_id: str, *, now: datetime) -> ThreadInfo | None:
    """The merchant's thread with this id, created when it never existed; None when it was deleted."""
    with store.session() as session:
        row = session.get(Thread, (merchant_id, thread_id))
        if row is not None:
            return _info(row) if row.deleted_at is None else None
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
        select(Thread)
        .where(Thread.merchant_id == merchant_id, Thread.deleted_at.is_(None))
        .order_by(Thread.updated_at.desc(), Thread.id)
        .limit(limit)
    )
    with store.session() as session:
        return [_info(row) for row in session.scalars(query)]


def delete_thread(store: Store, merchant_id: str, thread_id: str, *, now: datetime) -> bool:
    """Mark the merchant's live, idle thread deleted; False when there is no such idle thread."""
    with store.session() as session:
        result = session.execute(
            update(Thread)
            .where(
                Thread.merchant_id == merchant_id,
                Thread.id == thread_id,
                Thread.deleted_at.is_(None),
                Thread.run_id.is_(None),
            )
            .values(deleted_at=now, updated_at=now)
        )
        return bool(cast(CursorResult[Any], result).rowcount)


def set_title_if_empty(store: Store, merchant_id: str, thread_id: str, title: str) -> None:
    with store.session() as session:
        session.execute(
            update(Thread)
            .where(Thread.merchant_id == merchant_id, Thread.id == thread_id, Thread.title == "")
            .values(title=" ".join(title.split())[:MAX_TITLE])
        )


def acquire_run(store: Store, merchant_id: str, thread_id: str, run_id: str, *, now: datetime, lease_s: float) -> bool:
    """Take the thread's run lease for `run_id`; False when another live run holds it (or no such thread)."""
    stale = now - timedelta(seconds=lease_s)
    with store.session() as session:
        result = session.execute(
            update(Thread)
            .where(
                Thread.merchant_id == merchant_id,
                Thread.id == thread_id,
                Thread.deleted_at.is_(None),
                or_(Thread.run_id.is_(None), Thread.run_started_at < stale),
            )
            .values(run_id=run_id, run_started_at=now)
        )
        return bool(cast(CursorResult[Any], result).rowcount)


def release_run(store: Store, merchant_id: str, thread_id: str, run_id: str, *, now: datetime) -> None:
    """Give the lease back (only if `run_id` still holds it) and mark the thread updated."""
    with store.session() as session:
        session.execute(
            update(Thread)
            .where(Thread.merchant_id == merchant_id, Thread.id == thread_id, Thread.run_id == run_id)
            .values(run_id=None, run_started_at=None, updated_at=now)
        )


def approval_status(store: Store, merchant_id: str, approval_id: str) -> str | None:
    """The status of the merchant's spending request with this approval id (None: no such request)."""
    with store.session() as session:
        return session.scalar(
            select(BudgetRequest.status).where(
                BudgetRequest.id == approval_id, BudgetRequest.merchant_id == merchant_id
            )
        )
