"""Words that are no catalog words never become products: greetings of other languages, small talk to the copilot,
a learner's "medium" for the average, and the parts of China said by compass direction."""

from __future__ import annotations

import pytest

from tests.offline.planned import plan_next_answer, sales_args


@pytest.mark.parametrize("greeting", ["Jambo", "Mambo", "Hola", "Bonjour", "Vipi"])
def test_a_greeting_of_another_language_names_no_product(greeting: str) -> None:
    args = sales_args("m_pet", f"{greeting}, what were the paid orders yesterday?")
    assert args["metric"] == "paid_orders"
    assert "product" not in args and "category" not in args


@pytest.mark.parametrize(
    "chat", ["Hola bot, how has your week been", "hey mate how are you doing", "你最近还好吗", "Niaje, how is it going"]
)
def test_small_talk_to_the_copilot_is_redirected_not_answered_with_sales(chat: str) -> None:
    answer = plan_next_answer("m_baby", chat)
    assert "?" in answer or "？" in answer


def test_small_talk_about_the_business_is_still_a_sales_question() -> None:
    assert sales_args("m_baby", "hey, how is business going this week")["period"] == "this_week"


def test_a_medium_order_value_is_the_average_order_value() -> None:
    args = sales_args("m_outdoor", "what is the medium value per order this month")
    assert args["metric"] == "aov"
    assert "product" not in args


@pytest.mark.parametrize(
    ("said", "provinces"),
    [
        ("西南上周卖了多少", {"重庆", "四川", "贵州", "云南", "西藏"}),
        ("gmv of northeast china this year", {"黑龙江", "吉林", "辽宁"}),
        ("how did central china do last week", {"河南", "湖北", "湖南"}),
    ],
)
def test_a_part_of_china_is_its_provinces(said: str, provinces: set[str]) -> None:
    args = sales_args("m_pet", said)
    assert set(args["region"].split(",")) == provinces
    assert "product" not in args


def test_the_north_against_the_south_is_every_province_of_both_never_a_product() -> None:
    args = sales_args("m_baby", "southern vs northern provinces, which sold more units this year")
    assert "product" not in args
    said = set(args["region"].split(","))
    assert {"广东", "北京", "四川", "黑龙江"} <= said
