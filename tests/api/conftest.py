"""The chat API under uvicorn on loopback (one server per test module, on its own copy of the demo store)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from copilot.app import create_app
from copilot.clock import DEMO_TODAY
from copilot.config import ApiLimits, Settings
from copilot.store import Store
from copilot.web.keys import create_key, revoke_key
from copilot.web.limits import RateDecision, TokenBucketLimiter
from tests.helpers import add_draft_campaign, serve

DRAFT_CAMPAIGN = "c_api_draft"


class OneStrictKey:
    """The real token bucket, strict (3 requests, then 1 per 100 s) for one key and lenient for the others."""

    def __init__(self, strict_key_id: str) -> None:
        self.strict_key_id = strict_key_id
        self.strict = TokenBucketLimiter(rate_per_s=0.01, burst=3)
        self.lenient = TokenBucketLimiter(rate_per_s=1000.0, burst=1000)

    async def hit(self, key: str) -> RateDecision:
        return await (self.strict if key == self.strict_key_id else self.lenient).hit(key)


@dataclass
class ApiServer:
    base_url: str
    app: FastAPI
    settings: Settings
    store: Store
    keys: dict[str, str]

    def client(self, key: str | None = "outdoor", **kwargs: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.keys[key]}"} if key else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=60.0, **kwargs)  # type: ignore[arg-type]


def _add_draft_campaign(store: Store) -> None:
    """The API tests' draft campaign for m_outdoor (tests/production seeds its stores with it too)."""
    add_draft_campaign(store, DRAFT_CAMPAIGN)


@pytest.fixture(scope="module")
def api(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    root = tmp_path_factory.mktemp("api")
    db = root / "store.db"
    shutil.copyfile(demo_template, db)
    store = Store.open(f"sqlite:///{db}")
    _add_draft_campaign(store)
    keys = {
        "outdoor": create_key(store, "m_outdoor", "tests").key,
        "baby": create_key(store, "m_baby", "tests").key,
    }
    revoked = create_key(store, "m_pet", "revoked")
    revoke_key(store, revoked.id)
    keys["revoked"] = revoked.key
    strict = create_key(store, "m_pet", "strict")
    keys["strict"] = strict.key
    limits = ApiLimits(
        max_json_bytes=1_000_000,
        max_upload_bytes=64_000,
        max_message_chars=4_000,
        rate_per_minute=6_000,
        rate_burst=1_000,
        run_lease_s=900,
    )
    settings = Settings(data_dir=root / "data", db_url=f"sqlite:///{db}", model="offline", today=DEMO_TODAY, api=limits)
    app = create_app(settings, limiter=OneStrictKey(strict.id))
    served = serve(app, "the API server")
    yield ApiServer(base_url=served.base_url, app=app, settings=settings, store=store, keys=keys)
    served.stop()
    store.close()


@dataclass
class Sse:
    event: str
    data: dict | str


def read_sse(response: httpx.Response) -> list[Sse]:
    """Parse a text/event-stream body into events (JSON data decoded when it is JSON)."""
    events: list[Sse] = []
    name, data = "message", []
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if not line:
            if data:
                raw = "\n".join(data)
                try:
                    decoded: dict | str = json.loads(raw)
                except json.JSONDecodeError:
                    decoded = raw
                events.append(Sse(name, decoded))
            name, data = "message", []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
    return events


def new_thread(client: httpx.Client, title: str = "") -> str:
    response = client.post("/v1/threads", json={"title": title})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    """The response is `status` in the one error shape (and the given code)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert "Traceback" not in response.text
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]
