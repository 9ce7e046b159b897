"""A ranking said by negating a good word ("不怎么好卖", "not selling well", "slow movers") is lowest first; a
ranking's subject said after it ("…的品类", "…的3款") is its breakdown and its count."""

from __future__ import annotations

import pytest

from tests.offline.planned import sales_args


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_pet", "这个季度哪些猫砂不太好卖", {"order": "asc", "by": "product"}),
        ("m_baby", "最近没啥人买的品类是哪几个", {"order": "asc", "by": "category"}),
        ("m_outdoor", "what is not selling well this month", {"order": "asc", "by": "product"}),
        ("m_outdoor", "上个季度最受欢迎的品类", {"by": "category"}),
        ("m_pet", "上周卖得不太行的两款", {"order": "asc", "by": "product", "top": 2}),
    ],
)
def test_negated_and_trailing_ranking_words(merchant: str, text: str, expected: dict[str, object]) -> None:
    args = sales_args(merchant, text)
    assert {key: args.get(key) for key in expected} == expected, args


def test_a_count_of_things_sold_is_no_ranking() -> None:
    args = sales_args("m_outdoor", "昨天卖的3件冲锋衣一共多少钱")
    assert "top" not in args and args.get("by") is None
