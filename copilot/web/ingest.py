"""Document uploads stored as background jobs of the worker that took them (README.md, "Chat API" and
"Running in production"): in process, on the embedded default and on several workers alike.

What one upload may cost is checked while the client waits: the merchant's ingests in flight
(COPILOT_API_MAX_INGEST_JOBS) and the passages the document embeds (COPILOT_API_MAX_DOCUMENT_PASSAGES); the
file's bytes are bounded by the route (COPILOT_API_MAX_DOCUMENT_BYTES). An accepted document is embedded in a
thread of this worker; its job's status and progress live in the store (copilot/api/ingest_jobs.py), so any
worker answers a poll. A job is renewed only by its progress (each write batch stored): one that stored nothing
for COPILOT_API_INGEST_STALE_S (its worker died, or a model or Chroma call hung) is failed and frees its slot, and
if its ingest ever resumes it stops at the next write batch and is undone. A failed ingest leaves the merchant's
memory as it was (MemoryStore undoes a failed write) and says so in the job; the job's changes are retried on
transient database faults, so a stored document does not read as lost. On shutdown the jobs in progress stop at
their next write batch, are undone and fail with a notice to upload again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from copilot.clock import Clock, SystemClock
from copilot.config import ApiLimits
from copilot.memory import MemoryStore, NewDocument, record_count
from copilot.store import Store
from copilot.store.faults import retry_transient
from copilot.web import ingest_jobs
from copilot.web.ingest_jobs import JobInfo

log = logging.getLogger("copilot.api")
T = TypeVar("T")

STOPPED = "the server stopped before this document was stored; nothing of it was kept: upload it again"
FAILED = (
    "storing this document failed; the memory is as it was before this upload (a document of the same title is "
    "unchanged): upload it again, and if it fails again, tell the operator"
)


class DocumentTooLarge(Exception):
    """The document would embed more passages than one upload may."""

    def __init__(self, passages: int, limit: int) -> None:
        super().__init__(
            f"this document is {passages:,} passages (chunks and their sentences) to embed; one upload may have at "
            f"most {limit:,} (COPILOT_API_MAX_DOCUMENT_PASSAGES): split it into smaller documents, e.g. one per "
            "chapter or section, and upload each (nothing was stored)"
        )


class TooManyIngests(Exception):
    """The merchant already has as many ingests in flight as it may."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"{limit} of your documents are still being stored, the most one merchant may have at a time "
            "(COPILOT_API_MAX_INGEST_JOBS): wait until one is done (GET /v1/documents/jobs/{id}), then upload again"
        )


class _Stopped(Exception):
    """The worker is shutting down: the ingest stops and is undone."""


class _Abandoned(Exception):
    """The job was failed for making no progress in time: the ingest stops and is undone."""


class IngestRunner:
    """This worker's document ingests: checked, started in threads, and stopped on shutdown."""

    def __init__(self, store: Store, memory: MemoryStore, limits: ApiLimits, clock: Clock | None = None) -> None:
        self.store = store
        self.memory = memory
        self.limits = limits
        self.clock = clock or SystemClock()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads: dict[str, threading.Thread] = {}

    def _stale_before(self, now: datetime) -> datetime:
        return now - timedelta(seconds=self.limits.ingest_stale_s)

    def check_room(self, merchant_id: str) -> None:
        """Raise TooManyIngests when the merchant has no room for another ingest (before its file is read)."""
        stale_before = self._stale_before(self.clock.now())
        if ingest_jobs.live_jobs(self.store, merchant_id, stale_before=stale_before) >= self.limits.max_ingest_jobs:
            raise TooManyIngests(self.limits.max_ingest_jobs)

    def submit(self, merchant_id: str, document: NewDocument) -> JobInfo:
        """Check the document and start storing it; its queued job. Raises ValueError for a document the
        memory would refuse, DocumentTooLarge, TooManyIngests."""
        passages = record_count(document)
        if passages > self.limits.max_document_passages:
            raise DocumentTooLarge(passages, self.limits.max_document_passages)
        now = self.clock.now()
        job = ingest_jobs.open_job(
            self.store,
            merchant_id,
            title=" ".join(document.title.split()),
            source=document.source or "",
            passages=passages,
            now=now,
            stale_before=self._stale_before(now),
            max_live=self.limits.max_ingest_jobs,
        )
        if job is None:
            raise TooManyIngests(self.limits.max_ingest_jobs)
        thread = threading.Thread(target=self._run, args=(job, document), name=f"ingest-{job.id}", daemon=True)
        with self._lock:
            self._threads[job.id] = thread
        thread.start()
        return job

    def job(self, merchant_id: str, job_id: str) -> JobInfo | None:
        now = self.clock.now()
        return ingest_jobs.get_job(self.store, merchant_id, job_id, now=now, stale_before=self._stale_before(now))

    def _run(self, job: JobInfo, document: NewDocument) -> None:
        def stored(passages_done: int) -> None:
            if self._stop.is_set():
                raise _Stopped
            if self._record(ingest_jobs.record_progress, job.id, passages_done, now=self.clock.now()) is False:
                raise _Abandoned

        try:
            stored(0)
            chunks = self.memory.ingest(
                job.merchant_id, document.title, document.text, source=document.source, stored=stored
            )
        except _Stopped:
            self._record(ingest_jobs.fail, job.id, STOPPED, now=self.clock.now())
        except _Abandoned:
            log.warning(
                "the ingest job %s of %s made no progress in time; it was failed and is undone", job.id, job.merchant_id
            )
        except Exception:
            log.exception("the ingest job %s of %s failed", job.id, job.merchant_id)
            self._record(ingest_jobs.fail, job.id, FAILED, now=self.clock.now())
        else:
            self._record(ingest_jobs.finish, job.id, chunks=chunks, now=self.clock.now())
        finally:
            with self._lock:
                self._threads.pop(job.id, None)

    def _record(self, change: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        """Record a job's change in the store (each is safe to repeat: retried on transient faults); what it
        returns, or None when the database failed: that is logged (the stale-job rule puts the status right) and
        never stops the ingest itself."""
        try:
            return retry_transient(partial(change, self.store, *args, **kwargs))
        except SQLAlchemyError:
            log.warning("could not record the state of an ingest job", exc_info=True)
            return None

    def stop(self) -> None:
        """Stop every ingest of this worker (each is undone and fails with a notice) and wait for them."""
        self._stop.set()
        with self._lock:
            threads = list(self._threads.values())
        for thread in threads:
            thread.join()
