"""The period grammar: one meaning of every period spec, for every tool and the offline model.

A period is a half-open range of UTC calendar days, ``start <= day < end``. Specs (case-insensitive; the
aliases of ``periods.yaml`` and ``festivals.yaml`` are accepted too):

- ``today``, ``yesterday``;
- ``this_week``, ``this_month``, ``this_year``: from the first day of the week (Monday) / month / year to
  today inclusive;
- ``last_week`` (Monday to Sunday), ``last_month``, ``last_year``: the whole previous calendar unit;
- ``last_N_days``, ``last_N_weeks``, ``last_N_months``: rolling windows ending today inclusive
  (``last_7_days`` is today-6 .. today; ``last_2_weeks`` is ``last_14_days``; ``last_3_months`` starts the
  day after the same date three months ago);
- ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``: a calendar year, month or day, a year or month still running cut at
  today (so that its comparison is the same days: November 2026 asked on Nov 20 is Nov 1-20, against Nov 1-20
  of 2025); ``YYYY-MM-DD..YYYY-MM-DD``: both ends inclusive;
- a festival of ``festivals.yaml`` (``618``, ``double11``, ``double12``): its most recent promotion window
  that has started by today, cut at today while it is running.

Comparisons: ``previous_period`` is the period of the same length just before (whole calendar months and
years shift by months and years, so the month before October is September; a month or a Monday-start week so far
compares with the same days of the month or week before); ``year_over_year`` is the
same dates one year earlier (Feb 29 becomes Feb 28).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

from copilot.calendar.festivals import festivals, latest_promotion
from copilot.calendar.months import month_start, shift_months, whole_months, year_before
from copilot.yaml_data import load_yaml

Compare = Literal["previous_period", "year_over_year"]
VOCABULARY_FILE = Path(__file__).with_name("periods.yaml")

_ROLLING = re.compile(r"^last_(\d+)_(day|days|week|weeks|month|months)$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*\.\.\s*(\d{4}-\d{1,2}-\d{1,2})$")

GRAMMAR_HELP = (
    "today, yesterday, this_week, last_week, this_month, last_month, this_year, last_year, last_N_days, "
    "last_N_weeks, last_N_months, YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD, " + ", ".join(festivals())
)


class PeriodError(ValueError):
    """A period spec outside the grammar; the message says what is accepted."""


@dataclass(frozen=True)
class Period:
    """Days ``start <= day < end`` (``end`` exclusive), with labels for answers in Chinese and English."""

    start: date
    end: date
    label_zh: str
    label_en: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def previous(self) -> Period:
        """The period of the same length just before (whole months and years shift by calendar units); the
        leading days of a month or of a Monday-start week compare with the same days of the month or week before
        (November 1-20 with October 1-20, Monday to Friday with last Monday to Friday); one day, the day before."""
        months = whole_months(self.start, self.end)
        if months:
            return _labelled(shift_months(self.start, -months), self.start, "上一周期", "previous period")
        if self.days > 1 and self.start.day == 1 and self.last_day < month_start(self.start, 1):
            end = shift_months(self.last_day, -1) + timedelta(days=1)
            return _labelled(month_start(self.start, -1), end, "上月同期", "same days last month")
        if 1 < self.days < 7 and self.start.weekday() == 0:
            week = timedelta(days=7)
            return _labelled(self.start - week, self.end - week, "上周同期", "same days last week")
        return _labelled(self.start - timedelta(days=self.days), self.start, "上一周期", "previous period")

    def year_ago(self) -> Period:
        """The same dates one year earlier."""
        start, end = year_before(self.start), year_before(self.end)
        return _labelled(start, end, "去年同期", "same period last year")

    def compared(self, compare: Compare) -> Period:
        if compare == "previous_period":
            return self.previous()
        if compare == "year_over_year":
            return self.year_ago()
        raise PeriodError(f"unknown comparison {compare!r}; use previous_period or year_over_year")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``start`` and ``end`` (exclusive) as ISO dates, ``last_day`` inclusive."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "last_day": self.last_day.isoformat(),
            "days": self.days,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
        }


@cache
def _vocabulary() -> dict[str, Any]:
    with VOCABULARY_FILE.open(encoding="utf-8") as handle:
        return load_yaml(handle)


@cache
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    named = [(str(k), [str(a) for a in v.get("aliases", [])]) for k, v in _vocabulary()["keywords"].items()]
    named += [(key, list(f.aliases)) for key, f in festivals().items()]
    for keyword, aliases in named:
        table[_normalise(keyword)] = keyword
        for alias in aliases:
            table[_normalise(alias)] = keyword
    return table


def _normalise(spec: str) -> str:
    return re.sub(r"[\s\-]+", "_", spec.strip().lower())


def _span(start: date, end: date) -> str:
    last = end - timedelta(days=1)
    return start.isoformat() if last == start else f"{start.isoformat()} .. {last.isoformat()}"


def _labelled(start: date, end: date, name_zh: str, name_en: str) -> Period:
    span = _span(start, end)
    return Period(start, end, f"{name_zh}（{span}）", f"{name_en} ({span})")


def _parse_day(text: str, spec: str) -> date:
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError as exc:
        raise PeriodError(f"{spec!r} is not a valid date: {exc}") from exc


def _keyword(keyword: str, today: date) -> Period:
    if keyword in festivals():
        label = festivals()[keyword].season_name
        first, last = latest_promotion(keyword, today)
        return _labelled(first, min(last, today) + timedelta(days=1), label["zh"], label["en"])
    label = _vocabulary()["keywords"][keyword]
    start, end = _keyword_range(keyword, today)
    return _labelled(start, end, label["zh"], label["en"])


def _keyword_range(keyword: str, today: date) -> tuple[date, date]:
    tomorrow = today + timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    first = month_start(today)
    year_start = today.replace(month=1, day=1)
    ranges = {
        "today": (today, tomorrow),
        "yesterday": (today - timedelta(days=1), today),
        "this_week": (monday, tomorrow),
        "last_week": (monday - timedelta(days=7), monday),
        "this_month": (first, tomorrow),
        "last_month": (month_start(today, -1), first),
        "this_year": (year_start, tomorrow),
        "last_year": (year_start.replace(year=today.year - 1), year_start),
    }
    return ranges[keyword]


def _rolling(count: int, unit: str, today: date, spec: str) -> Period:
    unit = unit.rstrip("s") + "s"
    limit = int(_vocabulary()["max_rolling"][unit])
    if not 1 <= count <= limit:
        raise PeriodError(f"{spec!r}: N must be between 1 and {limit} for last_N_{unit}")
    end = today + timedelta(days=1)
    if unit == "months":
        start = shift_months(today, -count) + timedelta(days=1)
    else:
        start = end - timedelta(days=count * (7 if unit == "weeks" else 1))
    label = _vocabulary()["rolling"][unit]
    return _labelled(start, end, label["zh"].format(n=count), label["en"].format(n=count))


def _cut(start: date, end: date, today: date) -> date:
    """The end of a calendar unit, at the end of today while the unit is running (a unit not begun keeps it)."""
    return today + timedelta(days=1) if start <= today < end else end


def resolve_period(spec: str, today: date) -> Period:
    """Resolve a period spec (see the module docstring) relative to ``today``.

    Raises PeriodError, naming the accepted grammar, for anything else.
    """
    raw = spec.strip()
    keyword = _aliases().get(_normalise(raw))
    if keyword is not None:
        return _keyword(keyword, today)
    rolling = _ROLLING.match(_normalise(raw))
    if rolling:
        return _rolling(int(rolling.group(1)), rolling.group(2), today, spec)
    if _YEAR.match(raw):
        year = int(raw)
        if not 1 <= year <= 9998:
            raise PeriodError(f"{spec!r} is not a valid year")
        return _labelled(date(year, 1, 1), _cut(date(year, 1, 1), date(year + 1, 1, 1), today), f"{year}年", str(year))
    month = _MONTH.match(raw)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        if not 1 <= number <= 12:
            raise PeriodError(f"{spec!r} is not a valid month")
        start = date(year, number, 1)
        end = _cut(start, month_start(start, 1), today)
        return _labelled(start, end, f"{year}年{number}月", start.strftime("%B %Y"))
    if _DAY.match(raw):
        day = _parse_day(raw, spec)
        return _labelled(day, day + timedelta(days=1), "当天", "the day")
    span = _RANGE.match(raw)
    if span:
        first, last = _parse_day(span.group(1), spec), _parse_day(span.group(2), spec)
        if last < first:
            raise PeriodError(f"{spec!r}: the first day is after the last day")
        return _labelled(first, last + timedelta(days=1), "自定义区间", "custom range")
    raise PeriodError(f"unknown period {spec!r}; use one of: {GRAMMAR_HELP}")
