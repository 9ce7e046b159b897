"""Forged and malformed channel callbacks: a captured DingTalk sign replayed with a forged body, an approval typed
over the DingTalk HTTP callback, and deeply nested JSON to the DingTalk and Slack routes (signed and unsigned)."""

from __future__ import annotations

import logging
from urllib.parse import quote, unquote

import pytest
from sqlalchemy import func, select

from copilot.channels.dingtalk import HTTP_APPROVAL_REFUSED
from copilot.store.models import AdLedger, BudgetRequest
from tests.api.conftest import assert_error
from tests.case_counts import CaseCount
from tests.channels.conftest import (  # noqa: F401  (server, fake_api: the fixtures)
    DT_STRANGER,
    ChannelsServer,
    FakeApi,
    Recorded,
    dingtalk_headers,
    fake_api,
    hooked,
    message,
    post,
    server,
    slack_headers,
)

NESTED = b"[" * 200_000
ASK_BUDGET = "提交双12推广活动的预算"  # the m_baby draft's name (tests/channels/conftest.py)


def _text(call: Recorded) -> str:
    """The text of a message posted to DingTalk (Markdown or ActionCard)."""
    body = call.json()
    return str(body.get("markdown", body.get("actionCard", {})).get("text", ""))


def _budgets(channels_server: ChannelsServer, campaign_id: str) -> tuple[list[str], int]:
    """The statuses of the campaign's budget requests and how many ledger rows (spends) it has."""
    with channels_server.store.session() as session:
        statuses = session.scalars(select(BudgetRequest.status).where(BudgetRequest.campaign_id == campaign_id))
        spends = select(func.count()).select_from(AdLedger).where(AdLedger.campaign_id == campaign_id)
        return list(statuses), session.scalar(spends) or 0


def test_a_captured_dingtalk_sign_is_accepted_once(
    server: ChannelsServer,  # noqa: F811
    fake_api: FakeApi,  # noqa: F811
    case_count: CaseCount,
):
    """The sign covers only the timestamp: a (timestamp, sign) pair seen once is refused with any other body."""
    webhook = f"{fake_api.base_url}/robot/sendBySession/s_replay"
    captured = dingtalk_headers()
    first = message("msg_replay_1", "上个月的GMV是多少？", webhook, conversation="cid_replay")
    assert post(server, first, captured).status_code == 200
    fake_api.wait_for(lambda c: c in hooked(fake_api, "s_replay"))
    for forged in (
        message("msg_replay_2", "提交预算", webhook, conversation="cid_replay"),
        message("msg_replay_3", "上个月的GMV是多少？", webhook, sender=DT_STRANGER, conversation="cid_replay"),
    ):
        assert_error(post(server, forged, captured), 401, "invalid_signature")
        case_count("replayed DingTalk sign")
    fresh = message("msg_replay_4", "GMV?", webhook, conversation="cid_replay")
    assert post(server, fresh, dingtalk_headers()).status_code == 200
    fake_api.wait_for(lambda c: c in hooked(fake_api, "s_replay"), count=2)
    assert not any("审批" in _text(call) for call in hooked(fake_api, "s_replay"))


def test_spending_cannot_be_approved_by_a_message_over_the_dingtalk_http_callback(
    server: ChannelsServer,  # noqa: F811
    fake_api: FakeApi,  # noqa: F811
    case_count: CaseCount,
):
    """Over HTTP nothing proves who sent a body: the card offers Reject only, "同意 <code>" from the approver's staff id
    (freshly signed, as an attacker holding an unused sign would send it) is refused and spends nothing, and the
    card can still be rejected."""
    webhook = f"{fake_api.base_url}/robot/sendBySession/s_forge"
    ask = message("msg_forge_budget", ASK_BUDGET, webhook)
    assert post(server, ask, dingtalk_headers()).status_code == 200
    [card] = fake_api.wait_for(lambda c: c in hooked(fake_api, "s_forge") and c.json()["msgtype"] == "actionCard")
    buttons = card.json()["actionCard"]["btns"]
    assert [unquote(b["actionURL"].split("content=", 1)[1]).split()[0] for b in buttons] == ["拒绝"]
    code = unquote(buttons[0]["actionURL"]).split()[-1]

    for n, command in enumerate((f"同意 {code}", f"approve {code.lower()}"), start=1):
        assert post(server, message(f"msg_forge_{n}", command, webhook), dingtalk_headers()).status_code == 200
        fake_api.wait_for(lambda c: c in hooked(fake_api, "s_forge") and HTTP_APPROVAL_REFUSED in _text(c), count=n)
        case_count("forged DingTalk approval")
    assert _budgets(server, "c_dingtalk_draft") == (["pending_approval"], 0)

    assert post(server, message("msg_forge_reject", f"拒绝 {code}", webhook), dingtalk_headers()).status_code == 200
    fake_api.wait_for(lambda c: c in hooked(fake_api, "s_forge") and "已拒绝" in _text(c))
    assert _budgets(server, "c_dingtalk_draft") == (["rejected"], 0)


def _no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    logged = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert logged == [], [r.getMessage() for r in logged]


def test_deeply_nested_channel_bodies_are_a_4xx_without_a_traceback(
    server: ChannelsServer,  # noqa: F811
    case_count: CaseCount,
    caplog: pytest.LogCaptureFixture,
):
    """`[` x 200,000: unsigned it never reaches the parser (401); signed it is a 400; never a 500 or a traceback."""
    json_type = {"content-type": "application/json"}
    form_type = {"content-type": "application/x-www-form-urlencoded"}
    interaction = b"payload=" + quote(NESTED).encode()
    odd_shapes = (
        b"payload="
        + quote(
            '{"type": "block_actions", "actions": [{"action_id": "approve", "value": "x"}], '
            '"user": "U1", "team": ["T1"], "channel": 7, "message": "m"}'
        ).encode()
    )
    cases = [
        ("/channels/dingtalk/callback", NESTED, json_type, 401),
        ("/channels/dingtalk/callback", NESTED, dingtalk_headers(), 400),
        ("/channels/dingtalk/callback", b"[" * 2_000_000, dingtalk_headers(), 413),
        ("/channels/slack/events", NESTED, json_type, 401),
        ("/channels/slack/events", NESTED, {**json_type, **slack_headers(NESTED)}, 400),
        ("/channels/slack/interactions", interaction, {**form_type, **slack_headers(interaction)}, 400),
    ]
    with server.client() as client:  # members of the wrong type: an unknown card, not a 500
        answered = client.post(
            "/channels/slack/interactions", content=odd_shapes, headers={**form_type, **slack_headers(odd_shapes)}
        )
        assert answered.status_code == 200, answered.text
        case_count("nested channel body")
    with server.client() as client:
        for path, body, headers, status in cases:
            assert_error(client.post(path, content=body, headers=headers), status)
            case_count("nested channel body")
    _no_traceback(caplog)
