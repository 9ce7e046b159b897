"""A submission the merchant declines after a draft ("先别提交 放着吧", "hold off, don't submit it yet", "不报了，方案
重做，预算改成八千") is never a submission: the draft stays as it is, or the new plan is drafted."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, draft_turn, first_call
from tests.offline.test_nlu import demo_catalogs

_SAVED = {"campaign_id": "c_7", "budget_total": "20000.00", "start_date": "2026-11-23", "end_date": "2026-12-06"}
_PLAN = "给帐篷做个推广 预算2万 下周一开始跑两周"


@pytest.mark.parametrize(
    "text",
    [
        "先别提交 放着吧",
        "嗯 不提交了 以后再说",
        "好 暂时不提交",
        "ok leave it as it is for now, don't submit",
        "hmm, don't submit it yet",
        "nah, not submitting it for now",
        "hold off on submitting",
    ],
)
def test_a_declined_submission_calls_no_tool(text: str) -> None:
    messages = [*draft_turn(_PLAN, {"category": "帐篷"}, _SAVED), HumanMessage(text)]
    message = plan_next(messages, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls, (text, message.tool_calls)
    assert ("没有提交" in message.content) or ("not submitted" in message.content), message.content


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("不报了，这个方案不行，重新做个预算八千的", 8000),
        ("don't submit that one, redo it with a budget of 9k", 9000),
    ],
)
def test_a_declined_submission_with_a_new_plan_drafts_it(text: str, budget: int) -> None:
    tool, args = first_call("m_outdoor", text, earlier=draft_turn(_PLAN, {"category": "帐篷"}, _SAVED))
    assert tool == "draft_campaign" and args.get("budget") == budget, (tool, args)


@pytest.mark.parametrize("text", ["提交吧", "把这个方案提交了", "submit it", "好的，提交预算"])
def test_a_submission_said_plainly_is_still_one(text: str) -> None:
    tool, _ = first_call("m_outdoor", text, earlier=draft_turn(_PLAN, {"category": "帐篷"}, _SAVED))
    assert tool == "submit_promotion_budget"
