"""Campaign drafts and their edits, estimates and kept limits in the wordings of fresh27's failures (issue 18): amounts
with a space between thousands, an objective corrected, a budget changed beside a forecast word, a draft asked for
with its submission declined, the forecasts' record asked as reliability, spend set against what it brought, the
limits set listed, the thread's item advertised, a SQL question asked again of another channel."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import first_call, plan_next_answer

_PLAN = "给帐篷做个上新推广 预算8000"


@pytest.mark.parametrize(
    ("texts", "budget"),
    [
        (("tents campaign for double 12, budget 18 000", "make it 22 000 instead"), 22000),
        (("羽绒服做个清仓方案 预算6000", "改一下 7 500"), 7500),
        (("tents campaign for double 12, budget 18000", "cap is 9000 per campaign, remember that", "redo it at 9000"),
         9000),
        (("sleeping bag clearance campaign, budget 5000", "note that my limit is 4000 a campaign",
          "ok redo the plan at 4000"), 4000),
    ],
)  # fmt: skip
def test_a_new_amount_after_a_draft_edits_its_budget(texts: tuple[str, ...], budget: int) -> None:
    assert first_call("m_outdoor", *texts) == ("draft_campaign", {"budget": budget, "edit": True})


@pytest.mark.parametrize(
    "text",
    ["预算改 1万2，我想看看预估", "预算调 9000 吧，回头我对比下 forecast"],
)
def test_a_budget_changed_beside_a_forecast_word_edits_the_draft(text: str) -> None:
    tool, args = first_call("m_outdoor", _PLAN, text)
    assert tool == "draft_campaign" and args["edit"] is True and args["budget"] in (12000, 9000)


@pytest.mark.parametrize(
    "text",
    ["抱歉 不是上新，是清仓，货压太多了", "不对，改成清仓", "oops not launch, it's a clearance"],
)
def test_an_objective_corrected_after_a_draft_edits_it(text: str) -> None:
    assert first_call("m_outdoor", _PLAN, text) == ("draft_campaign", {"objective": "clearance", "edit": True})


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("双十二给帐篷投点，别超过5000块，出个草稿给我看，先别提交", 5000),
        ("draft a double 12 plan for the tents, 6k, but don't submit it", 6000),
        ("帐篷清仓做个草稿 预算4000 千万不要提交", 4000),
    ],
)
def test_a_draft_asked_with_its_submission_declined_is_a_draft(text: str, budget: int) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign" and args["budget"] == budget


@pytest.mark.parametrize(
    ("texts", "args"),
    [
        (("if we put 15 000 on double 12, what it brings in GMV?",), {"budget": 15000, "when": "double12"}),
        (("if I spend 8 000 on 618 what that gives?",), {"budget": 8000, "when": "618"}),
    ],
)
def test_a_sum_asked_in_learner_english_is_an_estimate(texts: tuple[str, ...], args: dict[str, Any]) -> None:
    tool, said = first_call("m_outdoor", *texts)
    assert tool == "estimate_promotion_effect" and said == {"mode": "plan", **args}


@pytest.mark.parametrize(
    "texts",
    [
        ("are your estimates reliable? earlier forecasts against what actually happened",),
        ("what did the ads bring in september, paid and organic apart?", "and were your predictions correct?"),
    ],
)
def test_the_forecasts_record_asked_as_reliability(texts: tuple[str, ...]) -> None:
    assert first_call("m_outdoor", *texts) == ("estimate_promotion_effect", {"mode": "track_record"})


def test_spend_against_what_it_brought_is_the_past_readout_and_follows_the_month() -> None:
    first = "上个月投放花掉的钱和它带回来的成交放一起比比"
    assert first_call("m_outdoor", first) == (
        "estimate_promotion_effect",
        {"mode": "past", "when": "2026-10-01..2026-10-31"},
    )
    assert first_call("m_outdoor", first, "八月的呢") == (
        "estimate_promotion_effect",
        {"mode": "past", "when": "2026-08-01..2026-08-31"},
    )


def test_spend_against_what_it_brought_of_a_channel_stays_the_ad_report() -> None:
    tool, args = first_call("m_outdoor", "推荐渠道上个月广告花出去的钱跟带回来的成交比一下")
    assert tool == "query_store_sales" and "ad_daily" in args["sql"] and "'recommend'" in args["sql"]


@pytest.mark.parametrize("text", ["我定过哪些预算上限？列出来", "which limits have I set so far"])
def test_the_limits_set_are_listed(text: str) -> None:
    assert first_call("m_outdoor", text) == ("recall_preferences", {})


@pytest.mark.parametrize("text", ["要不要帮它打广告？先瞧瞧哪些人会买", "给它上点推广咋样？先看看谁会买"])
def test_advertising_the_threads_item_asks_its_audience(text: str) -> None:
    assert first_call("m_outdoor", "羽绒服这周卖得咋样", text) == ("find_target_segments", {"category": "羽绒服"})


def test_a_sql_question_asked_again_of_another_channel_keeps_the_month() -> None:
    tool, args = first_call("m_outdoor", "推荐渠道上个月的ROI多少", "那直播呢")
    assert tool == "query_store_sales"
    assert "a.channel IN ('live')" in args["sql"] and "a.date >= '2026-10-01'" in args["sql"]


def test_a_dates_range_after_a_draft_edits_its_days() -> None:
    assert first_call("m_outdoor", _PLAN, "from 11/24 until 12/2") == (
        "draft_campaign",
        {"start": "2026-11-24", "end": "2026-12-02", "edit": True},
    )


@pytest.mark.parametrize("text", ["先别提交", "don't submit it yet"])
def test_a_submission_declined_after_a_draft_submits_nothing(text: str) -> None:
    plan_next_answer("m_outdoor", _PLAN, text)  # asserts no tool is called


def test_a_budget_edit_with_the_submission_declined_is_only_an_edit() -> None:
    assert first_call("m_outdoor", _PLAN, "预算改成9000，千万别提交") == (
        "draft_campaign",
        {"budget": 9000, "edit": True},
    )
