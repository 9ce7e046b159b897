"""Two API workers as separate uvicorn processes on loopback, sharing one PostgreSQL database, one Chroma server
and one Redis, and nothing else (each has its own data folder): a conversation started on one worker is approved
on the other, a budget is spent once even when both workers are asked at the same moment, and a key's rate limit
holds across the workers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from copilot.store import Store
from copilot.store.models import AdLedger, AuditLog, BudgetRequest
from copilot.store.pgadmin import create_database, drop_database
from copilot.web.keys import create_key
from tests.api.conftest import _add_draft_campaign
from tests.conftest import PG_ADMIN_URL
from tests.memory.test_chroma_server import chroma_url  # noqa: F401  (the Chroma server fixture)
from tests.production.conftest import Worker, spawn_worker, stop_worker, wait_until_healthy, worker_env

pytestmark = pytest.mark.postgres

RATE_BURST = 10


@dataclass
class Cluster:
    a: Worker
    b: Worker
    store: Store
    keys: dict[str, str]


@pytest.fixture(scope="module")
def cluster(
    pg_demo_template: str,
    chroma_url: str,  # noqa: F811
    redis_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Cluster]:
    name = f"copilot_w_{uuid.uuid4().hex[:8]}"
    url = create_database(PG_ADMIN_URL, name, template=pg_demo_template)
    store = Store.open(url)
    _add_draft_campaign(store)
    keys = {
        "outdoor": create_key(store, "m_outdoor", "two workers").key,
        "strict": create_key(store, "m_pet", "rate across workers").key,
    }
    folder = tmp_path_factory.mktemp("workers")
    settings = {
        "COPILOT_DB_URL": url,
        "COPILOT_CHROMA_URL": chroma_url,
        "COPILOT_REDIS_URL": redis_url,
        "COPILOT_MODEL": "offline",
        "COPILOT_TODAY": "2026-11-20",
        "COPILOT_API_RATE_BURST": str(RATE_BURST),
        "COPILOT_API_RATE_PER_MINUTE": "0.01",
    }
    workers: list[Worker] = []
    try:
        for label in ("a", "b"):  # started together: both set up their checkpointer at the same moment
            env = worker_env({**settings, "COPILOT_DATA_DIR": str(folder / label / "data")})
            workers.append(spawn_worker(label, env, folder / label))
        for worker in workers:
            wait_until_healthy(worker)
        yield Cluster(a=workers[0], b=workers[1], store=store, keys=keys)
    finally:
        for worker in workers:
            stop_worker(worker)
        store.close()
        drop_database(PG_ADMIN_URL, name)


def _ledger_rows(store: Store, campaign_id: str) -> int:
    with store.session() as session:
        query = select(func.count()).select_from(AdLedger).where(AdLedger.campaign_id == campaign_id)
        return int(session.scalar(query) or 0)


def _ask_for_budget(client: httpx.Client) -> tuple[str, dict[str, Any]]:
    created = client.post("/v1/threads", json={"title": "两个进程"})
    assert created.status_code == 201, created.text
    thread = str(created.json()["id"])
    turn = client.post(
        f"/v1/threads/{thread}/messages", json={"content": "提交双12防晒推广活动的预算", "stream": False}
    )
    assert turn.status_code == 200, turn.text
    approval = turn.json()["approval"]
    assert approval is not None and approval["tool"] == "submit_promotion_budget"
    return thread, approval


def test_a_conversation_started_on_one_worker_is_approved_on_the_other(cluster: Cluster) -> None:
    key = cluster.keys["outdoor"]
    with cluster.a.client(key) as on_a, cluster.b.client(key) as on_b:
        thread, approval = _ask_for_budget(on_a)
        seen_on_b = on_b.get(f"/v1/threads/{thread}")
        assert seen_on_b.status_code == 200, seen_on_b.text
        assert seen_on_b.json()["pending_approval"]["approval_id"] == approval["approval_id"]
        with cluster.store.session() as session:
            request = session.get(BudgetRequest, approval["approval_id"])
            assert request is not None and request.status == "pending_approval"
            campaign = request.campaign_id
        assert _ledger_rows(cluster.store, campaign) == 0

        decision = {"approval_id": approval["approval_id"], "decision": "approve", "decided_by": "boss"}
        approved = on_b.post(f"/v1/threads/{thread}/approvals", json=decision)
        assert approved.status_code == 200, approved.text
        step = approved.json()["tool_steps"][0]
        assert step["name"] == "submit_promotion_budget" and not step["error"]
        assert _ledger_rows(cluster.store, campaign) == 1

        again = on_a.post(f"/v1/threads/{thread}/approvals", json=decision)
        assert again.status_code == 409 and again.json()["error"]["code"] == "already_decided"
        assert _ledger_rows(cluster.store, campaign) == 1
        assert on_a.get(f"/v1/threads/{thread}").json()["pending_approval"] is None
        assert thread in [t["id"] for t in on_b.get("/v1/threads").json()["threads"]]
    with cluster.store.session() as session:
        request = session.get(BudgetRequest, approval["approval_id"])
        assert request is not None and request.status == "submitted" and request.decided_by == "boss"
        actions = session.scalars(select(AuditLog.action).where(AuditLog.merchant_id == "m_outdoor")).all()
    assert any("budget" in action for action in actions), actions


def test_a_keys_rate_limit_holds_across_the_workers(cluster: Cluster) -> None:
    """Alternating between the workers, the key gets its burst in total, not a burst per worker."""
    key = cluster.keys["strict"]
    with cluster.a.client(key) as on_a, cluster.b.client(key) as on_b:
        responses = [client.get("/v1/threads") for _ in range(RATE_BURST) for client in (on_a, on_b)]
    statuses = [response.status_code for response in responses]
    assert statuses.count(200) == RATE_BURST and statuses.count(429) == RATE_BURST, statuses
    refused = next(response for response in responses if response.status_code == 429)
    assert refused.json()["error"]["code"] == "rate_limited" and int(refused.headers["Retry-After"]) >= 1
    with cluster.a.client(cluster.keys["outdoor"]) as other:
        assert other.get("/v1/threads").status_code == 200
