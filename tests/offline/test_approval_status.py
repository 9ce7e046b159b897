"""Asking where a budget's approval stands never submits one; with nothing waiting, the answer says so."""

from __future__ import annotations

import pytest
from langchain_core.messages import BaseMessage, HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, draft_turn
from tests.offline.test_nlu import demo_catalogs


def _plan(text: str, earlier: list[BaseMessage] | None = None) -> tuple[list[str], str]:
    messages = [*(earlier or []), HumanMessage(text)]
    message = plan_next(messages, catalog=demo_catalogs()["m_baby"], today=DEMO_TODAY, tools=TOOLS)
    return [call["name"] for call in message.tool_calls], str(message.content)


STATUS = [
    "where's the approval on my bathtub budget at?",
    "has the stroller budget been approved yet?",
    "is my campaign still pending?",
    "approval status for the double 12 plan?",
    "推车的预算批了没",
    "审批进度怎么样了",
    "我那个推广方案审核通过了吗",
]


@pytest.mark.parametrize("text", STATUS)
def test_an_approval_status_question_submits_nothing_and_says_nothing_is_pending(text: str) -> None:
    tools, answer = _plan(text)
    assert tools == []
    assert "没有待审批" in answer or "Nothing is waiting for approval" in answer


@pytest.mark.parametrize("text", ["has the stroller budget been approved yet?", "预算批了没"])
def test_after_a_draft_a_status_question_still_submits_nothing(text: str) -> None:
    earlier = draft_turn("推车推广 预算2万 下周", {}, {"campaign_id": "cmp_1"})
    assert _plan(text, earlier)[0] == []


@pytest.mark.parametrize("text", ["submit the budget", "提交预算审批"])
def test_asking_to_submit_still_submits(text: str) -> None:
    earlier = draft_turn("推车推广 预算2万 下周", {}, {"campaign_id": "cmp_1"})
    assert _plan(text, earlier)[0] == ["submit_promotion_budget"]
