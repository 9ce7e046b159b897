"""Edits that drop a channel in chat words: "cut" before it, "算了" after it ("推荐就算了")."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("merchant", "draft", "text", "dropped"),
    [
        ("m_outdoor", "tent campaign, budget 8000, dec 3 to dec 9", "cut search", ["search"]),
        ("m_pet", "litter box promo 5k, next week", "let's cut the recommend channel", ["recommend"]),
        ("m_outdoor", "帐篷推广 预算8000 12月3号到9号", "推荐就算了 没啥量", ["recommend"]),
        ("m_pet", "猫砂盆推广，预算一万，下周", "搜索算了吧", ["search"]),
    ],
)
def test_a_channel_cut_or_given_up_is_dropped(merchant: str, draft: str, text: str, dropped: list[str]) -> None:
    tool, args = first_call(merchant, draft, text)
    assert tool == "draft_campaign"
    assert args.get("edit") and args.get("remove_channels") == dropped
