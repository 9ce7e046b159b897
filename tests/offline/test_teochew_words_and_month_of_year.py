"""Teochew (Chaoshan) words are read as the Mandarin of the offline model's vocabulary by the one dialect table
(copilot/offline/data/cantonese.yaml); a month of a year written 10/2026 is that month; a non-native "total sale"
is the store's GMV. Today is the demo's 2026-11-20 (a Friday)."""

from __future__ import annotations

import pytest

from copilot.offline.script import mainland
from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("只礼拜退款若多单", "这周退款多少单"),
        ("许款睡袋底个渠道卖较好", "那款睡袋哪个渠道卖得好"),
        ("本月甲上月比有跌无", "本月跟上月比有没有跌"),
        ("拢总有若济个客户", "总共有多少个客户"),
        ("伊个转化率好势无", "它的转化率好不好"),
    ],
)
def test_teochew_words_become_mainland_words(said: str, read: str) -> None:
    assert mainland(said) == read


@pytest.mark.parametrize(
    "said",
    [
        "指甲剪卖得怎样",
        "甲方的要求",
        "许多客户都退了",
        "也许是物流的问题",
        "伊利的奶粉",
        "只个别商品退款",
        "这个呢",
        "逐日的客单价",
        "上个客单价",
        "每个客流",
    ],
)
def test_mandarin_words_holding_a_teochew_character_are_left_alone(said: str) -> None:
    assert mainland(said) == said


@pytest.mark.parametrize(
    ("merchant", "said", "args"),
    [
        ("m_pet", "只个月猫砂卖若济钱", {"metric": "gmv", "period": "this_month", "category": "猫砂"}),
        ("m_outdoor", "昨日拢总有若多单", {"metric": "paid_orders", "period": "yesterday"}),
        ("m_baby", "上礼拜逐日个客单价", {"metric": "aov", "by": "day", "period": "last_week"}),
        ("m_baby", "orders per province in 09/2026", {"metric": "paid_orders", "by": "region", "period": "2026-09"}),
        ("m_outdoor", "the total sale of 2-2026 please", {"metric": "gmv", "period": "2026-02"}),
    ],
)
def test_teochew_and_month_of_year_questions_are_answered(merchant: str, said: str, args: dict[str, str]) -> None:
    tool, called = first_call(merchant, said)
    assert tool == "query_store_sales"
    assert {name: called.get(name) for name in args} == args
