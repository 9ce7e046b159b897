"""A submission asked again says the budget still waits only while the conversation's latest submission has no
decision recorded: after one was rejected or approved, or when the merchant only asked whether one was submitted,
saying "it is waiting for approval" would contradict what the copilot said before."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS
from tests.offline.test_nlu import demo_catalogs

WAITING = "正在等待审批"


def _step(messages: list[BaseMessage]) -> AIMessage:
    return plan_next(messages, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)


def _submitted(outcome: dict[str, Any] | None) -> list[BaseMessage]:
    call = {"name": "submit_promotion_budget", "args": {"campaign_id": "cmp_1"}, "id": "s1", "type": "tool_call"}
    said: list[BaseMessage] = [HumanMessage("把 cmp_1 的预算提交上去"), AIMessage("", tool_calls=[call])]
    if outcome is not None:
        said += [ToolMessage("decided", tool_call_id="s1", name="submit_promotion_budget", artifact=outcome)]
    return [*said, AIMessage("…")]


def test_a_submission_with_no_decision_yet_still_waits() -> None:
    pending = {"status": "pending_approval", "decided_at": None}
    answer = _step([*_submitted(pending), HumanMessage("再提交一次吧，快一点")])
    assert not answer.tool_calls
    assert WAITING in str(answer.content)


def test_a_rejected_submission_waits_no_more() -> None:
    rejected = {"status": "rejected", "decided_at": "2026-11-20T09:00:00+00:00"}
    answer = _step([*_submitted(rejected), HumanMessage("那重新提交一次预算")])
    assert WAITING not in str(answer.content)


def test_asking_whether_it_went_up_is_no_submission_waiting() -> None:
    earlier: list[BaseMessage] = [HumanMessage("预算交上去了没"), AIMessage("现在没有等待审批的预算。")]
    answer = _step([*earlier, HumanMessage("那帮我把预算提交一下")])
    assert WAITING not in str(answer.content)


def test_a_budget_the_merchant_says_went_up_still_waits() -> None:
    earlier: list[BaseMessage] = [HumanMessage("预算前天晚上就报上去了，还没动静"), AIMessage("…")]
    answer = _step([*earlier, HumanMessage("我再提交一遍预算行不行")])
    assert not answer.tool_calls
    assert WAITING in str(answer.content)
