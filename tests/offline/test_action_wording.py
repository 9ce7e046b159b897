"""Issue 18, action requests in the merchant's words: a question about a promotion that is over asks what it
brought (past mode with its days), budgets said in words or after a verb of spending are read, a thread with a
draft takes edits said in English, Chinese or both (a new product or category, channels set, an amount with
thousands separators), and a product is named by words only its title holds ("猫窝", "the bouncers")."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.answers import _write_error
from copilot.offline.nlu import parse
from tests.offline.planned import draft_turn, first_call
from tests.offline.test_nlu import demo_catalogs


def _parse(merchant: str, text: str) -> tuple[str, dict[str, Any]]:
    got = parse(text, catalog=demo_catalogs()[merchant], today=DEMO_TODAY)
    return got.intent, got.slots


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("双11那波投放是不是打水漂了", {"mode": "past", "when": "double11"}),
        ("618当时的广告到底有没有用", {"mode": "past", "when": "618"}),
        ("五一那几天推广有没有拉来增量", {"mode": "past", "when": "2026-05-01..2026-05-05"}),
        ("国庆那几天的投放白花了吗", {"mode": "past", "when": "2026-10-01..2026-10-07"}),
        ("how much of last month's sales were driven by ads", {"mode": "past", "when": "2026-10-01..2026-10-31"}),
        ("what did the ads bring over the national day holiday", {"mode": "past", "when": "2026-10-01..2026-10-07"}),
        ("how much of our double 11 revenue came from ads", {"mode": "past", "when": "double11"}),
        ("618 那波 ads 的 incremental sales 有多少", {"mode": "past", "when": "618"}),
        ("双11推广能带来多少", {"mode": "plan", "when": "double11"}),
    ],
)
def test_a_promotion_that_is_over_is_asked_about_in_past_mode(text: str, slots: dict[str, Any]) -> None:
    assert _parse("m_outdoor", text) == ("promotion", slots)


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("砸一万五进去能多卖多少", 15000),
        ("花三千做推广能多卖多少", 3000),
        ("if we put 8000 into ads how much extra gmv would we get", 8000),
        ("投1.5w能带来多少增量", 15000),
    ],
)
def test_a_budget_said_after_a_verb_of_spending_is_the_plans_budget(text: str, budget: int) -> None:
    intent, slots = _parse("m_outdoor", text)
    assert (intent, slots.get("mode"), slots.get("budget")) == ("promotion", "plan", budget)


def test_a_small_number_after_a_verb_of_spending_is_no_amount() -> None:
    assert _parse("m_outdoor", "只投2个渠道 预算3万 做个冲锋衣推广")[1]["budget"] == 30000


@pytest.mark.parametrize(
    ("first", "then", "args"),
    [
        ("花两万做推广能多卖多少", "那六千呢", {"mode": "plan", "budget": 6000}),
        ("what would 10k in ads bring", "and 6000?", {"mode": "plan", "budget": 6000}),
        ("双11的推广是不是白花了", "那618呢", {"mode": "past", "when": "618"}),
        ("投两万能多卖多少", "双12呢", {"mode": "plan", "budget": 20000, "when": "double12"}),
    ],
)
def test_a_promotion_follow_up_changes_the_budget_or_the_days(first: str, then: str, args: dict[str, Any]) -> None:
    assert first_call("m_outdoor", first, then) == ("estimate_promotion_effect", args)


_DRAFTED = {"campaign_id": "cmp_1", "plan": {"channels": [{"channel": c} for c in ("search", "recommend")]}}


@pytest.mark.parametrize(
    ("merchant", "plan", "edit", "changes"),
    [
        ("m_outdoor", "帮我做个双12的冲锋衣推广方案 预算5万", "actually make it 12,000", {"budget": 12000}),
        ("m_outdoor", "帮我做个双12的冲锋衣推广方案 预算5万", "渠道换成推荐和直播",
         {"channels": ["recommend", "live"]}),
        ("m_outdoor", "帮我做个双12的冲锋衣推广方案 预算5万", "change the channels to search and live",
         {"channels": ["search", "live"]}),
        ("m_outdoor", "帮我做个双12的冲锋衣推广方案 预算5万", "换成帐篷吧", {"category": "帐篷"}),
        ("m_outdoor", "帮我做个双12的冲锋衣推广方案 预算5万", "不对 改推帐篷 预算改成3万",
         {"category": "帐篷", "budget": 30000}),
        ("m_baby", "给摇椅做个清仓活动 八千块", "不对，只推电动的那个", {"product": "baby_rocker"}),
        ("m_baby", "给摇椅做个清仓活动 八千块", "switch it to the bouncer instead", {"product": "baby_bouncer"}),
    ],
)  # fmt: skip
def test_an_edit_in_a_thread_with_a_draft_passes_only_what_changes(
    merchant: str, plan: str, edit: str, changes: dict[str, Any]
) -> None:
    name, args = first_call(merchant, edit, earlier=draft_turn(plan, {}, _DRAFTED))
    assert (name, args) == ("draft_campaign", {"edit": True, **changes})


def test_a_plan_for_another_target_in_a_thread_with_a_draft_is_a_new_plan() -> None:
    earlier = draft_turn("帮我做个双12的冲锋衣推广方案 预算5万", {}, _DRAFTED)
    name, args = first_call("m_outdoor", "也给帐篷做个方案 预算2万", earlier=earlier)
    assert name == "draft_campaign" and not args.get("edit") and args["category"] == "帐篷"


@pytest.mark.parametrize(
    ("merchant", "text", "product"),
    [
        ("m_pet", "给猫窝写几条文案", "pet_cat_bed_winter"),
        ("m_pet", "冬季猫窝清仓 预算3千", "pet_cat_bed_winter"),
        ("m_pet", "run a 3k clearance promo for the cat bed", "pet_cat_bed_winter"),
        ("m_baby", "make 2 banners for the bouncers", "baby_bouncer"),
        ("m_outdoor", "月亮椅做个推广 预算4千", "out_moon_chair"),
    ],
)
def test_a_category_word_only_one_title_holds_names_that_product_in_an_action(
    merchant: str, text: str, product: str
) -> None:
    assert _parse(merchant, text)[1]["product"] == product


def test_a_category_word_that_is_the_categorys_own_name_in_a_title_stays_the_category() -> None:
    slots = _parse("m_baby", "run a clearance promo for the diapers, 6k")[1]
    assert (slots.get("product"), slots.get("category")) == (None, "纸尿裤")


def test_a_season_word_is_a_period_unless_it_is_part_of_the_product_named() -> None:
    assert _parse("m_pet", "冬季卖得最好的是哪个")[1].get("product") is None


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("猫爬架 出图加文案", {"kind": "both", "count": 3}),
        ("给猫爬架做图", {"kind": "image", "count": 3}),
        ("write 4 copies for the cat tree", {"kind": "copy", "count": 4}),
    ],
)
def test_creatives_read_their_kinds_and_count(text: str, slots: dict[str, Any]) -> None:
    intent, got = _parse("m_pet", text)
    assert intent == "creatives" and {k: got[k] for k in slots} == slots


def test_refusals_of_a_draft_are_said_plainly() -> None:
    over = (
        "CN¥9,000.00 over 2 day(s) (2026-12-01 to 2026-12-02) is CN¥4,500.00/day, over the daily cap of "
        "CN¥3,000.00/day; at most CN¥6,000.00 fits these dates, or the campaign needs at least 3 days"
    )
    assert _write_error("zh", over).startswith("没有保存") and "至少3天" in _write_error("zh", over)
    assert "run it for at least 3 days" in _write_error("en", over)
    absent = "channel(s) live are not in the plan (it has search, recommend)"
    assert _write_error("zh", absent) == "方案里本来就没有直播渠道（现在的渠道：搜索、推荐），没有改动。"
    assert "no live channel" in _write_error("en", absent)
