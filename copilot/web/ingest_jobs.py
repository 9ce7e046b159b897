"""The merchant's document ingest jobs in the store: their status, progress and heartbeat.

Every function takes the merchant id or a job id the caller got for that merchant, and never reaches another
merchant's job. A job is live while it is queued or running and it progressed after `stale_before`; a job that
stopped progressing is failed the next time it is read or counted, so it neither blocks the
merchant's next upload nor reads "running" forever. The per-merchant bound is checked after the insert (insert,
then count the merchant's live jobs, and withdraw when over): two workers racing can both refuse, never both
exceed it.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, delete, func, select, update

from copilot.store import Store
from copilot.store.models import IngestJob

JobStatus = Literal["queued", "running", "done", "failed"]
LIVE = ("queued", "running")
JOB_ID_PATTERN = r"^ij_[0-9a-f]{1,61}$"  # what open_job makes: a NUL or other text never reaches a query
WORKER_STOPPED = (
    "storing this document stopped making progress (the server storing it stopped, or a call hung); nothing of "
    "it was kept: upload it again to store it whole"
)


@dataclass(frozen=True)
class JobInfo:
    id: str
    merchant_id: str
    title: str
    source: str
    status: JobStatus
    passages: int
    passages_done: int
    chunks: int | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


def _info(row: IngestJob) -> JobInfo:
    return JobInfo(
        row.id,
        row.merchant_id,
        row.title,
        row.source,
        cast(JobStatus, row.status),
        row.passages,
        row.passages_done,
        row.chunks,
        row.error,
        row.created_at,
        row.updated_at,
        row.finished_at,
    )


def _fail_stale(session: Any, merchant_id: str, *, now: datetime, stale_before: datetime) -> None:
    session.execute(
        update(IngestJob)
        .where(
            IngestJob.merchant_id == merchant_id,
            IngestJob.status.in_(LIVE),
            IngestJob.updated_at < stale_before,
        )
        .values(status="failed", error=WORKER_STOPPED, finished_at=now)
    )


def open_job(
    store: Store,
    merchant_id: str,
    *,
    title: str,
    source: str,
    passages: int,
    now: datetime,
    stale_before: datetime,
    max_live: int,
) -> JobInfo | None:
    """A new queued job for the merchant, or None when the merchant already has `max_live` live jobs."""
    row = IngestJob(
        id=f"ij_{uuid.uuid4().hex[:20]}",
        merchant_id=merchant_id,
        title=title,
        source=source,
        status="queued",
        passages=passages,
        passages_done=0,
        created_at=now,
        updated_at=now,
    )
    with store.session() as session:
        _fail_stale(session, merchant_id, now=now, stale_before=stale_before)
        session.add(row)
    info = _info(row)
    if live_jobs(store, merchant_id, stale_before=stale_before) <= max_live:
        return info
    with store.session() as session:
        session.execute(delete(IngestJob).where(IngestJob.id == info.id))
    return None


def live_jobs(store: Store, merchant_id: str, *, stale_before: datetime) -> int:
    """How many of the merchant's jobs are queued or running on a live worker."""
    with store.session() as session:
        count = session.scalar(
            select(func.count())
            .select_from(IngestJob)
            .where(
                IngestJob.merchant_id == merchant_id,
                IngestJob.status.in_(LIVE),
                IngestJob.updated_at >= stale_before,
            )
        )
    return int(count or 0)


def get_job(store: Store, merchant_id: str, job_id: str, *, now: datetime, stale_before: datetime) -> JobInfo | None:
    """The merchant's job with this id (None: unknown or another merchant's); failed if its worker stopped."""
    mine = (IngestJob.id == job_id, IngestJob.merchant_id == merchant_id)
    with store.session() as session:
        found = session.execute(select(IngestJob, IngestJob.updated_at < stale_before).where(*mine)).first()
        if found is None:
            return None
        row, stale = found
        if row.status in LIVE and stale:
            session.execute(
                update(IngestJob)
                .where(*mine, IngestJob.status.in_(LIVE), IngestJob.updated_at < stale_before)
                .values(status="failed", error=WORKER_STOPPED, finished_at=now)
                .execution_options(synchronize_session=False)
            )
            session.refresh(row)
        return _info(row)


def _update_live(store: Store, job_ids: Collection[str], **values: Any) -> int:
    with store.session() as session:
        result = session.execute(
            update(IngestJob).where(IngestJob.id.in_(list(job_ids)), IngestJob.status.in_(LIVE)).values(**values)
        )
        return int(cast(CursorResult[Any], result).rowcount)


def record_progress(store: Store, job_id: str, passages_done: int, *, now: datetime) -> bool:
    """The job is running and has stored `passages_done` passages (its heartbeat); False when it is no longer
    live (failed for making no progress in time)."""
    return _update_live(store, [job_id], status="running", passages_done=passages_done, updated_at=now) > 0


def finish(store: Store, job_id: str, *, chunks: int, now: datetime) -> None:
    """The document is stored whole."""
    with store.session() as session:
        session.execute(
            update(IngestJob)
            .where(IngestJob.id == job_id)
            .values(
                status="done",
                passages_done=IngestJob.passages,
                chunks=chunks,
                error=None,
                updated_at=now,
                finished_at=now,
            )
        )


def fail(store: Store, job_id: str, error: str, *, now: datetime) -> None:
    """The job stopped; `error` says why and what the client may do (it is shown to the client as is)."""
    with store.session() as session:
        session.execute(
            update(IngestJob)
            .where(IngestJob.id == job_id)
            .values(status="failed", error=error[:500], updated_at=now, finished_at=now)
        )
