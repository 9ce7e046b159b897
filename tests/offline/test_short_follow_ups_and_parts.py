"""A metric said alone after a figure keeps the rest of the question; parts named together are shown each with
their total; a change asked of the parts compares them with the period before; the scan for drops is not used for
what it cannot read; dates that are no day are asked about; "after" a day starts the next day."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read, plan_next_answer, sales_args


@pytest.mark.parametrize("metric_said", ["退款率", "转化率", "orders", "aov?"])
def test_a_metric_said_alone_keeps_breakdown_filters_and_ranking(metric_said: str) -> None:
    args = sales_args("m_outdoor", "这周浙江和广东哪个地方卖得多", metric_said)
    assert args["by"] == "region" and args["region"] == "浙江,广东", args
    assert args["period"] == "this_week" and args["metric"] != "gmv", args


def test_money_said_alone_after_units_is_the_money() -> None:
    args = sales_args("m_pet", "猫抓板各款上周卖了几件", "那钱呢")
    assert args["metric"] in ("gmv", "revenue") and args["by"] == "product", args


def test_the_whole_store_said_with_a_metric_is_not_the_previous_target() -> None:
    args = sales_args("m_outdoor", "帐篷上周卖了多少", "整体客单价")
    assert "category" not in args and "product" not in args, args


@pytest.mark.parametrize(
    "said",
    ["头灯 睡袋 上周销量", "sleeping bags and headlamps units last week"],
)
def test_categories_listed_are_each_a_row(said: str) -> None:
    args = sales_args("m_outdoor", said)
    assert args["by"] == "category" and set(args["category"].split(",")) == {"头灯", "睡袋"}, args


def test_categories_summed_on_purpose_stay_one_total() -> None:
    args = sales_args("m_outdoor", "头灯加露营灯上周合计卖了多少")
    assert "by" not in args, args


def test_a_count_of_a_categorys_products_asks_for_each_of_them() -> None:
    args = sales_args("m_outdoor", "炉具三款上个月各卖了多少")
    assert args["by"] == "product" and args["category"] == "炉具", args


@pytest.mark.parametrize(
    ("merchant", "said", "by"),
    [("m_outdoor", "哪个渠道最近突然掉了", "channel"), ("m_pet", "which region dropped last week", "region")],
)
def test_a_change_of_the_parts_is_each_part_against_the_period_before(merchant: str, said: str, by: str) -> None:
    args = sales_args(merchant, said)
    assert args["by"] == by and args["compare"] == "previous_period" and "top" not in args, args


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("直播最近两周是不是掉了", {"channel": "live"}),
        ("浙江那边最近是不是少了", {"region": "浙江"}),
        ("退款率最近是不是涨了", {"metric": "refund_rate"}),
    ],
)
def test_a_fall_the_scan_cannot_read_is_the_figure_against_the_period_before(said: str, expected: dict) -> None:
    tool, args = first_call("m_baby", said)
    assert tool == "query_store_sales" and args["compare"] == "previous_period", args
    assert {k: args.get(k) for k in expected} == expected, args


def test_a_fall_of_a_category_is_still_the_scan() -> None:
    assert first_call("m_pet", "猫粮最近是不是掉得厉害")[0] == "detect_sales_anomalies"


@pytest.mark.parametrize("said", ["GMV on 31/04", "4月31号卖了多少"])
def test_a_day_that_does_not_exist_is_asked_about(said: str) -> None:
    assert "31" in plan_next_answer("m_outdoor", said)


@pytest.mark.parametrize(
    ("said", "period"),
    [("orders after 11/15", "2026-11-16..2026-11-20"), ("11月15号以后的订单", "2026-11-16..2026-11-20")],
)
def test_after_a_day_starts_the_next_day(said: str, period: str) -> None:
    assert period_read(said) == period


@pytest.mark.parametrize("said", ["本月哪天卖得特别好", "which day was highest in October"])
def test_the_day_that_stood_out_is_the_first_of_the_days(said: str) -> None:
    args = sales_args("m_outdoor", said)
    assert (args["by"], args["top"]) == ("day", 1), args


def test_how_much_pieces_is_units() -> None:
    assert sales_args("m_pet", "how much pieces of litter we sold this month")["metric"] == "units"


def test_an_explicit_breakdown_after_a_series_replaces_it() -> None:
    args = sales_args("m_outdoor", "帐篷和睡袋这个月卖得咋样", "按天", "只看帐篷 按款")
    assert args["by"] == "product" and args["category"] == "帐篷", args


@pytest.mark.parametrize("said", ["上周卖了多少钱 还有有没有啥异常", "orders last week, and anything unusual?"])
def test_a_figure_and_a_check_for_anything_odd_are_two_questions(said: str) -> None:
    from copilot.clock import DEMO_TODAY
    from copilot.offline.questions import questions
    from tests.offline.test_nlu import demo_catalogs

    asked = questions(said, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, history=[])
    assert [q.parse.intent for q in asked] == ["sales_query", "anomalies"], asked


@pytest.mark.parametrize("said", ["帐篷这周访客数多少", "how many page views did the tents get this week"])
def test_views_of_a_category_are_counted_from_its_view_events(said: str) -> None:
    args = sales_args("m_outdoor", said)
    assert "e.kind = 'view'" in args["sql"] and "帐篷" in args["sql"], args


@pytest.mark.parametrize(
    ("said", "week"), [("omsättning vecka 44", "2026-10-26"), ("sales v.45, compare with v.44", "2026-11-02")]
)
def test_a_week_number_written_the_nordic_way_is_that_iso_week(said: str, week: str) -> None:
    assert str(period_read(said)).startswith(week)


@pytest.mark.parametrize(
    ("said", "expected"), [("这周 对比 上周", {"compare": "previous_period"}), ("本月 by 渠道", {"by": "channel"})]
)
def test_a_terse_period_set_against_another_or_broken_down_is_a_sales_figure(said: str, expected: dict) -> None:
    args = sales_args("m_outdoor", said)
    assert {k: args.get(k) for k in expected} == expected, args


@pytest.mark.parametrize("said", ["difference?", "那差了多少"])
def test_the_difference_asked_alone_after_two_periods_compares_them(said: str) -> None:
    args = sales_args("m_outdoor", "睡袋10月卖了几个", "9月呢", said)
    assert args["period"] == "2026-10" or args["period"].startswith("2026-10-01"), args
    assert args["compare"] == "previous_period", args
