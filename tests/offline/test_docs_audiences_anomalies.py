"""Document, audience and anomaly questions in merchants' own words (issue 18): rules, reviews, brand material and
support scripts are document questions without a document word; audiences described in slang ("这波人多大", "how
big is that crowd") are audience questions with that description as the scene; anomaly questions take the period's
days within the detector's range and a product's category; and a bare count after a list asks for that many of it.
Neighbours that mean something else keep their own tool."""

from __future__ import annotations

from datetime import date

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import normalise
from copilot.offline.periods import period_days
from copilot.offline.planner import plan_next
from copilot.offline.recognizers.time import find_period
from tests.offline.planned import TOOLS
from tests.offline.planned import first_call as _call
from tests.offline.test_nlu import demo_catalogs

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("merchant", "question"),
    [
        ("m_pet", "开过封的猫砂还能七天无理由退吗"),
        ("m_outdoor", "登山鞋穿过一次能不能换"),
        ("m_baby", "is there a rule on how big a discount we may offer"),
        ("m_pet", "评价里买家对喂食器卡粮的反馈多不多"),
        ("m_outdoor", "what are customers saying in their reviews about the tent zips"),
        ("m_outdoor", "咱们的口号是什么来着"),
        ("m_pet", "remind me what our tagline is"),
        ("m_baby", "客服这边 买家说推车轮子响 该怎么回"),
        ("m_pet", "what's the customer service script for a late delivery"),
    ],
)
def test_rules_reviews_brand_and_scripts_are_document_questions(merchant: str, question: str) -> None:
    name, args = _call(merchant, question)
    assert name == "search_merchant_docs" and args["query"], args


@pytest.mark.parametrize(
    ("merchant", "question", "tool"),
    [
        ("m_outdoor", "给冲锋衣写三条slogan", "generate_creatives"),
        ("m_pet", "write a new tagline for the feeder", "generate_creatives"),
        ("m_pet", "上个月退款率多少", "query_store_sales"),
        ("m_pet", "what rules did I tell you to keep", "recall_preferences"),
    ],
)
def test_new_copy_refund_figures_and_saved_rules_are_not_documents(merchant: str, question: str, tool: str) -> None:
    assert _call(merchant, question)[0] == tool


@pytest.mark.parametrize(
    ("merchant", "question"),
    [
        ("m_pet", "那种天天加班、晚上才回家的养狗的人 有多少人"),
        ("m_pet", "刚接狗回家的新手 这波人多大"),
        ("m_outdoor", "周末爱骑车的那群人 人群画像看看"),
        ("m_outdoor", "folks who swim or cycle every weekend - how big is that crowd"),
        ("m_baby", "parents who travel a lot with toddlers, how many people are there"),
    ],
)
def test_audiences_described_in_slang_are_audience_questions(merchant: str, question: str) -> None:
    name, args = _call(merchant, question)
    assert name == "find_target_segments" and args.get("scene"), args


@pytest.mark.parametrize(
    ("merchant", "question"),
    [("m_outdoor", "买过帐篷的客户有多少"), ("m_outdoor", "how many customers bought a tent last month")],
)
def test_counting_buyers_is_no_audience_question(merchant: str, question: str) -> None:
    message = plan_next([HumanMessage(question)], catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS)
    assert all(call["name"] != "find_target_segments" for call in message.tool_calls)


def test_a_scene_and_a_product_in_one_message_keep_both() -> None:
    name, args = _call("m_outdoor", "想找周末带孩子去野营的家庭 推那个速开帐篷")
    assert name == "find_target_segments" and args["product"] == "out_tent_family" and args["scene"], args


@pytest.mark.parametrize("question", ["刚出的那款感应饮水机没啥销量 该卖给谁", "新上的感应饮水机还没卖过 推给谁"])
def test_a_new_product_without_sales_is_a_cold_start(question: str) -> None:
    name, args = _call("m_pet", question)
    assert name == "find_target_segments" and args.get("cold_start") is True, args


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("给扫地机器人找目标人群", "扫地机器人"),
        ("电动滑板车该推给谁", "电动滑板车"),
        ("who would buy our kayak?", "kayak"),
    ],
)
def test_an_audience_for_an_unknown_product_asks_the_tool_for_it(question: str, name: str) -> None:
    tool, args = _call("m_pet", question)
    assert tool == "find_target_segments" and args == {"product": name}, args


@pytest.mark.parametrize(
    ("said", "days"),
    [("最近半个月", 15), ("近半个月", 15), ("过去半年", 180), ("the past half year", 180), ("last half a month", 15)],
)
def test_half_months_and_half_years_are_read_by_the_period_layer(said: str, days: int) -> None:
    found = find_period(normalise(said), TODAY)
    assert found is not None and period_days(found.value, TODAY) == days


def test_the_days_of_this_month_are_the_days_so_far() -> None:
    assert period_days("this_month", TODAY) == 20
    assert period_days("this_week", TODAY) == 5


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("这个月有没有哪个品类突然卖爆了", 20),
        ("近半个月有什么商品销量暴跌", 15),
        ("过去半年波动最大的品类", 180),
        ("这周有什么异常", 7),
    ],
)
def test_anomaly_days_follow_the_period_within_the_detectors_range(question: str, days: int) -> None:
    name, args = _call("m_outdoor", question)
    assert name == "detect_sales_anomalies" and args["days"] == days, args


@pytest.mark.parametrize(
    ("merchant", "question", "category"),
    [
        ("m_outdoor", "why did the jackets fall off lately", "冲锋衣"),
        ("m_outdoor", "why did tents crash last month", "帐篷"),
        ("m_pet", "why did the self-cleaning litter box sales drop", "猫砂盆"),
        ("m_baby", "婴儿床这两个月的数据是不是有点不大对劲", "婴儿床"),
    ],
)
def test_an_anomaly_question_about_a_product_looks_at_its_category(merchant: str, question: str, category: str) -> None:
    name, args = _call(merchant, question)
    assert name == "detect_sales_anomalies" and args.get("category") == category, args


def test_the_answer_says_the_search_covers_the_products_category() -> None:
    messages = [HumanMessage("why did the self-cleaning litter box sales drop")]
    first = plan_next(messages, catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY, tools=TOOLS)
    [call] = first.tool_calls
    result = ToolMessage("[]", tool_call_id=call["id"], name=call["name"], artifact={"anomalies": [], "days": 30})
    answer = plan_next([*messages, first, result], catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY, tools=TOOLS)
    assert "猫砂盆" in str(answer.content) and "category" in str(answer.content)


@pytest.mark.parametrize(
    ("merchant", "first", "then", "tool", "count"),
    [
        ("m_pet", "退换货政策怎么写的", "给我4段原文", "search_merchant_docs", ("k", 4)),
        ("m_pet", "what does our shipping policy say", "top 5", "search_merchant_docs", ("k", 5)),
        ("m_baby", "一个人带娃的家长有哪些人群", "给我前4个", "find_target_segments", ("top", 4)),
        ("m_outdoor", "最近两个月哪些品类有异常", "太多了 只要前2", "detect_sales_anomalies", ("top", 2)),
        ("m_outdoor", "any unusual sales changes recently", "just give me 3", "detect_sales_anomalies", ("top", 3)),
    ],
)
def test_a_bare_count_after_a_list_asks_for_that_many_of_it(
    merchant: str, first: str, then: str, tool: str, count: tuple[str, int]
) -> None:
    name, args = _call(merchant, then, earlier=[HumanMessage(first), AIMessage("…")])
    assert name == tool and args[count[0]] == count[1], args
    if tool == "search_merchant_docs":
        assert args["query"] == first


def test_a_count_after_a_sales_ranking_stays_a_sales_ranking() -> None:
    name, args = _call("m_outdoor", "给我前5个", earlier=[HumanMessage("上个月哪些商品卖得最好"), AIMessage("…")])
    assert name == "query_store_sales" and args["top"] == 5, args


@pytest.mark.parametrize(
    ("merchant", "question", "expected"),
    [
        ("m_pet", "猫砂的潜在买家 给我前两个", {"category": "猫砂", "top": 2}),
        ("m_outdoor", "the top 3 customer groups for our headlamps", {"product": "out_headlamp", "top": 3}),
        ("m_baby", "is the stroller worth pushing? who'd buy one", {"category": "婴儿推车"}),
    ],
)
def test_buyer_groups_and_who_would_buy_are_audience_questions(
    merchant: str, question: str, expected: dict[str, object]
) -> None:
    assert _call(merchant, question) == ("find_target_segments", expected)


@pytest.mark.parametrize(
    ("merchant", "question"),
    [
        ("m_baby", "夜里总要起来喂奶的妈妈，就是睡不够的那种，这拨人有多少"),
        ("m_outdoor", "folks who fish at night - who are they and how many do we have?"),
    ],
)
def test_an_audience_said_before_the_question_about_it_is_the_scene(merchant: str, question: str) -> None:
    name, args = _call(merchant, question)
    assert name == "find_target_segments" and args.get("scene"), args


@pytest.mark.parametrize("question", ["目标人群", "给这个找目标人群"])
def test_an_audience_question_naming_nobody_asks_whom(question: str) -> None:
    message = plan_next([HumanMessage(question)], catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls and "人群" in str(message.content)
