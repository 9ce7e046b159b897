"""Guizhou and Yunnan 哪样 before what is ranked is 哪个 (f31 kind): "哪样省", "哪样类目" rank by that dimension,
never by product; "那最低的两个商品" after a ranking of categories ranks the products."""

from __future__ import annotations

import pytest

from tests.offline.planned import sales_args


@pytest.mark.parametrize(
    ("merchant", "text", "by"),
    [
        ("m_baby", "上个月哪样省卖得最多", "region"),
        ("m_pet", "这周哪样类目退款率最高", "category"),
        ("m_outdoor", "今年哪样渠道的客单价最高", "channel"),
    ],
)
def test_which_in_guizhou_words_ranks_that_dimension(merchant: str, text: str, by: str) -> None:
    assert sales_args(merchant, text)["by"] == by


def test_the_lowest_products_after_a_category_ranking() -> None:
    args = sales_args("m_pet", "今年哪样类目毛利最高", "那毛利最低的两个商品咧")
    assert args["by"] == "product" and args.get("top") == 2
