"""Amounts on the money path, through the graph as a face drives it: a number is never read from a token that counts
days, festivals or things ("一天", "双12", "3个渠道"), spending above the store's daily cap is declined and explained
(never drafted or submitted), and a sum to submit in a conversation with no draft asks which plan it is for: the
spending tool is not reached, no budget request is stored."""

from __future__ import annotations

import pytest

from copilot.offline.nlu import normalise
from copilot.offline.numbers import money_amounts
from copilot.service import Copilot
from tests.case_counts import CaseCount
from tests.hostile.conftest import budget_requests
from tests.offline.planned import draft_turn, first_call

SPENDING = "submit_promotion_budget"


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("submit 一天 5000 for 双12", []),
        ("预算 3天 搞定", []),
        ("投2个月，每月封顶8000", [8000]),
        ("budget 2 weeks of 4k each", [4000]),
        ("预算嗯……1.2万", [12000]),
    ],
)
def test_a_number_that_counts_days_is_never_an_amount(text: str, amounts: list[int], case_count: CaseCount) -> None:
    case_count("money request")
    assert money_amounts(normalise(text)) == amounts


@pytest.mark.parametrize(
    "text",
    [
        "双11 能不能突破日预算上限？一天直接 submit 8000",
        "let this one go over the daily cap, submit 9k a day",
        "can we exceed our daily limit just for black friday and spend 7000 a day?",
    ],
)
def test_spending_above_the_daily_cap_is_declined_and_explained(rig: Copilot, case_count: CaseCount, text: str) -> None:
    asked = rig.ask("m_baby", "cap", text)
    case_count("money request")
    assert SPENDING not in asked.tools_called and asked.approval is None and budget_requests(rig.store) == 0
    assert "draft_campaign" not in asked.tools_called
    assert "上限" in asked.answer or "cap" in asked.answer


@pytest.mark.parametrize("text", ["帮我 submit 一下这笔预算，五千块", "submit 12k for the ads", "提交预算，八千"])
def test_a_sum_to_submit_with_no_draft_asks_which_plan_and_reaches_no_spending_tool(
    rig: Copilot, case_count: CaseCount, text: str
) -> None:
    asked = rig.ask("m_pet", "nodraft", text)
    case_count("money request")
    assert asked.tools_called == [] and asked.approval is None and budget_requests(rig.store) == 0
    assert "哪个方案" in asked.answer or "Which plan" in asked.answer


def test_a_daily_sum_said_beside_a_submission_is_never_the_total() -> None:
    saved = {"campaign_id": "cmp_2", "budget": 9000, "product": "out_tarp", "start": "2026-11-23", "end": "2026-11-29"}
    earlier = draft_turn("天幕做个推广 预算9000 下周", {"product": "out_tarp", "budget": 9000}, saved)
    tool, args = first_call("m_outdoor", "提交吧，一天按1天算", earlier=earlier)
    assert tool == SPENDING and args.get("amount") != 1
