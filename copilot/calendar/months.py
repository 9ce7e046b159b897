"""Calendar arithmetic on days: months and years forward and back, month ends, whole months of a range."""

from __future__ import annotations

import calendar
from datetime import date


def _month_index(day: date, months: int) -> tuple[int, int]:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return year, month + 1


def shift_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later (earlier if negative), cut to that month's last day
    (Jan 31 + 1 month is Feb 28 or 29)."""
    year, month = _month_index(day, months)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: date, months: int = 0) -> date:
    """The first day of the month ``months`` after (before, if negative) the month of ``day``."""
    year, month = _month_index(day, months)
    return date(year, month, 1)


def month_end(day: date) -> date:
    """The last day of the month of ``day``."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def year_before(day: date) -> date:
    """The same calendar day one year earlier (Feb 29 becomes Feb 28)."""
    return shift_months(day, -12)


def whole_months(start: date, end: date) -> int:
    """How many whole calendar months ``[start, end)`` spans, or 0 when it is not whole months."""
    if start.day != 1 or end.day != 1:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month


def latest_started(year: int | None, month: int, day: int, today: date) -> int:
    """The year given, or the most recent year in which the unit starting on (month, day) has started by today."""
    if year is not None:
        return year
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1
