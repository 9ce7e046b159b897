"""Sales questions in plain or learner's words: the metric, the breakdown a claim to check needs, refund figures
that are the store's data (not the return policy), new customers and refunded money as SQL, a zero-sales claim,
a drop put as a yes/no, and follow-ups that keep the view while they redo, compare or switch a count."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("merchant", "text", "by"),
    [
        ("m_pet", "上周各渠道退货率，从高到低排一下", "channel"),
        ("m_outdoor", "退款率按品类拆开看看，这个月的", "category"),
        ("m_baby", "Return rate by region for September please", "region"),
        ("m_outdoor", "Aftersales here. Return rate for sleeping bags in September, split by product", "product"),
    ],
)
def test_a_refund_rate_split_is_the_store_figures(merchant: str, text: str, by: str) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "query_store_sales"
    assert args["metric"] == "refund_rate" and args["by"] == by


def test_the_return_policy_is_still_a_document_question() -> None:
    tool, _ = first_call("m_outdoor", "退货政策是怎么规定的")
    assert tool == "search_merchant_docs"


@pytest.mark.parametrize(
    ("text", "by", "named"),
    [
        ("Did search really beat recommend last month?", "channel", "channel"),
        ("Are we selling more in Hubei than in Hunan this year?", "region", "region"),
        ("湖北、湖南、江西三个省上周狗粮卖了多少钱，排个序", "region", "region"),
    ],
)
def test_one_said_to_beat_another_is_both_side_by_side(text: str, by: str, named: str) -> None:
    args = sales_args("m_pet", text)
    assert args["by"] == by and "," in args[named]


@pytest.mark.parametrize("text", ["江苏是不是我们今年第一大省", "广东今年算不算第一大省份"])
def test_the_first_province_asked_is_the_provinces_ranked(text: str) -> None:
    assert sales_args("m_outdoor", text)["by"] == "region"


@pytest.mark.parametrize(
    ("first", "then", "metric"),
    [
        ("推荐是不是真的比直播卖得多？上周", "真的吗？按订单数重算一下", "paid_orders"),
        ("Did recommend really beat live last month?", "really? redo it with units", "units"),
    ],
)
def test_a_doubted_figure_redone_keeps_its_breakdown(first: str, then: str, metric: str) -> None:
    args = sales_args("m_outdoor", first, then)
    assert args["metric"] == metric and args["by"] == "channel"


@pytest.mark.parametrize("text", ["last week the order how many", "order got how many this month?"])
def test_orders_asked_in_learner_order_are_paid_orders(text: str) -> None:
    assert sales_args("m_pet", text)["metric"] == "paid_orders"


def test_the_pack_count_of_a_title_names_no_product() -> None:
    args = sales_args("m_pet", "how many bag dog food we sell this week")
    assert args.get("category") == "狗粮" and "product" not in args


def test_a_period_compared_after_a_metric_keeps_it() -> None:
    args = sales_args("m_pet", "conversion rate of the cat tree last 14 days", "compare it with 14 days before")
    assert args["metric"] == "conversion" and args["compare"] == "previous_period"


@pytest.mark.parametrize(
    ("merchant", "texts", "column"),
    [
        ("m_pet", ("这周新客数多少",), "new_customers"),
        ("m_baby", ("new customer how many last month",), "new_customers"),
        ("m_baby", ("new customer how many last month", "which region most"), "c.region"),
        ("m_outdoor", ("How much money did we refund this month?",), "refunded_amount"),
    ],
)
def test_new_customers_and_refunded_money_are_sql(merchant: str, texts: tuple[str, ...], column: str) -> None:
    tool, args = first_call(merchant, *texts)
    assert tool == "query_store_sales" and column in args["sql"]


def test_the_days_before_keep_the_sql_question() -> None:
    _, args = first_call("m_outdoor", "How much money did we refund this week?", "and the week before?")
    assert "refunded_amount" in args["sql"] and "2026-11-16" not in args["sql"]


def test_a_count_compared_with_last_month_keeps_the_sql_question() -> None:
    _, args = first_call("m_outdoor", "这周取消的订单有几单", "跟上周比呢，多了少了")
    assert "cancelled" in args["sql"]


@pytest.mark.parametrize("text", ["帐篷这个月是不是一顶都卖不动了", "这周猫抓板是不是一个都没卖掉"])
def test_not_one_piece_sold_is_the_units_checked(text: str) -> None:
    merchant = "m_outdoor" if "帐篷" in text else "m_pet"
    args = sales_args(merchant, text)
    assert args["metric"] == "units" and "by" not in args


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("最近两周狗粮是不是跌了？", "drop"),
        ("cat tree not selling? last 3 weeks pls check", "drop"),
        ("这个月有什么东西突然卖疯了吗", "spike"),
    ],
)
def test_a_rise_or_fall_to_check_is_the_anomaly_scan(text: str, direction: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "detect_sales_anomalies" and args["direction"] == direction
