"""Estimates asked as the ads' real effect ("what the promo truly did, not just what got attributed",
"自然流量那块也算上") or whether a sum comes back in dialect ("挣得回来不"); audiences of a scene said in mixed
words, of a new item ("who do we show it to"), of people like a described one ("anyone in our customers like
that?"), of a compound item name ("奶瓶消毒柜" is the sterilizer, not two categories) and of an item the store
lacks (the scene, no made-up product); a stretch or an occasion with no dates asked back; a place with no
customers said not found; a product's price and cost, and whether the stock lasts to a day, read as data."""

from __future__ import annotations

import pytest

from copilot.offline.refusals import plain_refusal
from tests.offline.planned import first_call, plan_next_answer, sales_args


@pytest.mark.parametrize(
    ("merchant", "text", "when"),
    [
        ("m_pet", "what did the 618 promo truly do for us, not just what got attributed", "618"),
        ("m_outdoor", "双11那波广告究竟拉来好多成交，自然流量那块也算上", "double11"),
    ],
)
def test_the_real_effect_of_past_ads_is_a_past_estimate(merchant: str, text: str, when: str) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "estimate_promotion_effect"
    assert (args.get("mode"), args.get("when")) == ("past", when)


@pytest.mark.parametrize(
    ("text", "budget"), [("投一万五搞双12，挣得回来不", 15000), ("双12砸3万，得不得赚回本", 30000)]
)
def test_whether_a_sum_comes_back_is_a_planned_estimate(text: str, budget: int) -> None:
    tool, args = first_call("m_baby", text)
    assert tool == "estimate_promotion_effect"
    assert (args.get("mode"), args.get("budget"), args.get("when")) == ("plan", budget, "double12")


@pytest.mark.parametrize(
    ("merchant", "text"),
    [
        ("m_pet", "Imagine this: 一个经常出差的养狗人，担心狗在家没人遛。anyone in our customers like that?"),
        ("m_outdoor", "头脑风暴：下雪天开车上班的人，我们能卖他们点啥？find me segments"),
        ("m_baby", "Any segments for first-time parents? how big are they"),
        ("m_pet", "想给多宠家庭搞个猫粮 campaign，先看看这类人池子有多大"),
    ],
)
def test_an_audience_of_a_scene_in_mixed_words_is_found(merchant: str, text: str) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "find_target_segments"
    assert args.get("scene")


def test_a_new_item_to_be_shown_to_someone_is_a_cold_start_audience() -> None:
    tool, args = first_call("m_pet", "the new smart sensor fountain just landed, who should we be showing it to?")
    assert tool == "find_target_segments"
    assert (args.get("product"), args.get("cold_start")) == ("pet_fountain_sensor_new", True)


def test_a_compound_item_name_is_that_item_not_its_two_categories() -> None:
    tool, args = first_call("m_baby", "哪些人会买奶瓶消毒柜？帮我找人群")
    assert tool == "find_target_segments"
    assert args.get("product") == "baby_sterilizer" and not args.get("categories")


def test_an_item_the_store_lacks_is_looked_for_by_its_scene() -> None:
    said = "Planning 发热猫背心 for winter — we don't stock it yet. Any audiences who keep cats in cold flats?"
    tool, args = first_call("m_pet", said)
    assert tool == "find_target_segments"
    assert args.get("scene") and not args.get("product")


@pytest.mark.parametrize(
    ("merchant", "text"),
    [
        ("m_outdoor", "前些天那阵子生意咋样"),
        ("m_pet", "how were sales that one time, the big weekend back whenever"),
        ("m_baby", "店庆那几天卖得怎么样"),
    ],
)
def test_a_stretch_or_an_occasion_with_no_dates_is_asked_back(merchant: str, text: str) -> None:
    answer = plan_next_answer(merchant, text)
    assert "时间段" in answer or "period" in answer


def test_a_thing_pointed_at_by_what_it_did_with_no_thread_is_asked_back() -> None:
    assert "商品" in plan_next_answer("m_pet", "那个我们一直主推的东西，这个月卖了几单")


@pytest.mark.parametrize(
    ("text", "region"), [("台湾那边最近卖得怎么样", "台湾"), ("how is hong kong doing this month", "香港")]
)
def test_a_place_with_no_customers_is_asked_of_the_tool_never_the_whole_store(text: str, region: str) -> None:
    assert sales_args("m_outdoor", text).get("region") == region


@pytest.mark.parametrize(
    ("merchant", "text"),
    [("m_baby", "不改价，就问问：婴儿推车的售价和进价分别多少"), ("m_outdoor", "睡袋的库存能不能撑到元旦")],
)
def test_a_price_and_cost_or_stock_lasting_is_read_as_data(merchant: str, text: str) -> None:
    args = sales_args(merchant, text)
    assert "sql" in args and not args.get("metric")


@pytest.mark.parametrize(("lang", "said"), [("zh", "查不到"), ("en", "doesn't have customers")])
def test_the_tool_finding_no_such_region_is_said_as_not_found(lang: str, said: str) -> None:
    answer = plain_refusal(lang, "Error: no customer region matches '台湾'; the regions are: 上海, 云南")
    assert answer is not None and said in answer and "台湾" in answer
