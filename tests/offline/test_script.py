"""Cantonese and traditional characters are read as the simplified Mandarin of the offline model's vocabulary
(copilot/offline/script.py; a Guangdong or Hong Kong merchant writes 尋日賣咗幾多). Today is the demo's 2026-11-20."""

from __future__ import annotations

import pytest

from copilot.offline.nlu import normalise
from copilot.offline.script import mainland
from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("尋日賣咗幾多件衫？", "昨天卖了多少件衫？"),
        ("邊個地區嘅客最多", "哪个地区的客最多"),
        ("今個禮拜同上個禮拜比", "这周同上周比"),
        ("佢哋冇買過", "他们没有买过"),
        ("呢個月嘅訂單", "这个月的订单"),
        ("關係唔大", "关系不大"),
    ],
)
def test_cantonese_and_traditional_words_become_mainland_words(said: str, read: str) -> None:
    assert mainland(said) == read


@pytest.mark.parametrize("said", ["上个月各品类的销售额", "后天发货的干货面条", "猫粮 vs 猫罐头 gross margin"])
def test_simplified_text_is_left_as_it_is(said: str) -> None:
    assert mainland(said) == said


@pytest.mark.parametrize(
    ("merchant", "said", "expected"),
    [
        ("m_pet", "尋日總共有幾多單？", {"metric": "paid_orders", "period": "yesterday"}),
        ("m_pet", "上個月貓糧嘅退款率係幾多", {"metric": "refund_rate", "period": "last_month"}),
        ("m_outdoor", "今個月邊個產品賣得最多？", {"by": "product", "period": "this_month"}),
        ("m_baby", "上個禮拜嘅成交額", {"metric": "gmv", "period": "last_week"}),
    ],
)
def test_cantonese_questions_plan_the_sales_query_they_ask(merchant: str, said: str, expected: dict[str, str]) -> None:
    tool, args = first_call(merchant, said)
    assert tool == "query_store_sales"
    for name, value in expected.items():
        assert args.get(name) == value, (said, args)
    assert normalise(said) == normalise(mainland(said))
