"""Pinyin initials and shorthand a merchant thumbs on a phone (xs, tk率, zt, 上z, zj7t) are read as the Mandarin words
they stand for (data/cantonese.yaml, section initials), only as whole lower-case tokens in a Chinese message: English
words and abbreviations that contain or equal them read exactly as before. Today is the demo's 2026-11-20."""

from __future__ import annotations

import pytest

from copilot.offline.nlu import normalise
from copilot.offline.script import mainland
from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("jt xl好不好", "今天 销量好不好"),
        ("本z的kdj", "本周的客单价"),
        ("qn同期tk多少", "去年同期退款多少"),
        ("zj7t 各qd的zhl", "最近7天 各渠道的转化率"),
        ("帮我把ys提交sp", "帮我把预算提交审批"),
        ("下z搞个sx hd", "下周搞个上新 活动"),
        ("2z卖了几dan", "近2周卖了几单"),
    ],
)
def test_initials_in_a_chinese_message_become_the_words(said: str, read: str) -> None:
    assert mainland(said) == read


@pytest.mark.parametrize(
    "said",
    [
        "HD images for the banner",
        "SP 500 closed higher",
        "sp 500 closed higher",
        "hd photos of the tent please",
        "ys and xs sizes are sold out",
        "send the next text today, qty 3",
        "给我HD高清图",
        "SP系列防晒霜卖了多少",
        "xsmall码还有吗",
        "花了很多钱",
        "t恤还有货吗",
    ],
)
def test_english_words_and_abbreviations_are_not_rewritten(said: str) -> None:
    assert mainland(said) == said


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("jt xs多少", {"metric": "gmv", "period": "today"}),
        ("上z tk率", {"metric": "refund_rate", "period": "last_week"}),
        ("zj30t mll", {"metric": "gross_margin", "period": "last_30_days"}),
        ("yz xs咋样", {"metric": "gmv", "period": "last_7_days"}),
    ],
)
def test_initials_plan_the_sales_query_they_ask(said: str, expected: dict[str, str]) -> None:
    tool, args = first_call("m_pet", said)
    assert tool == "query_store_sales", (said, args)
    for name, value in expected.items():
        assert args.get(name) == value, (said, args)


def test_an_english_question_with_hd_is_planned_as_before() -> None:
    assert normalise("HD photos of last week's sales") == normalise("HD photos of last week's sales".lower())
    tool, args = first_call("m_outdoor", "what was GMV last week in HD?")
    assert tool == "query_store_sales"
    assert args.get("period") == "last_week"
