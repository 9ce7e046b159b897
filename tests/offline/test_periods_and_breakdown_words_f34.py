"""Periods, breakdowns, rankings and metric words said in a merchant's own way (classes of wording first seen in
the fresh34 blind set, tested here in other words, products and languages)."""

from __future__ import annotations

from tests.offline.planned import first_call, period_read, sales_args


def test_a_quarter_said_as_a_trimester_is_that_quarter() -> None:
    assert period_read("revenue of the first trimester of 2026") == "2026-01-01..2026-03-31"
    assert period_read("orders in the 4th trimestre") == "2026-10-01..2026-11-20"  # under way: to today
    assert period_read("the last trimester, please") == "2026-07-01..2026-09-30"


def test_a_festivals_days_said_in_the_plural_are_its_season_not_its_day() -> None:
    assert sales_args("m_pet", "去年618那些天的订单有多少")["period"] == "2025-06-01..2025-06-18"
    assert sales_args("m_outdoor", "去年双11那几天卖了多少件")["period"] == "2025-10-20..2025-11-11"
    assert sales_args("m_outdoor", "去年双11当天卖了多少件")["period"] == "2025-11-11..2025-11-11"  # the day alone


def test_a_festival_set_against_itself_a_year_before_is_its_season_compared() -> None:
    args = sales_args("m_baby", "去年618跟今年618比 订单多了没")
    assert (args["period"], args["compare"]) == ("2026-06-01..2026-06-18", "year_over_year")
    args = sales_args("m_pet", "this year's 618 versus last year's 618, refunds")
    assert (args["period"], args["compare"]) == ("2026-06-01..2026-06-18", "year_over_year")
    args = sales_args("m_pet", "今年618当天和去年618当天比")  # its day, when the words single it out
    assert (args["period"], args["compare"]) == ("2026-06-18..2026-06-18", "year_over_year")


def test_the_day_of_a_festival_this_year_and_last_is_that_day_compared() -> None:
    args = sales_args("m_baby", "orders on the day of 618, this year and last year")
    assert (args["period"], args["compare"]) == ("2026-06-18..2026-06-18", "year_over_year")
    args = sales_args("m_outdoor", "618当天各渠道的成交额 去年的也看看")
    assert (args["period"], args["compare"], args["by"]) == ("2026-06-18..2026-06-18", "year_over_year", "channel")


def test_recent_days_said_half_in_chinese_half_in_english() -> None:
    assert period_read("猫砂最近 14 days 怎么样") == "last_14_days"
    assert period_read("past 3 周 的退款") == "last_3_weeks"


def test_goods_counted_in_their_pack_are_units_and_the_pack_names_no_product() -> None:
    args = sales_args("m_pet", "猫条上个月卖了多少 packs")
    assert (args["metric"], args["period"]) == ("units", "last_month")
    args = sales_args("m_outdoor", "how many bottles of the sunscreen spray did we sell in october")
    assert args["metric"] == "units" and args["product"] == "out_sunscreen_spray" and "category" not in args


def test_metric_words_of_a_learner() -> None:
    assert sales_args("m_pet", "the medium amount per order last week")["metric"] == "aov"
    assert sales_args("m_baby", "what is the profit percent on diapers this year")["metric"] == "gross_margin"


def test_a_breakdown_said_with_a_bare_for_or_each() -> None:
    assert sales_args("m_pet", "gmv of september for region please")["by"] == "region"
    assert sales_args("m_baby", "orders last week, divided for channel")["by"] == "channel"
    assert sales_args("m_outdoor", "上个月 每个 channel 的 orders")["by"] == "channel"
    assert "by" not in sales_args("m_outdoor", "gmv last month for the channel live")  # a filter, not a breakdown


def test_a_ranking_said_as_its_head_or_its_tail() -> None:
    args = sales_args("m_outdoor", "which categories sold the most last month? the first 3")
    assert (args["by"], args["top"], args.get("order", "desc")) == ("category", 3, "desc")
    args = sales_args("m_outdoor", "which categories sold the most last month? the first 3", "and the last 3?")
    assert (args["by"], args["top"], args["order"]) == ("category", 3, "asc")
    args = sales_args("m_pet", "各品类退款率 哪个最高")
    assert (args["by"], args["top"]) == ("category", 1)
    assert "top" not in sales_args("m_pet", "各品类退款率")  # each of them, no single one asked


def test_regions_added_in_a_follow_up_join_the_ones_asked_before() -> None:
    args = sales_args("m_baby", "上个月浙江和江苏的订单", "再加上上海")
    assert set(args["region"].split(",")) == {"浙江", "江苏", "上海"}
    args = sales_args("m_baby", "上个月浙江和江苏的订单", "换成上海")
    assert args["region"] == "上海"


def test_days_before_the_ones_just_asked_said_as_these() -> None:
    args = sales_args("m_pet", "cat litter sold in the last 14 days", "and the 14 days before those?")
    assert args["period"] == "2026-10-24..2026-11-06"


def test_how_business_went_is_the_store_sales() -> None:
    assert sales_args("m_pet", "how was trade last month?")["period"] == "last_month"


def test_clients_counted_are_the_distinct_buyers() -> None:
    tool, args = first_call("m_baby", "how many clients bought from Shanghai last week?")
    assert tool == "query_store_sales" and "COUNT(DISTINCT o.customer_id)" in args["sql"] and "上海" in args["sql"]
