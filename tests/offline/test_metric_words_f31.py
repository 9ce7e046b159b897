"""Metric words of f31: the refunds said as not counted name no refund rate ("excluding refunds, units?"); "how
many of 'em" sold is the units, "average check" the AOV; a follow-up that sets a channel beside the one asked
("跟推荐渠道对比下") or asks only the money ("好多钱嘛") keeps the metric or the region asked before; interjections
of the Upper Midwest ("ope", "you betcha") name no product."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("merchant", "text", "metric"),
    [
        ("m_outdoor", "excluding refunds, how many units did 帐篷 move in September?", "units"),
        ("m_outdoor", "不算退款，上个月帐篷走了几顶", "units"),
        ("m_pet", "those scratching boards, how many of 'em have we sold this month?", "units"),
        ("m_baby", "what was our average check last week", "aov"),
    ],
)
def test_the_metric_meant(merchant: str, text: str, metric: str) -> None:
    assert sales_args(merchant, text)["metric"] == metric


def test_a_channel_set_beside_the_one_asked_keeps_the_metric() -> None:
    args = sales_args("m_pet", "上周直播渠道的退款率", "跟推荐渠道对比下")
    assert args["metric"] == "refund_rate"
    assert "recommend" in args["channel"]


def test_only_the_money_asked_after_a_region_keeps_the_region() -> None:
    args = sales_args("m_outdoor", "上个月四川出了好多单", "那好多钱嘛")
    assert args["metric"] == "gmv" and args.get("region") == "四川"


def test_a_ranking_of_regions_after_one_region_places_it_among_all() -> None:
    args = sales_args("m_outdoor", "上个月四川出了好多单", "按省份排一下，四川第几")
    assert args.get("by") == "region" and "region" not in args


@pytest.mark.parametrize(
    "text",
    ["Ope, how were sales last month? You betcha I wanna know", "uff da, how were sales yesterday, real quick"],
)
def test_midwestern_interjections_name_no_product(text: str) -> None:
    args = sales_args("m_outdoor", text)
    assert "product" not in args and args["metric"] == "gmv"


@pytest.mark.parametrize(
    ("merchant", "text"),
    [
        ("m_outdoor", "上周一共多少单，退款的也算上"),
        ("m_baby", "包括退货的订单在内，这个月下了几单"),
        ("m_pet", "how many orders did we get in October, including refunds?"),
    ],
)
def test_orders_counted_with_the_refunded_ones_are_booked_orders_in_sql(merchant: str, text: str) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "query_store_sales"
    assert "metric" not in args and "refunded" in str(args.get("sql"))
