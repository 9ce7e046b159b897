"""'那' before a word that only one product's title holds ("那蛋卷桌…") names that product, even when the thread was
about another product of the same category; '那个' before a plain category word still points at the thread's."""

from __future__ import annotations

from tests.offline.planned import sales_args


def test_a_word_one_title_holds_names_that_product_after_its_sibling() -> None:
    args = sales_args("m_outdoor", "月亮椅这周卖了几把", "那蛋卷桌卖了几张")
    assert args["product"] == "out_egg_roll_table"


def test_a_plain_category_word_pointed_at_keeps_the_threads_product() -> None:
    args = sales_args("m_outdoor", "三合一冲锋衣这个月卖了多少", "那个冲锋衣的退款率呢")
    assert args.get("product") == "out_shell_3in1"
