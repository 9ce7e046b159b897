"""A follow-up that names only another year ("今年的呢", "去年的呢", "2024年的呢", "and the year before?"): the
previous turn's dated period moved to that year."""

from __future__ import annotations

import contextlib
import re
from datetime import date

from copilot.calendar.festivals import festival_day, festival_promotion, festivals, latest_promotion
from copilot.calendar.months import month_start
from copilot.calendar.periods import PeriodError, resolve_period
from copilot.offline.recognizers.time import range_value, says_the_day

_YEAR_BEFORE_PREVIOUS = re.compile(r"\b(?:the\s+)?year before\b(?!\s+last)|\ba year earlier\b|前1年|再往前1年|上1年")
_DATED = re.compile(r"\d{4}-\d{2}(-\d{2}(\.\.[\d-]+)?)?")
_WHOLE_YEAR = re.compile(r"(\d{4})(?:-01-01\.\.\1-(?:12-31|\d\d-\d\d))?")


_POINTS_BACK = re.compile(r"那[一1]?天|那几天|那段|\bthat (same )?day\b|\bthose (same )?days\b")


def moved_period(text: str, previous: str | None, said: str | None, today: date) -> str | None:
    """The previous turn's dated period moved to another year, when a follow-up names only a year ("今年的呢",
    "去年的呢", "2024年的呢") or "the year before": a festival, holiday, month, day or range keeps its dates in
    the year named. None when the previous period is relative to today ("this month", "last 30 days"), spans
    years, or would move to days that have not started yet. Last month is the calendar month it names ("same for
    last year" after last month's figures: that month a year earlier)."""
    if previous == "last_month":
        previous = f"{month_start(today, -1):%Y-%m}"
    if previous is None or not (previous in festivals() or _DATED.fullmatch(previous)):
        return None
    same = _same_festival(previous, said, today, says_the_day(text))
    if same is not None:
        return same
    with contextlib.suppress(PeriodError):
        period = resolve_period(previous, today)
        start, end = period.start, period.last_day
        if start.year != end.year or (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            return None
        year = start.year - 1 if _YEAR_BEFORE_PREVIOUS.search(text) else None
        if year is None and said is not None:
            year = _named_year(said, today)
        if year == start.year and _POINTS_BACK.search(text):
            return previous  # "去年那天" after 去年双11当天: the day asked, in the year it is in
        if year is None or year == start.year:
            return None
        if previous in festivals():
            start, end = festival_promotion(previous, year)
        elif re.fullmatch(r"\d{4}-\d{2}", previous):
            return f"{year:04d}-{start.month:02d}" if date(year, start.month, 1) <= today else None
        else:
            start, end = start.replace(year=year), end.replace(year=year)
        return range_value(start, end, today) if start <= today else None
    return None


def _festival_reading(value: str, today: date) -> tuple[str, int, bool] | None:
    """(festival, year, is its day) when a period value is a festival's promotion window or its day."""
    if value in festivals():
        return value, latest_promotion(value, today)[0].year, False
    with contextlib.suppress(PeriodError):
        period = resolve_period(value, today)
        start, end = period.start, period.last_day
        for key in festivals():
            if (start, end) == festival_promotion(key, start.year) or start == end == festival_day(key, start.year):
                return key, start.year, start == end
    return None


def _same_festival(previous: str, said: str | None, today: date, day_said: bool) -> str | None:
    """A follow-up naming the previous turn's festival in another year ("去年双11呢" after 今年双11期间) asks for
    the same reading of it, its window or its day, in that year; the day when the words say so ("去年双11当天呢")."""
    before = _festival_reading(previous, today)
    now = _festival_reading(said, today) if said is not None else None
    if before is None or now is None or before[0] != now[0] or before[1] == now[1]:
        return None
    key, year, day = now[0], now[1], before[2] or (day_said and now[2])
    start, end = (festival_day(key, year),) * 2 if day else festival_promotion(key, year)
    return range_value(start, end, today) if start <= today else None


def _named_year(said: str, today: date) -> int | None:
    """The calendar year a period value names as a whole (this_year, last_year, 2024, 2024-01-01..2024-12-31)."""
    if said in ("this_year", "last_year"):
        return today.year - (said == "last_year")
    match = _WHOLE_YEAR.fullmatch(said)
    return int(match.group(1)) if match else None
