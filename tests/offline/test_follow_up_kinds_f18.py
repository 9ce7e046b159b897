"""Follow-ups that replace only what they name and keep the rest of the previous question (fresh18's kinds):
a metric said alone ("单数呢"), a new ranking or breakdown said alone ("now the worst five", "按商品 前三")."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read, sales_args


@pytest.mark.parametrize(
    ("merchant", "texts"),
    [
        ("m_pet", ["上周狗粮卖了多少钱", "那笔数呢"]),
        ("m_outdoor", ["帐篷这个月每天卖多少钱", "改成看单数"]),
    ],
)
def test_a_count_of_orders_said_alone_changes_only_the_metric(merchant: str, texts: list[str]) -> None:
    before, after = sales_args(merchant, texts[0]), sales_args(merchant, *texts)
    assert after["metric"] == "paid_orders"
    assert {k: v for k, v in after.items() if k != "metric"} == {k: v for k, v in before.items() if k != "metric"}


@pytest.mark.parametrize(
    ("merchant", "texts", "top", "order"),
    [
        ("m_outdoor", ["best five products by units this month", "ok and the worst five"], 5, "asc"),
        ("m_baby", ["top 3 products by orders last week", "uh now the lowest eight"], 8, "asc"),
    ],
)
def test_a_ranking_said_alone_keeps_the_metric_and_period(
    merchant: str, texts: list[str], top: int, order: str
) -> None:
    before, after = sales_args(merchant, texts[0]), sales_args(merchant, *texts)
    assert (after["top"], after["order"]) == (top, order)
    assert (after["metric"], after["period"]) == (before["metric"], before["period"])


def test_a_breakdown_said_alone_keeps_the_category() -> None:
    after = sales_args("m_pet", "猫粮上个月卖了多少钱", "嗯 按 按商品 前三")
    assert (after["category"], after["by"], after["top"], after["period"]) == ("猫粮", "product", 3, "last_month")


@pytest.mark.parametrize(
    ("merchant", "texts", "period"),
    [
        ("m_pet", ["猫粮这周卖了几袋", "哦 不对 不是这周 是上周"], "last_week"),
        ("m_baby", ["推车上个月卖了多少钱", "呃 不是上个月，是上上个月"], "2026-09"),
        ("m_outdoor", ["tent revenue this week", "no, not this week, last week"], "last_week"),
    ],
)
def test_a_period_taken_back_is_replaced_by_the_one_meant(merchant: str, texts: list[str], period: str) -> None:
    before, after = sales_args(merchant, texts[0]), sales_args(merchant, *texts)
    assert after["period"] == period
    assert {k: v for k, v in after.items() if k != "period"} == {k: v for k, v in before.items() if k != "period"}


def test_the_weekend_before_is_the_same_days_a_week_earlier() -> None:
    texts = ["which 3 products made the most money last weekend?", "what about the weekend before?"]
    assert sales_args("m_outdoor", texts[0])["period"] == "2026-11-14..2026-11-15"
    after = sales_args("m_outdoor", *texts)
    assert (after["period"], after["top"], after["by"]) == ("2026-11-07..2026-11-08", 3, "product")
    assert sales_args("m_pet", "上周末卖了多少单", "再往前一个周末呢")["period"] == "2026-11-07..2026-11-08"


@pytest.mark.parametrize(
    ("merchant", "texts", "compare"),
    [
        ("m_outdoor", ["orders by region in September", "and versus the year before?"], "year_over_year"),
        (
            "m_baby",
            ["how is the bedside crib converting this week", "was it better than last week?"],
            "previous_period",
        ),
        ("m_pet", ["refund rate of cat litter this month", "is that worse than last year?"], "year_over_year"),
    ],
)
def test_a_comparison_said_alone_keeps_the_question(merchant: str, texts: list[str], compare: str) -> None:
    before, after = sales_args(merchant, texts[0]), sales_args(merchant, *texts)
    assert after == {**before, "compare": compare}


@pytest.mark.parametrize(
    ("texts", "days"),
    [
        (["最近两周狗粮有没有异常下跌", "窗口放宽到60天"], 60),
        (["any strange spikes in the last 30 days?", "widen it to 90 days"], 90),
    ],
)
def test_an_anomaly_window_said_alone_keeps_the_search(texts: list[str], days: int) -> None:
    tool, before = first_call("m_pet", texts[0])
    tool_after, after = first_call("m_pet", *texts)
    assert tool == tool_after == "detect_sales_anomalies"
    assert after == {**before, "days": days}


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2026-09-05 到 09-20 卖了多少", "2026-09-05..2026-09-20"),
        ("orders 2025/12/20 - 01/05", "2025-12-20..2026-01-05"),
        ("2026.08.01至8.15的退款", "2026-08-01..2026-08-15"),
    ],
)
def test_a_range_whose_last_day_omits_the_year_takes_the_first_days_year(text: str, period: str) -> None:
    assert period_read(text) == period


def test_a_promotion_readout_follow_up_with_such_a_range_keeps_the_readout() -> None:
    tool, args = first_call("m_pet", "双11的广告带来了多少成交", "那 2026-09-01 到 09-30 呢")
    assert (tool, args) == ("estimate_promotion_effect", {"mode": "past", "when": "2026-09-01..2026-09-30"})
