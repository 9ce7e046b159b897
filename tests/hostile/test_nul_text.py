"""The NUL character (U+0000), which PostgreSQL refuses in text, sent through every face on SQLite and PostgreSQL.

API request text (a thread title, a message, an approval's `decided_by`/`reason`/`approval_id`, an
OpenAI-compatible message) and every path parameter that reaches a query (ingest job ids, document titles,
creative ids, thread ids) is refused with a 422 in the one error shape and leaves nothing half-done: after a
refused decision a clean one still lands. Slack and DingTalk texts and ids, and imported export rows, are cleaned
and go through. Each test runs on both databases (the PostgreSQL case is marked `postgres`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from copilot.app import create_app
from copilot.clock import DEMO_TODAY, demo_clock
from copilot.config import Settings
from copilot.importers import import_files
from copilot.store import Store
from copilot.store.models import AdLedger, BudgetRequest, Order, Product
from copilot.web.keys import create_key
from tests.case_counts import CaseCount
from tests.channels.conftest import (  # noqa: F401  (fake_api: the fake Slack/DingTalk server fixture)
    APPROVER,
    CHANNEL,
    ROBOT,
    TEAM,
    FakeApi,
    Recorded,
    channels_document,
    dingtalk_headers,
    fake_api,
    slack_headers,
)
from tests.helpers import add_draft_campaign, serve
from tests.importers.exports import Line, ShopOrder, write_shopify_orders

MERCHANT = "m_outdoor"
DRAFT = "c_nul_draft"
ASK_BUDGET = "提交双12防晒推广活动的预算"  # the draft's name (tests/helpers.py add_draft_campaign)
NUL = "\x00"
DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=DATABASES)
def store_url(request: pytest.FixtureRequest, demo_template: Path, tmp_path: Path) -> str:
    """A private copy of the demo store, with a draft campaign, on each database."""
    if request.param == "postgres":
        url: str = request.getfixturevalue("pg_demo_copy_url")
    else:
        shutil.copyfile(demo_template, tmp_path / "store.db")
        url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store.open(url, migrate=False)
    add_draft_campaign(store, DRAFT, MERCHANT)
    store.close()
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url, migrate=False)
    yield opened
    opened.close()


def _settings(store_url: str, tmp_path: Path, **more: object) -> Settings:
    return Settings(data_dir=tmp_path / "data", db_url=store_url, model="offline", today=DEMO_TODAY, **more)  # type: ignore[arg-type]


def _refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and field in error["message"] and "NUL" in error["message"], error


def _spent(store: Store) -> tuple[list[tuple[str, str | None]], int]:
    """The merchant's budget requests (status, decided by) and its ledger rows."""
    with store.session() as session:
        requests = session.execute(
            select(BudgetRequest.status, BudgetRequest.decided_by).where(BudgetRequest.merchant_id == MERCHANT)
        )
        ledger = session.scalar(select(func.count()).select_from(AdLedger).where(AdLedger.merchant_id == MERCHANT))
        return [(status, decided_by) for status, decided_by in requests], int(ledger or 0)


def test_nul_in_api_text_is_a_422_and_a_clean_decision_still_lands(
    store_url: str, store: Store, tmp_path: Path, case_count: CaseCount
):
    key = create_key(store, MERCHANT, "nul").key
    app = create_app(_settings(store_url, tmp_path))
    with TestClient(app, raise_server_exceptions=False, headers={"Authorization": f"Bearer {key}"}) as client:
        _refused(client.post("/v1/threads", json={"title": f"双12{NUL}推广"}), "title")
        thread = client.post("/v1/threads", json={"title": "预算"}).json()["id"]
        _refused(client.post(f"/v1/threads/{thread}/messages", json={"content": f"上个月GMV{NUL}是多少？"}), "content")
        for body in (
            {"messages": [{"role": "user", "content": f"上个月GMV{NUL}是多少？"}]},
            {"messages": [{"role": "user", "content": [{"type": "text", "text": f"GMV{NUL}"}]}]},
        ):
            _refused(client.post("/v1/chat/completions", json=body), "content")
        case_count("NUL text", 4)

        turn = client.post(f"/v1/threads/{thread}/messages", json={"content": ASK_BUDGET, "stream": False})
        assert turn.status_code == 200, turn.text
        approval_id = turn.json()["approval"]["approval_id"]
        decision = {"approval_id": approval_id, "decision": "approve", "decided_by": "boss"}
        for field, value in (("decided_by", f"bo{NUL}ss"), ("reason", f"ok{NUL}"), ("approval_id", f"{NUL}x")):
            _refused(client.post(f"/v1/threads/{thread}/approvals", json={**decision, field: value}), field)
            case_count("NUL text")
        assert _spent(store) == ([("pending_approval", None)], 0)
        detail = client.get(f"/v1/threads/{thread}").json()
        assert detail["pending_approval"]["approval_id"] == approval_id and detail["running"] is False

        landed = client.post(f"/v1/threads/{thread}/approvals", json=decision)
        assert landed.status_code == 200, landed.text
        assert _spent(store) == ([("submitted", "boss")], 1)
        question = {"content": "上个月GMV是多少？", "stream": False}
        follow_up = client.post(f"/v1/threads/{thread}/messages", json=question)
        assert follow_up.status_code == 200 and follow_up.json()["answer"]


PATHS_WITH_NUL = [
    ("GET", "/v1/documents/jobs/ij_%00x"),
    ("DELETE", "/v1/documents/%E9%80%80%00"),
    ("GET", "/v1/creatives/cr_%00x"),
    ("GET", "/v1/files/charts/%00.png"),
    ("GET", "/v1/imports/reports/import-m_outdoor-%00-rejected.csv"),
    ("GET", "/v1/threads/th_%00x"),
]


def test_nul_in_a_path_is_a_404_or_422_never_a_500(store_url: str, store: Store, tmp_path: Path, case_count: CaseCount):
    key = create_key(store, MERCHANT, "nul").key
    app = create_app(_settings(store_url, tmp_path))
    with TestClient(app, raise_server_exceptions=False, headers={"Authorization": f"Bearer {key}"}) as client:
        for method, path in PATHS_WITH_NUL:
            response = client.request(method, path)
            case_count("NUL path")
            assert response.status_code in (404, 422), (path, response.status_code, response.text)
            assert response.json()["error"]["code"] in ("not_found", "invalid_request"), response.text


@pytest.fixture
def channels_server(store_url: str, tmp_path: Path, fake_api: FakeApi) -> Iterator[str]:  # noqa: F811
    """The app with Slack and DingTalk configured (fake APIs on loopback), on `store_url`; its base URL."""
    channels_file = tmp_path / "channels.yaml"
    document = channels_document(fake_api)
    channels_file.write_text(yaml.safe_dump(document), encoding="utf-8")
    served = serve(create_app(_settings(store_url, tmp_path, channels_file=channels_file)))
    document["public_base_url"] = served.base_url
    channels_file.write_text(yaml.safe_dump(document), encoding="utf-8")
    yield served.base_url
    served.stop()


def test_nul_in_slack_and_dingtalk_texts_and_ids_is_cleaned(
    channels_server: str,
    store: Store,
    fake_api: FakeApi,  # noqa: F811
    case_count: CaseCount,
):
    thread_ts = f"1700009{len(fake_api.calls)}.000100"
    event = {
        "type": "event_callback",
        "team_id": TEAM,
        "event_id": f"Ev_{NUL}nul_{thread_ts}",
        "event": {
            "type": "app_mention",
            "user": f"U0ASK{NUL}ER",
            "text": f"<@U0BOT> {ASK_BUDGET[:2]}{NUL}{ASK_BUDGET[2:]}",
            "ts": thread_ts,
            "channel": f"C0OUT{NUL}DOOR",
        },
    }
    body = json.dumps(event).encode()
    with httpx.Client(base_url=channels_server, timeout=30.0) as client:
        response = client.post("/channels/slack/events", content=body, headers=slack_headers(body))
        assert response.status_code == 200, response.text
        case_count("NUL text")
        [card] = fake_api.wait_for(lambda c: _reply_in(c, thread_ts) and "blocks" in c.json())
        assert card.json()["channel"] == CHANNEL
        token = card.json()["blocks"][1]["elements"][0]["value"]
        click = {
            "type": "block_actions",
            "team": {"id": TEAM},
            "user": {"id": f"{APPROVER[:3]}{NUL}{APPROVER[3:]}"},
            "channel": {"id": CHANNEL},
            "message": {"ts": "x", "thread_ts": thread_ts},
            "actions": [{"action_id": "approve", "value": f"{token[:4]}{NUL}{token[4:]}"}],
        }
        form = urlencode({"payload": json.dumps(click)}).encode()
        headers = {**slack_headers(form), "Content-Type": "application/x-www-form-urlencoded"}
        assert client.post("/channels/slack/interactions", content=form, headers=headers).status_code == 200
        case_count("NUL text")
        fake_api.wait_for(lambda c: _reply_in(c, thread_ts) and "预算已提交" in c.json()["text"])
        assert _spent(store) == ([("submitted", f"slack:{APPROVER}")], 1)

        session = f"nul{len(fake_api.calls)}"
        message = {
            "msgId": f"msg_{NUL}{session}",
            "msgtype": "text",
            "text": {"content": f"上个月的{NUL}GMV是多少？"},
            "robotCode": ROBOT,
            "conversationId": f"cid_{NUL}baby",
            "senderStaffId": f"staff_{NUL}boss",
            "sessionWebhook": f"{fake_api.base_url}/robot/sendBySession/{session}",
        }
        response = client.post("/channels/dingtalk/callback", content=json.dumps(message), headers=dingtalk_headers())
        assert response.status_code == 200, response.text
        case_count("NUL text")
        [reply] = fake_api.wait_for(lambda c: c.path == f"/robot/sendBySession/{session}")
        assert "GMV" in reply.json()["markdown"]["text"]


def _reply_in(call: Recorded, thread_ts: str) -> bool:
    return call.path.endswith("chat.postMessage") and call.json().get("thread_ts") == thread_ts


@pytest.fixture(params=DATABASES)
def empty_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgres":
        yield request.getfixturevalue("pg_empty_url")
        return
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    Store.open(url).close()
    yield url


def test_nul_in_an_imported_export_is_cleaned_and_the_rows_imported(
    empty_store_url: str, tmp_path: Path, case_count: CaseCount
):
    orders = [
        ShopOrder(f"#20{NUL}01", "2026-02-20 10:00:00 -0500", "paid", "149.90",
                  [Line(f"SHELL{NUL}-M", f"Trail Shell{NUL} Jacket - M", 1, "149.90")], email="a@example.com"),
        ShopOrder("#2002", "2026-02-21 10:00:00 -0500", "paid", "20.00",
                  [Line("POLE-1", "Carbon Trekking Pole", 1, "20.00")], email=f"b{NUL}@example.com"),
    ]  # fmt: skip
    path = write_shopify_orders(tmp_path / "orders.csv", orders)
    assert NUL.encode() in path.read_bytes()
    store = Store.open(empty_store_url, migrate=False)
    try:
        report = import_files(
            store, [path], merchant_id="m_shop", secret="s", report_dir=tmp_path / "reports", clock=demo_clock()
        )
        case_count("NUL text")
        assert report.counts["orders"].imported == 2 and report.counts["orders"].rejected == 0
        with store.session() as session:
            titles = set(session.scalars(select(Product.title).where(Product.merchant_id == "m_shop")))
            order_ids = set(session.scalars(select(Order.id).where(Order.merchant_id == "m_shop")))
    finally:
        store.close()
    assert titles == {"Trail Shell Jacket - M", "Carbon Trekking Pole"}
    assert order_ids == {"m_shop:#2001", "m_shop:#2002"}
