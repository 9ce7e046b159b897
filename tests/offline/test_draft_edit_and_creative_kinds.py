"""Edits of a draft said with other verbs ("直播撤掉", "搜索关脱", "再加个推荐"), a plan pointed at and submitted with
its amount, creatives "带图"/"with a couple of pictures" and copy for "this plan" with a scene."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, draft_turn, first_call
from tests.offline.test_nlu import demo_catalogs

_ONE_PRODUCT: dict[str, Any] = {
    "campaign_id": "cmp_1",
    "plan": {
        "channels": [{"channel": "search"}, {"channel": "recommend"}],
        "products": [{"id": "pet_fountain_new", "title": "新款智能感应饮水机", "category": "饮水机"}],
    },
}


@pytest.mark.parametrize(
    ("edit", "key", "channels"),
    [
        ("直播撤掉", "remove_channels", ["live"]),
        ("搜索渠道关脱", "remove_channels", ["search"]),
        ("ditch the recommend channel", "remove_channels", ["recommend"]),
    ],
)
def test_a_channel_dropped_in_other_words_is_removed_from_the_draft(edit: str, key: str, channels: list[str]) -> None:
    saved = {"campaign_id": "cmp_1", "plan": {"channels": [{"channel": c} for c in ("search", "recommend", "live")]}}
    tool, args = first_call("m_pet", edit, earlier=draft_turn("猫砂做个推广 预算一万", {}, saved))
    assert tool == "draft_campaign" and args.get("edit") is True
    assert args.get(key) == channels


def test_a_budget_and_a_channel_added_in_one_breath_both_change() -> None:
    earlier = draft_turn("猫砂做个推广 预算一万", {}, _ONE_PRODUCT)
    tool, args = first_call("m_pet", "预算降到八千，再加个直播", earlier=earlier)
    assert tool == "draft_campaign"
    assert args.get("budget") == 8000 and set(args.get("channels") or []) == {"search", "recommend", "live"}


def test_a_plan_pointed_at_and_sent_up_with_its_amount_is_a_submission_not_a_new_draft() -> None:
    tool, args = first_call("m_outdoor", "之前那份推广计划报上去，金额一共一万五")
    assert tool == "submit_promotion_budget"
    assert args.get("amount") == 15000


def test_a_new_plan_with_a_budget_is_still_a_draft() -> None:
    tool, _ = first_call("m_outdoor", "给帐篷做个推广方案，预算一万五")
    assert tool == "draft_campaign"


@pytest.mark.parametrize(
    ("text", "count", "kind"),
    [
        ("给猫爬架写四条文案，附上图", 4, "both"),
        ("Could you whip up a pair of pictures for the cat tree?", 2, "image"),
        ("给猫爬架写两条文案", 2, "copy"),
    ],
)
def test_creatives_with_pictures_or_a_couple_are_read(text: str, count: int, kind: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "generate_creatives"
    assert (args.get("count"), args.get("kind")) == (count, kind)


def test_copy_for_this_plan_with_a_scene_keeps_the_plans_product() -> None:
    earlier = draft_turn("饮水机做个新品方案 预算八千", {}, _ONE_PRODUCT)
    tool, args = first_call("m_pet", "给这个方案写两条文案，上班族养猫场景", earlier=earlier)
    assert tool == "generate_creatives"
    said = (args.get("campaign_id"), args.get("product"), args.get("scene"))
    assert said == ("cmp_1", "pet_fountain_new", "上班族养宠")


def test_an_ad_to_be_written_is_a_creative_and_ad_spend_is_not() -> None:
    tool, args = first_call("m_pet", "帮我给猫爬架写个广告，突出实木")
    assert tool == "generate_creatives" and args.get("product") == "pet_cat_tree"
    tool, _ = first_call("m_pet", "上个月广告带来了多少成交")
    assert tool != "generate_creatives"


@pytest.mark.parametrize(
    ("merchant", "text", "product"),
    [
        ("m_outdoor", "ok, set up a clearance on the carbon trekking poles, 4k, search only", "out_pole_carbon"),
        ("m_outdoor", "Let's run a clearance sale for the fleeces with 2500 budget", "out_fleece"),
    ],
)
def test_a_clearance_to_draft_said_in_english_is_a_draft(merchant: str, text: str, product: str) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "draft_campaign"
    assert (args.get("objective"), args.get("product")) == ("clearance", product)


def test_which_products_suit_a_clearance_is_a_sales_question() -> None:
    tool, _ = first_call("m_outdoor", "Which products would suit a clearance push? slowest sellers please")
    assert tool == "query_store_sales"


def test_a_set_of_picture_and_text_to_make_is_both_kinds_of_creative() -> None:
    tool, args = first_call("m_pet", "给猫爬架做两套图文，写给刚养猫的人")
    assert tool == "generate_creatives"
    assert (args.get("count"), args.get("kind"), args.get("product")) == (2, "both", "pet_cat_tree")


@pytest.mark.parametrize("text", ["把这个推广的钱调到一万八", "bump that campaign up to 18k"])
def test_a_change_of_this_plan_with_no_plan_in_the_conversation_asks_which(text: str) -> None:
    message = plan_next([HumanMessage(text)], catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls and ("哪个方案" in str(message.content) or "which plan" in str(message.content))


def test_a_change_of_this_plan_after_a_draft_edits_it() -> None:
    tool, args = first_call(
        "m_pet", "把这个推广的钱调到一万八", earlier=draft_turn("猫砂做个推广 预算一万", {}, _ONE_PRODUCT)
    )
    assert tool == "draft_campaign" and args.get("edit") is True and args.get("budget") == 18000
