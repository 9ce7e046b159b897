"""Analyst, spreadsheet and terse wording: column names and half-SQL read through the semantic layer and the SQL
templates, telegraphic commands with no verb, weeks broken down by week, and store statistics without a metric."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("said", "metric"),
    [
        ("sum(total_amount) for paid orders, last week", "gmv"),
        ("select sum(o.total_amount) from orders where status=paid, this month", "gmv"),
        ("avg(total_amount) where channel=search last month", "aov"),
        ("total_amount 平均 本周 channel=direct", "aov"),
        ("order_items quantity per category last month", "units"),
        ("sum(quantity) group by product_id this week", "units"),
        ("events kind=view vs kind=purchase for the tents this month", "conversion"),
    ],
)
def test_columns_are_read_as_the_metric_they_compute(said: str, metric: str) -> None:
    args = sales_args("m_outdoor", said)
    assert args["metric"] == metric
    assert "product" not in args


def test_a_bare_asc_turns_the_ranking_round() -> None:
    assert sales_args("m_outdoor", "units by category 上周 asc")["order"] == "asc"


def test_a_month_written_as_digits_is_that_month() -> None:
    args = sales_args("m_outdoor", "gmv 2026-08 vs 2025-08")
    assert (args["period"], args["compare"]) == ("2026-08", "year_over_year")


@pytest.mark.parametrize(
    ("said", "column"),
    [
        ("count(distinct customer_id) 这个月 付款的", "COUNT(DISTINCT o.customer_id) AS buyers"),
        ("count(*) where status=cancelled, yesterday", "cancelled_orders"),
        ("status=refunded 金额合计 本月", "refunded_amount"),
        ("上周退了多少钱", "refunded_amount"),
        ("customers join orders, gmv by age_band, last month", "age_band"),
        ("本月动销率", "sold_share"),
        ("上个月的uv价值", "gmv_per_visitor"),
        ("连带率 本月", "items_per_order"),
        ("stock / daily units per product, with a days-of-cover column", "days_of_cover"),
    ],
)
def test_store_statistics_are_read_only_templates(said: str, column: str) -> None:
    tool, args = first_call("m_outdoor", said)
    assert tool == "query_store_sales"
    assert column in args["sql"]
    assert args["sql"].startswith("SELECT")


def test_visitor_value_dates_both_tables() -> None:
    _, args = first_call("m_outdoor", "上个月的uv价值")
    assert args["sql"].count("created_at >= '2026-10-01'") == 2


def test_units_per_order_by_channel() -> None:
    _, args = first_call("m_outdoor", "units per order by channel this month")
    assert "GROUP BY o.channel" in args["sql"]


@pytest.mark.parametrize(
    ("said", "by"),
    [("top5 单品 上周", "product"), ("帐篷 地区 top3 本月", "region"), ("渠道 占比 上周", "channel")],
)
def test_telegraphic_commands_are_sales_questions(said: str, by: str) -> None:
    assert sales_args("m_outdoor", said)["by"] == by


def test_last_weeks_by_week_are_whole_weeks_to_date() -> None:
    assert sales_args("m_outdoor", "订单 近6周 按周")["period"] == "2026-10-12..2026-11-20"


def test_last_weeks_by_week_stay_whole_in_a_follow_up() -> None:
    args = sales_args("m_outdoor", "gmv by week, last 3 weeks, live only", "and for search")
    assert (args["period"], args["channel"]) == ("2026-11-02..2026-11-20", "search")


def test_last_weeks_without_a_weekly_breakdown_stay_rolling() -> None:
    assert sales_args("m_outdoor", "近3周 gmv")["period"] == "last_3_weeks"


def test_product_ids_that_make_up_a_category_are_that_category() -> None:
    args = sales_args("m_outdoor", "revenue where product_id in (out_tent_2p, out_tent_family), last week")
    assert args["category"] == "帐篷"
    assert "product" not in args


def test_product_ids_of_part_of_a_category_stay_those_products() -> None:
    args = sales_args("m_outdoor", "gmv where product_id in (out_shell_3in1, out_shell_pro) last month")
    assert args["product"] == "out_shell_3in1,out_shell_pro"


def test_one_product_id_is_that_product() -> None:
    assert sales_args("m_outdoor", "gmv where product_id = out_tent_2p, last week")["product"] == "out_tent_2p"
