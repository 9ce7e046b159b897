"""Wordings of fresh32 about other tools: a limit told before asked back ("我上回咋说的", "我跟你说过…多少来着") is
the kept preferences; the things whose sales went down ("卖得掉下去的东西") are the drops; what the ads did over a
festival is their past effect; a budget a festival could reach ("能做到多少GMV") is an estimate, never a draft; a
figure asked "there" after a document search is the document's; the good clients of an item are its audience, and
one of them described after it the scene; the other kind of creatives added alone is that kind; a plan said by its
length runs that long; a product of the draft's category named after it narrows the draft."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import draft_turn, first_call


@pytest.mark.parametrize(
    "text",
    [
        "上限一万是每天还是总共来着？我上回咋说的",
        "我跟你说过推广每天不超过多少来着",
        "我之前定的预算上限是多少来着",
        "每天最多花多少来着，我跟你讲过的",
        "我上次怎么说的来着，直播要不要投",
    ],
)
def test_a_limit_told_before_asked_back_is_recalled(text: str) -> None:
    assert first_call("m_pet", text) == ("recall_preferences", {})


def test_a_sales_figure_asked_back_with_laizhe_stays_a_sales_question() -> None:
    assert first_call("m_outdoor", "上个月卖了多少来着")[0] == "query_store_sales"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("最近两个礼拜卖得掉下去的东西有乜嘛", 14),
        ("近两周哪些东西卖得掉下来了", 14),
        ("这个月卖得越来越差的有哪些", 20),
    ],
)
def test_the_things_whose_sales_went_down_are_the_drops(text: str, days: int) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "detect_sales_anomalies" and args["direction"] == "drop" and args["days"] == days


def test_a_category_said_after_the_drops_keeps_the_search() -> None:
    tool, args = first_call("m_outdoor", "最近两个礼拜卖得掉下去的东西有乜嘛", "只看冲锋衣嘛")
    assert tool == "detect_sales_anomalies"
    assert (args["days"], args["direction"], args.get("category")) == (14, "drop", "冲锋衣")


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Please I want to know how the ads did for double 11, how much sales the ads brought", "double11"),
        ("how much revenue did the ads bring over 618", "618"),
        ("how did our ads perform last month", "2026-10-01..2026-10-31"),
    ],
)
def test_what_the_ads_did_over_days_gone_is_their_past_effect(text: str, when: str) -> None:
    assert first_call("m_pet", text) == ("estimate_promotion_effect", {"mode": "past", "when": when})


@pytest.mark.parametrize(
    ("text", "budget", "when"),
    [
        ("如果双12预算上限一万，能做到多少GMV", 10000, "double12"),
        ("双12投一万能跑出多少成交", 10000, "double12"),
        ("预算3万的话618能冲到多少销售额", 30000, "618"),
    ],
)
def test_what_a_budget_could_reach_is_an_estimate(text: str, budget: int, when: str) -> None:
    assert first_call("m_outdoor", text) == (
        "estimate_promotion_effect",
        {"mode": "plan", "budget": budget, "when": when},
    )


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("Search me the review of the campaign of the 618", "and which was the ROI there?"),
        ("帮我找下618活动复盘", "里面ROI是多少"),
        ("find the return policy", "what does it say about opened items in there?"),
    ],
)
def test_a_figure_asked_of_the_document_found_is_searched_in_the_documents(first: str, then: str) -> None:
    tool, args = first_call("m_baby", first, then)
    assert tool == "search_merchant_docs" and args["query"].startswith(first)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Who are the good clients for the electric rocker?", {"product": "baby_rocker"}),
        ("who would be the right customers for the baby monitor?", {"product": "baby_monitor"}),
        ("what are the best buyers for the rocker", {"product": "baby_rocker"}),
    ],
)
def test_the_good_clients_of_an_item_are_its_audience(text: str, target: dict[str, Any]) -> None:
    tool, args = first_call("m_baby", text)
    assert tool == "find_target_segments" and {k: args.get(k) for k in target} == target


@pytest.mark.parametrize(
    ("then", "scene"),
    [("only the ones that are alone with the baby", "solo parenting"), ("只要一个人带娃的", "一个人带娃")],
)
def test_a_scene_said_after_an_audience_question_keeps_its_item(then: str, scene: str) -> None:
    tool, args = first_call("m_baby", "Who are the good clients for the electric rocker?", then)
    assert tool == "find_target_segments"
    assert args.get("product") == "baby_rocker" and args.get("scene") == scene and "top" not in args


@pytest.mark.parametrize("then", ["ok make the images too", "图也出一下吧", "now the pictures as well please"])
def test_the_other_kind_added_alone_is_that_kind(then: str) -> None:
    tool, args = first_call("m_pet", "make 3 ad copies for the new water fountain, no pictures", then)
    assert tool == "generate_creatives" and args["kind"] == "image" and args["product"] == "pet_fountain_sensor_new"


def test_more_of_them_with_the_other_kind_too_are_both() -> None:
    tool, args = first_call("m_outdoor", "给帐篷写3条文案", "再来两条，也配上图")
    assert tool == "generate_creatives" and (args["count"], args["kind"]) == (2, "both")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("按那个来，给猫砂做个两周的方案，下周一开始，总预算4000", "2026-11-23", "2026-12-06"),
        ("猫粮做个10天的活动 12月3号开始 预算6000", "2026-12-03", "2026-12-12"),
    ],
)
def test_a_plan_said_by_its_length_runs_that_long(text: str, start: str, end: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "draft_campaign" and (args.get("start"), args.get("end")) == (start, end)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("the big bag one, the 10kg adult one", "pet_dogfood_adult"),
        ("the adult one", "pet_dogfood_adult"),
        ("幼犬那款", "pet_dogfood_puppy"),
        ("the puppy food one", "pet_dogfood_puppy"),
    ],
)
def test_one_product_of_the_drafted_category_narrows_the_draft(text: str, product: str) -> None:
    plan = {"category": "狗粮", "budget": 5000, "start": "2026-11-23", "end": "2026-11-29"}
    saved = {"id": "cmp_1", "budget_total": "5000", "start_date": "2026-11-23", "end_date": "2026-11-29"}
    earlier = draft_turn(
        "Please I want to do promotion for the dog food, budget 5k, from Monday for one week", plan, saved
    )
    assert first_call("m_pet", text, earlier=earlier) == ("draft_campaign", {"product": product, "edit": True})
