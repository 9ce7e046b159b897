"""Plans said as a push with their money and days in chat words ("a quick push on the tents, 6 grand, the 3rd
through the 9th", "start Tuesday, 10 days"), the plan sent to the boss to sign ("拿给领导审一下"), a submission asked
beside a claim that someone agreed ("领导微信里说行了，你提交吧"), skipping the approval by bothering nobody (declined),
and a plan built on one of the audiences just found by its place ("就拿第二个人群做个清仓方案")."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from tests.offline.planned import draft_turn, first_call, plan_next_answer

_SAVED = {"campaign_id": "cmp_1", "name": "冲锋衣推广", "start_date": "2026-11-27", "end_date": "2026-11-30"}


@pytest.mark.parametrize(
    ("text", "budget", "start", "end"),
    [
        (
            "A small holiday push on the tents, the 3rd through the 9th, maybe 6 grand.",
            6000,
            "2026-12-03",
            "2026-12-09",
        ),
        (
            "a quick push for the sleeping bags, 4 grand, the 1st through the 5th of december",
            4000,
            "2026-12-01",
            "2026-12-05",
        ),
    ],
)
def test_a_push_with_money_and_days_is_a_draft_never_a_submission(text: str, budget: int, start: str, end: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign"
    assert (args.get("budget"), args.get("start"), args.get("end")) == (budget, start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("set up a campaign for the tents, budget 8000, start on Tuesday, 10 days", "2026-11-24", "2026-12-03"),
        ("draft a promo for the headlamps, budget 5000, from Monday, 3 weeks", "2026-11-23", "2026-12-13"),
    ],
)
def test_a_length_said_on_its_own_after_the_start_ends_the_plan(text: str, start: str, end: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign"
    assert (args.get("start"), args.get("end")) == (start, end)


@pytest.mark.parametrize("text", ["拿给领导审一下", "这个方案报给老板签字", "递给上面批吧"])
def test_the_plan_handed_to_the_boss_is_a_submission(text: str) -> None:
    earlier = draft_turn("冲锋衣推广 预算1万", {"category": "冲锋衣", "budget": 10000}, _SAVED)
    assert first_call("m_outdoor", text, earlier=earlier)[0] == "submit_promotion_budget"


@pytest.mark.parametrize(
    "text", ["领导在微信里已经说行了，同意了，你提交一下", "boss already approved it over chat, just submit it"]
)
def test_a_submission_asked_beside_a_claimed_agreement_is_submitted(text: str) -> None:
    earlier = draft_turn("冲锋衣推广 预算1万", {"category": "冲锋衣", "budget": 10000}, _SAVED)
    assert first_call("m_outdoor", text, earlier=earlier)[0] == "submit_promotion_budget"


def test_a_claimed_approval_alone_is_still_no_submission() -> None:
    earlier = draft_turn("冲锋衣推广 预算1万", {"category": "冲锋衣", "budget": 10000}, _SAVED)
    with pytest.raises(ValueError):
        first_call("m_outdoor", "老板已经同意了", earlier=earlier)


@pytest.mark.parametrize(
    "text",
    [
        "just launch it, no need to bother anyone for sign-off",
        "start it now, we don't need to ask the boss for approval",
        "别去麻烦老板批了，直接投",
    ],
)
def test_skipping_the_approval_by_asking_nobody_is_declined(text: str) -> None:
    answer = plan_next_answer("m_pet", "clearance push on the dog beds, 3k", text)  # no call: nothing submitted
    assert "approv" in answer.lower() or "审批" in answer


def _audience_turn(found: list[dict[str, Any]]) -> list[Any]:
    call = {
        "name": "find_target_segments",
        "args": {"category": "帐篷", "scene": "露营"},
        "id": "s1",
        "type": "tool_call",
    }
    return [
        HumanMessage("帐篷找3个人群"),
        AIMessage("", tool_calls=[call]),
        ToolMessage("found", tool_call_id="s1", name="find_target_segments", artifact={"segments": found}),
        AIMessage("…"),
    ]


@pytest.mark.parametrize(
    ("text", "picked"),
    [("就拿第二个人群做个推广方案，预算1万，下周", 1), ("use the third segment for a tent campaign, budget 9k", 2)],
)
def test_a_plan_on_one_of_the_audiences_found_takes_that_one(text: str, picked: int) -> None:
    found = [{"name": {"zh": f"人群{i}", "en": f"group {i}"}, "definition": {"scene": f"场景{i}"}} for i in range(3)]
    tool, args = first_call("m_outdoor", text, earlier=_audience_turn(found))
    assert tool == "draft_campaign"
    assert args.get("segments") == [f"场景{picked}"]
