"""Actions and their dialogues read by kind, in wordings of their own: amounts said in 万/千 (or Korean 만) without a
cue, a rule to keep for later, an estimate asked with a budget, paid and organic apart, a test with people held out,
what was told asked back, a few lines to post, creatives for a draft, a sales question with a plan as its purpose,
a task pointed at with nothing that says which, orders undone and banned absolute claims refused, going live at once
refused, channels left out of a plan, creatives' count and kinds in follow-ups, an estimate's days kept or said beside
a festival, and a sales follow-up by day."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import normalise
from copilot.offline.numbers import money_amounts
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, draft_turn, first_call
from tests.offline.test_nlu import demo_catalogs

_DRAFTED = {"campaign_id": "cmp_1", "plan": {"channels": [{"channel": c} for c in ("search", "recommend", "live")]}}


def _reply(merchant: str, *texts: str) -> tuple[list[str], str]:
    message = plan_next(
        [HumanMessage(text) for text in texts], catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS
    )
    return [call["name"] for call in message.tool_calls], str(message.content)


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("三千五，下周开始", [3500]),
        ("一万八", [18000]),
        ("budget 2만5", [25000]),
        ("5천 budget", [5000]),
        ("5 grand into ads", [5000]),
        ("预算十二万", [120000]),
        ("一万人", []),
        ("两千件", []),
        ("一千二百三十四", []),
        ("double12 budget", []),
    ],
)
def test_an_amount_said_in_wan_or_qian_is_money_and_a_count_is_not(text: str, amounts: list[int]) -> None:
    assert money_amounts(normalise(text)) == amounts


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("双12给帐篷搞个活动，一万八，12月3号到12号", 18000),
        ("promote the tents for double 12, budget 2만5, dec 2 to dec 12", 25000),
    ],
)
def test_a_plan_budget_said_in_wan_without_a_cue_is_read(text: str, budget: int) -> None:
    name, args = first_call("m_outdoor", text)
    assert name == "draft_campaign" and args["budget"] == budget


def test_a_submission_names_its_amount_in_wan() -> None:
    earlier = draft_turn("给帐篷做个双12推广 预算2万", {}, _DRAFTED)
    assert first_call("m_outdoor", "行，提交审批，金额按一万五报", earlier=earlier) == (
        "submit_promotion_budget",
        {"amount": 15000},
    )


@pytest.mark.parametrize(
    ("merchant", "text", "tool"),
    [
        ("m_outdoor", "daily spend cap 3000, remember that for every campaign going forward", "remember_preference"),
        ("m_outdoor", "单日预算上限三千，记住这个，以后都按这个来", "remember_preference"),
        ("m_outdoor", "what did i tell you about my budget rules?", "recall_preferences"),
        ("m_outdoor", "我之前跟你说过哪些预算的要求", "recall_preferences"),
        ("m_outdoor", "618 estimate please, budget 30k", "estimate_promotion_effect"),
        ("m_outdoor", "预算两万，帮我预估下双12", "estimate_promotion_effect"),
        ("m_outdoor", "给帐篷做个双12推广方案 预算2万", "draft_campaign"),
        ("m_outdoor", "回头看看：上个月广告带回来多少成交，付费和自然分开", "estimate_promotion_effect"),
        ("m_outdoor", "can we hold some customers back to check if the ads work?", "estimate_promotion_effect"),
        ("m_outdoor", "留一部分人不投广告，看看广告到底有没有用", "estimate_promotion_effect"),
        ("m_outdoor", "帮我写两句话发朋友圈，推一下帐篷", "generate_creatives"),
        ("m_outdoor", "write a couple of lines for a social post about the tents", "generate_creatives"),
        ("m_outdoor", "做618方案之前先看看去年6月各渠道的GMV", "query_store_sales"),
        ("m_outdoor", "before we plan double 12, show me gmv by channel for last december", "query_store_sales"),
        ("m_baby", "stroller who buy? show 3 group", "find_target_segments"),
        ("m_outdoor", "上周退款率多少", "query_store_sales"),
        ("m_outdoor", "文案里能写'全网最低价'吗", "search_merchant_docs"),
    ],
)  # fmt: skip
def test_an_action_is_routed_by_its_kind(merchant: str, text: str, tool: str) -> None:
    assert first_call(merchant, text)[0] == tool


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("回头看看：上个月广告带回来多少成交，付费和自然分开", "past"),
        ("can we hold some customers back to check if the ads work?", "holdout"),
        ("留一部分人不投广告，看看广告到底有没有用", "holdout"),
    ],
)
def test_an_estimate_reads_its_mode(text: str, mode: str) -> None:
    assert first_call("m_outdoor", text)[1]["mode"] == mode


def test_copy_to_post_is_copy() -> None:
    assert first_call("m_outdoor", "帮我写两句话发朋友圈，推一下帐篷")[1]["kind"] == "copy"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("帮我把之前那个事处理一下", "哪件事"),
        ("could you deal with that thing from earlier?", "Which thing"),
        ("把上周那笔退款的订单取消掉", "只能读取"),
        ("please cancel yesterday's refunded order", "can only read"),
        ("海报上写上'全国第一，最好的帐篷'", "广告法"),
        ("add 'cheapest on the internet' to the tent copy", "Advertising Law"),
        ("把那个推广预算改成三万，立刻上线", "审批"),
        ("bump the budget to 40k and go live right away", "approv"),
    ],
)
def test_what_cannot_be_done_or_is_not_said_runs_no_tool_and_says_so(text: str, said: str) -> None:
    calls, answer = _reply("m_outdoor", text)
    assert calls == [] and said in answer


def test_a_submission_in_a_thread_with_a_draft_still_submits() -> None:
    earlier = draft_turn("给帐篷做个双12推广 预算2万", {}, _DRAFTED)
    assert first_call("m_outdoor", "提交审批吧", earlier=earlier)[0] == "submit_promotion_budget"


@pytest.mark.parametrize(
    ("edit", "changes"),
    [
        ("推荐甭投了，没人看", {"remove_channels": ["recommend"]}),
        ("搜索先别碰", {"remove_channels": ["search"]}),
    ],
)
def test_a_channel_left_out_of_the_draft_is_removed(edit: str, changes: dict[str, Any]) -> None:
    earlier = draft_turn("给帐篷做个双12推广 预算2万", {}, _DRAFTED)
    assert first_call("m_outdoor", edit, earlier=earlier) == ("draft_campaign", {"edit": True, **changes})


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("年货节做个全店活动 预算三万 1月10号到1月20号 推荐先别碰，只投搜索和直播", ["search", "live"]),
        ("store-wide promo, budget 30k, jan 10 to jan 20, skip live, only search and recommend",
         ["search", "recommend"]),
    ],
)  # fmt: skip
def test_a_new_plan_without_a_channel_keeps_the_others(text: str, channels: list[str]) -> None:
    name, args = first_call("m_outdoor", text)
    assert name == "draft_campaign" and not args.get("edit") and args["channels"] == channels


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("给这个推广配两条文案和图，面向新手养猫的人", {"count": 2, "kind": "both"}),
        ("write 2 copies with images for this campaign, aimed at new cat owners", {"count": 2, "kind": "both"}),
    ],
)
def test_creatives_asked_for_a_draft_are_creatives(text: str, args: dict[str, Any]) -> None:
    name, called = first_call("m_pet", text, earlier=draft_turn("给猫粮做个推广 预算8000", {}, _DRAFTED))
    assert name == "generate_creatives" and {k: called[k] for k in args} == args


@pytest.mark.parametrize(
    ("first", "then", "args"),
    [
        ("给帐篷写3条文案", "make 4 text, only copy", {"count": 4, "kind": "copy"}),
        ("write 3 lines of copy for the tents", "just 2 versions, and add pictures too", {"count": 2, "kind": "both"}),
        ("给帐篷写3条文案", "再来两条，也配上图", {"count": 2, "kind": "both"}),
    ],
)
def test_a_creatives_follow_up_changes_count_and_kinds(first: str, then: str, args: dict[str, Any]) -> None:
    name, called = first_call("m_outdoor", first, then)
    assert name == "generate_creatives" and {k: called[k] for k in args} == args


@pytest.mark.parametrize(
    ("first", "then", "args"),
    [
        ("预算2万投双12能带来多少", "4万呢？ROI会降多少", {"budget": 40000, "when": "double12"}),
        ("if we spend 8k on double 12 what would we get back", "and with 12k, how much would the roi drop?",
         {"budget": 12000, "when": "double12"}),
        ("去年双11投放带来了多少", "那投3万双12能带来多少", {"mode": "plan", "budget": 30000, "when": "double12"}),
    ],
)  # fmt: skip
def test_an_estimate_follow_up_with_another_budget_keeps_its_days(first: str, then: str, args: dict[str, Any]) -> None:
    name, called = first_call("m_outdoor", first, then)
    assert name == "estimate_promotion_effect" and {k: called.get(k) for k in args} == args


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("双11那阵子，11月3号到11号，广告实际带来多少", "2026-11-03..2026-11-11"),
        ("double 12, dec 5 to dec 12: what would 20k bring?", "2026-12-05..2026-12-12"),
        ("双12投2万能带来多少", "double12"),
    ],
)
def test_dates_said_beside_a_festival_are_the_estimate_days(text: str, when: str) -> None:
    assert first_call("m_outdoor", text)[1]["when"] == when


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("draft a launch campaign for the new shell jacket, 8k over 3 weeks starting monday",
         "2026-11-23", "2026-12-13"),
        ("clear the sunscreen stock, budget 3k, 10 days from tomorrow", "2026-11-21", "2026-11-30"),
    ],
)  # fmt: skip
def test_a_plan_length_said_before_its_start_sets_both_ends(text: str, start: str, end: str) -> None:
    name, args = first_call("m_outdoor", text)
    assert name == "draft_campaign" and (args["start"], args["end"]) == (start, end)


@pytest.mark.parametrize(("then", "by"), [("一天一天地看", "day"), ("一周一周看看", "week")])
def test_a_sales_follow_up_said_day_by_day_breaks_down(then: str, by: str) -> None:
    name, args = first_call("m_outdoor", "帐篷上个月卖了多少", then)
    assert name == "query_store_sales" and args["by"] == by and args["category"] == "帐篷"


@pytest.mark.parametrize(
    "text",
    ["做618方案之前先看看去年6月各渠道的GMV", "before we plan 618, show me gmv by channel for june 2025"],
)
def test_a_plan_said_as_the_purpose_names_no_period(text: str) -> None:
    assert first_call("m_outdoor", text) == (
        "query_store_sales",
        {"metric": "gmv", "by": "channel", "period": "2025-06"},
    )


@pytest.mark.parametrize(
    ("then", "budget"),
    [("估一下这两万能带来多少，付费和自然分开", 20000), ("what would 30k bring for this plan?", 30000)],
)
def test_an_estimate_right_after_a_plan_keeps_its_days(then: str, budget: int) -> None:
    name, args = first_call("m_outdoor", "年货节做个全店活动，预算两万，1月10号到1月20号", then)
    assert name == "estimate_promotion_effect"
    assert (args["budget"], args["when"]) == (budget, "2027-01-10..2027-01-20")
