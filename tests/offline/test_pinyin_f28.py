"""Chinese words typed in toneless pinyin inside English: read as the Chinese words the model knows, never as
product names; courtesy fillers at a clause's end dropped; English words left alone (issue 18, fresh28)."""

from __future__ import annotations

import pytest

from copilot.offline.nlu import normalise
from copilot.offline.pinyin_words import rewritten
from tests.offline.planned import period_read, sales_args


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("tuikuanlv for last week", "refund_rate"),
        ("show me zhuanhua lv of october", "conversion"),
        ("what is the maoli lu last month", "gross_margin"),
        ("kedanjia last week pls", "aov"),
        ("dingdan last week how many", "paid_orders"),
    ],
)
def test_pinyin_metric_words_are_read(text: str, metric: str) -> None:
    assert sales_args("m_baby", text)["metric"] == metric


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("qiantian xiaoshoue ok", "销售额"),
        ("budget is yusuan 8000", "预算"),
        ("only sousuo please", "搜索"),
        ("zhibo channel", "直播"),
        ("sell naiping", "奶瓶"),
        ("the niao bu shi", "尿不湿"),
    ],
)
def test_pinyin_words_in_characters(text: str, word: str) -> None:
    assert word in rewritten(text)


@pytest.mark.parametrize(
    "text",
    [
        "women can long bang fang ban she he a an ma",
        "the panda made a name for itself",
        "hang on, change the banner",
    ],
)
def test_english_words_stay(text: str) -> None:
    assert rewritten(text) == text


@pytest.mark.parametrize(
    ("text", "left"), [("orders yesterday ka?", "orders yesterday?"), ("and jiangsu na", "and jiangsu")]
)
def test_courtesy_fillers_dropped(text: str, left: str) -> None:
    assert rewritten(text) == left


def test_pinyin_category_goes_to_the_catalog() -> None:
    args = sales_args("m_baby", "naiping gmv last week")
    assert args.get("category") == "奶瓶" or args.get("product")
    assert "naiping" not in str(args)


def test_pinyin_rewrite_is_in_normalise() -> None:
    assert "退款率" in normalise("Tuikuan Lü by channel")


@pytest.mark.parametrize(
    "text", ["orders by week from 2 october", "zhibo gmv weekly, from october 2", "sales from 2nd of october"]
)
def test_a_start_day_with_no_end_runs_to_today(text: str) -> None:
    assert period_read(text) == "2026-10-02..2026-11-20"
