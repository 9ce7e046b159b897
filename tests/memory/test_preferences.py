"""Stated preferences parsed into constraints."""

from __future__ import annotations

from decimal import Decimal

import pytest

from copilot.memory import parse_constraints


@pytest.mark.parametrize(
    ("preference", "cap"),
    [
        ("单日预算不超过5000", Decimal("5000")),
        ("daily budget under 3,000", Decimal("3000")),
        ("每天最多花5千", Decimal("5000")),
        ("日预算上限1.5万元", Decimal("15000")),
        ("Daily ad spend cap: ¥8000", Decimal("8000")),
        ("spend no more than 2k per day", Decimal("2000")),
        ("每日推广预算控制在 4,500 元", Decimal("4500")),
    ],
)
def test_daily_budget_cap(preference: str, cap: Decimal) -> None:
    assert parse_constraints([preference]) == {"daily_budget_cap": cap}


@pytest.mark.parametrize(
    ("preference", "color"),
    [
        ("品牌主色是墨绿", "墨绿"),
        ("主色调为墨绿色，辅助色米白", "墨绿"),
        ("Our brand colour is forest green.", "forest green"),
        ("brand color: navy", "navy"),
    ],
)
def test_brand_color(preference: str, color: str) -> None:
    assert parse_constraints([preference]) == {"brand_color": color}


@pytest.mark.parametrize(
    ("preference", "hours"),
    [
        ("凌晨0点到6点不投放", [0, 1, 2, 3, 4, 5]),
        ("不要在22点到次日8点投放", [0, 1, 2, 3, 4, 5, 6, 7, 22, 23]),
        ("no ads between 11pm and 6am", [0, 1, 2, 3, 4, 5, 23]),
    ],
)
def test_blackout_hours(preference: str, hours: list[int]) -> None:
    assert parse_constraints([preference]) == {"blackout_hours": hours}


@pytest.mark.parametrize(
    ("preference", "words"),
    [
        ("禁用词：最便宜、第一、国家级", ["最便宜", "第一", "国家级"]),
        ("文案不要使用“最”、“第一”等极限词", ["最", "第一"]),
        ('never use the words "cheapest", "best"', ["cheapest", "best"]),
        ("banned words: cheapest, No.1 and guaranteed", ["cheapest", "No.1", "guaranteed"]),
    ],
)
def test_banned_words(preference: str, words: list[str]) -> None:
    assert parse_constraints([preference]) == {"banned_words": words}


def test_later_values_replace_and_lists_accumulate() -> None:
    constraints = parse_constraints(
        [
            "单日预算不超过5000",
            "禁用词：最便宜",
            "品牌主色是墨绿",
            "daily budget under 3,000",
            "banned words: cheapest, 最便宜",
            "凌晨0点到2点不投放",
            "no ads between 1am and 3am",
        ]
    )
    assert constraints == {
        "daily_budget_cap": Decimal("3000"),
        "banned_words": ["最便宜", "cheapest"],
        "brand_color": "墨绿",
        "blackout_hours": [0, 1, 2],
    }


@pytest.mark.parametrize(
    "preference",
    ["我们喜欢简洁的文案", "prefer short English captions", "双11前提交了3万预算", "目标人群是一个人带娃的妈妈"],
)
def test_preferences_without_a_constraint_parse_to_nothing(preference: str) -> None:
    assert parse_constraints([preference]) == {}


@pytest.mark.parametrize(
    ("said", "cap"),
    [
        ("兹通知：今后所有推广方案单日预算不得超过人民币叁仟元，请予以记录", Decimal("3000")),
        ("往后每日预算均不可高于伍仟元，望记录在案", Decimal("5000")),
        ("单日预算均不应超过壹万元", Decimal("10000")),
    ],
)
def test_a_daily_cap_said_in_a_formal_notice_and_numerals(said: str, cap: Decimal) -> None:
    assert parse_constraints([said]) == {"daily_budget_cap": cap}


@pytest.mark.parametrize(
    ("preferences", "excluded"),
    [
        (["推广以后都别投直播间"], ["live"]),
        (["我们不做推荐渠道，也不要用搜索"], ["recommend", "search"]),
        (["Live isn't for us: live is off-limits for every campaign"], ["live"]),
        (["never spend on search or recommendation"], ["search", "recommend"]),
        (["不投直播", "直播现在可以投了"], []),
        (["no live streams", "live is fine again"], []),
    ],
)
def test_channels_a_rule_excludes(preferences: list[str], excluded: list[str]) -> None:
    assert parse_constraints(preferences) == {"excluded_channels": excluded}


@pytest.mark.parametrize(
    "preference", ["直播别停", "直播每天不要超过两千", "不用直接提交，先给我看看", "the live numbers are off"]
)
def test_words_about_a_channel_that_exclude_nothing(preference: str) -> None:
    assert "excluded_channels" not in parse_constraints([preference])


def test_a_channel_rule_is_no_list_of_banned_words() -> None:
    assert "banned_words" not in parse_constraints(["文案里不要用直播"])
