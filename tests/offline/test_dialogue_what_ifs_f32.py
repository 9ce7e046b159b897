"""Dialogue about a draft (fresh32): a budget supposed beside the draft ("what if we doubled it?", "如果再加两千呢")
is an estimate of the new total over the plan's days, never an edit; the what-if taken up right after ("ok 加",
"那就加上，改成2.2万") edits the draft; what the plan would bring asked of it ("how much GMV we can wait with
this?") is its estimate; a budget said relative to an earlier one ("预算从1w改成1.3w") is the later amount; a channel
taken out in plain English is dropped; a plan announced beside a sales question is drafted when its budget is said
next."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import draft_turn, first_call, plan_next_answer

_JACKETS = "双12想推冲锋衣，预算先按2万做个方案"
_SHOP = "Black Friday 那几天做个全店活动，11/27-11/30，budget 1.5w"
_DOWN = "Plan something for the down jacket, 10k, starting Monday for 10 days"


@pytest.mark.parametrize(
    ("plan", "text", "expected"),
    [
        (_JACKETS, "如果预算再加两千，能多卖多少", {"budget": 22000, "when": "double12"}),
        (_JACKETS, "要是再多投5000呢", {"budget": 25000, "when": "double12"}),
        (_JACKETS, "假如预算翻倍，效果会怎样", {"budget": 40000, "when": "double12"}),
        (_SHOP, "what if we doubled it?", {"budget": 30000, "when": "2026-11-27..2026-11-30"}),
        (_SHOP, "what if we cut it in half?", {"budget": 7500, "when": "2026-11-27..2026-11-30"}),
        (_DOWN, "What if we add 3k more?", {"budget": 13000, "when": "2026-11-23..2026-12-02"}),
        (_DOWN, "what if 预算再加3k", {"budget": 13000, "when": "2026-11-23..2026-12-02"}),
        (_DOWN, "suppose we spent 25k instead?", {"budget": 25000, "when": "2026-11-23..2026-12-02"}),
    ],
)
def test_a_budget_supposed_beside_the_draft_is_an_estimate(plan: str, text: str, expected: dict[str, Any]) -> None:
    merchant = "m_outdoor"
    tool, args = first_call(merchant, plan, text)
    assert tool == "estimate_promotion_effect"
    assert args["mode"] == "plan" and {k: args.get(k) for k in expected} == expected


def test_a_what_if_after_an_edit_counts_from_the_edited_budget() -> None:
    tool, args = first_call("m_outdoor", _DOWN, "预算加到1.2万", "what if we doubled it?")
    assert tool == "estimate_promotion_effect" and args["budget"] == 24000


@pytest.mark.parametrize(
    ("text", "budget"),
    [("ok 加", 22000), ("那就加吧", 22000), ("go with that", 22000), ("ok let's do it", 22000),
     ("那就加上，改成2.2万", 22000), ("好，改成2.1万吧", 21000)],
)  # fmt: skip
def test_the_what_if_taken_up_edits_the_draft(text: str, budget: int) -> None:
    tool, args = first_call("m_outdoor", _JACKETS, "如果预算再加两千，能多卖多少", text)
    assert tool == "draft_campaign"
    assert args.get("edit") is True and args.get("budget") == budget


def test_another_what_if_after_a_what_if_stays_an_estimate() -> None:
    tool, args = first_call("m_outdoor", _JACKETS, "如果预算再加两千，能多卖多少", "那如果再加一万呢")
    assert tool == "estimate_promotion_effect" and args["budget"] == 30000


def test_an_edit_after_a_what_if_changes_the_draft() -> None:
    tool, args = first_call("m_outdoor", _SHOP, "what if we doubled it?", "算了还是1.5w，但把直播去掉")
    assert tool == "draft_campaign"
    assert args.get("edit") is True and args.get("remove_channels") == ["live"]


@pytest.mark.parametrize(
    "text",
    [
        "how much GMV we can wait with this?",
        "what sales can we expect from it?",
        "这个方案能带来多少成交",
        "这样能卖多少",
    ],
)
def test_what_the_plan_would_bring_is_its_estimate(text: str) -> None:
    plan = "We make a campaign for the Black Friday, from 27/11 to 30/11, budget 12.000, all the shop"
    tool, args = first_call("m_baby", plan, text)
    assert tool == "estimate_promotion_effect"
    assert args == {"mode": "plan", "budget": 12000, "when": "2026-11-27..2026-11-30"}


_STROLLER = {"objective": "launch", "product": "baby_stroller_fold_new", "budget": 8000, "start": "2026-11-23"}
_SAVED = {"id": "cmp_1", "budget_total": "8000", "start_date": "2026-11-23", "end_date": "2026-12-06"}


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("and take out the live, is very expensive", "live"),
        ("get rid of the search one", "search"),
        ("leave out live streaming please", "live"),
        ("直播拿掉吧，太贵了", "live"),
    ],
)
def test_a_channel_taken_out_is_dropped(text: str, channel: str) -> None:
    earlier = draft_turn(
        "We have a budget of 8.000 for promote the new stroller, from 23/11 to 6/12", _STROLLER, _SAVED
    )
    tool, args = first_call("m_baby", text, earlier=earlier)
    assert tool == "draft_campaign" and args.get("edit") is True and args.get("remove_channels") == [channel]


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("上次那个draft，预算从1w改成1.3w", 13000),
        ("之前的草稿 预算由2万调到2.5万", 25000),
        ("my last draft: change the budget from 10k to 13k", 13000),
    ],
)
def test_the_latest_draft_with_a_budget_from_one_amount_to_another_takes_the_later(text: str, budget: int) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign" and args == {"edit": True, "budget": budget}


def test_a_plan_named_by_what_it_was_is_still_asked_about() -> None:
    assert "哪个方案" in plan_next_answer("m_baby", "上次那个元旦纸尿裤活动方案，预算帮我改到1万8")


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        (
            "下周想给登山杖加点推广，预算还没想好，先看看上个月登山杖卖得咋样",
            "预算就5000，下周一到周日",
            {"category": "登山杖", "budget": 5000, "start": "2026-11-23", "end": "2026-11-29"},
        ),
        (
            "打算给帐篷做个活动，先看看这个月帐篷的销量",
            "预算8000，12月3号到12号",
            {"category": "帐篷", "budget": 8000, "start": "2026-12-03", "end": "2026-12-12"},
        ),
        ("we want to promote the tents, first show me last month's tent sales", "budget 6k", {"budget": 6000}),
    ],
)
def test_a_plan_announced_beside_a_sales_question_is_drafted_when_its_budget_is_said(
    first: str, then: str, expected: dict[str, Any]
) -> None:
    tool, args = first_call("m_outdoor", first, then)
    assert tool == "draft_campaign" and {k: args.get(k) for k in expected} == expected


def test_a_what_if_after_the_announced_plan_is_drafted_counts_from_it() -> None:
    tool, args = first_call(
        "m_outdoor",
        "下周想给登山杖加点推广，预算还没想好，先看看上个月登山杖卖得咋样",
        "预算就5000，下周一到周日",
        "如果再加两千呢",
    )
    assert tool == "estimate_promotion_effect"
    assert args == {"mode": "plan", "budget": 7000, "when": "2026-11-23..2026-11-29"}


def test_a_budget_after_a_plain_sales_question_is_no_plan() -> None:
    tool, _ = first_call("m_outdoor", "上个月登山杖卖得咋样", "那这个月呢")
    assert tool == "query_store_sales"
