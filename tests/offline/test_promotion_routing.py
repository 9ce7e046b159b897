"""The offline model routes forecast-accuracy questions to estimate_promotion_effect's track record, and keeps
the other promotion questions where they were."""

from __future__ import annotations

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import parse
from tests.offline.planned import first_call
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("上次双11的预测准吗？", {"mode": "track_record", "when": "double11"}),
        ("How accurate was the forecast for last Double 11?", {"mode": "track_record", "when": "double11"}),
        ("我们的推广预测准不准？", {"mode": "track_record"}),
        ("Show me the forecast track record", {"mode": "track_record"}),
        ("618的预测和实际差多少？", {"mode": "track_record", "when": "618"}),
        ("双11的推广带动自然流量了吗？", {"mode": "past", "when": "double11"}),
        ("双12投2万推广预算能带来多少GMV？", {"mode": "plan", "budget": 20000, "when": "double12"}),
    ],
)
def test_promotion_questions_route_with_their_mode(text: str, slots: dict[str, object]) -> None:
    got = parse(text, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY)
    assert (got.intent, got.slots) == ("promotion", slots)


def test_a_holdout_result_question_reads_out_the_last_four_weeks() -> None:
    got = parse("对照测试结果怎么样？", catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY)
    assert (got.intent, got.slots) == ("promotion", {"mode": "holdout", "when": "2026-10-23..2026-11-19"})


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        (
            "预算3万 帮我估算一下 12.1-12.7 投的效果",
            {"mode": "plan", "budget": 30000, "when": "2026-12-01..2026-12-07"},
        ),
        ("双12 投2万 预估下效果", {"mode": "plan", "budget": 20000, "when": "double12"}),
        ("estimate what 8k on ads would bring over double 12", {"mode": "plan", "budget": 8000, "when": "double12"}),
        (
            "what would 20k of ad spend return next week",
            {"mode": "plan", "budget": 20000, "when": "2026-11-23..2026-11-29"},
        ),
        ("上个月 广告 回报 咋样", {"mode": "past", "when": "2026-10-01..2026-10-31"}),
        ("what was the ROI on our ads last month", {"mode": "past", "when": "2026-10-01..2026-10-31"}),
        ("上次双11广告实际带来多少", {"mode": "past", "when": "double11"}),
    ],
)
def test_asking_what_spend_returns_or_returned_is_a_promotion_estimate_by_tense(
    text: str, slots: dict[str, object]
) -> None:
    got = parse(text, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY)
    assert (got.intent, got.slots) == ("promotion", slots)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("帐篷推广 预算5000 下周", "campaign"),
        ("draft a campaign for the tents, budget 5k, next week", "campaign"),
        ("上个月 gmv 多少", "sales_query"),
        ("记住：广告回报不能低于3", "remember"),
        ("remember our ad ROI must be at least 3", "remember"),
    ],
)
def test_drafts_and_sales_questions_near_an_estimate_stay_where_they_were(text: str, intent: str) -> None:
    assert parse(text, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY).intent == intent


@pytest.mark.parametrize(
    "said",
    ["那这次双11实际带来多少", "那上次双11实际带来了多少成交", "and what did the ads actually bring over double 11?"],
)
def test_after_a_plan_estimate_asking_what_spend_actually_brought_reads_the_past(said: str) -> None:
    tool, args = first_call("m_baby", "估一下双12投2w能带来多少成交", "3w呢", said)
    assert (tool, args) == ("estimate_promotion_effect", {"mode": "past", "when": "double11"})


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("去年双11的广告投放带来了多少", "2025-10-20..2025-11-11"),  # last year's promotion window, not this year's
        ("what did our double 11 ads bring in last year?", "2025-10-20..2025-11-11"),
        ("去年双12那天投的广告带来多少", "2025-12-12..2025-12-12"),  # the day itself when the day is said
        ("双11投的广告带来了多少", "double11"),  # no year said: the tool's latest finished window
    ],
)
def test_a_past_estimate_of_a_festival_reads_the_year_said(text: str, when: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert (tool, args.get("mode"), args.get("when")) == ("estimate_promotion_effect", "past", when)
