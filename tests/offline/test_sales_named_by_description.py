"""Products named the way merchants describe them and follow-ups that move the question: a title word said right
before the product's own category word ("轻便双肩包") names that product, a hyphenated name with digits is one word
however it is typed ("3in1"), a follow-up naming something the store does not sell is said to be missing (never
the previous product's figures), "这几款" refers back, returns "多不多" are the refund rate, "上周同期" is the
previous question's days a week earlier, and orders "取消的不算" are paid orders."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import sales_args as _args


@pytest.mark.parametrize(
    ("merchant", "text", "product"),
    [
        ("m_outdoor", "上个月轻便双肩包卖了几个", "out_daypack_20l"),
        ("m_outdoor", "上个月那个轻便的双肩包卖了几个", "out_daypack_20l"),
        ("m_baby", "上个月那款轻便推车卖了几台", "baby_stroller_light"),
        ("m_outdoor", "gmv of the 3in1 jacket this year", "out_shell_3in1"),
    ],
)
def test_a_title_word_before_the_category_word_names_the_product(merchant: str, text: str, product: str) -> None:
    assert _args(merchant, text)["product"] == product


@pytest.mark.parametrize(
    ("texts", "missing"),
    [
        (["猫粮上个月卖了多少", "那宠物保险呢"], "宠物保险"),
        (["litter box units last month", "and the hamster cage?"], "hamster cage"),
    ],
)
def test_a_follow_up_naming_what_the_store_does_not_sell_is_not_the_previous_item(
    texts: list[str], missing: str
) -> None:
    args = _args("m_pet", *texts)
    assert args["product"] == missing and "category" not in args
    assert args["period"] == "last_month"


def test_these_items_returns_are_the_refund_rate_of_the_previous_question() -> None:
    args = _args("m_baby", "纸尿裤上个月卖了多少", "这几款退货的多不多")
    assert args == {"metric": "refund_rate", "period": "last_month", "category": "纸尿裤"}


@pytest.mark.parametrize(
    ("texts", "period"),
    [
        (["本周到今天的订单数", "上周同期呢"], "2026-11-09..2026-11-13"),
        (["gmv this week so far", "same days last week?"], "2026-11-09..2026-11-13"),
        (["本月到今天的订单数", "上个月同期呢"], "2026-10-01..2026-10-20"),
    ],
)
def test_the_same_days_last_week_or_month_move_the_previous_period(texts: list[str], period: str) -> None:
    assert _args("m_pet", *texts)["period"] == period


def test_orders_with_the_cancelled_ones_left_out_are_paid_orders() -> None:
    args = _args("m_pet", "这个月到现在有多少单是付了款的，取消的不算")
    assert args == {"metric": "paid_orders", "period": "this_month"}


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            ["今年双11期间的订单数", "跟去年双11同期比呢"],
            {"metric": "paid_orders", "period": "2026-10-20..2026-11-11", "compare": "year_over_year"},
        ),
        (["上周猫粮销量", "客单价也查一下"], {"metric": "aov", "period": "last_week", "category": "猫粮"}),
    ],
)
def test_the_same_stretch_last_year_and_another_metric_too_keep_the_previous_question(
    texts: list[str], expected: dict[str, Any]
) -> None:
    args = _args("m_pet", *texts)
    assert {key: args.get(key) for key in expected} == expected
