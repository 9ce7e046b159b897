"""Days and weeks right before or after a festival's or a date's day are their own period, not the festival's
season (today is 2026-11-20)."""

from __future__ import annotations

import pytest

from tests.offline.planned import period_read


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("双11之后的两天卖了多少", "2026-11-12..2026-11-13"),
        ("618前3天的订单", "2026-06-15..2026-06-17"),
        ("orders in the two weeks leading up to double 11", "2026-10-28..2026-11-10"),
        ("GMV the 5 days following 618", "2026-06-19..2026-06-23"),
        ("去年双11前一个星期的客单价", "2025-11-04..2025-11-10"),
        ("10月26号后一周的销量", "2026-10-27..2026-11-02"),
    ],
)
def test_days_before_or_after_a_named_day(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [("双11那周的销量", "2026-11-09..2026-11-15"), ("双11当天的订单", "2026-11-11..2026-11-11")],
)
def test_the_day_itself_and_its_week_keep_their_reading(text: str, period: str) -> None:
    assert period_read(text) == period
