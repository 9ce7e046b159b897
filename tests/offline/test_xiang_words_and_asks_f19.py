"""Xiang (Changsha) and Hubei words are read as the Mandarin of the offline model's vocabulary by the dialect table
(copilot/offline/data/cantonese.yaml); whether the store sells a thing at all is a sales question that says so for a
thing it lacks; small talk gets a short redirect that asks; another business's figures are refused. Today is the
demo's 2026-11-20."""

from __future__ import annotations

import pytest

from copilot.offline.script import mainland
from tests.offline.planned import first_call, plan_next_answer


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("后天子么样", "后天怎么样"),
        ("买咖好多瓶咯", "买了多少瓶咯"),
        ("退咖好多", "退了多少"),
        ("么事卖得最好", "什么卖得最好"),
        ("有冇得卖", "有没有卖"),
        ("么得货", "没有货"),
    ],
)
def test_xiang_words_become_mainland_words(said: str, read: str) -> None:
    assert mainland(said) == read


@pytest.mark.parametrize(
    "said",
    ["来杯咖啡", "咖喱猫粮", "咖色的冲锋衣", "请了个大咖", "怎么样", "好多了", "什么样子", "没有得到"],
)
def test_mandarin_words_holding_a_xiang_word_are_left_alone(said: str) -> None:
    assert mainland(said) == said


@pytest.mark.parametrize(
    ("merchant", "said", "expected"),
    [
        ("m_outdoor", "今天子卖咖好多单咯", {"metric": "paid_orders", "period": "today"}),
        (
            "m_outdoor",
            "头灯前天子卖咖好多个噻",
            {"metric": "units", "category": "头灯", "period": "2026-11-18..2026-11-18"},
        ),
        ("m_pet", "猫粮上个礼拜卖咖好多袋", {"metric": "units", "category": "猫粮", "period": "last_week"}),
        ("m_baby", "这个礼拜客单价么样咯", {"metric": "aov", "period": "this_week"}),
        ("m_outdoor", "昨天子么子东西卖得最好", {"by": "product", "period": "yesterday"}),
        ("m_outdoor", "睡袋昨天子卖咖好多钱咧", {"metric": "gmv", "category": "睡袋", "period": "yesterday"}),
    ],
)
def test_xiang_questions_plan_the_sales_query_they_ask(merchant: str, said: str, expected: dict[str, str]) -> None:
    tool, args = first_call(merchant, said)
    assert tool == "query_store_sales", (said, tool, args)
    assert "product" not in args, args  # no dialect word is taken for an unsold product
    for name, value in expected.items():
        assert args.get(name) == value, (said, name, args)


@pytest.mark.parametrize(
    ("merchant", "said", "unsold"),
    [
        ("m_outdoor", "店里有没有在卖滑雪板", "滑雪板"),
        ("m_outdoor", "我们有冇得卖皮划艇咯", "皮划艇"),
        ("m_pet", "有卖鹦鹉饲料吗", "鹦鹉饲料"),
        ("m_outdoor", "do we stock snowboards?", "snowboards"),
        ("m_baby", "any chance we carry toddler scooters", "toddler scooters"),
        ("m_pet", "we got hamster wheels? someone asked", "hamster wheels"),
    ],
)
def test_asking_whether_the_store_sells_a_thing_it_lacks_names_it(merchant: str, said: str, unsold: str) -> None:
    tool, args = first_call(merchant, said)
    assert tool == "query_store_sales", (said, tool, args)
    assert unsold in str(args.get("product")), args  # the tool says the store does not sell it


def test_asking_whether_the_store_sells_a_thing_it_has_is_that_things_sales() -> None:
    tool, args = first_call("m_outdoor", "我们有没有卖头灯")
    assert tool == "query_store_sales" and args.get("category") == "头灯", args


@pytest.mark.parametrize("said", ["夜饭吃咖冇咯", "明天子天气么样", "grim weather the day, eh"])
def test_small_talk_gets_a_redirect_that_asks(said: str) -> None:
    answer = plan_next_answer("m_outdoor", said)
    assert "?" in answer or "？" in answer, answer


@pytest.mark.parametrize(
    "said",
    [
        "what are the takings at the shop across the road",
        "隔壁那家店上个月卖了多少",
        "how is the nearby store's turnover",
    ],
)
def test_another_business_figures_are_refused(said: str) -> None:
    answer = plan_next_answer("m_outdoor", said)
    assert "own store" in answer or "自己店铺" in answer, answer


@pytest.mark.parametrize(
    ("merchant", "said"),
    [("m_outdoor", "那款帐篷最近卖得咋样"), ("m_pet", "这个猫粮卖得好不好"), ("m_outdoor", "how's that tent doing")],
)
def test_one_thing_pointed_at_in_a_category_of_several_is_asked_about(merchant: str, said: str) -> None:
    answer = plan_next_answer(merchant, said)
    assert "?" in answer or "？" in answer, answer


def test_a_category_pointed_at_again_after_asking_about_it_is_that_category() -> None:
    tool, args = first_call("m_outdoor", "帐篷上周卖了多少", "那个帐篷这周呢")
    assert tool == "query_store_sales" and args.get("category") == "帐篷", args
