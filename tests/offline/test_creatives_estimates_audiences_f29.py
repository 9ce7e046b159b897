"""Creatives for a category whose audience's words hold another product's ("露营灯…写给带娃的家庭": no family tent) or
named by a short word ("GPS表"); estimates of a sum supposed after a readout ("那要是投5万呢": plan), of a month said
as when ("in january") and of what past ads really brought; a product named by its word and its category's
("安抚摇椅"); a limit told earlier asked back."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("露营灯写两条文案，面向周末带娃出游的家庭", "out_lantern"),
        ("gps手表出2版海报，给爱跑步的人", "out_gps_watch"),
        ("GPS表写3条copy", "out_gps_watch"),
    ],
)
def test_creatives_for_the_product_named(text: str, product: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "generate_creatives"
    assert args.get("product") == product


def test_a_sum_supposed_after_a_readout_is_a_plan() -> None:
    tool, args = first_call("m_outdoor", "今年618的广告带来了多少GMV", "那双11如果投5万呢")
    assert tool == "estimate_promotion_effect"
    assert (args.get("mode"), args.get("budget"), args.get("when")) == ("plan", 50000, "double11")


def test_a_month_said_as_when_to_spend() -> None:
    tool, args = first_call("m_outdoor", "what would 20000 on ads in january bring?")
    assert tool == "estimate_promotion_effect"
    assert (args.get("mode"), args.get("when")) == ("plan", "2027-01-01..2027-01-31")


def test_what_past_ads_really_brought_after_a_plan_question() -> None:
    tool, args = first_call(
        "m_outdoor", "what would 20000 on ads in january bring?", "and the ads of last week, did they really work?"
    )
    assert tool == "estimate_promotion_effect"
    assert args.get("mode") == "past" and "budget" not in args


def test_a_product_said_by_its_word_and_its_categorys() -> None:
    tool, args = first_call("m_baby", "电动摇椅的目标人群给我前3个")
    assert tool == "find_target_segments"
    assert args.get("product") == "baby_rocker"


def test_a_limit_told_earlier_asked_back() -> None:
    assert first_call("m_baby", "before i told you our daily cap, which one was it?")[0] == "recall_preferences"
