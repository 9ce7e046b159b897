"""Shanghainese (Wu) and Northeastern words are read as the Mandarin of the offline model's vocabulary, by the same
dialect table as Cantonese (copilot/offline/data/cantonese.yaml). Today is the demo's 2026-11-20 (a Friday)."""

from __future__ import annotations

import pytest

from copilot.offline.script import mainland
from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("阿拉搿只号头卖脱交关", "我们这个月卖出很"),
        ("侬讲讲旧年今朝哪能", "你讲讲去年今天怎么样"),
        ("小囡白相额玩具老好额伐", "小孩玩的玩具很好的吗"),
        ("俩礼拜贼拉多", "两周很多"),
        ("仨月咋整", "三个月怎么办"),
        ("拨我看看投流几化", "给我看看投流多少"),
        ("伊拉侪讲搿样物事贼好卖", "他们都讲这样东西很好卖"),
    ],
)
def test_wu_and_northeastern_words_become_mainland_words(said: str, read: str) -> None:
    assert mainland(said) == read


@pytest.mark.parametrize(
    "said",
    [
        "阿拉斯加犬用的狗粮",  # 阿拉 of 阿拉斯加 is no pronoun
        "上个月的销售额和成交额",  # 额 of an amount word is no particle
        "额度用完了",
        "营业额",
        "步伐",
        "拨款到账",  # 拨 of a Mandarin word is no 给
        "伊拉克",
    ],
)
def test_mandarin_words_holding_a_dialect_character_are_left_alone(said: str) -> None:
    assert mainland(said) == said


@pytest.mark.parametrize(
    ("merchant", "said", "expected"),
    [
        ("m_pet", "猫砂旧年十二号头卖脱几袋", {"metric": "units", "category": "猫砂", "period": "2025-12"}),
        ("m_outdoor", "阿拉头灯昨日卖脱多少只", {"metric": "units", "category": "头灯", "period": "yesterday"}),
        ("m_baby", "侬看看今朝湿巾额成交额", {"metric": "gmv", "category": "湿巾", "period": "today"}),
        ("m_outdoor", "睡袋近两个号头额退款率", {"metric": "refund_rate", "period": "last_2_months"}),
        ("m_pet", "猫粮最近俩礼拜卖了多少钱", {"metric": "gmv", "category": "猫粮", "period": "last_2_weeks"}),
        ("m_outdoor", "天幕上个礼拜好卖伐", {"category": "天幕", "period": "last_week"}),
        ("m_pet", "猫砂旧年卖了几钿", {"metric": "gmv", "category": "猫砂", "period": "last_year"}),
    ],
)
def test_dialect_questions_plan_the_sales_query_they_ask(merchant: str, said: str, expected: dict[str, str]) -> None:
    tool, args = first_call(merchant, said)
    assert tool == "query_store_sales", (said, tool, args)
    assert "product" not in args, args  # no dialect word is taken for an unsold product
    for name, value in expected.items():
        assert args.get(name) == value, (said, args)


def test_a_month_said_in_wu_is_no_product() -> None:
    tool, args = first_call("m_baby", "阿拉上个号头客单价多少")
    assert (tool, args.get("metric"), args.get("period"), args.get("product")) == (
        "query_store_sales",
        "aov",
        "last_month",
        None,
    )


def test_a_count_of_weeks_with_no_window_word_is_said_unread_not_defaulted() -> None:
    from copilot.clock import DEMO_TODAY
    from copilot.offline.nlu import parse
    from tests.offline.test_nlu import demo_catalogs

    parsed = parse("猫粮俩礼拜卖了多少钱", catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY)
    assert parsed.slots.get("period") is None
    assert parsed.unread_period == ["2周"]
