"""A thread's run lease when its worker dies: recognised as dead within the lease (no heartbeat), or at once when
the worker is known to be gone; a live worker's renewed lease is never taken; and a thread read after a crash
shows its approval with the request's status in the store. On the test database (SQLite, or PostgreSQL under
COPILOT_TEST_DB=postgres); time passes by moving a lease's heartbeat into the past, since leases are judged by
the database's clock (tests/faults/test_crash_and_race.py kills a real server).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import anyio.from_thread
import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from copilot.app import create_app
from copilot.clock import DEMO_TODAY, SystemClock
from copilot.config import ApiLimits, Settings
from copilot.store import Store
from copilot.store.models import BudgetRequest, Thread
from copilot.web import threads_store
from copilot.web.keys import create_key
from copilot.web.leases import RunLeases, WorkerId, process_space
from tests.case_counts import CaseCount
from tests.helpers import add_draft_campaign

MERCHANT = "m_outdoor"
LIMITS = ApiLimits(run_lease_s=30, run_heartbeat_s=5)


@dataclass
class MovingClock:
    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))


@pytest.fixture
def thread(demo_store: Store, clock: MovingClock) -> str:
    return threads_store.create_thread(demo_store, MERCHANT, now=clock.now()).id


def _worker(pid: int, *, space: str | None = None, nonce: str = "a1b2c3") -> WorkerId:
    return WorkerId("copilot-host", process_space() if space is None else space, pid, nonce)


def _gone_pid() -> int:
    """The id of a process of this host that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _lease(store: Store, thread: str) -> threads_store.RunLease | None:
    info = threads_store.get_thread(store, MERCHANT, thread)
    assert info is not None
    return info.lease


def _age(store: Store, thread: str, seconds: float) -> None:
    """Move the lease's last heartbeat `seconds` into the past (time passing without one)."""
    lease = _lease(store, thread)
    assert lease is not None and lease.renewed_at is not None
    with store.session() as session:
        session.execute(
            update(Thread)
            .where(Thread.merchant_id == MERCHANT, Thread.id == thread)
            .values(run_renewed_at=lease.renewed_at - timedelta(seconds=seconds))
        )


def test_a_lease_without_heartbeats_expires_after_run_lease_s_and_a_renewed_one_holds(
    demo_store: Store, thread: str, clock: MovingClock, case_count: CaseCount
):
    elsewhere = RunLeases(demo_store, clock, LIMITS, _worker(4242, space="another-machine"))
    here = RunLeases(demo_store, clock, LIMITS)
    try:
        held = elsewhere.acquire(MERCHANT, thread)
        assert held is not None and here.acquire(MERCHANT, thread) is None
        for _ in range(4):  # a live worker beats every few seconds: its lease outlives run_lease_s
            _age(demo_store, thread, LIMITS.run_heartbeat_s * 2)
            elsewhere.renew()
            assert here.acquire(MERCHANT, thread) is None and here.is_live(_lease(demo_store, thread))

        _age(demo_store, thread, LIMITS.run_lease_s - 1)  # the worker died: no more heartbeats
        assert here.acquire(MERCHANT, thread) is None
        _age(demo_store, thread, 2)
        case_count("dead worker's lease")
        assert not here.is_live(_lease(demo_store, thread))
        taken = here.acquire(MERCHANT, thread)
        assert taken is not None

        elsewhere.renew()  # a worker that only seemed dead: its lease is lost, and its release frees nothing
        elsewhere.release(MERCHANT, thread, held)
        lease = _lease(demo_store, thread)
        assert lease is not None and lease.run_id == taken and here.is_live(lease)
        here.release(MERCHANT, thread, taken)
        assert _lease(demo_store, thread) is None
    finally:
        elsewhere.close()
        here.close()


def test_the_lease_of_a_worker_known_to_be_gone_is_taken_at_once(
    demo_store: Store, thread: str, clock: MovingClock, case_count: CaseCount
):
    here = RunLeases(demo_store, clock, LIMITS)
    try:
        if not here.worker.space:
            pytest.skip("no /proc here: a gone worker is recognised by its heartbeat only")
        earlier_start = RunLeases(demo_store, clock, LIMITS, _worker(os.getpid(), nonce="earlier"))
        exited = RunLeases(demo_store, clock, LIMITS, _worker(_gone_pid()))
        alive = RunLeases(demo_store, clock, LIMITS, _worker(os.getppid()))
        for predecessor in (earlier_start, exited):
            held = predecessor.acquire(MERCHANT, thread)
            assert held is not None
            predecessor.close()  # a crash: nothing is released
            case_count("dead worker's lease")
            assert not here.is_live(_lease(demo_store, thread))
            taken = here.acquire(MERCHANT, thread)
            assert taken is not None
            here.release(MERCHANT, thread, taken)

        assert alive.acquire(MERCHANT, thread) is not None
        assert here.is_live(_lease(demo_store, thread)) and here.acquire(MERCHANT, thread) is None
        alive.close()
    finally:
        here.close()


def test_a_worker_does_not_grant_a_second_run_of_a_thread_it_holds(
    demo_store: Store, thread: str, clock: MovingClock, case_count: CaseCount
):
    here = RunLeases(demo_store, clock, LIMITS)
    try:
        held = here.acquire(MERCHANT, thread)
        assert held is not None
        _age(demo_store, thread, LIMITS.run_lease_s + 1)  # its heartbeat was late: the run is still alive here
        case_count("late heartbeat")
        assert here.acquire(MERCHANT, thread) is None
        here.release(MERCHANT, thread, held)
        assert here.acquire(MERCHANT, thread) is not None
    finally:
        here.close()


def test_the_heartbeat_renews_while_turns_fill_the_default_thread_pool(
    demo_store: Store, clock: MovingClock, monkeypatch: pytest.MonkeyPatch, case_count: CaseCount
):
    leases = RunLeases(demo_store, clock, ApiLimits(run_lease_s=1, run_heartbeat_s=0.01))
    renewed = threading.Event()

    async def beat_while_the_pool_is_full() -> None:
        beat = anyio.Event()

        def renew() -> None:
            renewed.set()
            anyio.from_thread.run_sync(beat.set)

        monkeypatch.setattr(leases, "renew", renew)
        pool = anyio.to_thread.current_default_thread_limiter()
        turns = [object() for _ in range(int(pool.total_tokens))]
        for turn in turns:
            await pool.acquire_on_behalf_of(turn)
        try:
            async with anyio.create_task_group() as group:
                group.start_soon(leases.heartbeat)
                with anyio.move_on_after(10):  # only so that a starved heartbeat fails instead of hanging
                    await beat.wait()
                group.cancel_scope.cancel()
        finally:
            for turn in turns:
                pool.release_on_behalf_of(turn)

    failures: list[BaseException] = []

    def run_in_its_own_loop() -> None:  # another test (the browser's sync API) may leave a loop in this thread
        try:
            anyio.run(beat_while_the_pool_is_full)
        except BaseException as exc:
            failures.append(exc)

    runner = threading.Thread(target=run_in_its_own_loop)
    try:
        runner.start()
        runner.join(timeout=60)
    finally:
        leases.close()
    assert not runner.is_alive() and not failures, failures
    case_count("starved heartbeat")
    assert renewed.is_set(), "the heartbeat never renewed while turns held every thread of the default pool"


@pytest.mark.parametrize("skew_s", [-3600, 3600], ids=["behind", "ahead"])
def test_a_lease_is_judged_by_the_databases_clock_whatever_the_workers_clocks_say(
    demo_store: Store, thread: str, skew_s: int, case_count: CaseCount
):
    skewed_clock = MovingClock(datetime.now(UTC) + timedelta(seconds=skew_s))
    skewed = RunLeases(demo_store, skewed_clock, LIMITS, _worker(4242, space="another-machine"))
    here = RunLeases(demo_store, SystemClock(), LIMITS)
    try:
        held = skewed.acquire(MERCHANT, thread)
        assert held is not None
        skewed.renew()
        case_count("clock skew")
        assert here.is_live(_lease(demo_store, thread)) and here.acquire(MERCHANT, thread) is None
        _age(demo_store, thread, LIMITS.run_lease_s + 1)  # the skewed worker died
        assert not here.is_live(_lease(demo_store, thread)) and here.acquire(MERCHANT, thread) is not None
    finally:
        skewed.close()
        here.close()


def test_the_heartbeat_must_fit_twice_in_the_lease():
    with pytest.raises(ValueError, match="RUN_HEARTBEAT_S"):
        ApiLimits(run_lease_s=8, run_heartbeat_s=5)


def test_a_thread_read_after_a_crash_shows_the_request_status_in_the_store_and_no_run(
    demo_store: Store, tmp_path: Path, case_count: CaseCount
):
    add_draft_campaign(demo_store, "c_lease_draft")
    key = create_key(demo_store, MERCHANT, "leases").key
    url = demo_store.engine.url.render_as_string(hide_password=False)
    settings = Settings(data_dir=tmp_path / "data", db_url=url, model="offline", today=DEMO_TODAY)
    with TestClient(create_app(settings), headers={"Authorization": f"Bearer {key}"}) as client:
        thread = client.post("/v1/threads", json={}).json()["id"]
        ask = {"content": "提交双12防晒推广活动的预算", "stream": False}  # the draft's name (tests/helpers.py)
        turn = client.post(f"/v1/threads/{thread}/messages", json=ask)
        approval_id = turn.json()["approval"]["approval_id"]
        assert client.get(f"/v1/threads/{thread}").json()["pending_approval"]["status"] == "pending_approval"

        # What a worker killed mid-approval leaves: the request submitted, the checkpoint still paused before it,
        # and the thread's lease held by a process that no longer exists.
        with demo_store.session() as session:
            session.execute(update(BudgetRequest).where(BudgetRequest.id == approval_id).values(status="submitted"))
            session.execute(
                update(Thread)
                .where(Thread.merchant_id == MERCHANT, Thread.id == thread)
                .values(run_id="killed", run_owner=str(_worker(_gone_pid())), run_renewed_at=datetime.now(UTC))
            )
        case_count("dead worker's lease")
        detail = client.get(f"/v1/threads/{thread}").json()
        assert detail["running"] is False
        assert detail["pending_approval"]["approval_id"] == approval_id
        assert detail["pending_approval"]["status"] == "submitted"
