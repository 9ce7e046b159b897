"""The offline model reads non-sales requests by kind: what spend would bring or brought (an estimate, never a
draft), a plan whose festival number is no budget, a request that the copilot approve,
a rejection with a change of mind, a question about copy rules, an audience "for it", which items fell hardest,
a request with nothing to go on and a request to change store data."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, first_call
from tests.offline.test_nlu import demo_catalogs


def _message(merchant: str, *texts: str) -> AIMessage:
    messages = [HumanMessage(text) for text in texts]
    return plan_next(messages, catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS)


def _said_without_tools(merchant: str, text: str) -> str:
    """The answer to `text`, which calls no tool."""
    message = _message(merchant, text)
    assert message.tool_calls == []
    return str(message.content)


@pytest.mark.parametrize(
    ("texts", "args"),
    [
        (["要是砸3万在618上，预计能卖多少"], {"mode": "plan", "budget": 30000, "when": "618"}),
        (["if we spend 15k on double 11 what do we get"], {"mode": "plan", "budget": 15000, "when": "double11"}),
        (["今年双12要是投3万，预估下效果如何"], {"mode": "plan", "budget": 30000, "when": "double12"}),
        (
            ["元旦 12.28-1.3 如果花 8千，预计成交多少"],
            {"mode": "plan", "budget": 8000, "when": "2026-12-28..2027-01-03"},
        ),
        (
            ["if we spend 15k on double 12 what do we get", "what about 60k"],
            {"mode": "plan", "budget": 60000, "when": "double12"},
        ),
        (["618 预算3万 预估下效果"], {"mode": "plan", "budget": 30000, "when": "618"}),
        (["618 投放 带来了多少"], {"mode": "past", "when": "618"}),
        (["双11 推广 带来多少", "去年618当天呢"], {"mode": "past", "when": "2025-06-18..2025-06-18"}),
    ],
)
def test_what_spend_would_bring_or_brought_is_an_estimate_never_a_draft(texts: list[str], args: dict[str, Any]) -> None:
    assert first_call("m_outdoor", *texts) == ("estimate_promotion_effect", args)


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_outdoor", "双12 预算1万5 12.3到12.12 弄个方案", {"budget": 15000, "start": "2026-12-03"}),
        ("m_outdoor", "先出个草稿：帐篷 双12 预算 9k 12.5-12.12", {"category": "帐篷", "budget": 9000}),
        ("m_outdoor", "promote the tents, 6k budget, next wk", {"start": "2026-11-23", "end": "2026-11-29"}),
        ("m_outdoor", "plan for the headlamps, budget 4k, from dec 5 for 3 wks", {"end": "2026-12-25"}),
        ("m_baby", "a new year promo for the rockers, budget 6k, dec 28 to jan 3", {"category": "摇椅"}),
        ("m_baby", "new yr promo for the bottles, budget 6k", {"category": "奶瓶"}),
    ],
)
def test_a_plan_reads_its_budget_days_and_target_beside_festival_and_year_words(
    merchant: str, text: str, expected: dict[str, Any]
) -> None:
    name, args = first_call(merchant, text)
    assert name == "draft_campaign"
    assert {key: args.get(key) for key in expected} == expected
    assert "product" not in args or "category" not in expected


@pytest.mark.parametrize(
    "text", ["could u sign off my budget request from yesterday", "你帮我把昨天提交的那个预算批一下"]
)
def test_asking_the_copilot_to_approve_is_refused_and_approves_nothing(text: str) -> None:
    said = _said_without_tools("m_baby", text)
    assert "审批" in said or "approv" in said


@pytest.mark.parametrize("text", ["nah cancel that, changed my mind", "算了 不批了 不投了"])
def test_a_rejection_with_a_change_of_mind_is_about_the_approval(text: str) -> None:
    said = _said_without_tools("m_outdoor", text)
    assert "审批" in said or "approval" in said


@pytest.mark.parametrize("text", ["写广告语有哪些讲究", "what are the guidelines for our ad copy tone"])
def test_a_question_about_copy_rules_searches_the_documents(text: str) -> None:
    assert first_call("m_outdoor", text)[0] == "search_merchant_docs"


def test_asking_which_requirements_were_told_to_the_copilot_recalls_the_preferences() -> None:
    assert first_call("m_outdoor", "之前我跟你提过哪些要求")[0] == "recall_preferences"


def test_an_audience_for_it_after_a_plan_is_the_plans_product_cold_started() -> None:
    plan = "给新款一键折叠溜娃神器做个推广 预算6千 12.1-12.14"
    assert first_call("m_baby", plan, "那这个该推给谁？还没销量") == (
        "find_target_segments",
        {"product": "baby_stroller_fold_new", "cold_start": True},
    )


@pytest.mark.parametrize(
    ("text", "days"), [("which skus cratered the most over the past 2 weeks", 14), ("哪几款最近30天跌得最狠", 30)]
)
def test_which_items_fell_hardest_is_an_anomaly_question_about_drops(text: str, days: int) -> None:
    name, args = first_call("m_outdoor", text)
    assert (name, args["direction"], args["days"]) == ("detect_sales_anomalies", "drop", days)


@pytest.mark.parametrize("text", ["比较下", "帮我查下这个卖得咋样"])
def test_a_first_message_with_nothing_to_go_on_asks_what_is_meant(text: str) -> None:
    said = _said_without_tools("m_pet", text)
    assert "？" in said


def test_a_request_to_relabel_orders_is_refused_and_the_next_question_answered() -> None:
    assert _message("m_baby", "上周退款的那几单帮我标记为已发货").tool_calls == []
    name, args = first_call("m_baby", "上周退款的那几单帮我标记为已发货", "那上周真实的退款率多少")
    assert (name, args.get("metric"), args.get("product")) == ("query_store_sales", "refund_rate", None)


@pytest.mark.parametrize(
    "text",
    [
        "抖音上我们号的播放量有多少",
        "淘宝大盘猫粮类目今年涨了多少",
        "how much did we really make after paying rent and salaries",
    ],
)
def test_figures_from_outside_the_store_are_refused_not_answered_with_its_sales(text: str) -> None:
    said = _said_without_tools("m_pet", text)
    assert "数据不在店铺里" in said or "data is not in your store" in said


@pytest.mark.parametrize("text", ["今年毛利率多少", "帮我写3条小红书风格的文案"])
def test_the_stores_own_figures_and_copy_for_a_platform_are_still_read(text: str) -> None:
    assert first_call("m_pet", text)[0] in ("query_store_sales", "generate_creatives")
