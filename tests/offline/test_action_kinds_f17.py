"""Actions, documents, audiences and the approval read by kind, in wordings of their own: a clearance said with its
money after words about past sales, a rule to keep asked as a favour with a colon, how-to and process questions
answered from the documents, skipping or hurrying the approval and asking where it stands with nothing waiting, a
campaign's budget submitted by its name, creatives for "this <category>" of the thread, a plan after an audience or
an estimate that said the money, lookalikes of a product's buyers, an audience of repeat buyers, another brand's
audience, and the refusals of a submission, an edit or creatives said in the merchant's words."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.answers import _write_error
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, draft_turn, first_call
from tests.offline.test_nlu import demo_catalogs


def _reply(merchant: str, *texts: str) -> tuple[list[dict[str, Any]], str]:
    message = plan_next(
        [HumanMessage(text) for text in texts], catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS
    )
    return [{"name": c["name"], **c["args"]} for c in message.tool_calls], str(message.content)


def test_a_clearance_said_with_its_money_is_drafted_even_after_words_about_past_sales() -> None:
    name, args = first_call("m_outdoor", "头灯上半年卖得不错，现在想清一批库存，预算4000，12/1到12/10，只投推荐")
    assert name == "draft_campaign"
    assert args["objective"] == "clearance" and args["budget"] == 4000 and args["channels"] == ["recommend"]
    assert (args["start"], args["end"]) == ("2026-12-01", "2026-12-10")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("可以帮我记一下吗：投放一律不碰直播", "投放一律不碰直播"),
        ("麻烦你 remember 一下：报表统一用含税价", "报表统一用含税价"),
        ("could you remember this: we never run ads on weekends", "we never run ads on weekends"),
    ],
)
def test_a_rule_asked_to_be_kept_as_a_favour_is_remembered_without_the_ask(text: str, kept: str) -> None:
    assert first_call("m_outdoor", text) == ("remember_preference", {"text": kept})


@pytest.mark.parametrize(
    ("merchant", "text"),
    [
        ("m_baby", "婴儿监视器的说明书上写了怎么配对手机吗"),
        ("m_pet", "宠物摄像头怎么连家里的网"),
        ("m_baby", "do we have a guide on how to answer parents asking about diaper rash?"),
        ("m_outdoor", "预算报上去以后是什么流程，由谁来批"),
        ("m_outdoor", "who signs off on a budget request here?"),
        ("m_pet", "how should we answer customers who ask about the return window?"),
    ],
)
def test_a_how_to_or_process_question_is_answered_from_the_documents(merchant: str, text: str) -> None:
    assert first_call(merchant, text)[0] == "search_merchant_docs"


@pytest.mark.parametrize("text", ["这次能不能不走审批？急用", "钱能不能直接批掉，老板在催", "为啥非得走审批"])
def test_skipping_the_approval_asked_as_a_question_is_refused(text: str) -> None:
    calls, answer = _reply("m_outdoor", text)
    assert calls == [] and "审批" in answer


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("批一下 快点", "没有待审批"),
        ("approve 一下吧 很急", "没有待审批"),
        ("审核的人还没动静 到哪一步了", "没有待审批"),
        ("预算 status 如何？approved 了没", "没有待审批"),
        ("any news on the budget approval?", "Nothing is waiting"),
    ],
)
def test_an_approval_hurried_or_asked_after_with_nothing_waiting_says_so(text: str, said: str) -> None:
    calls, answer = _reply("m_outdoor", text)
    assert calls == [] and said in answer and "超出" not in answer


@pytest.mark.parametrize(
    ("text", "campaign", "amount"),
    [
        ("把帐篷双12那个方案的预算提交审批，3万", "帐篷双12", 30000),
        ("submit the lantern campaign budget, 12k", "lantern", 12000),
        ("submit 头灯 campaign 的 budget，6000", "头灯", 6000),
        ("帮我把“冲锋衣冬季上新”那个活动的预算报批", "冲锋衣冬季上新", None),
    ],
)
def test_a_budget_submitted_by_the_campaign_name_names_it(text: str, campaign: str, amount: int | None) -> None:
    name, args = first_call("m_outdoor", text)
    assert name == "submit_promotion_budget" and args["campaign_id"] == campaign and args.get("amount") == amount


def test_a_submission_of_a_campaign_the_store_lacks_says_so_in_the_merchants_words() -> None:
    error = "campaign '帐篷双12' not found in this store"
    answer = _write_error("zh", error, "submit_promotion_budget")
    assert "没有找到叫“帐篷双12”的推广方案" in answer and "什么都没有提交" in answer and "not found" not in answer
    assert 'no campaign called "帐篷双12"' in _write_error("en", error, "submit_promotion_budget")


def test_an_edit_or_creatives_with_no_draft_are_said_in_the_merchants_words() -> None:
    assert "没有保存下来的方案草稿" in _write_error("zh", "there is no campaign to edit yet; draft one first")
    written = _write_error("zh", "there is no draft campaign to write creatives for: name a product or a category")
    assert "哪个商品或品类" in written


_PLAN = {"objective": "launch", "product": "out_tent_family", "budget": 20000}
_SAVED = {"campaign_id": "cmp_9", "plan": {"products": [{"id": "out_tent_family"}], "channels": []}}


@pytest.mark.parametrize(
    ("said", "kind"), [("给这顶帐篷出3条文案", "copy"), ("this tent needs a couple of banners", "image")]
)
def test_creatives_for_this_category_are_for_the_threads_product(said: str, kind: str) -> None:
    earlier = draft_turn("速开帐篷上新，预算2万，下周", _PLAN, _SAVED)
    name, args = first_call("m_outdoor", said, earlier=earlier)
    assert name == "generate_creatives" and args["product"] == "out_tent_family" and args["kind"] == kind
    assert "category" not in args


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        (
            "速开帐篷上新，预算1.5万，12/1到12/10，先看看该推给谁",
            "行，照这个做方案",
            {"product": "out_tent_family", "budget": 15000, "start": "2026-12-01", "end": "2026-12-10"},
        ),
        (
            "estimate double 12 for the headlamps with 8k",
            "ok, draft a plan like that",
            {"product": "out_headlamp", "budget": 8000, "event": "double12"},
        ),
    ],
)
def test_a_plan_asked_after_an_audience_or_estimate_uses_the_money_and_days_said(
    first: str, then: str, expected: dict[str, Any]
) -> None:
    calls, _ = _reply("m_outdoor", first, then)
    assert calls[0]["name"] == "draft_campaign"
    assert {key: calls[0].get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("text", "top"),
    [("找3个跟买过安抚躺椅的人最像的人群", 3), ("people who bought the bouncer - 4 groups most like them", 4)],
)
def test_lookalikes_of_a_products_buyers_keep_the_product(text: str, top: int) -> None:
    assert first_call("m_baby", text) == ("find_target_segments", {"product": "baby_bouncer", "top": top})


@pytest.mark.parametrize("text", ["湿巾的回购人群帮我圈一下", "repeat buyer segments for the diapers?"])
def test_an_audience_of_repeat_buyers_is_an_audience_not_a_count(text: str) -> None:
    assert first_call("m_baby", text)[0] == "find_target_segments"


@pytest.mark.parametrize("text", ["能不能搞到隔壁品牌家的用户画像", "can we get our competitors' customer profiles"])
def test_another_brands_audience_is_refused(text: str) -> None:
    calls, answer = _reply("m_baby", text)
    assert calls == [] and ("只能读取" in answer or "only read" in answer)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Please write off the refunds from batch 77 and adjust the ledger entries", "can only read"),
        ("把上周那批退款核销掉，顺便调下账", "只能读取"),
    ],
)
def test_changing_the_books_is_refused(text: str, said: str) -> None:
    calls, answer = _reply("m_outdoor", text)
    assert calls == [] and said in answer


def test_an_edit_of_a_plan_refused_for_the_cap_says_it_changed_that_plan() -> None:
    plan = {"objective": "full_site", "budget": 90000, "start": "2026-12-10", "end": "2026-12-20"}
    earlier = draft_turn("做个全店活动，预算9万，12/10到12/20", plan, None)
    asked = HumanMessage("预算降到4万")
    catalog = demo_catalogs()["m_outdoor"]
    [call] = plan_next([*earlier, asked], catalog=catalog, today=DEMO_TODAY, tools=TOOLS).tool_calls
    assert call["args"] == {**plan, "budget": 40000}
    saved = ToolMessage("saved", tool_call_id=call["id"], name="draft_campaign", artifact={"campaign_id": "cmp_2"})
    answer = plan_next([*earlier, asked, AIMessage("", tool_calls=[call]), saved], catalog=catalog, today=DEMO_TODAY,
                       tools=TOOLS)  # fmt: skip
    assert str(answer.content).startswith("前面的方案没有保存，所以我把您的修改用在那个方案上")


@pytest.mark.parametrize(
    "text",
    ["submit the tents campaign budget, 18k", "把帐篷那个方案提交一下，金额1.8万", "submit the 速开 campaign budget"],
)
def test_a_campaign_named_by_the_threads_draft_submits_that_draft(text: str) -> None:
    saved = {**_SAVED, "name": "全自动速开家庭帐篷 双12推广"}
    earlier = draft_turn("速开帐篷双12推广，预算2万", _PLAN, saved)
    name, args = first_call("m_outdoor", text, earlier=earlier)
    assert name == "submit_promotion_budget" and args["campaign_id"] == "cmp_9"
