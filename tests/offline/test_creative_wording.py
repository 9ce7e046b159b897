"""Creatives asked in mixed or short words: the kind (imgs, pics, 张), the count, the product and a scene named."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("pics for the bathtub pls, 4 张", {"product": "baby_bathtub", "kind": "image", "count": 4}),
        ("2 imgs for the 推车", {"kind": "image", "count": 2}),
        ("help me write a few copy lines for the electric rocker", {"product": "baby_rocker", "kind": "copy"}),
        (
            "帮我 写5条 copy for 浴盆, 一个人带娃 scene",
            {"product": "baby_bathtub", "kind": "copy", "count": 5, "scene": "一个人带娃"},
        ),
        (
            "给电动摇椅写几条文案 一个人带娃的场景",
            {"product": "baby_rocker", "kind": "copy", "count": 3, "scene": "一个人带娃"},
        ),
    ],
)
def test_creatives_in_mixed_words_keep_kind_count_product_and_scene(text: str, args: dict[str, object]) -> None:
    tool, got = first_call("m_baby", text)
    assert tool == "generate_creatives"
    assert {k: got.get(k) for k in args} == args


def test_a_plain_call_for_help_is_still_help() -> None:
    with pytest.raises(ValueError):
        first_call("m_baby", "can you help me?")
