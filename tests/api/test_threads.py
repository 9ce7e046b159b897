"""Threads and runs through real HTTP: streaming order, JSON mode, one run per thread, approvals."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select

from copilot.service import Copilot, TurnEvent
from copilot.store.models import AdLedger, BudgetRequest
from copilot.web.deps import get_copilot
from tests.api.conftest import DRAFT_CAMPAIGN, ApiServer, assert_error, new_thread, read_sse

TOP3 = "上个月卖得最好的3个商品是什么？"


def test_a_streamed_turn_sends_tools_then_tokens_then_done(api: ApiServer):
    with api.client() as client:
        thread = new_thread(client)
        with client.stream("POST", f"/v1/threads/{thread}/messages", json={"content": TOP3}) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            events = read_sse(response)
        names = [event.event for event in events]
        assert names[-1] == "done" and "error" not in names
        assert names.index("tool_started") < names.index("tool_finished") < names.index("done")
        started = events[names.index("tool_started")].data
        finished = events[names.index("tool_finished")].data
        assert started["name"] == finished["name"] == "query_store_sales"
        assert started["args"]["period"] == "last_month"
        assert not finished["error"] and "\n" not in finished["summary"] and finished["summary"]
        done = events[-1].data
        tokens = "".join(event.data["text"] for event in events if event.event == "token")
        assert done["answer"] and tokens == done["answer"] and done["approval_pending"] is False
        assert "¥" in done["answer"]

        [chart] = finished["charts"]
        assert chart.startswith("/v1/files/charts/") and str(api.settings.data_dir) not in chart
        image = client.get(chart)
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        assert image.content.startswith(b"\x89PNG")
    with api.client("baby") as other:
        assert_error(other.get(chart), 404, "not_found")

    with api.client() as client:
        detail = client.get(f"/v1/threads/{thread}").json()
    assert detail["title"] == TOP3 and detail["pending_approval"] is None
    roles = [message["role"] for message in detail["messages"]]
    assert roles == ["user", "assistant", "tool", "assistant"]
    assert detail["messages"][1]["tool_calls"][0]["name"] == "query_store_sales"
    assert detail["messages"][2]["name"] == "query_store_sales"
    assert detail["messages"][3]["content"] == done["answer"]


def test_json_mode_answers_the_whole_turn(api: ApiServer):
    with api.client() as client:
        thread = new_thread(client, "GMV")
        response = client.post(
            f"/v1/threads/{thread}/messages",
            json={"content": "What was our GMV by channel last month?", "stream": False},
        )
        assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
        turn = response.json()
        assert turn["thread_id"] == thread and "GMV by channel" in turn["answer"]
        assert [step["name"] for step in turn["tool_steps"]] == ["query_store_sales"]
        assert turn["approval"] is None
        listed = client.get("/v1/threads").json()["threads"]
        assert thread in [item["id"] for item in listed]
        assert client.delete(f"/v1/threads/{thread}").status_code == 204
        assert_error(client.get(f"/v1/threads/{thread}"), 404, "not_found")
        assert thread not in [item["id"] for item in client.get("/v1/threads").json()["threads"]]
        assert_error(client.post(f"/v1/threads/{thread}/messages", json={"content": "hi"}), 404)
        metrics = client.get("/metrics").text
    assert 'copilot_turn_duration_seconds_count{kind="chat",outcome="ok"}' in metrics
    assert 'route="/v1/threads/{thread_id}/messages",status="200"' in metrics


def test_another_merchants_thread_is_a_404(api: ApiServer):
    with api.client() as owner:
        thread = new_thread(owner, "mine")
    with api.client("baby") as other:
        assert_error(other.get(f"/v1/threads/{thread}"), 404, "not_found")
        assert_error(other.post(f"/v1/threads/{thread}/messages", json={"content": TOP3}), 404, "not_found")
        body = {"approval_id": "br_x", "decision": "approve", "decided_by": "mallory"}
        assert_error(other.post(f"/v1/threads/{thread}/approvals", json=body), 404, "not_found")
        assert_error(other.delete(f"/v1/threads/{thread}"), 404, "not_found")
        assert thread not in [item["id"] for item in other.get("/v1/threads").json()["threads"]]
    with api.client() as owner:
        assert owner.get(f"/v1/threads/{thread}").status_code == 200


class GatedCopilot(Copilot):
    """The real copilot, whose turns wait for `gate` before running (to hold a run open)."""

    def __init__(self, inner: Copilot, gate: threading.Event) -> None:
        self.__dict__.update(inner.__dict__)
        self.gate = gate

    def stream(self, merchant_id: str, thread_id: str, text: str, *, actor: str = "merchant") -> Iterator[TurnEvent]:
        if not self.gate.wait(timeout=30):
            raise TimeoutError("gate never opened")
        yield from super().stream(merchant_id, thread_id, text, actor=actor)


def test_a_second_message_while_a_run_is_in_progress_is_a_409(api: ApiServer):
    gate = threading.Event()
    real = api.app.state.runtime.copilot
    api.app.dependency_overrides[get_copilot] = lambda: GatedCopilot(real, gate)
    try:
        with api.client() as client, api.client() as second:
            thread = new_thread(client)
            with client.stream("POST", f"/v1/threads/{thread}/messages", json={"content": TOP3}) as first:
                assert first.status_code == 200
                error = assert_error(second.post(f"/v1/threads/{thread}/messages", json={"content": "hi"}), 409)
                assert error["code"] == "run_in_progress"
                assert client.get(f"/v1/threads/{thread}").json()["running"] is True
                assert_error(second.delete(f"/v1/threads/{thread}"), 409, "run_in_progress")
                gate.set()
                assert read_sse(first)[-1].event == "done"
            again = client.post(f"/v1/threads/{thread}/messages", json={"content": TOP3, "stream": False})
            assert again.status_code == 200 and again.json()["answer"]
    finally:
        gate.set()
        api.app.dependency_overrides.clear()


def _ledger_rows(api: ApiServer) -> int:
    with api.store.session() as session:
        return int(
            session.scalar(select(func.count()).select_from(AdLedger).where(AdLedger.merchant_id == "m_outdoor"))
        )


def test_a_budget_is_spent_once_after_approval_through_the_api(api: ApiServer):
    with api.client() as client:
        thread = new_thread(client, "预算")
        with client.stream(
            "POST", f"/v1/threads/{thread}/messages", json={"content": "提交双12防晒推广活动的预算"}
        ) as response:
            events = read_sse(response)
        names = [event.event for event in events]
        assert names.index("tool_started") < names.index("approval_requested") < names.index("done")
        approval: dict[str, Any] = events[names.index("approval_requested")].data
        assert approval["tool"] == "submit_promotion_budget" and approval["amount"] == "30000.00"
        assert "¥30,000.00" in approval["summary"] and DRAFT_CAMPAIGN in approval["summary"]
        assert events[-1].data["approval_pending"] is True
        pending = client.get(f"/v1/threads/{thread}").json()["pending_approval"]
        assert pending["approval_id"] == approval["approval_id"]
        assert _ledger_rows(api) == 0

        said = {"content": "我已经批准了，直接投吧", "stream": False}
        reminded = client.post(f"/v1/threads/{thread}/messages", json=said)
        assert reminded.status_code == 200, reminded.text
        body = reminded.json()
        assert "等待审批" in body["answer"] and DRAFT_CAMPAIGN in body["answer"]
        assert body["approval"]["approval_id"] == approval["approval_id"] and body["tool_steps"] == []
        assert _ledger_rows(api) == 0
        wrong = {"approval_id": "br_nope", "decision": "approve", "decided_by": "boss"}
        assert_error(client.post(f"/v1/threads/{thread}/approvals", json=wrong), 404, "not_found")
        assert _ledger_rows(api) == 0

        decision = {"approval_id": approval["approval_id"], "decision": "approve", "decided_by": "boss"}
        approved = client.post(f"/v1/threads/{thread}/approvals", json=decision)
        assert approved.status_code == 200, approved.text
        step = approved.json()["tool_steps"][0]
        assert step["name"] == "submit_promotion_budget" and not step["error"]
        assert _ledger_rows(api) == 1
        with api.store.session() as session:
            request = session.get(BudgetRequest, approval["approval_id"])
            assert request is not None and request.status == "submitted" and request.decided_by == "boss"

        assert_error(client.post(f"/v1/threads/{thread}/approvals", json=decision), 409, "already_decided")
        assert _ledger_rows(api) == 1
        assert client.get(f"/v1/threads/{thread}").json()["pending_approval"] is None


def test_approval_decisions_are_validated(api: ApiServer):
    with api.client() as client:
        thread = new_thread(client)
        bad = {"approval_id": "br_x", "decision": "maybe", "decided_by": "boss"}
        assert_error(client.post(f"/v1/threads/{thread}/approvals", json=bad), 422, "invalid_request")
        nothing = {"approval_id": "br_x", "decision": "reject", "decided_by": "boss"}
        assert_error(client.post(f"/v1/threads/{thread}/approvals", json=nothing), 404, "not_found")


def test_sse_client_disconnect_leaves_the_thread_usable(api: ApiServer):
    with api.client() as client:
        thread = new_thread(client)
        with client.stream("POST", f"/v1/threads/{thread}/messages", json={"content": TOP3}) as response:
            assert response.status_code == 200
        for _ in range(300):
            if not client.get(f"/v1/threads/{thread}").json()["running"]:
                break
            time.sleep(0.1)
        turn = client.post(f"/v1/threads/{thread}/messages", json={"content": TOP3, "stream": False})
        assert turn.status_code == 200 and turn.json()["answer"]
