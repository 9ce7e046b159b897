"""The Slack bot through real HTTP: signatures, retries, replies in the thread, escaping, approval buttons."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from copilot.budget.approval import SubmitPromotionBudget
from copilot.channels.approvals import find_card
from copilot.channels.common import STILL_PENDING
from copilot.channels.slack import escape, incoming_message
from copilot.service import TurnResult
from copilot.store.models import AdLedger, BudgetRequest
from copilot.web.deps import get_copilot
from tests.case_counts import CaseCount
from tests.channels.conftest import (
    APPROVER,
    CHANNEL,
    STRANGER,
    TEAM,
    ChannelsServer,
    FakeApi,
    Recorded,
    failed_turns,
    slack_headers,
    turns_failing_with,
)
from tests.helpers import add_draft_campaign, impatient_copilot


def event_body(event_id: str, ts: str, text: str, channel: str = CHANNEL) -> bytes:
    payload = {
        "type": "event_callback",
        "team_id": TEAM,
        "event_id": event_id,
        "event": {"type": "app_mention", "user": "U0ASKER", "text": f"<@U0BOT> {text}", "ts": ts, "channel": channel},
    }
    return json.dumps(payload, ensure_ascii=False).encode()


def post_event(server: ChannelsServer, body: bytes, headers: dict[str, str]) -> Any:
    with server.client() as client:
        return client.post(
            "/channels/slack/events", content=body, headers={**headers, "Content-Type": "application/json"}
        )


def replies_in(fake: FakeApi, thread_ts: str) -> list[Recorded]:
    return [c for c in fake.named("chat.postMessage") if c.json().get("thread_ts") == thread_ts]


def budget_requests(server: ChannelsServer, campaign_id: str) -> dict[str, int]:
    """How many budget requests of the campaign are in each status."""
    with server.store.session() as session:
        rows = session.execute(
            select(BudgetRequest.status, func.count())
            .where(BudgetRequest.campaign_id == campaign_id)
            .group_by(BudgetRequest.status)
        )
        return {status: n for status, n in rows}


def click(server: ChannelsServer, user: str, action: str, token: str, thread_ts: str) -> Any:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user},
        "channel": {"id": CHANNEL},
        "message": {"ts": "x", "thread_ts": thread_ts},
        "actions": [{"action_id": action, "value": token}],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    with server.client() as client:
        return client.post(
            "/channels/slack/interactions",
            content=body,
            headers={**slack_headers(body), "Content-Type": "application/x-www-form-urlencoded"},
        )


def test_url_verification_answers_the_challenge_only_when_signed(server: ChannelsServer):
    body = json.dumps({"type": "url_verification", "challenge": "abc123"}).encode()
    response = post_event(server, body, slack_headers(body))
    assert response.status_code == 200 and response.json() == {"challenge": "abc123"}
    refused = post_event(server, body, slack_headers(body, secret="wrong"))
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "invalid_signature"


def test_only_valid_events_reach_the_agent_and_retries_are_dropped(server: ChannelsServer, fake_api: FakeApi):
    question = "上个月卖得最好的3个商品是什么？"
    wrong = event_body("Ev_wrong", "1700000001.000100", question)
    stale = event_body("Ev_stale", "1700000002.000100", question)
    valid = event_body("Ev_valid", "1700000003.000100", question)
    assert post_event(server, wrong, slack_headers(wrong, secret="not-the-secret")).status_code == 401
    assert post_event(server, stale, slack_headers(stale, timestamp=int(time.time()) - 600)).status_code == 401
    assert post_event(server, valid, {}).status_code == 401

    started = time.monotonic()
    response = post_event(server, valid, slack_headers(valid))
    assert response.status_code == 200 and time.monotonic() - started < 3.0
    retry = post_event(server, valid, {**slack_headers(valid), "X-Slack-Retry-Num": "1"})
    assert retry.status_code == 200

    [reply] = fake_api.wait_for(lambda c: c in replies_in(fake_api, "1700000003.000100"))
    body = reply.json()
    assert body["channel"] == CHANNEL and "¥" in body["text"]
    assert reply.headers["authorization"] == "Bearer xoxb-test"
    time.sleep(1.0)
    assert len(replies_in(fake_api, "1700000003.000100")) == 1
    assert replies_in(fake_api, "1700000001.000100") == replies_in(fake_api, "1700000002.000100") == []


class ShoutingCopilot:
    """A copilot whose answer tries to ping everyone and forge a link."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def ask(self, merchant_id: str, thread_id: str, text: str, *, actor: str) -> TurnResult:
        return TurnResult(answer="<!channel> <@U0BOSS> see <https://evil.example|your bank> & more")


def test_model_text_cannot_ping_or_forge_links(server: ChannelsServer, fake_api: FakeApi):
    server.app.dependency_overrides[get_copilot] = lambda: ShoutingCopilot(server.store)
    try:
        body = event_body("Ev_shout", "1700000004.000100", "hello")
        assert post_event(server, body, slack_headers(body)).status_code == 200
        [reply] = fake_api.wait_for(lambda c: c in replies_in(fake_api, "1700000004.000100"))
    finally:
        server.app.dependency_overrides.clear()
    text = reply.json()["text"]
    assert "<" not in text and ">" not in text
    assert text == "&lt;!channel&gt; &lt;@U0BOSS&gt; see &lt;https://evil.example|your bank&gt; &amp; more"
    assert reply.json()["link_names"] is False


def test_approval_button_resumes_the_thread_once_and_only_for_approvers(server: ChannelsServer, fake_api: FakeApi):
    thread_ts = "1700000005.000100"
    body = event_body("Ev_budget", thread_ts, "提交双12推广方案的预算")
    assert post_event(server, body, slack_headers(body)).status_code == 200
    [card] = fake_api.wait_for(lambda c: c in replies_in(fake_api, thread_ts) and "blocks" in c.json())
    buttons = card.json()["blocks"][1]["elements"]
    token = buttons[0]["value"]
    assert [b["action_id"] for b in buttons] == ["approve", "reject"] and buttons[1]["value"] == token
    assert "30,000.00" in card.json()["blocks"][0]["text"]["text"]
    assert "c_slack_draft" not in token and len(token) >= 24

    def submitted() -> int:
        with server.store.session() as session:
            return session.scalar(
                select(func.count())
                .select_from(BudgetRequest)
                .where(BudgetRequest.campaign_id == "c_slack_draft", BudgetRequest.status == "submitted")
            )

    assert click(server, STRANGER, "approve", token, thread_ts).status_code == 200
    [notice] = fake_api.wait_for(lambda c: c.path.endswith("chat.postEphemeral") and c.json()["user"] == STRANGER)
    assert "approver" in notice.json()["text"]
    card_ts = posted_card_ts(server, token)

    def card_updates() -> list[Recorded]:
        return [c for c in fake_api.named("chat.update") if c.json()["ts"] == card_ts]

    assert submitted() == 0 and card_updates() == []

    assert click(server, APPROVER, "approve", token, thread_ts).status_code == 200
    [update] = fake_api.wait_for(lambda c: c.path.endswith("chat.update") and c.json()["ts"] == card_ts)
    assert update.json()["channel"] == CHANNEL and update.json()["ts"].endswith(".000100")
    assert all(block["type"] != "actions" for block in update.json()["blocks"])
    assert f"<@{APPROVER}>" in json.dumps(update.json()["blocks"])
    fake_api.wait_for(lambda c: c in replies_in(fake_api, thread_ts) and "预算已提交" in c.json()["text"])
    assert submitted() == 1

    assert click(server, APPROVER, "approve", token, thread_ts).status_code == 200
    fake_api.wait_for(
        lambda c: (
            c.path.endswith("chat.postEphemeral") and c.json()["user"] == APPROVER and "Already" in c.json()["text"]
        )
    )
    time.sleep(0.5)
    assert submitted() == 1 and len(card_updates()) == 1
    with server.store.session() as session:
        spent = select(func.count()).select_from(AdLedger).where(AdLedger.campaign_id == "c_slack_draft")
        assert session.scalar(spent) == 1


def test_unsigned_clicks_are_refused(server: ChannelsServer):
    body = urlencode({"payload": json.dumps({"type": "block_actions", "actions": []})}).encode()
    with server.client() as client:
        response = client.post(
            "/channels/slack/interactions",
            content=body,
            headers={**slack_headers(body, secret="wrong"), "Content-Type": "application/x-www-form-urlencoded"},
        )
    assert response.status_code == 401


def test_escape_and_incoming_message_rules():
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"
    base = {"type": "event_callback", "team_id": "T1", "event_id": "Ev1"}
    bot = {
        **base,
        "event": {"type": "app_mention", "bot_id": "B1", "user": "U1", "text": "hi", "ts": "1.0", "channel": "C1"},
    }
    assert incoming_message(bot) is None
    chatter = {
        **base,
        "event": {
            "type": "message",
            "channel_type": "channel",
            "user": "U1",
            "text": "x",
            "ts": "1.0",
            "channel": "C1",
        },
    }
    assert incoming_message(chatter) is None
    mention = {
        **base,
        "event": {
            "type": "app_mention",
            "user": "U1",
            "text": "<@U9> GMV &amp; AOV",
            "ts": "2.0",
            "thread_ts": "1.0",
            "channel": "C1",
        },
    }
    message = incoming_message(mention)
    assert message is not None and message.text == "GMV & AOV" and message.thread_id == "slack:T1:C1:1.0"


def test_a_failed_turn_is_one_plain_notice_naming_a_database_fault(
    server: ChannelsServer, fake_api: FakeApi, tmp_path: Path
):
    for n, (name, error, expected) in enumerate(failed_turns(tmp_path)):
        ts = f"170000010{n}.000100"
        with turns_failing_with(server, error):
            body = event_body(f"Ev_{name}", ts, "上个月的GMV是多少？")
            assert post_event(server, body, slack_headers(body)).status_code == 200
            [reply] = fake_api.wait_for(lambda c, ts=ts: c in replies_in(fake_api, ts))
        assert reply.json()["text"] == expected


def posted_card_ts(server: ChannelsServer, token: str, timeout: float = 60.0) -> str:
    """The card's message ts, once the channel has recorded it (it does so after Slack answers the post)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        posted = find_card(server.store, token, channel="slack")
        if posted is not None and "ts" in posted.message_refs:
            return str(posted.message_refs["ts"])
        time.sleep(0.05)
    raise AssertionError(f"the card {token} was never recorded with its message ts")


def test_a_database_fault_during_a_decision_gives_the_card_back(
    server: ChannelsServer, fake_api: FakeApi, tmp_path: Path, case_count: CaseCount
):
    """A real lock on the checkpoint file while the approver clicks: the budget goes to the ad platform but the
    thread cannot record the decision, so the card's buttons come back with the notice to decide again; the
    click after the lock is gone finishes the thread, reports the submission already made and spends nothing
    more."""
    add_draft_campaign(server.store, "c_slack_fault", name="年货节推广", created_at=datetime(2026, 11, 25, tzinfo=UTC))
    thread_ts = "1700000030.000100"
    with impatient_copilot(server.store, tmp_path, server.settings) as (copilot, path):
        server.app.dependency_overrides[get_copilot] = lambda: copilot
        try:
            body = event_body("Ev_budget_fault", thread_ts, "提交年货节推广方案的预算")
            assert post_event(server, body, slack_headers(body)).status_code == 200
            [card] = fake_api.wait_for(lambda c: c in replies_in(fake_api, thread_ts) and "blocks" in c.json())
            token = card.json()["blocks"][1]["elements"][0]["value"]
            card_ts = posted_card_ts(server, token)
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
            try:
                assert click(server, APPROVER, "approve", token, thread_ts).status_code == 200
                fake_api.wait_for(lambda c: c in replies_in(fake_api, thread_ts) and c.json()["text"] == STILL_PENDING)
            finally:
                holder.close()
            case_count("SQLite lock", suite="faults")
            restored = [c.json() for c in fake_api.named("chat.update") if c.json()["ts"] == card_ts]
            assert [block["type"] for block in restored[0]["blocks"]] == ["section", "context"]
            assert restored[-1]["blocks"] == card.json()["blocks"]
            assert sum(budget_requests(server, "c_slack_fault").values()) == 1

            assert click(server, APPROVER, "approve", token, thread_ts).status_code == 200
            [done] = fake_api.wait_for(
                lambda c: c in replies_in(fake_api, thread_ts) and "没有重复扣款" in c.json()["text"]
            )
            assert "submitted" in done.json()["text"]
        finally:
            server.app.dependency_overrides.clear()
    assert budget_requests(server, "c_slack_fault") == {"submitted": 1}
    with server.store.session() as session:
        spent = select(func.count()).select_from(AdLedger).where(AdLedger.campaign_id == "c_slack_fault")
        assert session.scalar(spent) == 1


def test_a_decision_stopped_by_an_error_gives_the_card_back_and_the_next_click_lands(
    server: ChannelsServer, fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch, case_count: CaseCount
):
    """Not a database fault but an error while carrying out the decision: the thread asks again (nothing of the
    decision kept), so the card must not stay claimed either; a later rejection is the decision that lands."""
    add_draft_campaign(
        server.store,
        "c_slack_error",
        name="开学季推广",
        start_date=date(2027, 2, 10),
        end_date=date(2027, 2, 20),
        created_at=datetime(2026, 11, 26, tzinfo=UTC),
    )
    thread_ts = "1700000040.000100"
    body = event_body("Ev_budget_error", thread_ts, "提交开学季推广方案的预算")
    assert post_event(server, body, slack_headers(body)).status_code == 200
    [card] = fake_api.wait_for(lambda c: c in replies_in(fake_api, thread_ts) and "blocks" in c.json())
    token = card.json()["blocks"][1]["elements"][0]["value"]

    def broken(*_: Any) -> Any:
        raise KeyError("a bug in carrying out the decision")

    monkeypatch.setattr(SubmitPromotionBudget, "execute", broken)
    assert click(server, APPROVER, "approve", token, thread_ts).status_code == 200
    fake_api.wait_for(lambda c: c in replies_in(fake_api, thread_ts) and c.json()["text"] == STILL_PENDING)
    case_count("decision error", suite="faults")
    assert budget_requests(server, "c_slack_error") == {"pending_approval": 1}

    monkeypatch.undo()
    assert click(server, APPROVER, "reject", token, thread_ts).status_code == 200
    fake_api.wait_for(lambda c: c in replies_in(fake_api, thread_ts) and "拒绝" in c.json().get("text", ""))
    assert budget_requests(server, "c_slack_error") == {"rejected": 1}
