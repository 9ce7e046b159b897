"""Dialogues around a campaign draft (issue 18): after a plan, words that only change it (an amount, days,
channels, in any order) edit the draft; after a plan that asked for its budget, the answer completes that plan;
creatives or a plan right after an audience question are for that audience; any other question is read on its
own. Each goes through the planner to the tool call."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from copilot.offline.recognizers.money import find_money
from tests.offline.planned import TOOLS, draft_turn, first_call
from tests.offline.test_nlu import demo_catalogs

_call = first_call
PLAN = "帮我做个双12的冲锋衣推广方案 预算5万"


@pytest.mark.parametrize(
    ("follow_up", "changes"),
    [
        ("预算降到两万吧", {"budget": 20000}),
        ("不对，预算是5千不是5万", {"budget": 5000}),
        ("不对不对，是五千", {"budget": 5000}),
        ("budget 改 4k", {"budget": 4000}),
        ("直播渠道去掉", {"remove_channels": ["live"]}),
        ("不投 live", {"remove_channels": ["live"]}),
        ("开始改到12月1号，结束12月14号", {"start": "2026-12-01", "end": "2026-12-14"}),
        ("Actually let it run through Dec 20", {"end": "2026-12-20"}),
        ("push the start to Dec 3", {"start": "2026-12-03"}),
    ],
)
def test_words_that_only_change_the_plan_edit_the_draft(follow_up: str, changes: dict[str, Any]) -> None:
    name, args = _call("m_outdoor", PLAN, follow_up)
    assert name == "draft_campaign"
    assert args == {"edit": True, **changes}


def test_channels_dropped_and_added_in_one_edit_each_go_with_their_own_cue() -> None:
    plan = {"campaign_id": "cmp_1", "plan": {"channels": [{"channel": c} for c in ("search", "live")]}}
    earlier = [
        HumanMessage(PLAN),
        AIMessage("", tool_calls=[{"name": "draft_campaign", "args": {}, "id": "c1", "type": "tool_call"}]),
        ToolMessage("saved", tool_call_id="c1", name="draft_campaign", artifact=plan),
        AIMessage("已保存"),
    ]
    name, args = _call("m_outdoor", "去掉直播，加上推荐", earlier=earlier)
    assert name == "draft_campaign"
    assert args == {"edit": True, "channels": ["search", "recommend"]}


def test_creatives_after_a_draft_in_an_earlier_turn_are_for_that_draft() -> None:
    earlier = [
        HumanMessage(PLAN),
        AIMessage("", tool_calls=[{"name": "draft_campaign", "args": {}, "id": "c1", "type": "tool_call"}]),
        ToolMessage("saved", tool_call_id="c1", name="draft_campaign", artifact={"campaign_id": "cmp_9"}),
        AIMessage("已保存"),
    ]
    name, args = _call("m_outdoor", "给这个活动写几条文案", earlier=earlier)
    assert (name, args) == ("generate_creatives", {"campaign_id": "cmp_9", "count": 3, "kind": "copy"})


def test_the_budget_asked_for_completes_the_plan_it_was_asked_for() -> None:
    name, args = _call("m_outdoor", "给冲锋衣做个推广方案", "8千 12月1号到14号")
    assert name == "draft_campaign"
    assert args == {"category": "冲锋衣", "budget": 8000, "start": "2026-12-01", "end": "2026-12-14"}


@pytest.mark.parametrize(
    ("follow_up", "tool"),
    [
        ("顺便问下 上个月客单价多少", "query_store_sales"),
        ("再给帐篷做一个推广方案 预算1万", "draft_campaign"),
        ("提交审批", "submit_promotion_budget"),
    ],
)
def test_other_requests_after_a_draft_are_read_on_their_own(follow_up: str, tool: str) -> None:
    name, args = _call("m_outdoor", PLAN, follow_up)
    assert name == tool
    assert "edit" not in args, args


def test_a_new_plan_after_a_draft_keeps_its_own_target() -> None:
    _, args = _call("m_outdoor", PLAN, "再给帐篷做一个推广方案 预算1万")
    assert args["category"] == "帐篷" and args["budget"] == 10000


@pytest.mark.parametrize(
    ("merchant", "audience", "ask", "expected"),
    [
        ("m_pet", "who buys the pet camera", "write copy for that, 4 variants",
         {"product": "pet_camera", "count": 4, "kind": "copy"}),
        ("m_pet", "who buys cat scratchers?", "write 3 copy lines for them",
         {"product": "pet_cat_scratcher", "count": 3, "kind": "copy"}),
        ("m_outdoor", "露营人群有哪些", "给这群人写几条文案", {"scene": "露营", "count": 3, "kind": "copy"}),
    ],
)  # fmt: skip
def test_creatives_after_an_audience_question_are_for_that_audience(
    merchant: str, audience: str, ask: str, expected: dict[str, Any]
) -> None:
    assert _call(merchant, audience, ask) == ("generate_creatives", expected)


def test_a_plan_right_after_an_audience_question_targets_that_audience() -> None:
    _, audience = _call("m_baby", "宝宝哄睡的人群有哪些")
    name, args = _call("m_baby", "宝宝哄睡的人群有哪些", "对她们推哺乳枕，预算七千，12月1号到10号")
    assert name == "draft_campaign"
    assert args["budget"] == 7000 and args["segments"] == [audience["scene"]] and args["start"] == "2026-12-01"


@pytest.mark.parametrize(("text", "amounts"), [("6000 budget", [6000]), ("5000的预算", [5000]), ("卖了6000 件", [])])
def test_an_amount_right_before_the_word_budget_is_money(text: str, amounts: list[int]) -> None:
    assert [e.value for e in find_money(text)] == amounts


@pytest.mark.parametrize(
    ("merchant", "ask", "tool", "product"),
    [
        ("m_pet", "猫爬架压货了 做个清仓计划 预算三千", "draft_campaign", "pet_cat_tree"),
        ("m_pet", "帮我出几张宠物摄像头的图", "generate_creatives", "pet_camera"),
        ("m_outdoor", "谁会买头灯", "find_target_segments", "out_headlamp"),
    ],
)
def test_an_action_on_a_category_of_one_product_is_about_that_product(
    merchant: str, ask: str, tool: str, product: str
) -> None:
    name, args = _call(merchant, ask)
    assert name == tool and args.get("product") == product and "category" not in args, args


def test_a_sales_question_on_a_category_of_one_product_keeps_the_category() -> None:
    _, args = _call("m_pet", "猫爬架上个月卖了多少")
    assert args.get("category") == "猫爬架" and "product" not in args, args


@pytest.mark.parametrize(
    ("plan", "channels"),
    [
        ("冲锋衣 for Double 12，预算 2w5，live 就不要了", ["search", "recommend"]),
        ("Draft a shell jacket campaign for Double 12, 8k, Dec 7-12, no live", ["search", "recommend"]),
    ],
)
def test_a_new_plan_that_drops_a_channel_runs_on_the_others(plan: str, channels: list[str]) -> None:
    name, args = _call("m_outdoor", plan)
    assert name == "draft_campaign" and args["channels"] == channels and "edit" not in args, args


def test_gmv_split_by_product_or_category_is_product_revenue() -> None:
    """DESIGN.md: GMV is an order total; per-product amounts are product revenue (one meaning everywhere)."""
    assert _call("m_outdoor", "上个月 GMV by category")[1]["metric"] == "revenue"
    assert _call("m_outdoor", "这个月卖得最好的前五")[1]["metric"] == "revenue"


@pytest.mark.parametrize(
    ("plan", "start", "end"),
    [
        ("羽绒服搞个爆发，3天花3万，下周一开始", "2026-11-23", "2026-11-25"),
        ("头灯 campaign 走直播，3k 跑 3 天，下周三开始", "2026-11-25", "2026-11-27"),
        ("露营灯搞个直播专场推广，五千块，就这周末两天", "2026-11-21", "2026-11-22"),
        ("next weekend promo for the tents, 5k", "2026-11-28", "2026-11-29"),
        ("帐篷做个推广 预算1万 下周一开始两周", "2026-11-23", "2026-12-06"),
    ],
)
def test_weekends_weekdays_of_next_week_and_durations_set_the_schedule(plan: str, start: str, end: str) -> None:
    """Today is Friday 2026-11-20."""
    name, args = _call("m_outdoor", plan)
    assert name == "draft_campaign" and (args.get("start"), args.get("end")) == (start, end), args


def test_days_of_history_named_in_a_plan_are_no_schedule() -> None:
    _, args = _call("m_outdoor", "近30天卖得不好的帐篷做个清仓 预算5000")
    assert "start" not in args and "end" not in args, args


@pytest.mark.parametrize(
    "message",
    [
        "库存还有2000件吗",
        "能卖出500件吗",
        "我们有3000个会员",
        "粉丝有5000人",
        "这个方案覆盖多少人，有没有1万人",
        "our store has 800 reviews",
        "what about 1200 customers in Beijing?",
        "12月1号是周几",
        "we have no live streamers, is that ok?",
        "3万够吗",
        "is 30k enough?",
    ],
)
def test_numbers_days_and_channels_that_change_nothing_never_edit_the_draft(message: str) -> None:
    """A count, a question or a remark after a draft never changes its budget, days or channels (the next
    submission would spend what the merchant did not ask for)."""
    messages = [HumanMessage(PLAN), HumanMessage(message)]
    reply = plan_next(messages, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)
    assert not any(call["args"].get("edit") for call in reply.tool_calls), reply.tool_calls


@pytest.mark.parametrize(
    ("plan", "channels"),
    [
        ("做个帐篷推广方案 预算1万 直播和搜索都投 不投钱给达人", ["search", "live"]),
        ("Draft a tent campaign, 10k budget, no other channels than live", ["live"]),
    ],
)
def test_channels_chosen_for_a_new_plan_are_kept(plan: str, channels: list[str]) -> None:
    name, args = _call("m_outdoor", plan)
    assert name == "draft_campaign" and args["channels"] == channels, args


@pytest.mark.parametrize(
    ("merchant", "plan", "follow_up", "segments"),
    [
        (
            "m_baby",
            "Draft a campaign for the strollers, budget 20k, Dec 5-12",
            "target people raising the kids alone",
            ["一个人带娃"],
        ),
        (
            "m_baby",
            "Draft a campaign for the strollers, budget 20k, Dec 5-12",
            "target single parents",
            ["single parents"],
        ),
        ("m_baby", "推车推广 预算2万 12.5到12.12", "目标人群加上独自带娃的", ["一个人带娃"]),
        ("m_pet", "双12 全店大促 预算3w 12.1到12.12", "人群加上养狗的", ["养狗"]),
        ("m_pet", "双12 全店大促 预算3w 12.1到12.12", "add dog lovers to the audience", ["dog lovers"]),
        ("m_pet", "双12 全店大促 预算3w 12.1到12.12", "target new cat owners instead", ["new cat owners"]),
    ],
)
def test_an_audience_said_after_a_draft_edits_its_segments(
    merchant: str, plan: str, follow_up: str, segments: list[str]
) -> None:
    earlier = draft_turn(plan, {}, {"campaign_id": "cmp_1"})
    assert first_call(merchant, follow_up, earlier=earlier) == ("draft_campaign", {"segments": segments, "edit": True})


@pytest.mark.parametrize("follow_up", ["budget up to 25k", "预算加到2万5"])
def test_a_budget_raised_to_an_amount_after_a_draft_is_an_edit(follow_up: str) -> None:
    earlier = draft_turn("Draft a campaign for the strollers, budget 20k, Dec 5-12", {}, {"campaign_id": "cmp_1"})
    assert first_call("m_baby", follow_up, earlier=earlier) == ("draft_campaign", {"budget": 25000.0, "edit": True})


def test_an_audience_question_with_no_draft_still_finds_segments() -> None:
    assert first_call("m_pet", "养狗的人群有多大")[0] == "find_target_segments"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("狗粮推广 预算5k 下周一到周日", "2026-11-23", "2026-11-29"),
        ("猫砂清仓 预算8千 下周三至周五", "2026-11-25", "2026-11-27"),
        ("猫粮推广 预算6000 下周五到周一", "2026-11-27", "2026-11-30"),
        ("promote the cat litter, budget 5k, next monday to sunday", "2026-11-23", "2026-11-29"),
    ],
)
def test_a_plan_from_one_weekday_to_another_next_week_ends_on_the_second(text: str, start: str, end: str) -> None:
    name, args = first_call("m_pet", text)
    assert (name, args["start"], args["end"]) == ("draft_campaign", start, end)
