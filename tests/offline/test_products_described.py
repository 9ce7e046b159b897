"""Products said by what they do or are like, through the one catalog resolver's `described`: a pointed-at
description ("…的那个灯", "the gadget that …") names the product whose words it shares most, two descriptions name
both, a new one said new is the new product, one that fits several about as well is asked back with the best two;
"cheap"/"便宜的" before a family is its cheaper product, "both sizes" is no size S, and dialect words and a first
language's word for turnover are never taken for a product."""

from __future__ import annotations

import pytest

from tests.offline.planned import plan_next_answer, sales_args


@pytest.mark.parametrize(
    ("merchant", "text", "product"),
    [
        ("m_outdoor", "戴在头上照路的那个灯上周卖了多少", "out_headlamp"),
        ("m_pet", "自己会清理猫屎的那个盆子，上个月退款率", "pet_smart_litterbox"),
        ("m_pet", "the machine that blow-dries dogs after a bath, units last month", "pet_drying_box"),
        ("m_baby", "the thing that checks the temperature in a baby's ear, units last month", "baby_ear_thermometer"),
        ("m_outdoor", "刚出的那个防风的，上周卖了几件", "out_shell_light_new"),
    ],
)
def test_a_described_product_is_the_one_whose_words_it_shares(merchant: str, text: str, product: str) -> None:
    assert sales_args(merchant, text)["product"] == product


def test_two_described_items_of_one_category_are_that_category() -> None:
    args = sales_args("m_baby", "玻璃做的那个和宽口的那个，上个月各卖了多少")
    assert args["category"] == "奶瓶" and "product" not in args


def test_a_description_that_fits_several_is_asked_with_the_best_two() -> None:
    answer = plan_next_answer("m_pet", "那个给猫用的，上周卖得怎么样")
    assert "还是" in answer


@pytest.mark.parametrize(
    ("merchant", "text", "product"),
    [
        ("m_outdoor", "便宜的那款帐篷上个月卖了多少", "out_tent_family"),
        ("m_outdoor", "gmv of the cheaper poles last month", "out_pole_alu"),
        ("m_outdoor", "units of the pricier poles last week", "out_pole_carbon"),
    ],
)
def test_cheap_or_dear_before_a_family_is_its_cheapest_or_dearest(merchant: str, text: str, product: str) -> None:
    assert sales_args(merchant, text)["product"] == product


def test_both_sizes_of_a_family_is_the_family() -> None:
    args = sales_args("m_baby", "diaper units last month across both sizes")
    assert args.get("category") == "纸尿裤" and "product" not in args


@pytest.mark.parametrize(
    ("merchant", "text"),
    [
        ("m_pet", "What was our omzet last week?"),
        ("m_outdoor", "我寻思着上周生意不错，上周卖了多少钱"),
        ("m_outdoor", "国庆那阵儿订单有多少"),
        ("m_pet", "上周卖了多少钱，俺寻思着上周人挺老些的"),
    ],
)
def test_dialect_words_and_turnover_words_name_no_product(merchant: str, text: str) -> None:
    args = sales_args(merchant, text)
    assert "product" not in args and "category" not in args
