"""Ads and their return asked in plain words, and campaign drafting in the merchant's own words (the fresh44
themes): spend and what came back, whether a festival's ads paid off, how to test the ads, money per day times the
days, a festival readout moved to another year, a plan drafted after an estimate, a budget said with "put it"."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from tests.offline.planned import first_call


def _played(merchant: str, *texts: str) -> list[BaseMessage]:
    """The turns of `texts`, each with the call the planner makes and a tool result saying only "ok"."""
    earlier: list[BaseMessage] = []
    for n, said in enumerate(texts):
        name, args = first_call(merchant, said, earlier=earlier)
        call = {"name": name, "args": args, "id": f"c{n}", "type": "tool_call"}
        earlier += [HumanMessage(said), AIMessage("", tool_calls=[call]), ToolMessage("ok", tool_call_id=f"c{n}")]
        earlier.append(AIMessage("…"))
    return earlier


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("上周推广花了多少 赚回多少", "2026-11-09..2026-11-15"),
        ("上个月投流砸了多少钱 带回来多少", "2026-10-01..2026-10-31"),
        ("how much did we spend on ads last month and how much came back", "2026-10-01..2026-10-31"),
        ("last week: how much we spent, how much came back?", "2026-11-09..2026-11-15"),
    ],
)
def test_the_spend_and_what_came_back_asked_together_is_the_past_readout(text: str, when: str) -> None:
    assert first_call("m_outdoor", text) == ("estimate_promotion_effect", {"mode": "past", "when": when})


def test_the_spend_and_return_of_one_channel_named_stays_the_ad_report() -> None:
    tool, args = first_call("m_pet", "直播那边上周广告投了多少 回来多少")
    assert tool == "query_store_sales" and "ad_daily" in args["sql"] and "'live'" in args["sql"]


@pytest.mark.parametrize(
    ("text", "when"),
    [("双11投得值不值", "double11"), ("618到底划不划算", "618"), ("was double 11 worth the money?", "double11")],
)
def test_whether_a_festivals_ads_paid_off_is_their_past_effect(text: str, when: str) -> None:
    assert first_call("m_baby", text) == ("estimate_promotion_effect", {"mode": "past", "when": when})


@pytest.mark.parametrize(
    "text",
    [
        "推广到底有没有效果 怎么验证",
        "怎么测一下投放是不是真的有用",
        "can we do a test to see if the ads really sell or people would buy anyway",
    ],
)
def test_how_to_find_out_whether_the_ads_work_is_a_holdout_design(text: str) -> None:
    assert first_call("m_pet", text) == ("estimate_promotion_effect", {"mode": "holdout"})


def test_whether_past_spend_brought_extra_sales_is_the_past_estimate_not_a_test_design() -> None:
    said = "did September's ad spend bring extra orders, or would they have bought it anyway?"
    assert first_call("m_pet", said) == (
        "estimate_promotion_effect",
        {"mode": "past", "when": "2026-09-01..2026-09-30"},
    )


@pytest.mark.parametrize(
    ("text", "budget", "when"),
    [
        ("每天3000 跑一周 能带来多少", 21000, "2026-11-21..2026-11-27"),
        ("日均2000投15天预计能带来多少", 30000, "2026-11-21..2026-12-05"),
        ("3k a day for 10 days, what would it bring", 30000, "2026-11-21..2026-11-30"),
        ("每天投2000 12月1号到12月5号 预计能卖多少", 10000, "2026-12-01..2026-12-05"),
    ],
)
def test_money_per_day_over_days_is_the_plans_total(text: str, budget: int, when: str) -> None:
    assert first_call("m_outdoor", text) == (
        "estimate_promotion_effect",
        {"mode": "plan", "budget": budget, "when": when},
    )


@pytest.mark.parametrize(
    ("text", "budget", "when"),
    [("预算2万 双12 ROI可以做到多少", 20000, "double12"), ("what ROAS could 8k get over double 12", 8000, "double12")],
)
def test_the_roi_a_budget_could_reach_is_the_plans_estimate(text: str, budget: int, when: str) -> None:
    assert first_call("m_pet", text) == ("estimate_promotion_effect", {"mode": "plan", "budget": budget, "when": when})


@pytest.mark.parametrize(
    ("first", "then", "when"),
    [
        ("去年双12广告带来了多少", "那今年的呢", "2026-12-01..2026-12-12"),
        ("how did the ads do over 618 this year", "and last year?", "2025-06-01..2025-06-18"),
    ],
)
def test_a_year_said_after_a_festival_readout_moves_the_festival(first: str, then: str, when: str) -> None:
    earlier = _played("m_pet", first)
    assert first_call("m_pet", then, earlier=earlier) == ("estimate_promotion_effect", {"mode": "past", "when": when})


@pytest.mark.parametrize(
    ("estimate", "draft", "budget"),
    [
        ("双12投2万和4万各能回来多少", "就按4万出个方案", 40000),
        ("what would 20k or 30k bring over double 12", "ok draft a plan with 30k", 30000),
    ],
)
def test_a_plan_drafted_at_an_amount_after_an_estimate_keeps_its_festival(estimate: str, draft: str, budget: int):
    tool, args = first_call("m_baby", draft, earlier=_played("m_baby", estimate))
    assert tool == "draft_campaign"
    assert (args["objective"], args["event"], args["budget"]) == ("event", "double12", budget)


@pytest.mark.parametrize(
    "text",
    ["12k做个双12预热 12月1号到12号", "8千搞个双12蓄水 12月1号到12号"],
)
def test_a_festivals_run_up_drafted_with_its_money_is_a_draft(text: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign" and args["event"] == "double12"
    assert (args["start"], args["end"]) == ("2026-12-01", "2026-12-12")


def test_a_run_up_for_next_years_festival_is_drafted_next_year() -> None:
    tool, args = first_call("m_outdoor", "2万做明年双11预热 10月20到11月11")
    assert tool == "draft_campaign" and args["event"] == "double11" and args["budget"] == 20000
    assert (args["start"], args["end"]) == ("2027-10-20", "2027-11-11")


@pytest.mark.parametrize("edit", ["put it 4.500 better", "put it at 4.500 instead", "better 4.500"])
def test_a_budget_said_with_put_or_better_edits_the_draft(edit: str) -> None:
    earlier = _played("m_outdoor", "draft a clearance for the tents, 5k, next week")
    assert first_call("m_outdoor", edit, earlier=earlier) == ("draft_campaign", {"budget": 4500, "edit": True})


@pytest.mark.parametrize(
    ("text", "category"),
    [("再做一下奶瓶的图，不要出现最好这种词", "奶瓶"), ("重新出摇椅的图", "摇椅")],
)
def test_images_made_again_are_images(text: str, category: str) -> None:
    tool, args = first_call("m_baby", text)
    assert tool == "generate_creatives" and args["kind"] == "image" and args["category"] == category


@pytest.mark.parametrize(
    "text",
    ["去年618预算花完了吗", "did we use up the budget over double 11 2025?", "2025年双12实际花了多少 预算超没超"],
)
def test_a_past_events_spend_against_its_budget_is_its_review(text: str) -> None:
    tool, args = first_call("m_baby", text)
    assert tool == "search_merchant_docs" and args["query"]


@pytest.mark.parametrize(("text", "count"), [("写3条销量第一的奶瓶文案", 3), ("来一条全国第一的推车文案", 1)])
def test_new_copy_described_by_an_absolute_claim_is_written(text: str, count: int) -> None:
    tool, args = first_call("m_baby", text)
    assert tool == "generate_creatives" and args["kind"] == "copy" and args["count"] == count


def test_a_claim_to_add_to_the_copy_is_still_refused() -> None:
    from tests.offline.planned import plan_next_answer

    assert "广告法" in plan_next_answer("m_baby", "文案里加上全网最低价")


@pytest.mark.parametrize(
    ("text", "budget", "end"),
    [
        ("猫砂做个推广 一天投2000 投7天", 14000, "2026-11-27"),
        ("猫砂推广 1天花1500 12月1号到12月4号", 6000, "2026-12-04"),
    ],
)
def test_a_draft_with_money_per_day_over_days_takes_the_total(text: str, budget: int, end: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "draft_campaign" and args["budget"] == budget and args["end"] == end


@pytest.mark.parametrize(
    "text", ["去年618花了多少 ROI多少 复盘文档里有写吧", "上次双12投了多少、roi多少，文档里记着的"]
)
def test_a_past_events_return_asked_of_the_documents_searches_them(text: str) -> None:
    tool, _ = first_call("m_pet", text)
    assert tool == "search_merchant_docs"
