"""Document ingest jobs under faults: a failing memory write, a worker stopping mid-ingest, a worker that died, a
call that hangs. Each ends in a failed job that says so, and the merchant's memory is as it was before the upload;
a database fault as a stored document's job finishes is retried, so the job reads done."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from copilot.clock import SystemClock
from copilot.config import ApiLimits, Settings
from copilot.memory import MemoryStore, NewDocument
from copilot.store import Store
from copilot.web import ingest, ingest_jobs
from copilot.web.ingest import FAILED, STOPPED, IngestRunner
from tests.api.conftest import ApiServer, api  # noqa: F401  (api: the server fixture)
from tests.api.documents import manual, stored, upload, wait_for_job
from tests.case_counts import CaseCount
from tests.memory.fakes import GUARD_S, crash_every_second_batch, use_counting_model

POLICY = (
    "# 退货政策\n\n## 退货规则\n\n自签收之日起 7 天内，商品未使用、吊牌完好的，支持无理由退货。"
    "帐篷、睡袋拆封后已在户外使用的不适用。质量问题的退回运费由店铺承担，审核通过后 48 小时内退回。"
    "换货每个订单限 1 次，寄回运费由买家承担。仓库收货后 2 个工作日内完成验货，验货通过后原路退款。"
    "已购买运费险的订单由保险公司理赔，通常最高赔付 12 元。冲锋衣、登山杖提供 1 年质保，质保期内免费维修。"
)


def test_a_failed_ingest_says_so_and_leaves_the_document_as_it_was(
    api: ApiServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    case_count: CaseCount,
):
    memory: MemoryStore = api.app.state.runtime.copilot.memory
    use_counting_model(monkeypatch)
    with api.client() as client:
        stored(client, "policy.md", POLICY)
        crash_every_second_batch(monkeypatch, memory)
        response = upload(client, "policy.md", POLICY.replace("7 天", "30 天").replace("店铺", "买家"))
        assert response.status_code == 202, response.text
        failed = wait_for_job(client, response.json()["id"])
        case_count("memory write failure")
        listed = client.get("/v1/documents").json()["documents"]
    assert (failed["status"], failed["chunks"], failed["error"]) == ("failed", None, FAILED)
    assert [(d["title"], d["chunks"]) for d in listed] == [("退货政策", 1)]
    texts = [hit.text for hit in memory.search("m_outdoor", "退货期限几天", k=5)]
    assert any("7 天" in text for text in texts) and not any("30 天" in text for text in texts)


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[MemoryStore]:
    opened = MemoryStore.open(Settings(data_dir=tmp_path / "memdata"))
    yield opened
    opened.close()


def test_a_worker_stopping_mid_ingest_undoes_it_and_the_job_says_so(
    demo_store: Store, memory: MemoryStore, monkeypatch: pytest.MonkeyPatch, case_count: CaseCount
):
    hold = threading.Event()
    model = use_counting_model(monkeypatch, hold)
    runner = IngestRunner(demo_store, memory, ApiLimits(), SystemClock())
    job = runner.submit("m_outdoor", NewDocument("炉具手册", manual("stove", 30), "stove.txt"))
    assert model.first_passage.wait(GUARD_S)
    stopping = threading.Thread(target=runner.stop)
    stopping.start()
    assert runner._stop.wait(GUARD_S)
    hold.set()
    stopping.join(GUARD_S)
    case_count("worker stops mid-ingest")
    assert not stopping.is_alive()
    assert 0 < model.passages_done < job.passages  # it stopped at the first write batch
    stopped = runner.job("m_outdoor", job.id)
    assert stopped is not None and (stopped.status, stopped.error) == ("failed", STOPPED)
    assert memory.documents("m_outdoor") == []
    collection = memory._collection("m_outdoor", create=False)
    assert collection is not None and collection.count() == 0


STALE_S = ApiLimits().ingest_stale_s


def _open(store: Store, title: str, now: datetime) -> ingest_jobs.JobInfo | None:
    stale_before = now - timedelta(seconds=STALE_S)
    return ingest_jobs.open_job(
        store, "m_outdoor", title=title, source="m.txt", passages=9, now=now, stale_before=stale_before, max_live=1
    )


def test_a_dead_workers_job_fails_and_frees_the_merchants_slot(demo_store: Store, case_count: CaseCount):
    now = SystemClock().now()
    job = _open(demo_store, "手册", now)
    assert job is not None and _open(demo_store, "手册 2", now) is None
    later = now + timedelta(seconds=STALE_S + 1)
    case_count("worker died mid-ingest")
    stale_before = later - timedelta(seconds=STALE_S)
    dead = ingest_jobs.get_job(demo_store, "m_outdoor", job.id, now=later, stale_before=stale_before)
    assert dead is not None and (dead.status, dead.error) == ("failed", ingest_jobs.WORKER_STOPPED)
    again = _open(demo_store, "手册 2", later)
    assert again is not None and again.status == "queued"
    assert ingest_jobs.get_job(demo_store, "m_baby", again.id, now=later, stale_before=later) is None


class _ScriptedMemory:
    """A memory whose ingest stores one write batch once `release` is set (set at once unless held)."""

    def __init__(self, *, hold: bool = False) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.stopped: BaseException | None = None
        if not hold:
            self.release.set()

    def ingest(
        self, merchant_id: str, title: str, text: str, *, source: str | None, stored: Callable[[int], None]
    ) -> int:
        self.entered.set()
        self.release.wait(GUARD_S)
        try:
            stored(1)
        except Exception as exc:
            self.stopped = exc
            raise
        return 1


def _settled(runner: IngestRunner, job_id: str) -> ingest_jobs.JobInfo:
    """The job once it is no longer queued or running; fails when it never gets there."""
    deadline = time.monotonic() + GUARD_S
    while time.monotonic() < deadline:
        job = runner.job("m_outdoor", job_id)
        assert job is not None
        if job.status not in ingest_jobs.LIVE:
            return job
        time.sleep(0.05)
    pytest.fail(f"the ingest job never ended: it still reads {job.status}")


def test_a_hung_ingest_fails_once_it_made_no_progress_for_ingest_stale_s_and_frees_the_slot(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, case_count: CaseCount
):
    monkeypatch.setattr(ingest, "STALE_S", 0.3, raising=False)  # the bound and heartbeat before this setting
    monkeypatch.setattr(ingest, "HEARTBEAT_S", 0.02, raising=False)
    hung = _ScriptedMemory(hold=True)
    runner = IngestRunner(demo_store, hung, ApiLimits(ingest_stale_s=0.3, max_ingest_jobs=1), SystemClock())  # type: ignore[arg-type]
    try:
        job = runner.submit("m_outdoor", NewDocument("手册", POLICY, "m.txt"))
        assert hung.entered.wait(GUARD_S)
        failed = _settled(runner, job.id)
        case_count("hung ingest")
        assert (failed.status, failed.error) == ("failed", ingest_jobs.WORKER_STOPPED)
        runner.check_room("m_outdoor")  # its slot is free again
    finally:
        hung.release.set()
        runner.stop()
    assert hung.stopped is not None  # resumed, it stopped at its next write batch (and the memory undid it)
    after = runner.job("m_outdoor", job.id)
    assert after is not None and after.status == "failed"


def test_a_transient_fault_as_a_stored_documents_job_finishes_is_retried_and_the_job_reads_done(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, case_count: CaseCount
):
    finish = ingest_jobs.finish
    faults = iter([OperationalError("UPDATE ingest_jobs", {}, sqlite3.OperationalError("database is locked"))])

    def finish_after_a_lock(*args: object, **kwargs: object) -> None:
        fault = next(faults, None)
        if fault is not None:
            raise fault
        finish(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_jobs, "finish", finish_after_a_lock)
    runner = IngestRunner(demo_store, _ScriptedMemory(), ApiLimits(), SystemClock())  # type: ignore[arg-type]
    try:
        job = runner.submit("m_outdoor", NewDocument("手册", POLICY, "m.txt"))
        done = _settled(runner, job.id)
    finally:
        runner.stop()
    case_count("database fault as an ingest finishes")
    assert (done.status, done.chunks, done.error) == ("done", 1, None)
