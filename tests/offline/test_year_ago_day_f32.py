"""The same day a year earlier ("去年今天", "去年的昨天", "this day last year", "a year ago today") is that day —
was the whole of last year (fresh32)."""

from __future__ import annotations

import pytest

from tests.offline.planned import period_read, sales_args


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("去年今天卖了多少", "2025-11-20..2025-11-20"),
        ("去年的昨天出了几单", "2025-11-19..2025-11-19"),
        ("前年今日的营业额", "2024-11-20..2024-11-20"),
        ("orders this day last year", "2025-11-20..2025-11-20"),
        ("what did we take a year ago today", "2025-11-20..2025-11-20"),
        ("sales yesterday last year", "2025-11-19..2025-11-19"),
    ],
)
def test_the_same_day_a_year_earlier_is_that_day(said: str, period: str) -> None:
    assert period_read(said) == period


def test_last_year_alone_is_still_the_year() -> None:
    assert period_read("去年卖了多少") == "last_year"
    assert sales_args("m_outdoor", "去年今天卖了多少钱")["period"] == "2025-11-20..2025-11-20"
