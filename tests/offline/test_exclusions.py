"""Filters said as exclusions ask about the rest of the store, never about the value named (issue 18: the
direction of a filter silently reversed)."""

from __future__ import annotations

import pytest

from copilot.service import Copilot
from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    "text",
    [
        "十月份剔除掉直播的成交额",
        "上周直播渠道以外的订单量",
        "refund rate last week not counting live",
        "October revenue with live left out",
    ],
)
def test_an_excluded_channel_leaves_the_other_channels(text: str) -> None:
    assert set(sales_args("m_outdoor", text)["channel"].split(",")) == {"search", "recommend", "direct"}


def test_an_excluded_category_leaves_every_other_category() -> None:
    args = sales_args("m_pet", "上个月不算猫砂的话卖了多少钱")
    categories = set(args["category"].split(","))
    assert "猫砂" not in categories and {"猫粮", "猫罐头"} <= categories and "product" not in args


def test_an_excluded_region_leaves_the_other_regions() -> None:
    regions = sales_args("m_baby", "订单数 上个月 浙江除外").get("region", "").split(",")
    assert "浙江" not in regions and {"广东", "江苏"} <= set(regions)


def test_an_excluded_product_within_its_category_leaves_its_siblings() -> None:
    args = sales_args("m_outdoor", "last month units of our trekking poles apart from the carbon ones")
    assert args["product"] == "out_pole_alu"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上个月直播卖了多少", {"channel": "live"}),
        ("除了冲锋衣，头灯上个月卖了多少", {"category": "头灯"}),
        ("上个月非常好卖的帐篷卖了几顶", {"category": "帐篷"}),
    ],
)
def test_a_value_named_for_itself_stays_the_filter(text: str, expected: dict[str, str]) -> None:
    args = sales_args("m_outdoor", text)
    assert {key: args.get(key) for key in expected} == expected


def test_a_follow_up_that_excludes_a_channel_keeps_the_rest_of_the_question() -> None:
    tool, args = first_call("m_pet", "这个月猫粮的销售额", "把直播去掉再算一遍")
    assert tool == "query_store_sales" and args["category"] == "猫粮" and args["period"] == "this_month"
    assert set(args["channel"].split(",")) == {"search", "recommend", "direct"}


def test_the_answer_states_the_channels_it_covered(copilot: Copilot) -> None:
    answer = copilot.ask("m_outdoor", "excluded", "GMV last month excluding the live channel").answer
    assert "2026-10-01 .. 2026-10-31" in answer and "search" in answer.lower() and "live" not in answer.lower()
