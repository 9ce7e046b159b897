"""Document uploads are background jobs: 202 at once, a status to poll, and other merchants' search goes on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from copilot.memory import MemoryStore, embedding
from copilot.memory.embedding import PASSAGE_BATCH
from copilot.web import ingest_jobs
from tests.api.conftest import ApiServer, assert_error
from tests.api.documents import manual, stored, upload, wait_for_job
from tests.memory.fakes import GUARD_S, use_counting_model


def _memory(api: ApiServer) -> MemoryStore:
    return api.app.state.runtime.copilot.memory


def test_an_upload_answers_its_job_at_once_and_the_job_says_when_it_is_stored(
    api: ApiServer, monkeypatch: pytest.MonkeyPatch
):
    use_counting_model(monkeypatch)
    with api.client() as client:
        response = upload(client, "tents.txt", manual("tent", 10), title="帐篷保养手册")
        assert response.status_code == 202, response.text
        job = response.json()
        assert response.headers["location"] == f"/v1/documents/jobs/{job['id']}"
        assert job["status"] in ("queued", "running") and job["title"] == "帐篷保养手册"
        assert (job["source"], job["passages"], job["chunks"], job["error"]) == ("tents.txt", 90, None, None)
        done = wait_for_job(client, job["id"])
        listed = client.get("/v1/documents").json()["documents"]
    assert (done["status"], done["passages_done"], done["chunks"], done["error"]) == ("done", 90, 10, None)
    assert done["finished_at"] is not None
    assert [(d["title"], d["chunks"]) for d in listed if d["title"] == "帐篷保养手册"] == [("帐篷保养手册", 10)]
    with api.client("baby") as other:
        assert_error(other.get(f"/v1/documents/jobs/{job['id']}"), 404, "not_found")


def test_another_merchants_search_completes_while_a_big_ingest_is_in_progress(
    api: ApiServer, monkeypatch: pytest.MonkeyPatch
):
    use_counting_model(monkeypatch)
    with api.client("baby") as baby:
        stored(baby, "wipes.md", "# 湿巾使用说明\n\n婴儿湿巾开封后请在 30 天内用完，用后请盖紧盖子。")
    first_batch_held = threading.Event()
    model = use_counting_model(monkeypatch, hold=first_batch_held)
    searched = threading.Event()
    record_progress = ingest_jobs.record_progress

    def held_after_the_first_batch(store: Any, job_id: str, passages_done: int, **kwargs: Any) -> None:
        record_progress(store, job_id, passages_done, **kwargs)
        if passages_done:  # the ingest cannot report done before the search has returned
            assert searched.wait(GUARD_S)

    monkeypatch.setattr(ingest_jobs, "record_progress", held_after_the_first_batch)
    with api.client() as outdoor, ThreadPoolExecutor(1) as pool:
        response = upload(outdoor, "manual.txt", manual("backpack", 60))
        assert response.status_code == 202, response.text
        job_id = response.json()["id"]
        assert model.first_passage.wait(GUARD_S)  # the ingest's first batch holds the model
        search = pool.submit(_memory(api).search, "m_baby", "湿巾开封后多久要用完", k=1)
        assert _wait_for(lambda: embedding.model_gate().queries_waiting == 1 or search.done())
        first_batch_held.set()
        hits = search.result(GUARD_S)
        during = outdoor.get(f"/v1/documents/jobs/{job_id}").json()
        searched.set()
        final = wait_for_job(outdoor, job_id)
    assert [hit.title for hit in hits] == ["湿巾使用说明"]
    assert during["status"] in ("queued", "running") and during["passages_done"] < during["passages"] == 540
    assert model.passages_at_query == [PASSAGE_BATCH]  # the search went right after the batch it waited for
    assert final["status"] == "done"


def _wait_for(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + GUARD_S
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True
