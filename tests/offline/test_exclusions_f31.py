"""A product said as excluded inside its category is never the filter (f31 exclusions kind): pointed at after its
own words ("冻干的那袋不算", "新款那台除外"), listed with others ("X和Y那两款都别放"), after "不含 … only …", or in a
clause opening "not the"; the rest of its category is asked about (the one left, when one is)."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("merchant", "text", "kept"),
    [
        ("m_pet", "猫粮上周走了几袋？冻干的那袋不算", "pet_catfood_grainfree"),
        ("m_pet", "饮水机这周卖了多少钱，新款那台除外", "pet_water_fountain"),
        ("m_pet", "猫砂上个月退款率，混合的那种不要算", "pet_litter_tofu"),
        ("m_pet", "refund rate on cat litter last week, 不包括豆腐砂 only 混合砂", "pet_litter_mixed"),
    ],
)
def test_the_one_left_of_its_category_is_asked_about(merchant: str, text: str, kept: str) -> None:
    args = sales_args(merchant, text)
    assert args.get("product") == kept
    assert "category" not in args


def test_the_rest_of_the_category_is_asked_when_several_are_left() -> None:
    args = sales_args("m_outdoor", "这个月冲锋衣一共走了几件，新款那一件别算")
    assert set(str(args.get("product")).split(",")) == {"out_shell_3in1", "out_shell_pro", "out_softshell"}


def test_two_members_said_out_together_leave_the_third_for_a_plan() -> None:
    tool, args = first_call("m_baby", "婴儿推车做个清仓，预算五千，高景观和新款这两款都不要放")
    assert tool == "draft_campaign"
    assert args.get("product") == "baby_stroller_light"


def test_a_product_said_out_of_a_store_figure_leaves_the_store_without_it() -> None:
    args = sales_args("m_pet", "this year's margin please, excluding 全自动智能猫砂盆")
    products = set(str(args.get("product")).split(","))
    assert "pet_smart_litterbox" not in products
    assert {"pet_litterbox_enclosed", "pet_dogfood_adult"} <= products


def test_a_clause_saying_what_is_not_asked_names_nothing() -> None:
    args = sales_args("m_pet", "not the dog things — how did 猫砂 sell yesterday?")
    assert args.get("category") == "猫砂"
    assert "product" not in args
