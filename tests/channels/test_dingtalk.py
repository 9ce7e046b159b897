"""The DingTalk bot through real HTTP: sign and window, msgId replays, the sessionWebhook host; approvals in Stream
mode (the HTTP callback cannot approve: tests/hostile/test_channel_forgery.py)."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import func, select

from copilot.channels.common import STILL_PENDING
from copilot.channels.dingtalk import DingTalkBot, stream_handler
from copilot.messaging.config import channels_of
from copilot.service import Copilot, open_copilot
from copilot.store.models import AdLedger, BudgetRequest
from tests.case_counts import CaseCount
from tests.channels.conftest import (
    DT_STRANGER,
    ChannelsServer,
    FakeApi,
    dingtalk_headers,
    failed_turns,
    hooked,
    message,
    post,
    turns_failing_with,
)
from tests.helpers import add_draft_campaign, impatient_copilot


def test_only_signed_fresh_unreplayed_messages_are_answered(server: ChannelsServer, fake_api: FakeApi):
    webhook = f"{fake_api.base_url}/robot/sendBySession/s1"
    body = message("msg_1", "上个月的GMV是多少？", webhook)
    assert post(server, body, dingtalk_headers(secret="wrong")).status_code == 401
    stale = dingtalk_headers(timestamp_ms=int(time.time() * 1000) - 2 * 3600 * 1000)
    assert post(server, body, stale).status_code == 401
    assert post(server, body, {}).status_code == 401
    assert post(server, {**body, "robotCode": "someone_else"}, dingtalk_headers()).status_code == 401

    assert post(server, body, dingtalk_headers()).status_code == 200
    assert post(server, body, dingtalk_headers()).status_code == 200  # the same msgId replayed with a fresh sign
    [reply] = fake_api.wait_for(lambda c: c in hooked(fake_api, "s1"))
    assert reply.json()["msgtype"] == "markdown" and "GMV" in reply.json()["markdown"]["text"]
    time.sleep(1.0)
    assert len(hooked(fake_api, "s1")) == 1


def test_a_foreign_session_webhook_is_refused(server: ChannelsServer, fake_api: FakeApi, evil_api: FakeApi):
    for webhook in (
        f"{evil_api.base_url}/robot/sendBySession/x",
        "https://evil.example/robot/send",
        "file:///etc/passwd",
    ):
        response = post(server, message(f"msg_evil_{len(webhook)}", "GMV?", webhook), dingtalk_headers())
        assert response.status_code == 400 and response.json()["error"]["code"] == "bad_request"
    time.sleep(0.5)
    assert evil_api.calls == []


class Callback:
    def __init__(self, data: dict) -> None:
        self.data = data


@contextmanager
def stream_handler_of(server: ChannelsServer, copilot: Copilot | None = None) -> Iterator[Any]:
    """The Stream-mode handler of the server's DingTalk robot, on `copilot` (default: one on the server's settings)."""
    channels = channels_of(server.settings)
    assert channels.dingtalk is not None
    with ExitStack() as stack:
        bot_copilot = copilot or stack.enter_context(open_copilot(server.settings, memory=False))
        yield stream_handler(DingTalkBot(bot_copilot, channels, channels.dingtalk))


def test_action_card_approval_enforces_approvers_and_decides_once(server: ChannelsServer, fake_api: FakeApi):
    """In Stream mode (DingTalk vouches for the sender) the card's buttons approve; approvers only, once."""
    webhook = f"{fake_api.base_url}/robot/sendBySession/s2"

    def submitted() -> int:
        with server.store.session() as session:
            return session.scalar(
                select(func.count())
                .select_from(BudgetRequest)
                .where(BudgetRequest.campaign_id == "c_dingtalk_draft", BudgetRequest.status == "submitted")
            )

    def replied(text: str) -> None:
        fake_api.wait_for(lambda c: c in hooked(fake_api, "s2") and text in json.dumps(c.json(), ensure_ascii=False))

    with stream_handler_of(server) as handler:
        assert handler.process(Callback(message("msg_budget", "提交双12推广方案的预算", webhook)))[1] == "ok"
        [card] = fake_api.wait_for(lambda c: c in hooked(fake_api, "s2") and c.json()["msgtype"] == "actionCard")
        buttons = card.json()["actionCard"]["btns"]
        approve_command = unquote(buttons[0]["actionURL"].split("content=", 1)[1])
        assert buttons[0]["actionURL"].startswith("dtmd://dingtalkclient/sendMessage?content=")
        assert approve_command.startswith("同意 ") and unquote(buttons[1]["actionURL"]).endswith(approve_command[3:])

        handler.process(Callback(message("msg_click_1", approve_command, webhook, sender=DT_STRANGER)))
        replied("approver")
        assert submitted() == 0
        handler.process(Callback(message("msg_click_2", approve_command, webhook)))
        replied("预算已提交")
        assert submitted() == 1
        handler.process(Callback(message("msg_click_3", approve_command, webhook)))
        replied("Already decided")
        assert submitted() == 1


def test_stream_mode_handler_answers_through_the_same_checks(
    server: ChannelsServer, fake_api: FakeApi, evil_api: FakeApi
):
    import dingtalk_stream

    with stream_handler_of(server) as handler:
        assert isinstance(handler, dingtalk_stream.ChatbotHandler)
        webhook = f"{fake_api.base_url}/robot/sendBySession/s3"
        code, status = handler.process(Callback(message("msg_stream", "上个月的GMV是多少？", webhook)))
        assert code == dingtalk_stream.AckMessage.STATUS_OK and status == "ok"
        [reply] = hooked(fake_api, "s3")
        assert "GMV" in reply.json()["markdown"]["text"]
        assert handler.process(Callback(message("msg_stream", "again", webhook)))[1] == "ignored"
        foreign = message("msg_stream_evil", "GMV?", f"{evil_api.base_url}/robot/sendBySession/x")
        assert handler.process(Callback(foreign))[1] == "refused"
    assert evil_api.calls == []


def test_a_failed_turn_is_one_plain_notice_naming_a_database_fault(
    server: ChannelsServer, fake_api: FakeApi, tmp_path: Path
):
    for name, error, expected in failed_turns(tmp_path):
        with turns_failing_with(server, error):
            body = message(f"msg_{name}", "上个月的GMV是多少？", f"{fake_api.base_url}/robot/sendBySession/s_{name}")
            assert post(server, body, dingtalk_headers()).status_code == 200
            [reply] = fake_api.wait_for(lambda c, name=name: c in hooked(fake_api, f"s_{name}"))
        text = reply.json()["markdown"]["text"]
        assert expected in text and "Traceback" not in text and "OperationalError" not in text


def test_a_database_fault_during_a_decision_leaves_the_code_usable(
    server: ChannelsServer, fake_api: FakeApi, tmp_path: Path, case_count: CaseCount
):
    """A real lock on the checkpoint file while the approver replies with the code: the notice says to decide
    again, the code is not used up, and the reply after the lock is gone finishes the thread with the
    submission already made, spending exactly once."""
    add_draft_campaign(
        server.store,
        "c_dingtalk_fault",
        "m_baby",
        name="年货节推广",
        start_date=date(2027, 1, 10),  # days no other test's budget holds (the store's daily cap)
        end_date=date(2027, 1, 21),
        created_at=datetime(2026, 11, 25, tzinfo=UTC),
    )
    webhook = f"{fake_api.base_url}/robot/sendBySession/s_fault"

    def replies() -> list[str]:
        return [c.json().get("markdown", {}).get("text", "") for c in hooked(fake_api, "s_fault")]

    with (
        impatient_copilot(server.store, tmp_path, server.settings) as (copilot, path),
        stream_handler_of(server, copilot) as handler,
    ):
        assert handler.process(Callback(message("msg_fault_budget", "提交年货节推广方案的预算", webhook)))[1] == "ok"
        [card] = fake_api.wait_for(lambda c: c in hooked(fake_api, "s_fault") and c.json()["msgtype"] == "actionCard")
        approve_command = unquote(card.json()["actionCard"]["btns"][0]["actionURL"].split("content=", 1)[1])
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            handler.process(Callback(message("msg_fault_1", approve_command, webhook)))
            fake_api.wait_for(
                lambda c: c in hooked(fake_api, "s_fault") and STILL_PENDING in json.dumps(c.json(), ensure_ascii=False)
            )
        finally:
            holder.close()
        case_count("SQLite lock", suite="faults")

        handler.process(Callback(message("msg_fault_2", approve_command, webhook)))
        fake_api.wait_for(
            lambda c: c in hooked(fake_api, "s_fault") and "没有重复扣款" in json.dumps(c.json(), ensure_ascii=False)
        )
    assert not any("Already decided" in text for text in replies())
    assert any("submitted" in text and "没有重复扣款" in text for text in replies())
    with server.store.session() as session:
        statuses = session.scalars(select(BudgetRequest.status).where(BudgetRequest.campaign_id == "c_dingtalk_fault"))
        assert list(statuses) == ["submitted"]
        spent = select(func.count()).select_from(AdLedger).where(AdLedger.campaign_id == "c_dingtalk_fault")
        assert session.scalar(spent) == 1
