"""What a sales question asks when it is said in learner's English (a singular for the plural, a bare verb), in
British shop talk (shift, flying off the shelves), by a product's own word (hardshell, cat can, wipe), by a group of
provinces (江浙沪, 京津冀) or by how hard sales fell; through the offline planner (today 2026-11-20)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import first_call, plan_next_answer, sales_args


@pytest.mark.parametrize(
    ("merchant", "said", "expected"),
    [
        ("m_outdoor", "how many order we get last week", {"metric": "paid_orders", "period": "last_week"}),
        ("m_pet", "order number yesterday", {"metric": "paid_orders", "period": "yesterday"}),
        ("m_outdoor", "which category sell most this month", {"by": "category", "top": 1}),
        ("m_baby", "which city spend most last week", {"by": "region", "top": 1, "period": "last_week"}),
        ("m_pet", "which channel bring most order last month", {"by": "channel", "top": 1}),
        ("m_outdoor", "how many tent we shift last week", {"metric": "units", "category": "帐篷"}),
        ("m_pet", "how much did we flog of the litter boxes this month", {"metric": "units", "category": "猫砂盆"}),
        (
            "m_outdoor",
            "which tents are flying off the shelves",
            {"metric": "units", "by": "product", "category": "帐篷"},
        ),
        ("m_outdoor", "hardshell units last month", {"metric": "units", "product": "out_shell_pro"}),
        ("m_pet", "cat can refund rate this month", {"metric": "refund_rate", "product": "pet_cat_cans"}),
    ],
)
def test_learner_and_shop_english_asks_its_figure(merchant: str, said: str, expected: dict[str, Any]) -> None:
    args = sales_args(merchant, said)
    for name, value in expected.items():
        assert args.get(name) == value, (said, name, args)


def test_a_singular_category_word_follows_up_the_last_question() -> None:
    args = sales_args("m_baby", "how many diaper we sell last week", "and wipe?")
    assert args.get("metric") == "units" and args.get("period") == "last_week", args
    assert "baby_wipes" in (args.get("product"), args.get("category")) or args.get("category") == "湿巾", args


def test_wipe_as_a_verb_is_no_category() -> None:
    assert "read" in plan_next_answer("m_baby", "wipe the test orders")  # a change of data, refused: no wipes sold


@pytest.mark.parametrize(
    ("said", "regions"),
    [
        ("江浙沪这个月卖了多少钱", {"江苏", "浙江", "上海"}),
        ("京津冀上周的订单数", {"北京", "天津", "河北"}),
        ("东三省上个月退款率", {"黑龙江", "吉林", "辽宁"}),
        ("GMV in the Yangtze River Delta last month", {"上海", "江苏", "浙江", "安徽"}),
        ("川渝和两湖的客单价", {"四川", "重庆", "湖北", "湖南"}),
    ],
)
def test_a_group_of_provinces_is_each_of_them(said: str, regions: set[str]) -> None:
    args = sales_args("m_outdoor", said)
    assert set(str(args.get("region")).split(",")) == regions, args
    assert "product" not in args, args


@pytest.mark.parametrize(
    "said", ["每个地方的顾客上周花了多少钱", "不同省份的成交额排前三", "GMV for each part of the country"]
)
def test_customers_of_each_place_are_a_breakdown_by_region(said: str) -> None:
    assert sales_args("m_outdoor", said).get("by") == "region"


@pytest.mark.parametrize(
    ("merchant", "said", "direction"),
    [("m_outdoor", "头灯是不是掉得蛮凶", "drop"), ("m_pet", "猫砂这阵子涨得太猛了吧", "spike")],
)
def test_how_hard_sales_moved_is_an_anomaly_question(merchant: str, said: str, direction: str) -> None:
    tool, args = first_call(merchant, said)
    assert tool == "detect_sales_anomalies" and args.get("direction") == direction, (tool, args)


@pytest.mark.parametrize(
    ("said", "by"), [("广东上个月排第几", "region"), ("where does the live channel rank this month", "channel")]
)
def test_the_place_of_a_region_or_channel_is_its_rank_among_all(said: str, by: str) -> None:
    args = sales_args("m_outdoor", said)
    assert args.get("by") == by and "region" not in args and "channel" not in args, args


@pytest.mark.parametrize("said", ["登山杖上周卖了多少根", "头灯卖出去几枚了", "防晒霜这个月走了几份"])
def test_a_count_by_its_measure_word_is_units(said: str) -> None:
    assert sales_args("m_outdoor", said).get("metric") == "units"
