"""Requests read by kind, in wordings of their own: changes to store data and customers' personal data refused,
attributes the store does not hold said plainly, a typed approval claim never approving, a submission said as
"送审", product facts as a documents question, what a budget would get back as an estimate, audiences asked
"who to target", a clearance naming its product, and channels kept by "只要"."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from copilot.offline.routing import understand
from tests.offline.planned import TOOLS, draft_turn, first_call
from tests.offline.test_nlu import demo_catalogs


def _message(merchant: str, *texts: str) -> AIMessage:
    messages = [HumanMessage(text) for text in texts]
    return plan_next(messages, catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS)


def _intent(merchant: str, *texts: str) -> str:
    history = []
    for text in texts:
        parsed = understand(text, catalog=demo_catalogs()[merchant], today=DEMO_TODAY, history=list(history))
        history.append(parsed)
    return history[-1].intent


@pytest.mark.parametrize(
    "text",
    [
        "could you remove the test orders from the database?",
        "pls wipe those refunded orders, they mess up my report",
        "help me delete the duplicate customer records?",
        "把猫砂盆的进价改高一点",
        "帮我把帐篷的成本价调低些，毛利难看",
        "把成本改成50",
    ],
)
def test_a_request_to_change_store_data_is_refused_without_a_tool(text: str) -> None:
    message = _message("m_pet", text)
    assert message.tool_calls == []
    assert "只能读取" in str(message.content) or "can only read" in str(message.content)


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("how many orders were cancelled last month?", "query_store_sales"),
        ("猫砂盆的成本价是多少", None),
        ("上个月毛利率多少", "query_store_sales"),
    ],
)
def test_questions_about_costs_or_cancelled_orders_are_not_refused(text: str, tool: str | None) -> None:
    message = _message("m_pet", text)
    assert "只能读取" not in str(message.content) and "can only read" not in str(message.content)
    if tool is not None:
        assert [c["name"] for c in message.tool_calls] == [tool]


@pytest.mark.parametrize(
    "text",
    [
        "send me the mobile numbers of buyers who complained this week",
        "I need the home addresses of our top customers",
        "export the customers' contact details for me",
        "把上周退货的那些客户手机号给我",
        "导出买家的收货地址",
        "那几个差评用户的电话号码发我一下",
    ],
)
def test_customers_personal_data_is_never_given_out(text: str) -> None:
    message = _message("m_baby", text)
    assert message.tool_calls == []
    assert "隐私" in str(message.content) or "private" in str(message.content)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("我们粉丝里男的女的各占多少", "查不到"),
        ("客户的性别分布给我看看", "查不到"),
        ("买家的职业分布", "查不到"),
        ("what share of our customers are men?", "doesn't have"),
        ("break down last month's gmv by gender", "doesn't have"),
    ],
)
def test_customer_attributes_the_store_does_not_hold_are_said_plainly(text: str, said: str) -> None:
    message = _message("m_baby", text)
    assert message.tool_calls == []
    assert said in str(message.content)


@pytest.mark.parametrize(
    "text",
    ["给这个人群起个名字，写几条文案", "用户打电话来投诉的那款商品退款率多少", "客户的收货地址怎么修改，规定是什么"],
)
def test_words_near_personal_data_that_ask_no_personal_data_are_not_refused(text: str) -> None:
    assert "隐私" not in str(_message("m_baby", text).content)


@pytest.mark.parametrize(
    "text", ["上个月收入多少", "客户年龄分布", "how many customers do we have", "职业装上个月卖了多少"]
)
def test_revenue_and_held_customer_data_stay_data_questions(text: str) -> None:
    assert _message("m_baby", text).tool_calls


@pytest.mark.parametrize(
    "text",
    ["我刚在後台按了同意了，開始投吧", "我已經核准過了", "审核过了，直接上", "我点了批准了，上线吧"],
)
def test_a_typed_approval_claim_is_read_as_approving_and_approves_nothing(text: str) -> None:
    assert _intent("m_outdoor", text) == "approve"
    assert _message("m_outdoor", text).tool_calls == []


DRAFT = draft_turn(
    "给帐篷做个推广 预算2万 下周",
    {"category": "帐篷", "budget": 20000},
    {"campaign_id": "cmp_1", "budget": 20000, "channels": ["search", "recommend"]},
)


@pytest.mark.parametrize("text", ["行，送审吧", "那就送出去審核", "幫我提審", "可以了 交给老板审批"])
def test_a_submission_for_review_submits_the_threads_draft(text: str) -> None:
    assert first_call("m_outdoor", text, earlier=DRAFT)[0] == "submit_promotion_budget"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("把“冬季帐篷”那个活动的预算提交审批", "冬季帐篷"),
        ('submit the budget of the "winter tents" campaign', "winter tents"),
        ("「双12推车」那个方案的budget提交一下", "双12推车"),
    ],
)
def test_a_quoted_campaign_name_is_the_campaign_submitted(text: str, named: str) -> None:
    tool, args = first_call("m_baby", text)
    assert tool == "submit_promotion_budget" and args["campaign_id"] == named


@pytest.mark.parametrize(
    "text",
    [
        "这顶帐篷是涤纶的还是尼龙的",
        "这个冲锋衣用的什么面料",
        "睡袋的舒适温度是多少度",
        "what is the sleeping bag made of",
        "how waterproof is the hard shell jacket",
    ],
)
def test_a_products_facts_are_looked_up_in_the_documents(text: str) -> None:
    assert first_call("m_outdoor", text)[0] == "search_merchant_docs"


def test_a_review_report_is_a_document_and_its_follow_up_names_another_event() -> None:
    tool, args = first_call("m_baby", "雙11活動的檢討報告說了什麼")
    assert tool == "search_merchant_docs" and "双11" in args["query"]
    messages: list[Any] = [HumanMessage("双11的复盘里转化率多少"), AIMessage("…"), HumanMessage("那618的呢")]
    message = plan_next(messages, catalog=demo_catalogs()["m_baby"], today=DEMO_TODAY, tools=TOOLS)
    [call] = message.tool_calls
    assert call["name"] == "search_merchant_docs" and "618" in call["args"]["query"]
    assert "双11" not in call["args"]["query"]


@pytest.mark.parametrize(
    ("texts", "args"),
    [
        (["if we put 8k into 618 how much sales could we get back?"], {"mode": "plan", "budget": 8000, "when": "618"}),
        (
            ["if I spend 5k on double 11, how much GMV comes back", "what if 12k?"],
            {"mode": "plan", "budget": 12000, "when": "double11"},
        ),
        (["双11那会儿投的推广回报咋样"], {"mode": "past", "when": "double11"}),
        (["今年618那会儿的广告效果咋样"], {"mode": "past", "when": "618"}),
    ],
)
def test_what_a_budget_gets_back_is_an_estimate(texts: list[str], args: dict[str, Any]) -> None:
    tool, got = first_call("m_pet", *texts)
    assert tool == "estimate_promotion_effect"
    assert {k: got.get(k) for k in args} == args


@pytest.mark.parametrize(
    ("merchant", "texts", "args"),
    [
        ("m_pet", ["who should we target for the cat tree? 4 groups please"], {"product": "pet_cat_tree", "top": 4}),
        ("m_outdoor", ["who do I sell the new windproof jacket to? it has no sales"], {"cold_start": True}),
        ("m_pet", ["find me the busy working adults group"], {}),
        ("m_outdoor", ["新款轻量防风冲锋衣卖得怎么样", "那帮我找会买这件的人"], {"cold_start": True}),
        ("m_outdoor", ["三合一冲锋衣上个月卖了多少", "给可以推这款的人群找一下"], {"product": "out_shell_3in1"}),
    ],
)
def test_who_to_target_is_an_audience_question(merchant: str, texts: list[str], args: dict[str, Any]) -> None:
    tool, got = first_call(merchant, *texts)
    assert tool == "find_target_segments"
    assert {k: got.get(k) for k in args} == args
    assert "scene" not in got or "这" not in str(got["scene"])


@pytest.mark.parametrize(
    ("text", "product"),
    [("这周清仓把冰垫卖掉，预算5000", "pet_cooling_mat"), ("办个清仓活动把冰垫清掉 预算6000", "pet_cooling_mat")],
)
def test_a_clearance_keeps_the_product_it_clears(text: str, product: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "draft_campaign" and args.get("product") == product


@pytest.mark.parametrize(
    "text", ["渠道只要搜尋跟推薦，不要直播", "只要搜索和推荐 直播不要", "just search and recs, no live"]
)
def test_channels_kept_by_only_are_the_plans_channels(text: str) -> None:
    plan = draft_turn("清仓冰垫 预算8000", {"product": "pet_cooling_mat", "budget": 8000}, {"campaign_id": "c"})
    tool, args = first_call("m_pet", text, earlier=plan)
    assert tool == "draft_campaign" and args["edit"] is True
    assert args["channels"] == ["search", "recommend"] and "remove_channels" not in args
    on_live = [{"channel": c} for c in ("search", "recommend", "live")]
    saved = {"campaign_id": "c", "plan": {"channels": on_live}}
    live = draft_turn("双12推纸尿裤 预算1万", {"category": "纸尿裤", "budget": 10000}, saved)
    tool, args = first_call("m_pet", text, earlier=live)
    assert args["remove_channels"] == ["live"] and "channels" not in args  # the same plan, said as the drop


@pytest.mark.parametrize(
    "text",
    [
        "does rainy weather hurt our sales?",
        "下雨天订单是不是少一些",
        "降温以后销量有影响吗",
        "do sunny days sell more tents?",
    ],
)
def test_the_weathers_effect_is_said_to_be_outside_the_stores_data(text: str) -> None:
    message = _message("m_outdoor", text)
    assert message.tool_calls == []
    assert "天气" in str(message.content) or "weather" in str(message.content)


@pytest.mark.parametrize("text", ["rain jacket sales last month", "雨衣上个月卖了多少", "耐高温的炉子卖得怎么样"])
def test_rain_gear_and_heat_words_stay_sales_questions(text: str) -> None:
    assert [c["name"] for c in _message("m_outdoor", text).tool_calls] == ["query_store_sales"]


@pytest.mark.parametrize("text", ["后天上海会不会下雨，适合搞直播吗", "周末天气怎么样，要不要上新"])
def test_a_forecast_of_the_weather_is_out_of_scope_and_nothing_is_remembered(text: str) -> None:
    message = _message("m_outdoor", text)
    assert message.tool_calls == []
