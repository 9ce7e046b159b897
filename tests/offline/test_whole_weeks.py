"""Whole calendar weeks before a week: Monday to Sunday, never the rolling days of "last N weeks"."""

from __future__ import annotations

import pytest

from tests.offline.planned import period_read, sales_args

# today is Friday 2026-11-20: this week began Monday 11-16, last week 11-09..11-15


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("orders in the three complete weeks before this week", "2026-10-26..2026-11-15"),
        ("revenue for the 2 wks prior to last week", "2026-10-26..2026-11-08"),
        ("past 5 calendar weeks, units please", "2026-10-12..2026-11-15"),
        ("这周以前的3个整周订单多少", "2026-10-26..2026-11-15"),
        ("上个星期之前的两周卖了多少件", "2026-10-26..2026-11-08"),
        ("最近六个完整自然周的客单价", "2026-10-05..2026-11-15"),
    ],
)
def test_whole_weeks_end_before_the_week_said(text: str, period: str) -> None:
    assert sales_args("m_outdoor", text)["period"] == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("GMV over the last 3 weeks", "last_3_weeks"),
        ("前三周的销售额", "last_3_weeks"),
        ("sales the week before last", "2026-11-02..2026-11-08"),
    ],
)
def test_weeks_without_a_whole_word_or_an_anchor_keep_their_reading(text: str, period: str) -> None:
    assert period_read(text) == period
