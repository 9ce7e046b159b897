"""Days said relative to today or to another day, Hakka words and follow-ups that move or keep the days (the classes
fresh38 missed), in wording of their own."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read, plan_next_answer, sales_args


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("上周三到今天的订单", "2026-11-11..2026-11-20"),
        ("5号到昨天退款率多少", "2026-11-05..2026-11-19"),
        ("本月3日至今卖了多少", "2026-11-03..2026-11-20"),
        ("上个月20号到现在的客单价", "2026-10-20..2026-11-20"),
        ("上月8日的销售额", "2026-10-08..2026-10-08"),
        ("从上个月开始每周的成交额", "2026-10-01..2026-11-20"),
        ("revenue since the 3rd of last month", "2026-10-03..2026-11-20"),
        ("大大前天卖了几单", "2026-11-16..2026-11-16"),
        ("orders day before yesterday", "2026-11-18..2026-11-18"),
        ("这个月到今天为止的单量", "this_month"),
        ("今天到现在成交了几单", "today"),
    ],
)
def test_a_day_up_to_today_or_a_day_counted_back_is_read(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "metric", "period"),
    [
        ("前晡日卖了几多单", "paid_orders", "2026-11-18..2026-11-18"),
        ("上只礼拜个退款率系几多", "refund_rate", "last_week"),
        ("上只季度卖了几多件", "units", "2026-07-01..2026-09-30"),
    ],
)
def test_hakka_days_and_measure_words_are_read(text: str, metric: str, period: str) -> None:
    args = sales_args("m_pet", text)
    assert (args["metric"], args["period"]) == (metric, period)
    assert "product" not in args and "category" not in args


def test_hakka_which_one_and_what_rank_products() -> None:
    args = sales_args("m_outdoor", "上只月边只款卖得最好，系脉个")
    assert (args["by"], args["period"], args["top"]) == ("product", "last_month", 1)
    assert "product" not in args and args.get("order", "desc") == "desc"


@pytest.mark.parametrize(
    ("text", "period"),
    [("orders since 5.10", "2026-10-05..2026-11-20"), ("gmv 2.11 till today", "2026-11-02..2026-11-20")],
)
def test_a_dotted_day_in_english_marked_as_past_is_day_first(text: str, period: str) -> None:
    assert sales_args("m_pet", text)["period"] == period


def test_two_days_said_together_are_summed() -> None:
    args = sales_args("m_baby", "前天和大前天加起来卖了多少单")
    assert (args["metric"], args["period"]) == ("paid_orders", "2026-11-17..2026-11-18")
    assert "compare" not in args


def test_the_same_days_a_week_earlier_follow_the_days_asked() -> None:
    args = sales_args("m_baby", "这周一到周三的成交额", "上周一样的这几天呢")
    assert args["period"] == "2026-11-09..2026-11-11"


def test_the_weekend_before_steps_back_a_week() -> None:
    args = sales_args("m_outdoor", "上上周末帐篷卖了多少钱", "再往前一个周末")
    assert (args["period"], args.get("category")) == ("2026-10-31..2026-11-01", "帐篷")


def test_that_day_in_the_year_it_is_in_stays_that_day() -> None:
    args = sales_args("m_pet", "今年双11当天的订单数", "去年双11当天呢", "去年那天按渠道看看")
    assert (args["period"], args["by"]) == ("2025-11-11..2025-11-11", "channel")


def test_a_period_set_against_the_one_before_it_in_words() -> None:
    args = sales_args("m_pet", "Compare last month's refund rate with the month before")
    assert (args["metric"], args["period"], args["compare"]) == ("refund_rate", "last_month", "previous_period")


def test_the_same_again_for_another_metric_keeps_the_view() -> None:
    tool, args = first_call("m_outdoor", "top 5 products by revenue this month", "same but for units")
    assert tool == "query_store_sales"
    assert (args["metric"], args["by"], args["top"], args["period"]) == ("units", "product", 5, "this_month")


@pytest.mark.parametrize("text", ["那两天的客单价多少", "what were orders on those days?"])
def test_days_pointed_at_with_nothing_before_are_asked(text: str) -> None:
    answer = plan_next_answer("m_pet", text)
    assert "哪个时间段" in answer or "Which period" in answer


def test_days_pointed_at_after_a_question_are_its_days() -> None:
    args = sales_args("m_pet", "上周六卖了多少", "那天的订单数呢")
    assert (args["metric"], args["period"]) == ("paid_orders", "2026-11-14..2026-11-14")
