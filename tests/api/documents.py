"""Helpers of the document upload tests: upload, wait for the ingest job, documents of a given size."""

from __future__ import annotations

import time

import httpx

from tests.memory.fakes import GUARD_S


def upload(client: httpx.Client, name: str, text: str, **form: str) -> httpx.Response:
    return client.post("/v1/documents", files={"file": (name, text.encode(), "text/plain")}, data=form)


def wait_for_job(client: httpx.Client, job_id: str) -> dict:
    """The ingest job once it is done or failed (polled; GUARD_S only stops a broken run)."""
    deadline = time.monotonic() + GUARD_S
    while True:
        job = client.get(f"/v1/documents/jobs/{job_id}")
        assert job.status_code == 200, job.text
        body: dict = job.json()
        if body["status"] in ("done", "failed"):
            return body
        assert time.monotonic() < deadline, f"the ingest job never finished: {body}"
        time.sleep(0.05)


def stored(client: httpx.Client, name: str, text: str) -> dict:
    """Upload a document and wait until it is stored."""
    response = upload(client, name, text)
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.json()["id"])
    assert job["status"] == "done", job
    return job


def manual(title: str, sections: int) -> str:
    """A manual of `sections` sections, each one chunk and 8 sentence passages (9 records)."""
    body = "\n\n".join(
        f"## Section {i}\n\n" + " ".join(f"Section {i} rule {j} covers {title} returns." for j in range(8))
        for i in range(sections)
    )
    return f"# {title}\n\n{body}\n"
