"""Drafts, their edits and budget submissions read by kind, in wordings of their own (after fresh25): an amount said
aloud with a decimal point ("两点五万"), one channel only said right after the amount, a run length said with its
verb and a start said with a bare "start", "set up" that names no product; an edit that moves the draft to another
festival or pushes its end out past one; days said with no year that this year has just passed are asked about,
never moved to next year; a plan pointed at by what it promotes is the one submitted, a short number kept in the
draft's thousands is its amount, and whether a budget went up, asked in dialect or half in English, is where its
approval stands, and so is where something submitted earlier stands."""

from __future__ import annotations

import pytest

from tests.offline.planned import draft_turn, first_call, plan_next_answer


@pytest.mark.parametrize(
    ("text", "budget"),
    [("给登山杖做个推广 预算两点五万 下周", 25000), ("帐篷推广，预算三点五千，下周", 3500)],
)
def test_an_amount_said_with_a_decimal_point_is_read_whole(text: str, budget: int) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign" and args["budget"] == budget


def test_only_one_channel_said_right_after_the_amount_keeps_the_amount() -> None:
    tool, args = first_call("m_outdoor", "下周推一下登山杖 预算3万 只用推荐")
    assert tool == "draft_campaign"
    assert args["budget"] == 30000 and args["channels"] == ["recommend"]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("promote the lanterns, 6k, start Tuesday and let it run 10 days", "2026-11-24", "2026-12-03"),
        ("lantern promo, 6k, kicks off Monday, running 3 weeks", "2026-11-23", "2026-12-13"),
    ],
)
def test_a_run_length_said_with_its_verb_ends_the_plan(text: str, start: str, end: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "draft_campaign" and (args["start"], args["end"]) == (start, end)


def test_set_up_names_no_product_called_a_set() -> None:
    tool, args = first_call("m_pet", "can you set up a push for the pet dryer, 4k, next week")
    assert tool == "draft_campaign" and args["product"] != "pet_cat_teaser"


def test_a_launch_drafted_for_an_audience_is_a_draft() -> None:
    tool, args = first_call("m_outdoor", "draft a launch for the new windproof shell, 9k, next week, aim it at hikers")
    assert tool == "draft_campaign"
    assert args["product"] == "out_shell_light_new" and args["budget"] == 9000


_DEC_PLAN = {"product": "pet_cat_tree", "budget": 8000, "start": "2026-12-05", "end": "2026-12-09"}
_DEC_SAVED = {"campaign_id": "c", "budget_total": 8000, "start_date": "2026-12-05", "end_date": "2026-12-09"}


@pytest.mark.parametrize(
    ("text", "changed"),
    [
        ("scratch that, do it for double 12 instead, Dec 2 to 12", {"start": "2026-12-02", "end": "2026-12-12"}),
        ("还是换成双12吧，12月3号到12号", {"start": "2026-12-03", "end": "2026-12-12"}),
    ],
)
def test_a_draft_moved_to_another_festival_is_an_edit_of_it(text: str, changed: dict[str, str]) -> None:
    plan = draft_turn("cat tree push, 8k, Dec 5 to 9", _DEC_PLAN, _DEC_SAVED)
    tool, args = first_call("m_pet", text, earlier=plan)
    assert tool == "draft_campaign" and args["edit"] is True
    assert args["event"] == "double12" and {k: args[k] for k in changed} == changed
    assert "budget" not in args


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("stretch the end to Dec 13, that way double 12 is in", "2026-12-13"),
        ("结束延到12月12号 把双12包进来", "2026-12-12"),
    ],
)
def test_the_end_pushed_past_a_festival_is_the_day_said(text: str, end: str) -> None:
    plan = draft_turn("cat tree push, 8k, Dec 5 to 9", _DEC_PLAN, _DEC_SAVED)
    tool, args = first_call("m_pet", text, earlier=plan)
    assert tool == "draft_campaign" and args == {"edit": True, "end": end}


def test_a_range_end_is_no_budget_of_an_edit() -> None:
    plan = draft_turn("cat tree push, 8k, Dec 5 to 9", _DEC_PLAN, _DEC_SAVED)
    tool, args = first_call("m_pet", "move it to nov 26 to 30 instead", earlier=plan)
    assert tool == "draft_campaign" and "budget" not in args
    assert (args["start"], args["end"]) == ("2026-11-26", "2026-11-30")


@pytest.mark.parametrize(
    ("merchant", "text"),
    [
        ("m_pet", "11.11 push for the cat tree, 7k, Nov 2 to Nov 11"),
        ("m_baby", "双11给纸尿裤做个活动 预算6000 11月3号到11号"),
    ],
)
def test_days_this_year_just_passed_are_asked_about_not_moved(merchant: str, text: str) -> None:
    answer = plan_next_answer(merchant, text)
    assert "2026-11" in answer and "2027-11" in answer


def test_the_same_days_with_next_year_said_are_drafted() -> None:
    tool, args = first_call("m_pet", "double 11 push for the cat tree, 7k, Nov 2 to 11 2027")
    assert tool == "draft_campaign" and args["start"] == "2027-11-02"


def test_after_the_days_are_asked_other_days_draft_the_plan() -> None:
    tool, args = first_call(
        "m_pet", "11.11 push for the cat tree, 7k, Nov 2 to Nov 11", "ah ok, do double 12, Dec 3 to 12"
    )
    assert tool == "draft_campaign"
    assert args["product"] == "pet_cat_tree" and args["budget"] == 7000 and args["start"] == "2026-12-03"


def test_a_plan_pointed_at_by_what_it_promotes_is_submitted() -> None:
    tool, args = first_call("m_baby", "昨天那个纸尿裤方案的预算，按8千提交")
    assert tool == "submit_promotion_budget"
    assert args == {"campaign_id": "纸尿裤", "amount": 8000}


def test_a_short_number_kept_is_the_drafts_thousands() -> None:
    plan = draft_turn(
        "tents for double 12, 25k", {"category": "帐篷", "budget": 25000}, {"campaign_id": "c", "budget_total": 25000}
    )
    tool, args = first_call("m_outdoor", "fine, leave it at 25 and put it through", earlier=plan)
    assert tool == "submit_promotion_budget" and args["amount"] == 25000


@pytest.mark.parametrize(
    "text",
    [
        "元旦那个方案格报上去了？",
        "预算 approve 了没有，我印象里上周交过",
        "那个活动的 budget 提交了没有",
        "我之前报上去的纸尿裤那个方案现在什么进度",
    ],
)
def test_whether_a_budget_went_up_asked_in_dialect_or_mixed_is_its_status(text: str) -> None:
    answer = plan_next_answer("m_outdoor", text)
    assert "审批" in answer and "金额" not in answer


def test_a_plan_named_earlier_and_changed_in_a_new_conversation_is_asked_about() -> None:
    answer = plan_next_answer("m_baby", "上次那个元旦纸尿裤活动方案，预算帮我改到1万8")
    assert "哪个方案" in answer
