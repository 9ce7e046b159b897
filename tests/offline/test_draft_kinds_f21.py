"""Drafts, edits and creatives read by kind, in wordings of their own (after fresh21): a plan asked for in hedged,
polite words with its amount said plainly; a plan's length said again ("just 10 days, not two weeks"); a
category added to the plan's; a channel paused; the budget cut after a rejection, with the submission between;
the budget released (a submission); creatives with pictures wanted in few words, or with an audience one is
unsure of; and an item the store does not sell, passed on so that the tool says so."""

from __future__ import annotations

import pytest

from tests.offline.planned import draft_turn, first_call

_SAVED = {"campaign_id": "c_3", "budget_total": "20000.00", "start_date": "2026-11-23", "end_date": "2026-12-06"}


def _edit(merchant: str, text: str, plan: str = "给帐篷做个推广 预算2万 下周一开始跑两周") -> dict[str, object]:
    tool, args = first_call(merchant, text, earlier=draft_turn(plan, {"category": "帐篷"}, _SAVED))
    assert tool == "draft_campaign" and args.get("edit") is True, (tool, args)
    return args


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("sorry, 10 days only, not two weeks", "2026-12-02"),
        ("make it 1 week instead", "2026-11-29"),
        ("改成只跑五天", "2026-11-27"),
        ("缩短到一个礼拜就行", "2026-11-29"),
    ],
)
def test_a_plan_length_said_again_moves_its_end_from_its_start(text: str, end: str) -> None:
    args = _edit("m_outdoor", text)
    assert args.get("end") == end and "start" not in args


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("please also add the sleeping bag category", "帐篷,睡袋"),
        ("把天幕也加进去", "帐篷,天幕"),
        ("throw in the canopies too", "帐篷,天幕"),
    ],
)
def test_a_category_added_to_the_plan_keeps_its_own(text: str, category: str) -> None:
    assert _edit("m_outdoor", text).get("category") == category


def test_a_category_named_instead_still_replaces_the_plan_one() -> None:
    assert _edit("m_outdoor", "换成天幕").get("category") == "天幕"


@pytest.mark.parametrize(
    ("text", "channel"), [("直播那条先暂停", "live"), ("pause the search one", "search"), ("推荐那路停掉", "recommend")]
)
def test_a_channel_paused_is_dropped(text: str, channel: str) -> None:
    assert _edit("m_outdoor", text).get("remove_channels") == [channel]


@pytest.mark.parametrize("text", ["老板没批，说预算砍一半", "boss said no, cut the budget by half"])
def test_a_budget_cut_after_the_submission_edits_the_plan(text: str) -> None:
    earlier = draft_turn("给帐篷做个推广 预算2万 下周", {"category": "帐篷"}, _SAVED)
    tool, args = first_call("m_outdoor", "提交审批", text, earlier=earlier)
    assert tool == "draft_campaign" and args.get("budget") == 10000


@pytest.mark.parametrize("text", ["ok, release the budget and kick it off today", "预算放出去吧"])
def test_the_budget_released_is_a_submission(text: str) -> None:
    earlier = draft_turn("给帐篷做个推广 预算2万 下周", {"category": "帐篷"}, _SAVED)
    assert first_call("m_outdoor", text, earlier=earlier)[0] == "submit_promotion_budget"


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        (
            "m_baby",
            "hi, could you perhaps put something together for the new stroller launch? boss said roughly 12,000, "
            "from next Monday for 10 days",
            {"objective": "launch", "product": "baby_stroller_fold_new", "budget": 12000, "end": "2026-12-02"},
        ),
        (
            "m_outdoor",
            "would you maybe draft something for a headlamp promo? about 6,000, next week I guess",
            {"product": "out_headlamp", "budget": 6000},
        ),
    ],
)
def test_a_hedged_plan_is_drafted_with_what_it_says(merchant: str, text: str, expected: dict[str, object]) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "draft_campaign"
    assert {key: args.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("text", "count"), [("腰凳背带写3条文案，带图", 3), ("two lines for the hip seat carrier, with images too", 2)]
)
def test_pictures_wanted_in_few_words_make_both_kinds(text: str, count: int) -> None:
    assert first_call("m_baby", text) == (
        "generate_creatives",
        {"count": count, "kind": "both", "product": "baby_hipseat_carrier"},
    )


def test_copy_asked_for_with_an_unsure_audience_is_copy() -> None:
    tool, args = first_call("m_pet", "could you prep copy for the smart litter box, 4 versions? no idea which audience")
    assert tool == "generate_creatives" and args.get("count") == 4 and args.get("kind") == "copy"


@pytest.mark.parametrize(
    ("merchant", "text", "tool", "name"),
    [
        ("m_baby", "给儿童滑板车写几条文案", "generate_creatives", "儿童滑板车"),
        ("m_pet", "给宠物智能喂食塔做个上新方案，预算6000", "draft_campaign", "宠物智能喂食塔"),
        ("m_outdoor", "write 3 lines of copy for the kayak paddle", "generate_creatives", "kayak paddle"),
    ],
)
def test_an_item_the_store_does_not_sell_is_passed_on_never_the_whole_store(
    merchant: str, text: str, tool: str, name: str
) -> None:
    called, args = first_call(merchant, text)
    assert called == tool and args.get("product") == name


@pytest.mark.parametrize("text", ["给全店做个双12活动 预算3万", "帮我写3条文案"])
def test_the_whole_store_or_no_item_named_is_no_unsold_item(text: str) -> None:
    assert "product" not in first_call("m_outdoor", text)[1]


def test_pictures_for_the_plan_name_the_category_it_was_drafted_for() -> None:
    earlier = draft_turn("给天幕做个双12活动 预算2万", {"category": "天幕"}, {"campaign_id": "c_9", "plan": {}})
    tool, args = first_call("m_outdoor", "配几张图", earlier=earlier)
    assert tool == "generate_creatives" and args.get("campaign_id") == "c_9" and args.get("category") == "天幕"
