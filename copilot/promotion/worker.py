"""Where promotion fits run: one worker process per server process, its BLAS pinned to one thread.

The fits are small (a year of days x a few dozen parameters), and on this shared 2-core machine OpenBLAS's thread pool
made them 10-15x slower (BENCHMARKS.md, section Promotion). OpenBLAS's thread count is process-wide, so limiting it
around a fit in the server's own process also slowed every other thread's BLAS while the fit ran (and two overlapping
limits could restore the wrong count). The worker process is started on the first fit (spawn; its start cost is in
BENCHMARKS.md) and kept; each stage is one call into it, so the caller still reports progress per stage. It is shut down
when its process exits, also when that process is itself a multiprocessing child (an eval job): such a child joins its
children on exit without running the executors' own shutdown, and would wait forever.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import util

from threadpoolctl import threadpool_info, threadpool_limits

from copilot.promotion.fit import Fitted, Progress, fit_channel, fit_organic
from copilot.promotion.history import History
from copilot.promotion.response import PAID_CHANNELS

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def _one_blas_thread() -> None:
    """Load every BLAS the fits use (numpy's and scipy's own OpenBLAS; fit.py imports scipy lazily), then pin them."""
    import scipy.linalg
    import scipy.optimize  # noqa: F401

    threadpool_limits(limits=1, user_api="blas")


def _worker() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_one_blas_thread)
            util.Finalize(None, _shut_down, exitpriority=100)
        return _pool


def _shut_down() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _discard_worker(broken: ProcessPoolExecutor) -> None:
    """Forget a worker whose process died (the next fit starts a new one), unless it was already replaced."""
    global _pool
    with _lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def worker_blas_threads() -> list[int]:
    """The BLAS thread counts inside the worker process."""
    return _worker().submit(_blas_threads).result()


def _blas_threads() -> list[int]:
    return [int(pool["num_threads"]) for pool in threadpool_info() if pool["user_api"] == "blas"]


def fit_history(history: History, progress: Progress) -> tuple[dict[str, Fitted], Fitted, int]:
    """Every channel with enough spend, then the organic baseline and halo, each fitted in the worker process."""
    pool = _worker()
    try:
        channels: dict[str, Fitted] = {}
        for i, name in enumerate(PAID_CHANNELS):
            progress(f"channel {name}", i / (len(PAID_CHANNELS) + 2))
            fitted = pool.submit(fit_channel, history.spend[i], history.paid_gmv[i]).result()
            if fitted is not None:
                channels[name] = fitted
        progress("organic and halo", len(PAID_CHANNELS) / (len(PAID_CHANNELS) + 2))
        organic, k = pool.submit(fit_organic, history, history.paid_gmv.sum(axis=0)).result()
    except BrokenProcessPool:
        _discard_worker(pool)
        raise
    return channels, organic, k
