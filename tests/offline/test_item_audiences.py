"""An audience asked for an item's buyers (lookalikes of who bought it) or for a new item is that item's
audience, not a scene made of the words; a described audience with no item stays a scene."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("merchant", "text", "slots"),
    [
        ("m_baby", "find a lookalike audience of people who bought the car seat", {"product": "baby_car_seat"}),
        ("m_baby", "people similar to the buyers of the hipseat carrier", {"product": "baby_hipseat_carrier"}),
        ("m_baby", "帮我圈一下和买过腰凳的人类似的人群", {"product": "baby_hipseat_carrier"}),
        ("m_baby", "找跟买了安全座椅的用户相似的人", {"product": "baby_car_seat"}),
        ("m_outdoor", "新款冲锋衣刚上架 找找合适的人群", {"product": "out_shell_light_new", "cold_start": True}),
        (
            "m_outdoor",
            "the new shell jacket just launched, who is the right audience",
            {"product": "out_shell_light_new", "cold_start": True},
        ),
    ],
)
def test_an_items_buyers_or_a_new_items_audience_is_that_items(
    merchant: str, text: str, slots: dict[str, object]
) -> None:
    assert first_call(merchant, text) == ("find_target_segments", slots)


@pytest.mark.parametrize(("text", "scene"), [("喜欢露营的人群有多少", "露营"), ("谁是周末爱跑山的人", None)])
def test_a_described_audience_without_an_item_stays_a_scene(text: str, scene: str | None) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "find_target_segments" and "product" not in args
    if scene is not None:
        assert args["scene"] == scene


def test_two_names_of_one_category_are_that_category() -> None:
    match = demo_catalogs()["m_baby"].index.match("hip seat carrier")
    assert (match.category, match.categories) == ("背带", ())
