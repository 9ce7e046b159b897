"""The festival calendar (festivals.yaml): each festival's names, words, day, season and promotion window.

The *day* is the festival day itself (双12 is December 12). The *season* is its pre-sale window of festival
prices and demand (双12's from December 8); the *promotion* window is when merchants advertise for it (双12's
from December 1). Both are inclusive and end on the day; the promotion window contains the season.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from copilot.yaml_data import load_yaml

CALENDAR_FILE = Path(__file__).with_name("festivals.yaml")
MonthDay = tuple[int, int]


@dataclass(frozen=True)
class Festival:
    id: str
    name: dict[str, str]
    season_name: dict[str, str]
    aliases: tuple[str, ...]
    patterns: tuple[str, ...]
    day: MonthDay
    start: MonthDay
    promotion_start: MonthDay
    peaks: tuple[MonthDay, ...]

    def day_in(self, year: int) -> date:
        """The festival day of ``year``."""
        return date(year, *self.day)

    def season_in(self, year: int) -> tuple[date, date]:
        """The first and last day (inclusive) of the festival's season in ``year``."""
        return date(year, *self.start), date(year, *self.day)

    def promotion_in(self, year: int) -> tuple[date, date]:
        """The first and last day (inclusive) of the festival's promotion window in ``year``."""
        return date(year, *self.promotion_start), date(year, *self.day)

    def peaks_in(self, year: int) -> tuple[date, ...]:
        return tuple(date(year, *peak) for peak in self.peaks)


@dataclass(frozen=True)
class SpringFestival:
    """Lunar new year's days and the day offsets (inclusive windows) around them when couriers stop."""

    dates: tuple[date, ...]
    windows: tuple[tuple[int, int], ...]


def _month_day(text: str) -> MonthDay:
    month, day = (int(part) for part in str(text).split("-"))
    date(2000, month, day)
    return month, day


@cache
def _data() -> dict[str, Any]:
    with CALENDAR_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = load_yaml(handle)
    return data


@cache
def festivals() -> dict[str, Festival]:
    """Every festival by id, in the file's order."""
    found: dict[str, Festival] = {}
    for key, spec in _data()["festivals"].items():
        day, start = _month_day(spec["day"]), _month_day(spec["season"]["start"])
        promotion = _month_day(spec["promotion"])
        if _month_day(spec["season"]["end"]) != day or not promotion <= start <= day:
            raise ValueError(f"festivals.yaml: {key}'s season must end on its day, inside its promotion window")
        found[str(key)] = Festival(
            id=str(key),
            name=dict(spec["name"]),
            season_name=dict(spec["season_name"]),
            aliases=tuple(str(a) for a in spec.get("aliases", [])),
            patterns=tuple(str(p) for p in spec.get("patterns", [])),
            day=day,
            start=start,
            promotion_start=promotion,
            peaks=tuple(_month_day(p) for p in spec.get("peaks", [])),
        )
    return found


def festival(key: str) -> Festival:
    """The festival ``key`` (KeyError when the calendar has none)."""
    return festivals()[key]


def festival_day(key: str, year: int) -> date:
    return festival(key).day_in(year)


def festival_promotion(key: str, year: int) -> tuple[date, date]:
    return festival(key).promotion_in(year)


def latest_promotion(key: str, today: date) -> tuple[date, date]:
    """The most recent promotion window of ``key`` that has started by ``today`` (not cut at today)."""
    first, last = festival_promotion(key, today.year)
    return festival_promotion(key, today.year - 1) if first > today else (first, last)


def next_day(key: str, today: date) -> date:
    """The first festival day of ``key`` after ``today``."""
    day = festival_day(key, today.year)
    return day if day > today else festival_day(key, today.year + 1)


@cache
def phase_words() -> tuple[str, ...]:
    """Patterns of the words naming a phase of a festival's promotion ("预售", "尾款", "presale", "warm-up"): part
    of how a period is said, never a product."""
    return tuple(str(p) for p in _data().get("phase_words", []))


@cache
def festival_patterns() -> dict[str, re.Pattern[str]]:
    """Per festival id, one regex finding the festival in a (lower-cased) sentence."""
    return {key: _joined(list(f.patterns)) for key, f in festivals().items()}


@dataclass(frozen=True)
class Holiday:
    """A public holiday on a fixed date: the day itself and its days off, each with the words that name it."""

    id: str
    name: dict[str, str]
    day_pattern: re.Pattern[str]
    season_pattern: re.Pattern[str]
    day: MonthDay
    season: tuple[MonthDay, MonthDay]
    after_weekday: tuple[int, int, int] | None = None
    days_off: tuple[int, int] = (0, 0)
    other_reading: str | None = None

    def day_in(self, year: int) -> date:
        """The day in ``year``; a moving one counts its `nth` weekday from the month's start, or from its end when
        `nth` is negative (-1: the last Monday of May)."""
        if self.after_weekday is None:
            return date(year, *self.day)
        weekday, nth, days = self.after_weekday
        if nth < 0:
            last = date(year + self.day[0] // 12, self.day[0] % 12 + 1, 1) - timedelta(days=1)
            return last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1) - days)
        first = date(year, self.day[0], 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1) + days)

    def season_in(self, year: int) -> tuple[date, date]:
        """The first and last day off (inclusive) in ``year``: a moving day's are `days_off` around it (a Monday
        holiday's long weekend)."""
        if self.after_weekday is not None:
            day = self.day_in(year)
            return day + timedelta(days=self.days_off[0]), day + timedelta(days=self.days_off[1])
        return date(year, *self.season[0]), date(year, *self.season[1])


def _joined(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@cache
def holidays() -> dict[str, Holiday]:
    """Every public holiday of the calendar's `holidays` by id."""
    found: dict[str, Holiday] = {}
    for key, spec in _data().get("holidays", {}).items():
        season = spec.get("season", {"start": spec["day"], "end": spec["day"]})
        moving = spec.get("after_weekday")
        found[str(key)] = Holiday(
            id=str(key),
            name=dict(spec["name"]),
            day_pattern=_joined(spec["day_patterns"]),
            season_pattern=_joined(spec.get("season_patterns") or ["(?!)"]),
            day=_month_day(spec["day"]),
            season=(_month_day(season["start"]), _month_day(season["end"])),
            after_weekday=(int(moving["weekday"]), int(moving["nth"]), int(moving["days"])) if moving else None,
            days_off=(int(spec.get("days_off", [0, 0])[0]), int(spec.get("days_off", [0, 0])[1])),
            other_reading=spec.get("other_reading"),
        )
    return found


@cache
def spring_festival() -> SpringFestival:
    spec = _data()["spring_festival"]
    return SpringFestival(
        dates=tuple(date.fromisoformat(str(d)) for d in spec["dates"]),
        windows=tuple((int(low), int(high)) for low, high in spec["windows"]),
    )
