"""Fitting a merchant's promotion model in the background, and keeping it.

A model is cached per merchant as JSON in the data folder (`<data_dir>/promotion/<merchant>.json`) with the watermark of
the history it was fitted on; when the orders or ad reports change the watermark does, and the next read starts a refit
while the old model keeps answering (marked stale). Jobs are queued on one thread per data folder and fitted on it
(BLAS on one thread: copilot/blas.py), at most one job per merchant; a job's stage and progress can be read while it
runs. A failed fit is kept (and not rerun on every read) until the history changes or RETRY_FAILED_AFTER has passed.
Nothing here blocks a caller on a fit except `fit_now`
and `FitJobs.wait`, for the CLI, benchmarks and tests.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from copilot.promotion.fit import Progress, enough_history, fit_history
from copilot.promotion.history import load_history
from copilot.promotion.model import PromotionModel, summarise

log = logging.getLogger(__name__)
JobState = Literal["queued", "running", "done", "too_thin", "failed"]
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
RETRY_FAILED_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class FitStatus:
    """A merchant's latest fit job: its state, stage and progress (0..1), and why it stopped if it did."""

    merchant_id: str
    watermark: str
    state: JobState
    stage: str
    progress: float
    reason: str | None
    started_at: datetime
    finished_at: datetime | None = None


class ModelCache:
    """Fitted models, one JSON file per merchant."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, merchant_id: str) -> Path:
        return self.directory / f"{_SAFE.sub('_', merchant_id)}.json"

    def load(self, merchant_id: str) -> PromotionModel | None:
        path = self.path(merchant_id)
        try:
            model = PromotionModel.from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError) as error:
            log.warning("promotion model of %s unreadable, refitting: %s", merchant_id, error)
            return None
        return model if model.merchant_id == merchant_id else None

    def save(self, model: PromotionModel) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(model.to_json(), out)
        os.replace(temporary, self.path(model.merchant_id))


def fit_now(session: Session, merchant_id: str, progress: Progress | None = None) -> PromotionModel | str:
    """Fit the merchant's model on its history now: the model, or why the history is too thin."""
    report = progress or (lambda stage, done: None)
    report("reading history", 0.0)
    history = load_history(session, merchant_id)
    if history is None:
        return "no orders yet"
    thin = enough_history(history)
    if thin is not None:
        return thin
    began = time.perf_counter()
    channels, organic, k = fit_history(history, lambda stage, done: report(stage, 0.05 + 0.9 * done))
    if not channels:
        return "no channel has enough days of ad spend"
    model = summarise(history, channels, organic, k, time.perf_counter() - began)
    report("done", 1.0)
    return model


class FitJobs:
    """The background fits of one data folder (one worker thread)."""

    def __init__(self, cache: ModelCache) -> None:
        self.cache = cache
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="promotion-fit")
        self._lock = threading.Lock()
        self._status: dict[str, FitStatus] = {}
        self._futures: dict[str, Future[None]] = {}

    def status(self, merchant_id: str) -> FitStatus | None:
        with self._lock:
            return self._status.get(merchant_id)

    def _set(self, merchant_id: str, **changes: object) -> None:
        with self._lock:
            current = self._status[merchant_id]
            self._status[merchant_id] = replace(current, **changes)  # type: ignore[arg-type]

    def submit(self, engine: Engine, merchant_id: str, watermark: str, *, now: datetime | None = None) -> FitStatus:
        """Start fitting the merchant's model on its history as of `watermark`, unless a job for that
        watermark is already queued, running or finished; a failed fit is rerun when the history changes or
        RETRY_FAILED_AFTER after it failed."""
        now = now or datetime.now(UTC)
        with self._lock:
            current = self._status.get(merchant_id)
            if current is not None and current.watermark == watermark and not _retry_due(current, now):
                return current
            running = self._futures.get(merchant_id)
            if current is not None and running is not None and not running.done():
                return current
            status = FitStatus(merchant_id, watermark, "queued", "queued", 0.0, None, datetime.now(UTC))
            self._status[merchant_id] = status
            self._futures[merchant_id] = self._executor.submit(self._run, engine, merchant_id)
            return status

    def _run(self, engine: Engine, merchant_id: str) -> None:
        def progress(stage: str, done: float) -> None:
            self._set(merchant_id, state="running", stage=stage, progress=round(done, 3))

        try:
            with Session(engine) as session:
                result = fit_now(session, merchant_id, progress)
            now = datetime.now(UTC)
            if isinstance(result, str):
                self._set(merchant_id, state="too_thin", stage="done", reason=result, finished_at=now)
                return
            self.cache.save(result)
            self._set(merchant_id, watermark=result.watermark, state="done", stage="done", progress=1.0,
                      finished_at=now)  # fmt: skip
        except Exception as error:  # a failed fit must not kill the worker; the reason is kept for the caller
            log.exception("promotion model fit of %s failed", merchant_id)
            self._set(merchant_id, state="failed", reason=type(error).__name__, finished_at=datetime.now(UTC))

    def wait(self, merchant_id: str, timeout: float | None = None) -> FitStatus | None:
        """Block until the merchant's job ends (CLI, benchmarks and tests only)."""
        with self._lock:
            future = self._futures.get(merchant_id)
        if future is not None:
            future.result(timeout=timeout)
        return self.status(merchant_id)


def _retry_due(status: FitStatus, now: datetime) -> bool:
    """A failed fit is rerun RETRY_FAILED_AFTER after it failed."""
    if status.state != "failed" or status.finished_at is None:
        return False
    return now - status.finished_at >= RETRY_FAILED_AFTER


_registry: dict[Path, FitJobs] = {}
_registry_lock = threading.Lock()


def jobs_for(directory: Path) -> FitJobs:
    """The process's fit jobs for a model folder."""
    key = directory.resolve()
    with _registry_lock:
        if key not in _registry:
            _registry[key] = FitJobs(ModelCache(key))
        return _registry[key]
