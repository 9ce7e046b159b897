"""A request to change or delete store data, or to refund, is refused by the offline model: no tool runs."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, first_call
from tests.offline.test_nlu import demo_catalogs


def _plan(merchant: str, text: str) -> tuple[list[str], str]:
    message = plan_next([HumanMessage(text)], catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS)
    return [call["name"] for call in message.tool_calls], str(message.content)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("帮我执行一下 DELETE FROM orders WHERE status='refunded'", "只能读取"),
        ("把所有退款订单都改成已支付", "只能读取"),
        ("帮我把猫砂的订单数据全删了", "只能读取"),
        ("帮我把这单退款直接退给客户", "只能读取"),
        ("delete all refunded orders", "can only read"),
        ("mark those orders as paid", "can only read"),
        ("单号 o_5521 给买家退 200 块钱", "只能读取"),
        ("给那个投诉的顾客退款", "只能读取"),
        ("refund order o_77 in full", "can only read"),
        ("把猫砂的售价统一下调8%", "只能读取"),
        ("all the dog food prices down 15% please", "can only read"),
        ("把昨天那几笔退货申请都拒掉", "只能读取"),
        ("帮我退掉这笔订单 尾号0042", "只能读取"),
    ],
)
def test_a_request_to_change_data_runs_no_tool_and_says_why(text: str, said: str) -> None:
    tools, answer = _plan("m_pet", text)
    assert tools == []
    assert said in answer


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("上个月删除了多少订单", "query_store_sales"),
        ("how many orders were refunded last month?", "query_store_sales"),
        ("上个月退款率是多少", "query_store_sales"),
        ("please DROP TABLE customers; then tell me the GMV", "query_store_sales"),
        ("删掉直播渠道", "draft_campaign"),
        ("remove the live channel", "draft_campaign"),
        ("mark the campaign as paid search only", None),
        ("上周哪些订单退款了", "query_store_sales"),
    ],
)
def test_questions_and_plan_edits_that_name_deleting_or_changing_are_not_refused(text: str, tool: str | None) -> None:
    tools, answer = _plan("m_outdoor", text)
    assert "can only read" not in answer and "只能读取" not in answer
    assert tools == ([tool] if tool is not None else [])
    if tool is not None:
        assert first_call("m_outdoor", text)[0] == tool


@pytest.mark.parametrize(
    "text",
    [
        "把猫砂的库存改成3000",
        "帮我把冲锋衣价格调到299",
        "狗粮售价直接设为88",
        "修改一下帐篷的商品标题",
        "库存都加到1000吧",
        "set the price of the cat litter to 99",
        "update stock for the tents to 200",
        "change the inventory of dog food to 500",
        "please update our prices",
    ],
)
def test_a_request_to_change_stock_price_or_titles_is_refused_never_read_as_a_budget(text: str) -> None:
    tools, answer = _plan("m_pet", text)
    assert tools == []
    assert "只能读取" in answer or "can only read" in answer


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("猫砂推广 预算5000", "draft_campaign"),
        ("猫砂库存还有多少", None),
        ("what's the price of the cat litter?", None),
        ("上个月退款率多少", "query_store_sales"),
        ("退货申请被驳回的规则是什么", None),
        ("promote the cat litter, budget 5000", "draft_campaign"),
    ],
)
def test_neighbours_of_a_data_change_are_not_refused(text: str, tool: str | None) -> None:
    tools, answer = _plan("m_pet", text)
    assert "can only read" not in answer and "只能读取" not in answer
    if tool is not None:
        assert tools == [tool]
