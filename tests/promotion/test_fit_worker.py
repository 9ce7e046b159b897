"""Promotion fits run in their own worker process with BLAS on one thread, and leave the BLAS of the server's
other threads as it was."""

from __future__ import annotations

import multiprocessing

from sqlalchemy.orm import Session
from threadpoolctl import threadpool_info, threadpool_limits

from copilot.promotion.history import load_history
from copilot.promotion.worker import fit_history, worker_blas_threads
from copilot.store import Store


def _blas_threads() -> set[int]:
    return {int(pool["num_threads"]) for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_a_fit_leaves_the_other_threads_blas_alone_and_runs_on_one_blas_thread(demo_store: Store) -> None:
    with Session(demo_store.engine) as session:
        history = load_history(session, "m_pet")
    assert history is not None
    seen: list[set[int]] = []
    with threadpool_limits(limits=2, user_api="blas"):
        channels, _, _ = fit_history(history, lambda stage, done: seen.append(_blas_threads()))
        assert channels and seen and all(threads == {2} for threads in seen), seen
    assert set(worker_blas_threads()) == {1}


def _fit_in_a_child() -> None:
    assert set(worker_blas_threads()) == {1}


def test_a_multiprocessing_child_that_started_the_fit_worker_still_exits() -> None:
    child = multiprocessing.get_context("spawn").Process(target=_fit_in_a_child)
    child.start()
    child.join(timeout=120)
    alive = child.is_alive()
    if alive:
        child.kill()
        child.join()
    assert not alive and child.exitcode == 0
