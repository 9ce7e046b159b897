"""The database locked or gone for a moment, on the real databases, through the chat API (the app in-process).

SQLite: another connection takes `BEGIN EXCLUSIVE` on the store (or on the checkpoint file) at the moment a turn
is about to write (a campaign draft, or the approval of a budget, whose spend is in the same transaction), and
holds it
- for a moment (1.5 s, inside the 5 s busy timeout): the write waits, then succeeds, exactly once;
- until the work has used up its retry budget (a 0.25 s busy timeout here): the turn ends with a clear message
  (a chat turn) or a 503 `store_unavailable` (an approval, which stays pending), nothing is half-written, and
  the thread works again once the lock is gone.
PostgreSQL: every other backend of the store's database (the store's pool and the PostgresSaver pool) is
terminated between turns, and while a turn's write waits on a lock the test holds; the next turn succeeds, a
budget is spent once, and the thread's checkpoints stay usable.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, event, func, select, text
from sqlalchemy.pool import NullPool

from copilot.app import create_app
from copilot.clock import DEMO_TODAY
from copilot.config import Settings
from copilot.store import Store
from copilot.store.faults import ATTEMPTS, is_transient
from copilot.store.models import AdLedger, AuditLog, BudgetRequest, Campaign
from copilot.web.keys import create_key
from tests.case_counts import CaseCount
from tests.helpers import add_draft_campaign

MERCHANT = "m_outdoor"
DRAFT = "c_fault_db_draft"
MOMENT_S = 1.5
IMPATIENT_BUSY_S = 0.25
WAIT_S = 30.0
DRAFT_ASK = "双12前帮我做一个防晒品类的推广方案，预算3万"
QUESTION = "上个月GMV是多少？"
SUBMIT = "提交双12防晒推广活动的预算"  # the seeded draft is not this conversation's: it is named
SAVED = "已保存推广方案草稿"
BUSY = "database is busy or unreachable"
INTERNALS = ("Traceback", "OperationalError", "sqlite", "sqlalchemy", "psycopg", "INSERT", "SELECT", "UPDATE")
TERMINATE_OTHERS = text(
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
LOCK_WAITERS = text(
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


# ---------------------------------------------------------------- the app and what it wrote


@dataclass
class Api:
    """The app served in-process with a merchant key; `store` is the app's own store."""

    client: TestClient
    store: Store

    def new_thread(self) -> str:
        response = self.client.post("/v1/threads", json={"title": "faults"})
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def say(self, thread: str, content: str) -> httpx.Response:
        return self.client.post(f"/v1/threads/{thread}/messages", json={"content": content, "stream": False})

    def approve(self, thread: str, approval_id: str) -> httpx.Response:
        body = {"approval_id": approval_id, "decision": "approve", "decided_by": "boss", "stream": False}
        return self.client.post(f"/v1/threads/{thread}/approvals", json=body)

    def reject(self, thread: str, approval_id: str, by: str = "second") -> httpx.Response:
        body = {"approval_id": approval_id, "decision": "reject", "decided_by": by, "stream": False}
        return self.client.post(f"/v1/threads/{thread}/approvals", json=body)

    def thread(self, thread: str) -> dict[str, Any]:
        response = self.client.get(f"/v1/threads/{thread}")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def pause_on_approval(self, thread: str) -> str:
        turn = self.say(thread, SUBMIT)
        assert turn.status_code == 200, turn.text
        approval = turn.json()["approval"]
        assert approval is not None and approval["tool"] == "submit_promotion_budget", turn.text
        return str(approval["approval_id"])


def _seed(url: str) -> str:
    """Put the draft campaign into the store at `url`; a key of the merchant."""
    store = Store.open(url, migrate=False)
    try:
        add_draft_campaign(store, DRAFT, MERCHANT)
        return create_key(store, MERCHANT, "faults").key
    finally:
        store.close()


@contextmanager
def _serve(settings: Settings, key: str) -> Iterator[Api]:
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False, headers={"Authorization": f"Bearer {key}"}) as client:
        yield Api(client=client, store=app.state.runtime.copilot.store)


@dataclass(frozen=True)
class Written:
    """What the merchant's store holds of campaigns, their audit entries and budgets."""

    campaigns: frozenset[str]
    drafted: frozenset[str]
    ledger: int
    requests: tuple[tuple[str, bool], ...]


def _written(store: Store) -> Written:
    with store.session() as session:
        campaigns = session.scalars(select(Campaign.id).where(Campaign.merchant_id == MERCHANT))
        audits = session.scalars(
            select(AuditLog.detail).where(AuditLog.merchant_id == MERCHANT, AuditLog.action == "campaign.drafted")
        )
        ledger = session.scalar(select(func.count()).select_from(AdLedger).where(AdLedger.merchant_id == MERCHANT))
        requests = session.execute(
            select(BudgetRequest.status, BudgetRequest.decided_at).where(BudgetRequest.merchant_id == MERCHANT)
        )
        return Written(
            campaigns=frozenset(campaigns),
            drafted=frozenset(str(detail["campaign_id"]) for detail in audits),
            ledger=int(ledger or 0),
            requests=tuple(sorted((status, decided is not None) for status, decided in requests)),
        )


def _assert_every_draft_audited(written: Written) -> None:
    assert written.campaigns - {DRAFT} == written.drafted, written


def _assert_saved_one_draft(before: Written, turn: httpx.Response, store: Store) -> None:
    assert turn.status_code == 200, turn.text
    after = _written(store)
    new = after.campaigns - before.campaigns
    assert len(new) == 1, (before, after)
    (campaign_id,) = new
    assert SAVED in turn.json()["answer"] and campaign_id in turn.json()["answer"], turn.text
    _assert_every_draft_audited(after)


def _assert_clear(message: str) -> None:
    assert BUSY in message, message
    assert not [word for word in INTERNALS if word in message], message


# ---------------------------------------------------------------- SQLite: a lock taken mid-turn


class SqliteLock:
    """Another connection's `BEGIN EXCLUSIVE` on the SQLite file `path`, taken at the moment `engine` is about to
    run a statement starting with `prefix` (which then meets the lock).

    The lock is given back after `hold_s` seconds, or, with `until_faults`, once `engine` has failed that many
    statements on it (the work has used up its retries), or on exit at the latest. `injected` is set once it is
    held, `released` once it is given back.
    """

    def __init__(
        self, engine: Engine, path: Path, prefix: str, *, hold_s: float | None = None, until_faults: int = 0
    ) -> None:
        self.engine, self.path, self.prefix = engine, path, prefix
        self.hold_s, self.until_faults = hold_s, until_faults
        self.injected, self.released = threading.Event(), threading.Event()
        self.faults = 0
        self._give_back = threading.Event()
        self._holder: threading.Thread | None = None
        self._guard = threading.Lock()

    def __enter__(self) -> SqliteLock:
        event.listen(self.engine, "before_cursor_execute", self._before_statement)
        event.listen(self.engine, "handle_error", self._on_error)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before_statement)
        event.remove(self.engine, "handle_error", self._on_error)
        self._give_back.set()
        if self._holder is not None:
            self._holder.join(timeout=WAIT_S)

    def _before_statement(self, _conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        with self._guard:
            if self._holder is not None or not statement.lstrip().upper().startswith(self.prefix):
                return
            self._holder = threading.Thread(target=self._hold, daemon=True)
            self._holder.start()
        assert self.injected.wait(WAIT_S), "the lock was not taken"

    def _on_error(self, context: Any) -> None:
        if self.injected.is_set() and is_transient(context.original_exception):
            self.faults += 1
            if self.until_faults and self.faults >= self.until_faults:
                self._give_back.set()

    def _hold(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            conn.execute("BEGIN EXCLUSIVE")
            self.injected.set()
            self._give_back.wait(self.hold_s)
            conn.execute("COMMIT")
        finally:
            conn.close()
            self.released.set()


@dataclass
class SqliteRig:
    api: Api
    store_file: Path
    checkpoints_file: Path


@pytest.fixture
def sqlite_rig(demo_template: Path, tmp_path: Path) -> Callable[..., Any]:
    """`with sqlite_rig(busy_timeout_s=...) as rig`: the app on a private SQLite copy of the demo store."""

    @contextmanager
    def open_rig(busy_timeout_s: float = 5.0) -> Iterator[SqliteRig]:
        db = tmp_path / "store.db"
        shutil.copyfile(demo_template, db)
        key = _seed(f"sqlite:///{db}")
        settings = Settings(
            data_dir=tmp_path / "data",
            db_url=f"sqlite:///{db}",
            model="offline",
            today=DEMO_TODAY,
            db_busy_timeout_s=busy_timeout_s,
        )
        with _serve(settings, key) as api:
            yield SqliteRig(api, db, settings.data_dir / "checkpoints.db")

    return open_rig


@pytest.mark.parametrize("locked", ["store", "checkpoints"])
def test_a_lock_for_a_moment_while_drafting_is_waited_out(
    sqlite_rig: Callable[..., Any], case_count: CaseCount, locked: str
):
    with sqlite_rig() as rig:
        api = rig.api
        thread = api.new_thread()
        before = _written(api.store)
        path = rig.store_file if locked == "store" else rig.checkpoints_file
        with SqliteLock(api.store.engine, path, "INSERT INTO CAMPAIGNS", hold_s=MOMENT_S) as lock:
            turn = api.say(thread, DRAFT_ASK)
            assert lock.injected.is_set() and lock.released.is_set(), "the turn did not meet the lock"
        case_count("SQLite lock")
        _assert_saved_one_draft(before, turn, api.store)
        assert api.say(thread, QUESTION).status_code == 200


def test_a_lock_for_a_moment_during_an_approval_spends_once(sqlite_rig: Callable[..., Any], case_count: CaseCount):
    with sqlite_rig() as rig:
        api = rig.api
        thread = api.new_thread()
        approval_id = api.pause_on_approval(thread)
        with SqliteLock(api.store.engine, rig.store_file, "UPDATE BUDGET_REQUESTS", hold_s=MOMENT_S) as lock:
            decided = api.approve(thread, approval_id)
            assert lock.injected.is_set() and lock.released.is_set(), "the approval did not meet the lock"
        case_count("SQLite lock")
        assert decided.status_code == 200, decided.text
        assert "预算已提交" in decided.json()["answer"], decided.text
        assert _written(api.store).ledger == 1
        assert _written(api.store).requests == (("submitted", True),)
        again = api.approve(thread, approval_id)
        assert again.status_code == 409 and again.json()["error"]["code"] == "already_decided", again.text


def test_a_lock_outlasting_the_retries_of_a_draft_ends_the_step_clearly_and_saves_nothing(
    sqlite_rig: Callable[..., Any], case_count: CaseCount
):
    with sqlite_rig(busy_timeout_s=IMPATIENT_BUSY_S) as rig:
        api = rig.api
        thread = api.new_thread()
        before = _written(api.store)
        with SqliteLock(api.store.engine, rig.store_file, "INSERT INTO CAMPAIGNS", until_faults=1) as lock:
            turn = api.say(thread, DRAFT_ASK)
        assert lock.faults >= 1, "the draft never met the lock"
        case_count("SQLite lock")
        assert turn.status_code == 200, turn.text
        _assert_clear(turn.json()["answer"])
        assert _written(api.store) == before
        assert api.thread(thread)["running"] is False
        _assert_saved_one_draft(before, api.say(thread, DRAFT_ASK), api.store)


def _approve_against_a_lock_outlasting_the_retries(rig: SqliteRig, case_count: CaseCount) -> tuple[str, str, Any]:
    """Pause a new thread on an approval and approve it while the store stays locked; (thread, approval, reply)."""
    api = rig.api
    thread = api.new_thread()
    approval_id = api.pause_on_approval(thread)
    with SqliteLock(api.store.engine, rig.store_file, "UPDATE BUDGET_REQUESTS", until_faults=ATTEMPTS) as lock:
        decided = api.approve(thread, approval_id)
    assert lock.faults == ATTEMPTS, lock.faults
    case_count("SQLite lock")
    assert decided.status_code == 503, decided.text
    assert decided.json()["error"]["code"] == "store_unavailable"
    return thread, approval_id, decided


def test_a_lock_outlasting_the_retries_of_an_approval_is_a_503_and_the_approval_stays_pending(
    sqlite_rig: Callable[..., Any], case_count: CaseCount
):
    with sqlite_rig(busy_timeout_s=IMPATIENT_BUSY_S) as rig:
        api = rig.api
        thread, approval_id, decided = _approve_against_a_lock_outlasting_the_retries(rig, case_count)
        _assert_clear(decided.json()["error"]["message"])
        assert _written(api.store).ledger == 0
        assert _written(api.store).requests == (("pending_approval", False),)  # the approval left no trace
        detail = api.thread(thread)
        assert detail["running"] is False
        assert detail["pending_approval"]["approval_id"] == approval_id

        retried = api.approve(thread, approval_id)
        assert retried.status_code == 200, retried.text
        assert "预算已提交" in retried.json()["answer"], retried.text
        assert _written(api.store).ledger == 1
        assert _written(api.store).requests == (("submitted", True),)
        again = api.approve(thread, approval_id)
        assert again.status_code == 409 and again.json()["error"]["code"] == "already_decided", again.text
        assert api.say(thread, QUESTION).status_code == 200


def _decided_by(store: Store) -> list[tuple[str, str | None]]:
    with store.session() as session:
        rows = session.execute(
            select(BudgetRequest.status, BudgetRequest.decided_by).where(BudgetRequest.merchant_id == MERCHANT)
        )
        return [(status, by) for status, by in rows]


def _assert_the_rejection_landed(api: Api, thread: str, approval_id: str) -> None:
    rejected = api.reject(thread, approval_id)
    assert rejected.status_code == 200, rejected.text
    assert _decided_by(api.store) == [("rejected", "second")]
    assert _written(api.store).ledger == 0
    assert api.thread(thread)["pending_approval"] is None


def test_an_approval_the_lock_stopped_leaves_no_trace_and_a_later_rejection_is_what_lands(
    sqlite_rig: Callable[..., Any], case_count: CaseCount
):
    with sqlite_rig(busy_timeout_s=IMPATIENT_BUSY_S) as rig:
        api = rig.api
        thread, approval_id, _ = _approve_against_a_lock_outlasting_the_retries(rig, case_count)
        assert _decided_by(api.store) == [("pending_approval", None)]
        assert api.thread(thread)["pending_approval"]["approval_id"] == approval_id
        _assert_the_rejection_landed(api, thread, approval_id)


# ---------------------------------------------------------------- PostgreSQL: backends terminated


@dataclass
class PgRig:
    api: Api
    admin: Engine

    def terminate_others(self, conn: Connection | None = None) -> int:
        """Terminate every backend of the store's database but the one running this; how many there were."""
        if conn is not None:
            return int(conn.execute(TERMINATE_OTHERS).scalar_one())
        with self.admin.connect() as own:
            return int(own.execute(TERMINATE_OTHERS).scalar_one())

    def wait_for_a_lock_waiter(self) -> None:
        deadline = time.monotonic() + WAIT_S
        with self.admin.connect() as conn:
            while not conn.execute(LOCK_WAITERS).scalar_one():
                assert time.monotonic() < deadline, "no backend ever waited on the lock"
                time.sleep(0.02)


@pytest.fixture
def pg_rig(pg_demo_copy_url: str, tmp_path: Path) -> Iterator[PgRig]:
    """The app with its store and its LangGraph checkpoints on a private PostgreSQL copy of the demo store."""
    key = _seed(pg_demo_copy_url)
    settings = Settings(data_dir=tmp_path / "data", db_url=pg_demo_copy_url, model="offline", today=DEMO_TODAY)
    admin = create_engine(pg_demo_copy_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with _serve(settings, key) as api:
        yield PgRig(api, admin)
    admin.dispose()


@pytest.mark.postgres
def test_postgres_backends_terminated_between_turns_do_not_break_the_thread(pg_rig: PgRig, case_count: CaseCount):
    api = pg_rig.api
    thread = api.new_thread()
    assert api.say(thread, QUESTION).status_code == 200
    before = _written(api.store)
    assert pg_rig.terminate_others() >= 2, "neither the store nor the checkpoints held a connection"
    case_count("PostgreSQL disconnect")
    _assert_saved_one_draft(before, api.say(thread, DRAFT_ASK), api.store)

    approval_id = api.pause_on_approval(thread)
    assert pg_rig.terminate_others() >= 2
    case_count("PostgreSQL disconnect")
    decided = api.approve(thread, approval_id)
    assert decided.status_code == 200 and "预算已提交" in decided.json()["answer"], decided.text
    assert _written(api.store).ledger == 1
    users = [m["content"] for m in api.thread(thread)["messages"] if m["role"] == "user"]
    assert users == [QUESTION, DRAFT_ASK, SUBMIT]


@pytest.mark.postgres
def test_postgres_backend_terminated_mid_approval_is_retried_and_spends_once(pg_rig: PgRig, case_count: CaseCount):
    api = pg_rig.api
    thread = api.new_thread()
    approval_id = api.pause_on_approval(thread)
    with pg_rig.admin.connect() as holder, ThreadPoolExecutor(1) as pool:
        holder.execute(text("BEGIN"))
        holder.execute(text("SELECT id FROM budget_requests WHERE id = :id FOR UPDATE"), {"id": approval_id})
        decision = pool.submit(api.approve, thread, approval_id)
        pg_rig.wait_for_a_lock_waiter()
        assert pg_rig.terminate_others(holder) >= 1
        holder.execute(text("ROLLBACK"))
        decided = decision.result(timeout=WAIT_S)
    case_count("PostgreSQL disconnect")
    assert decided.status_code == 200, decided.text
    assert "预算已提交" in decided.json()["answer"], decided.text
    assert _written(api.store).ledger == 1
    assert _written(api.store).requests == (("submitted", True),)
    assert api.thread(thread)["pending_approval"] is None
    assert api.say(thread, QUESTION).status_code == 200


@pytest.mark.postgres
def test_postgres_backend_terminated_mid_draft_saves_nothing_half_and_the_thread_goes_on(
    pg_rig: PgRig, case_count: CaseCount
):
    api = pg_rig.api
    thread = api.new_thread()
    before = _written(api.store)
    with pg_rig.admin.connect() as holder, ThreadPoolExecutor(1) as pool:
        holder.execute(text("BEGIN"))
        holder.execute(text("LOCK TABLE audit_log IN EXCLUSIVE MODE"))
        turn = pool.submit(api.say, thread, DRAFT_ASK)
        pg_rig.wait_for_a_lock_waiter()
        assert pg_rig.terminate_others(holder) >= 1
        holder.execute(text("ROLLBACK"))
        answered = turn.result(timeout=WAIT_S)
    case_count("PostgreSQL disconnect")
    assert answered.status_code == 200, answered.text
    _assert_clear(answered.json()["answer"])
    assert _written(api.store) == before
    _assert_saved_one_draft(before, api.say(thread, DRAFT_ASK), api.store)


@pytest.mark.postgres
def test_postgres_approval_stopped_by_a_row_lock_leaves_no_trace_and_a_later_rejection_lands(
    pg_demo_copy_url: str, tmp_path: Path, case_count: CaseCount
):
    """The red team's case: the approval meets the budget row locked (503, stays pending); once the lock is gone
    another person rejects, and the rejection is what is recorded and carried out."""
    key = _seed(pg_demo_copy_url)
    settings = Settings(
        data_dir=tmp_path / "data",
        db_url=pg_demo_copy_url,
        model="offline",
        today=DEMO_TODAY,
        db_busy_timeout_s=IMPATIENT_BUSY_S,
    )
    admin = create_engine(pg_demo_copy_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with _serve(settings, key) as api:
            thread = api.new_thread()
            approval_id = api.pause_on_approval(thread)
            with admin.connect() as holder:
                holder.execute(text("BEGIN"))
                holder.execute(text("SELECT id FROM budget_requests WHERE id = :id FOR UPDATE"), {"id": approval_id})
                decided = api.approve(thread, approval_id)
                holder.execute(text("ROLLBACK"))
            case_count("PostgreSQL row lock")
            assert decided.status_code == 503, decided.text
            assert decided.json()["error"]["code"] == "store_unavailable"
            assert _decided_by(api.store) == [("pending_approval", None)]
            _assert_the_rejection_landed(api, thread, approval_id)
    finally:
        admin.dispose()
