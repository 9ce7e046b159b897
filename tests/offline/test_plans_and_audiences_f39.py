"""Plans written as fields with their audience, audiences named by a scene that also names several categories, and
asks joined by 顺便 (the classes fresh38 and fresh39 missed), in wording of their own."""

from __future__ import annotations

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import parse
from tests.offline.planned import first_call
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("merchant", "text", "segments", "budget"),
    [
        ("m_pet", "方案：猫爬架 预算6000 人群多宠家庭", ["多宠家庭"], 6000),
        ("m_baby", "双12 预算3万 人群选新手爸妈 做个推广", ["新手爸妈"], 30000),
        ("m_outdoor", "clearance draft for the fleece, budget 3k, segments camping", ["camping"], 3000),
    ],
)
def test_a_plan_written_as_fields_is_drafted_with_its_audience(
    merchant: str, text: str, segments: list[str], budget: int
) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "draft_campaign"
    assert (args["segments"], args["budget"]) == (segments, budget)


def test_an_audience_field_after_a_draft_edits_the_draft() -> None:
    tool, args = first_call("m_pet", "给猫砂做个推广方案 预算1万 下周", "受众：养狗、多宠家庭")
    assert tool == "draft_campaign"
    assert args == {"edit": True, "segments": ["养狗", "多宠家庭"]}


def test_a_figure_about_an_audience_is_no_plan() -> None:
    tool, _ = first_call("m_baby", "5万人群够不够大，新手爸妈这个人群")
    assert tool != "draft_campaign"


def test_a_second_ask_joined_by_shunbian_is_a_step() -> None:
    understood = parse(
        "给露营灯做个推广方案 预算8000 下周 顺便写3条文案",
        catalog=demo_catalogs()["m_outdoor"],
        today=DEMO_TODAY,
        history=[],
    )
    assert understood.asks_for("campaign") and understood.asks_for("creatives")
    tool, _ = first_call("m_outdoor", "给露营灯做个推广方案 预算8000 下周 顺便写3条文案")
    assert tool == "draft_campaign"


@pytest.mark.parametrize(
    ("text", "scene"),
    [("防晒这类人都是谁，给我3个人群", "防晒"), ("audience for sun protection, top 3", "sun protection")],
)
def test_a_scene_that_names_several_categories_is_the_audience_asked(text: str, scene: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "find_target_segments"
    assert (args["scene"], args["top"]) == (scene, 3)
    assert "category" not in args


def test_the_same_word_in_a_sales_question_is_its_categories() -> None:
    tool, args = first_call("m_outdoor", "防晒这块上周卖了多少")
    assert tool == "query_store_sales"
    assert set(args["category"].split(",")) == {"防晒霜", "防晒衣", "遮阳帽", "防晒袖套"}


def test_the_ice_silk_top_is_the_sun_jacket() -> None:
    assert first_call("m_outdoor", "units of the ice silk shirt last month")[1]["product"] == "out_sun_jacket"


def test_who_we_target_without_a_modal_is_an_audience_question() -> None:
    tool, args = first_call("m_pet", "new sensor fountain just launched, who we target?")
    assert tool == "find_target_segments"
    assert args["product"] == "pet_fountain_sensor_new"
