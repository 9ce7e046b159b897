"""Two periods of the same kind named together and set against each other ("this March vs last March",
"八月和九月的订单对比", "compare July with June"): the later one is asked about, compared with the unit before it
(previous_period) or a year before it (year_over_year); other pairs are said as not compared. A month or week so
far set against its same days of the unit before keeps the period ("跟上个月同期比呢"). Days around a day
("618前后3天") are one period, shown day by day when the two sides are compared."""

from __future__ import annotations

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.reader import read_findings
from tests.offline.planned import first_call, period_read, sales_args
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("said", "period", "compare"),
    [
        ("refund rate this November vs last November", "2026-11", "year_over_year"),
        ("paid orders by region, last nov vs this nov", "2026-11", "year_over_year"),
        ("八月和九月的订单数对比", "2026-09", "previous_period"),
        ("对比7月和8月的毛利", "2026-08", "previous_period"),
        ("GMV: compare october with september", "2026-10", "previous_period"),
        ("units june vs july", "2026-07", "previous_period"),
        ("search 渠道 this week vs last week, orders", "this_week", "previous_period"),
    ],
)
def test_two_periods_named_together_are_compared(said: str, period: str, compare: str) -> None:
    args = sales_args("m_outdoor", said)
    assert (args["period"], args.get("compare")) == (period, compare)


def test_months_named_together_without_a_comparison_are_one_period() -> None:
    assert sales_args("m_outdoor", "7月和8月一共卖了多少")["period"] == "2026-07-01..2026-08-31"


def test_a_pair_the_tool_cannot_compare_is_said_as_not_compared() -> None:
    found = read_findings("compare october with july, GMV", demo_catalogs()["m_outdoor"], DEMO_TODAY)
    assert (found.period, found.compare, found.uncompared) == ("2026-10", None, "july")


def test_a_channel_name_before_the_word_channel_is_that_channel() -> None:
    args = sales_args("m_outdoor", "recommend 渠道 上个月的订单数")
    assert args.get("channel") == "recommend" and "by" not in args


@pytest.mark.parametrize(
    ("asked", "follow", "period"),
    [
        ("这个月猫粮卖了多少钱", "和上个月同期对比一下", "this_month"),
        ("本周的订单数", "跟上周同期比一比", "this_week"),
        ("refund rate this month", "compare it with the same days last month", "this_month"),
    ],
)
def test_so_far_against_its_same_days_before_keeps_the_period(asked: str, follow: str, period: str) -> None:
    args = sales_args("m_pet", asked, follow)
    assert (args["period"], args.get("compare")) == (period, "previous_period")


def test_the_same_days_before_asked_alone_are_those_days() -> None:
    assert sales_args("m_pet", "这个月猫粮卖了多少钱", "上个月同期呢")["period"] == "2026-10-01..2026-10-20"


def test_a_year_compared_month_keeps_its_comparison_in_follow_ups() -> None:
    args = sales_args("m_outdoor", "GMV by category this Nov vs last Nov", "only tents")
    assert (args["period"], args.get("compare"), args.get("category")) == ("2026-11", "year_over_year", "帐篷")


def test_days_around_a_day() -> None:
    assert period_read("618前后3天的销量") == "2026-06-15..2026-06-21"
    assert period_read("双11前后1周的订单") == "2026-11-04..2026-11-18"
    tool, args = first_call("m_outdoor", "618前后两天对比一下成交")
    assert (tool, args["period"], args.get("by"), args.get("compare")) == (
        "query_store_sales",
        "2026-06-16..2026-06-20",
        "day",
        None,
    )
