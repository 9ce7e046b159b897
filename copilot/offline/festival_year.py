"""A festival's promotion window moved to another year by a follow-up that names only the year ("今年呢" after "去年
双11投了多少", "and last year?" after a readout of this year's 618): the same festival's window in that year."""

from __future__ import annotations

import contextlib
from datetime import date

from copilot.calendar.festivals import festival_promotion, festivals
from copilot.calendar.periods import PeriodError, resolve_period
from copilot.offline.recognizers import time as time_recognizer


def _festival_of(when: str) -> str | None:
    """The festival whose name or promotion window (in any year) `when` is."""
    if when in festivals():
        return when
    first, _, last = when.partition("..")
    with contextlib.suppress(ValueError):
        days = (date.fromisoformat(first), date.fromisoformat(last))
        return next((key for key in festivals() if festival_promotion(key, days[0].year) == days), None)
    return None


def _year_said(norm: str, today: date) -> int | None:
    """The one calendar year the words name ("今年", "去年", "last year", "2025年"), or None."""
    period = time_recognizer.find_period(norm, today)
    if period is None:
        return None
    with contextlib.suppress(PeriodError):
        days = resolve_period(period.value, today)
        starts_a_year = days.start.month == days.start.day == 1
        return days.start.year if starts_a_year and days.end <= date(days.start.year + 1, 1, 1) else None
    return None


def festival_moved(norm: str, when: object, today: date) -> str | None:
    """The window of the festival `when` names in the year the words name, as "YYYY-MM-DD..YYYY-MM-DD"; None when
    `when` names no festival or the words name no year."""
    if not isinstance(when, str):
        return None
    key = _festival_of(when)
    year = _year_said(norm, today) if key is not None else None
    if key is None or year is None:
        return None
    first, last = festival_promotion(key, year)
    return f"{first.isoformat()}..{last.isoformat()}"
