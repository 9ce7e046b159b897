"""A steady rise or fall ("一直在走下坡", "越卖越好", "keeps slipping") asked with a series by day, week or month is
that sales series; asked without one it is the anomaly scan in its direction, over the window said. Things that moved
against another period ("这周比上周跌了的单品") are a breakdown compared with the period before; a breakdown said not
to be meant ("别按月了，按周") gives way to the one meant; "drop 的呢" after a scan keeps its window."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import first_call, sales_args


def _picked(args: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    return {key: args.get(key) for key in expected}


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        (
            "m_outdoor",
            "冲锋衣是不是一直在走下坡？从8月起按月看看",
            {"category": "冲锋衣", "by": "month", "period": "2026-08-01..2026-11-20"},
        ),
        ("m_pet", "猫砂是不是越卖越少了，最近两周按天列一下", {"category": "猫砂", "by": "day"}),
        ("m_outdoor", "are the tents trending down? weekly for the last 6 weeks", {"category": "帐篷", "by": "week"}),
        ("m_baby", "奶粉这几个月是一路走低还是稳住了，by month since july", {"category": "奶粉", "by": "month"}),
    ],
)
def test_a_trend_asked_by_day_week_or_month_is_the_sales_series(
    merchant: str, text: str, expected: dict[str, Any]
) -> None:
    assert _picked(sales_args(merchant, text), expected) == expected


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_baby", "近三个月有哪些单品一直在跌", {"days": 90, "direction": "drop", "scope": "product"}),
        ("m_outdoor", "which categories keep slipping lately? top 5", {"direction": "drop", "scope": "category"}),
        ("m_pet", "最近两周哪些东西越卖越好", {"days": 14, "direction": "spike"}),
        ("m_outdoor", "睡袋越来越难卖了，帮我查查是不是有异常", {"direction": "drop", "category": "睡袋"}),
        ("m_baby", "what's been getting worse over the last 2 months, by category", {"days": 60, "scope": "category"}),
    ],
)
def test_a_trend_without_a_series_is_the_anomaly_scan_in_its_direction(
    merchant: str, text: str, expected: dict[str, Any]
) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "detect_sales_anomalies"
    assert _picked(args, expected) == expected


def test_a_plain_fall_asked_why_stays_the_scan() -> None:
    tool, args = first_call("m_baby", "推车销量下滑是怎么回事，按天看的话是哪几天")
    assert tool == "detect_sales_anomalies", args


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_pet", "11月比10月多了的品类有哪些", {"by": "category", "period": "2026-11", "compare": "previous_period"}),
        ("m_outdoor", "这周比上周跌了的单品", {"by": "product", "period": "this_week", "compare": "previous_period"}),
        ("m_baby", "上个月 vs 上上个月 按渠道", {"by": "channel", "compare": "previous_period"}),
    ],
)
def test_what_moved_against_another_period_is_a_compared_breakdown(
    merchant: str, text: str, expected: dict[str, Any]
) -> None:
    assert _picked(sales_args(merchant, text), expected) == expected


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("别按月了，按周看看最近两个月的订单", "week"),
        ("not by day, by week: revenue in october", "week"),
        ("不用分渠道，按品类看上个月的销售额", "category"),
    ],
)
def test_a_breakdown_said_not_to_be_meant_gives_way_to_the_one_meant(text: str, by: str) -> None:
    assert sales_args("m_pet", text).get("by") == by


@pytest.mark.parametrize(
    ("first", "then", "direction"),
    [("过去三周有没有 dip", "spike 的呢，只看帐篷", "spike"), ("过去三周有没有暴涨的", "跌的呢，只看帐篷", "drop")],
)
def test_the_other_direction_of_a_scan_keeps_its_window(first: str, then: str, direction: str) -> None:
    assert first_call("m_outdoor", first)[1]["days"] == 21
    tool, args = first_call("m_outdoor", first, then)
    assert tool == "detect_sales_anomalies"
    expected = {"days": 21, "direction": direction, "category": "帐篷"}
    assert _picked(args, expected) == expected


def test_a_couple_of_weeks_said_without_of_is_two_weeks() -> None:
    tool, args = first_call("m_pet", "any spikes or dips in the last couple weeks?")
    assert tool == "detect_sales_anomalies"
    assert args["days"] == 14
