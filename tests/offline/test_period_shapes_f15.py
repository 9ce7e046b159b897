"""Period shapes of the fifteenth blind set's kind, in wording of our own: today so far said colloquially, a
holiday's days off said with 那/十一, Melbourne Cup Day, a month up to today, two adjacent months said together
(七八月), a day range across a new year, "this fortnight", since a weekday, to-date shorthands, mistyped month
names, a follow-up that moves last month to last year or asks for the week before, and a promotion's dates said
beside a festival or as a length from a weekday. Today is the demo's 2026-11-20 (a Friday)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import first_call, period_read


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("今儿个卖了几单", "today"),
        ("今天到这会儿的成交额", "today"),
        ("国庆那7天的订单", "2026-10-01..2026-10-07"),
        ("十一那些天退款多吗", "2026-10-01..2026-10-07"),
        ("十一期间的销量", "2026-10-01..2026-10-07"),
        ("sales on melbourne cup day", "2026-11-03..2026-11-03"),
        ("last year's cup day orders", "2025-11-04..2025-11-04"),
        ("从8月到今儿个的订单", "2026-08-01..2026-11-20"),
        ("打10月到现在的退款率", "2026-10-01..2026-11-20"),
        ("orders from august till now", "2026-08-01..2026-11-20"),
        ("五六月份的销量", "2026-05-01..2026-06-30"),
        ("夏天那会儿，就是七八月", "2026-07-01..2026-08-31"),
        ("去年11月20号到今年2月3号的订单", "2025-11-20..2026-02-03"),
        ("2025年12月1号到2026年1月10号", "2025-12-01..2026-01-10"),
        ("units this fortnight", "last_2_weeks"),
        ("orders since tuesday", "2026-11-17..2026-11-20"),
        ("revenue wednesday to date", "2026-11-18..2026-11-20"),
        ("wtd orders", "this_week"),
        ("quarter to date refunds", "2026-10-01..2026-11-20"),
        ("gmv qtd", "2026-10-01..2026-11-20"),
        ("orders last 14d", "last_14_days"),
        ("trailing 10 days revenue", "last_10_days"),
        ("refunds in septmber", "2026-09"),
        ("aov for octobr", "2026-10"),
    ],
)
def test_period_shapes_are_read(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("双11那几天的订单", "double11"),  # 双11's season, not National Day's
        ("11月11那几天", "2026-11-11..2026-11-11"),  # the 11th, not National Day
        ("十二月的销售额", "2025-12"),  # 12月 stays December, not 1-2月
        ("sales since monday last week", "2026-11-09..2026-11-20"),  # from last week's Monday to today
        ("a 3d printer's units last month", "last_month"),
    ],
)
def test_look_alike_wording_keeps_its_reading(text: str, period: str) -> None:
    assert period_read(text) == period


def test_an_unknown_australian_holiday_is_no_period_and_no_product() -> None:
    tool, args = first_call("m_outdoor", "revenue on anzac day")
    assert tool == "query_store_sales" and "period" not in args and "product" not in args


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["今儿个卖了多少钱", "跟昨儿个比呢"], {"period": "today", "compare": "previous_period"}),
        (["revenue today so far", "compare with yesterday"], {"period": "today", "compare": "previous_period"}),
        (["units this fortnight compared to the one before"], {"period": "last_2_weeks", "compare": "previous_period"}),
        (["refund rate last 14 days vs prior 14"], {"period": "last_14_days", "compare": "previous_period"}),
        (["上个月的退款率", "去年的呢"], {"period": "2025-10"}),
        (["refund rate last month", "same for last year"], {"period": "2025-10"}),
        (["orders last week", "what about the week before that one?"], {"period": "2026-11-02..2026-11-08"}),
    ],
)  # fmt: skip
def test_follow_ups_and_comparisons_of_periods(texts: list[str], expected: dict[str, Any]) -> None:
    tool, args = first_call("m_outdoor", *texts)
    assert tool == "query_store_sales"
    assert {key: args.get(key) for key in expected} == expected


def test_the_week_before_said_in_one_question_is_still_compared() -> None:
    _, args = first_call("m_outdoor", "revenue last week and the week before")
    assert args.get("compare") == "previous_period"


@pytest.mark.parametrize(
    ("text", "tool", "expected"),
    [
        ("what would 7000 on ads for a fortnight from tuesday bring in?", "estimate_promotion_effect",
         {"when": "2026-11-24..2026-12-07"}),
        ("how much did the ads bring over 618, june 5th to 18th", "estimate_promotion_effect",
         {"when": "2026-06-05..2026-06-18"}),
        ("draft a campaign for the tents, budget 6k over 10 days starting wednesday", "draft_campaign",
         {"start": "2026-11-25", "end": "2026-12-04"}),
        ("draft a clearance campaign for sunscreen, budget 2k, 3 weeks from tomorrow", "draft_campaign",
         {"start": "2026-11-21", "end": "2026-12-11"}),
    ],
)  # fmt: skip
def test_promotion_dates_said_as_a_length_or_beside_a_festival(text: str, tool: str, expected: dict[str, Any]) -> None:
    called, args = first_call("m_outdoor", text)
    assert called == tool
    assert {key: args.get(key) for key in expected} == expected
