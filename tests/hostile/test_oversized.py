"""Oversized inputs: a 10 MB chat message, a 100 MB upload, a 100k-row query result through query_store_sales —
refused or truncated with a clear message, and the process's memory stays bounded (RSS delta measured)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest
from sqlalchemy import func, select

from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.store import Store
from copilot.store.models import IngestJob
from tests.api.conftest import ApiServer, api, assert_error, new_thread  # noqa: F401  (api: the server fixture)
from tests.api.documents import manual, upload, wait_for_job
from tests.case_counts import CaseCount
from tests.memory.fakes import use_counting_model
from tools.sales import query_store_sales

MiB = 1 << 20
RSS_BOUND_MIB = 64


def _rss_mib() -> float:
    gc.collect()
    return psutil.Process().memory_info().rss / MiB


def test_a_10_mb_message_is_refused_with_413_and_memory_stays_bounded(api: ApiServer, case_count: CaseCount):  # noqa: F811
    with api.client() as client:
        thread = new_thread(client)
        before = _rss_mib()
        body = b'{"content": "' + b"a" * (10 * MiB) + b'"}'
        error = assert_error(
            client.post(f"/v1/threads/{thread}/messages", content=body, headers={"content-type": "application/json"}),
            413,
        )
        del body
        case_count("oversized input")
        delta = _rss_mib() - before
        print(f"10 MB message: 413 {error['code']!r}; RSS delta {delta:.1f} MiB (client and server in this process)")
        assert "limit" in error["message"].lower() or "large" in error["message"].lower()
        assert delta < RSS_BOUND_MIB
        long_text = "上个月GMV是多少？" * 1_000
        assert_error(client.post(f"/v1/threads/{thread}/messages", json={"content": long_text}), 422)
        case_count("oversized input")
        ok = client.post(f"/v1/threads/{thread}/messages", json={"content": "上个月GMV是多少？", "stream": False})
        assert ok.status_code == 200 and ok.json()["answer"]


def _chunks(total: int, size: int = MiB) -> Iterator[bytes]:
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
    yield head
    sent = 0
    while sent < total:
        yield b"x" * size
        sent += size
    yield b"\r\n--b--\r\n"


def test_a_100_mb_upload_is_refused_while_streaming(api: ApiServer, case_count: CaseCount):  # noqa: F811
    before = _rss_mib()
    with api.client() as client:
        response = client.post(
            "/v1/documents",
            content=_chunks(100 * MiB),
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
    delta = _rss_mib() - before
    error = assert_error(response, 413)
    case_count("oversized input")
    print(f"100 MB upload: 413 {error['code']!r}; RSS delta {delta:.1f} MiB")
    assert delta < RSS_BOUND_MIB
    uploads = list((api.settings.data_dir).rglob("big.txt"))
    assert uploads == []


@pytest.fixture
def ctx(demo_store: Store, tmp_path: Path) -> Context:
    return Context(
        merchant_id="m_outdoor", store=demo_store, settings=Settings(data_dir=tmp_path / "data"), clock=demo_clock()
    )


def test_a_100k_row_result_is_truncated_with_a_clear_message(ctx: Context, case_count: CaseCount):
    before = _rss_mib()
    sql = "SELECT a.id, b.id AS other FROM events a CROSS JOIN events b LIMIT 100000"
    text, artifact = query_store_sales.func(runtime=SimpleNamespace(context=ctx), sql=sql)  # type: ignore[misc]
    delta = _rss_mib() - before
    rows = len(artifact["rows"])
    case_count("oversized input")
    print(f"100k-row query: {rows} rows kept, {len(text)} chars to the model; RSS delta {delta:.1f} MiB")
    assert "Truncated" in text or "Error" in text
    assert len(text) < 20_000 and rows <= 10_000
    assert delta < RSS_BOUND_MIB


def _limits(api: ApiServer, monkeypatch: pytest.MonkeyPatch, **values: int) -> None:  # noqa: F811
    for name, value in values.items():
        monkeypatch.setattr(api.app.state.runtime.limits, name, value)


def test_a_document_over_the_passage_limit_is_refused_whole_with_how_to_split_it(
    api: ApiServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    case_count: CaseCount,
):
    _limits(api, monkeypatch, max_document_passages=100)
    with api.client() as client:
        error = assert_error(upload(client, "big-manual.txt", manual("stove", 12)), 413, "document_too_large")
        case_count("oversized input")
        documents = client.get("/v1/documents").json()["documents"]
        fits = upload(client, "small-manual.txt", manual("stove", 11))
        assert fits.status_code == 202, fits.text
        assert wait_for_job(client, fits.json()["id"])["status"] == "done"
    print(f"108-passage upload over a 100-passage limit: 413 {error['message']!r}")
    assert "108" in error["message"] and "100" in error["message"] and "split" in error["message"]
    assert "stove" not in [d["title"] for d in documents]
    with api.store.session() as session:
        assert session.scalar(select(func.count()).select_from(IngestJob).where(IngestJob.passages == 108)) == 0


def test_a_document_over_the_byte_limit_is_refused_while_it_is_copied(
    api: ApiServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    case_count: CaseCount,
):
    _limits(api, monkeypatch, max_document_bytes=4_096)
    with api.client() as client:
        error = assert_error(upload(client, "notes.md", "# 笔记\n\n" + "很长的笔记。" * 400), 413, "document_too_large")
        case_count("oversized input")
    assert "4,096 bytes" in error["message"] and "split" in error["message"]
    assert list(api.settings.data_dir.rglob("notes.md")) == []


def test_one_merchant_cannot_queue_unbounded_ingests(
    api: ApiServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    case_count: CaseCount,
):
    _limits(api, monkeypatch, max_ingest_jobs=2)
    hold = threading.Event()
    use_counting_model(monkeypatch, hold)
    with api.client() as client, api.client("baby") as other:
        accepted = [upload(client, f"flood-{i}.txt", manual(f"flood {i}", 2)) for i in range(2)]
        refused = [upload(client, f"flood-{i}.txt", manual(f"flood {i}", 2)) for i in range(2, 5)]
        case_count("ingest flood", len(accepted) + len(refused))
        elsewhere = upload(other, "baby-notes.txt", manual("baby", 2))
        hold.set()
        finished = [wait_for_job(client, r.json()["id"])["status"] for r in accepted]
        assert wait_for_job(other, elsewhere.json()["id"])["status"] == "done"
        again = upload(client, "flood-5.txt", manual("flood 5", 2))
        assert again.status_code == 202, again.text
        assert wait_for_job(client, again.json()["id"])["status"] == "done"
    assert [r.status_code for r in accepted] == [202, 202] and finished == ["done", "done"]
    errors = [assert_error(r, 429, "too_many_ingests") for r in refused]
    assert all("2 of your documents are still being stored" in e["message"] for e in errors)
    assert all(r.headers["retry-after"] for r in refused)
    assert elsewhere.status_code == 202
