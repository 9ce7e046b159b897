"""Products said by what merchants call them: a tag of the product (its own keywords), a material cut to one
character, a word for any thing after a title word, the dearest or cheapest of a family, a word that tells a product
from its siblings once the family is named."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("merchant", "said", "product"),
    [
        ("m_pet", "免铲屎的那个猫砂盆上周卖了多少", "pet_smart_litterbox"),
        ("m_baby", "哄睡的那个放声音的机器 这周卖了几台", "baby_white_noise"),
        ("m_outdoor", "铝的那款登山杖今年卖了几支", "out_pole_alu"),
        ("m_pet", "automatic litter box conversion last week", "pet_smart_litterbox"),
        ("m_outdoor", "最便宜的那顶帐篷上个月卖了几顶", "out_tent_family"),
        ("m_baby", "units of the priciest stroller this year", "baby_stroller_highview"),
        ("m_baby", "the cheapest stroller, revenue last month", "baby_stroller_fold_new"),
    ],
)
def test_a_product_said_by_its_nickname_is_that_product(merchant: str, said: str, product: str) -> None:
    assert sales_args(merchant, said)["product"] == product


def test_a_family_named_without_a_superlative_stays_the_family() -> None:
    args = sales_args("m_outdoor", "帐篷上个月卖了几顶")
    assert args.get("category") == "帐篷" and "product" not in args


def test_a_colloquial_family_name_is_the_family() -> None:
    args = sales_args("m_outdoor", "杖子上周一共卖了多少钱")
    assert args.get("category") == "登山杖"


def test_a_qualifier_word_shared_by_two_families_names_neither_product() -> None:
    args = sales_args("m_baby", "哄睡的东西上周卖了多少")  # the rocker and the white-noise machine both soothe
    assert args.get("product") not in ("baby_rocker", "baby_white_noise")


def test_who_the_clients_are_with_a_promotion_planned_after_is_an_audience() -> None:
    tool, args = first_call("m_outdoor", "Who are the buyers for the headlamp? We want to run a promotion.")
    assert tool == "find_target_segments"
    assert args.get("product") == "out_headlamp"


def test_two_products_of_one_family_pointed_at_by_name_are_their_family_not_a_question() -> None:
    args = sales_args("m_outdoor", "那个蛋卷桌跟月亮椅 上周一共卖了几件")
    assert args.get("category") == "折叠桌椅"


@pytest.mark.parametrize(
    ("merchant", "said", "category"),
    [
        ("m_baby", "refund rate of our strollers this month, is that high?", "婴儿推车"),
        ("m_pet", "litter boxes last week, were sales low or ok?", "猫砂盆"),
    ],
)
def test_a_short_word_of_a_product_tag_said_alone_names_no_product(merchant: str, said: str, category: str) -> None:
    args = sales_args(merchant, said)
    assert args.get("category") == category
    assert "product" not in args
