"""Products and corrections: "the <word>" in the singular names the one product whose title holds it (the plural is the
category), a size said picks the product of that size, a correction names the target meant and not the one denied,
and a follow-up breakdown by product (再分产品) keeps the filter."""

from __future__ import annotations

from tests.offline.planned import sales_args


def test_the_singular_names_the_one_product() -> None:
    assert sales_args("m_baby", "orders of the rocker last week").get("product") == "baby_rocker"


def test_the_plural_stays_the_category() -> None:
    assert sales_args("m_baby", "orders of the rockers last week").get("category") == "摇椅"


def test_a_size_said_after_a_category() -> None:
    args = sales_args("m_baby", "nappy units last week", "just the L size ones")
    assert args.get("product") == "baby_pullups_l" and args.get("period") == "last_week"


def test_a_correction_drops_the_target_denied() -> None:
    args = sales_args("m_outdoor", "tent sales by month this year", "oops, meant the backpacks not the tents")
    assert args.get("category") == "背包" and args.get("by") == "month"


def test_breakdown_by_product_keeps_the_channel() -> None:
    args = sales_args("m_outdoor", "上周各渠道的销售额", "直播再分单品看看")
    assert args.get("by") == "product" and args.get("channel") == "live" and args.get("period") == "last_week"
