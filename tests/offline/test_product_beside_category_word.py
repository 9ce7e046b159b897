"""A product listed beside a word that names one product through its category ("护膝" of the knee brace, "狗窝" in
the pet beds) asks about both, never only the one with its own title word (the other used to be dropped silently)."""

from __future__ import annotations

from tests.offline.planned import sales_args


def test_a_category_word_of_one_product_listed_with_another_product_asks_about_both() -> None:
    args = sales_args("m_outdoor", "上周 羊毛袜、护膝 各卖了多少件")
    assert set(str(args.get("category")).split(",")) == {"运动袜", "护具"} and "product" not in args


def test_two_products_of_one_category_named_side_by_side_are_both_kept() -> None:
    args = sales_args("m_pet", "冰垫同狗窝 哪个卖得多")
    assert args.get("category") == "宠物窝" and args.get("by") == "product" and "product" not in args


def test_a_category_word_alone_still_names_its_product() -> None:
    assert sales_args("m_outdoor", "护膝这个月卖了多少").get("product") == "out_knee_brace"
