"""Days counted within a month ("8月前15天", "the final 5 days of September") and days of a month said by number
("from the 5th to the 12th of last month") are those days; they were read as the whole month, this month, or the
last N days counted back from today (issue 18: periods silently widened)."""

from __future__ import annotations

import pytest

from tests.offline.planned import period_read, sales_args


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("8月前15天的销售额", "2026-08-01..2026-08-15"),
        ("上个月最后9天的订单", "2026-10-23..2026-10-31"),
        ("2025年12月头7天卖了多少", "2025-12-01..2025-12-07"),
        ("revenue for the final 5 days of September", "2026-09-26..2026-09-30"),
        ("the opening 3 days of last month, orders", "2026-10-01..2026-10-03"),
        ("units from the 5th to the 12th of last month", "2026-10-05..2026-10-12"),
        ("GMV from the 2nd through the 9th", "2026-11-02..2026-11-09"),
        ("orders the 21st to the 28th of March 2025", "2025-03-21..2025-03-28"),
    ],
)
def test_days_within_a_month(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("前3天卖了多少", "last_3_days"),  # days back from today, no month named
        ("last 10 days revenue", "last_10_days"),
    ],
)
def test_days_back_from_today_stay_rolling(text: str, period: str) -> None:
    assert period_read(text) == period


def test_a_ranking_count_is_not_a_day() -> None:
    args = sales_args("m_outdoor", "top 3 products from the 1st to the 10th of October")
    assert args["top"] == 3 and args["period"] == "2026-10-01..2026-10-10", args
