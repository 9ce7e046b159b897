"""Audiences asked as who to be pitching or the best prospects; sales "gone quiet" as a drop to explain; a
direction said with a bare 跌/爆 ("只要跌的那些", "有没有爆的"), 涨跌 as both; "俩礼拜"/"两个周" as the last two
weeks."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, first_call, period_read
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("merchant", "text", "product"),
    [
        ("m_outdoor", "Who ought we to be marketing the family tent to?", "out_tent_family"),
        ("m_pet", "Who are the likeliest prospects for the pet camera, do you reckon?", "pet_camera"),
    ],
)
def test_who_to_pitch_or_the_best_prospects_are_audiences(merchant: str, text: str, product: str) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "find_target_segments"
    assert args.get("product") == product


def test_a_sales_outlook_is_not_an_audience() -> None:
    tool, _ = first_call("m_outdoor", "What are the sales prospects for the tents next month?")
    assert tool != "find_target_segments"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Why have the headlamps gone so quiet?", "头灯"),
        ("sleeping bag sales seem to have dried up, what's going on?", "睡袋"),
    ],
)
def test_sales_gone_quiet_are_a_drop_to_explain(text: str, category: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "detect_sales_anomalies"
    assert (args.get("direction"), args.get("category")) == ("drop", category)


@pytest.mark.parametrize(
    ("follow", "direction"),
    [("只要跌额那些", "drop"), ("有没有爆的", "spike")],
)
def test_a_bare_fall_or_burst_after_an_anomaly_answer_sets_the_direction(follow: str, direction: str) -> None:
    tool, args = first_call("m_pet", "最近有没有啥异常波动", follow)
    assert tool == "detect_sales_anomalies"
    assert args.get("direction") == direction


def test_rises_and_falls_together_are_both_directions() -> None:
    tool, args = first_call("m_pet", "最近一个月有啥不正常的涨跌")
    assert tool == "detect_sales_anomalies"
    assert args.get("direction") == "both"


@pytest.mark.parametrize("said", ["近俩礼拜", "最近两个周", "这俩周"])
def test_two_weeks_said_with_a_measure_word_are_the_last_two_weeks(said: str) -> None:
    assert period_read(said) == "last_2_weeks"


def test_an_anomaly_over_the_last_two_weeks_looks_at_14_days() -> None:
    tool, args = first_call("m_pet", "猫砂近俩礼拜销量咋掉了")
    assert tool == "detect_sales_anomalies"
    assert args.get("days") == 14


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("近两周有没有哪个品类销量暴增", "spike"),
        ("过去 14 天 有没有 category 的 sudden drop，给我前两个", "drop"),
        ("猫砂最近是不是断货了 怎么卖不动", "both"),
    ],
)
def test_whether_anything_jumped_fell_or_ran_out_is_an_anomaly_question(text: str, direction: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "detect_sales_anomalies"
    assert args.get("direction") in (direction, "drop" if direction == "both" else direction)


def test_which_products_sell_slowest_stays_a_ranking() -> None:
    tool, _ = first_call("m_pet", "最近卖不动的商品有哪些")
    assert tool == "query_store_sales"


def test_who_to_push_a_product_to_said_with_a_kind_of_people_is_an_audience() -> None:
    tool, args = first_call("m_baby", "婴儿推车该推荐给哪类宝爸宝妈")
    assert tool == "find_target_segments" and args.get("category") == "婴儿推车"


def test_selling_less_is_a_drop() -> None:
    tool, args = first_call("m_baby", "温奶器这周卖得少，是不是断货了")
    assert tool == "detect_sales_anomalies" and args.get("direction") == "drop"


def test_sales_asked_right_after_an_anomaly_check_are_of_what_was_checked() -> None:
    tool, args = first_call("m_outdoor", "头灯近十天有没有异常下跌", "那跟去年同期比卖得怎样")
    assert tool == "query_store_sales"
    assert (args.get("category"), args.get("period")) == ("头灯", "last_10_days")


def test_sales_of_their_own_item_and_period_after_an_anomaly_check_keep_their_own() -> None:
    tool, args = first_call("m_outdoor", "头灯近十天有没有异常下跌", "帐篷上个月卖了多少")
    assert tool == "query_store_sales"
    assert (args.get("category"), args.get("period")) == ("帐篷", "last_month")


def test_an_audience_for_a_word_covering_several_categories_and_naming_a_scene_is_the_scene() -> None:
    said = [HumanMessage("防晒这一块，开播该投给哪些人群")]
    message = plan_next(said, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)
    [call] = message.tool_calls
    assert (call["name"], call["args"]) == ("find_target_segments", {"scene": "防晒"})
