"""What spend brings asked with "多出/多赚" or about "投流" (livestream wording for paid traffic), ads that "earn their
keep"; a daily spend cap said to be remembered in dialect or formally ("上限记为"); a figure recalled from a review
("总结里写的…来着"); and what "this budget" would bring right after a plan: the plan's budget and festival."""

from __future__ import annotations

import pytest

from copilot.memory.preferences import parse_constraints
from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("merchant", "text", "mode", "budget", "when"),
    [
        ("m_outdoor", "投8000到双12里，帮我估估能多赚多少", "plan", 8000, "double12"),
        ("m_pet", "618那波投流到底管不管用", "past", None, "618"),
        ("m_outdoor", "Did the promos we ran in August pull their weight?", "past", None, "2026-08-01..2026-08-31"),
        ("m_baby", "Have the ads in October earned their keep, would you say?", "past", None, "2026-10-01..2026-10-31"),
    ],
)
def test_what_spend_brings_in_other_words_is_an_estimate(
    merchant: str, text: str, mode: str, budget: int | None, when: str
) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "estimate_promotion_effect"
    assert (args.get("mode"), args.get("budget"), args.get("when")) == (mode, budget, when)


def test_more_sold_than_another_period_stays_a_sales_question() -> None:
    tool, _ = first_call("m_outdoor", "这个月比上个月多卖了多少")
    assert tool == "query_store_sales"


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        ("你记牢：单日投流别超过一千五", 1500),
        ("把单日投放上限记为四千元，以后做预算按这个来", 4000),
    ],
)
def test_a_daily_cap_said_to_be_kept_is_remembered_and_read(text: str, cap: int) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "remember_preference"
    assert parse_constraints([args["text"]]) == {"daily_budget_cap": cap}


def test_asking_what_the_cap_is_recalls_it_and_remembers_nothing() -> None:
    tool, _ = first_call("m_pet", "单日投放上限是多少来着")
    assert tool != "remember_preference"


def test_a_chinese_numeral_of_a_cap_is_read_but_a_word_with_one_is_not_an_amount() -> None:
    assert parse_constraints(["每天投放不要超过两千五"]) == {"daily_budget_cap": 2500}
    assert parse_constraints(["一个人带娃的人群多投一点"]) == {}


def test_a_figure_recalled_from_a_review_is_searched_in_the_documents() -> None:
    tool, _ = first_call("m_outdoor", "618总结里写的投放ROI是多少来着")
    assert tool == "search_merchant_docs"


def test_what_this_budget_brings_after_a_plan_is_the_plans_budget_and_festival() -> None:
    plan = "给猫爬架做个双11推广，预算6000"
    tool, args = first_call("m_pet", plan, "这笔预算预计能带来多少增量")
    assert tool == "estimate_promotion_effect"
    assert (args.get("mode"), args.get("budget"), args.get("when")) == ("plan", 6000, "double11")


def test_without_a_plan_no_budget_is_made_up() -> None:
    tool, args = first_call("m_pet", "上个月卖得怎么样", "这笔预算预计能带来多少增量")
    assert tool != "estimate_promotion_effect" or "budget" not in args


@pytest.mark.parametrize(
    ("text", "mode", "budget"),
    [("est. return of 12k on 618", "plan", 12000), ("九月份投咗嘅廣告，實際帶咗幾多生意？", "past", None)],
)
def test_an_estimate_said_in_short_or_in_cantonese_is_read(text: str, mode: str, budget: int | None) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "estimate_promotion_effect"
    assert (args.get("mode"), args.get("budget")) == (mode, budget)


def test_a_note_said_first_is_remembered_without_its_cue() -> None:
    tool, args = first_call("m_outdoor", "先记一下：单日预算不超过六千")
    assert tool == "remember_preference" and args["text"] == "单日预算不超过六千"
