"""Dates written in a way that names no one period for sure, which are asked about rather than read as a nearby one.

- No such day: "2026/11/31", "2月30号", "11/31" (November has 30 days). Reading the 30th would answer another day.
- Cut off: "2026/11/3-2026/11" (a range whose end lost its day), "2026/11/3 到" (no end at all).
- Either way round: "3/11-9/11" among Chinese words, where month/day is the usage (March 11 to September 11) but
  the two ends share their second number, the shape of a range within one month written day first (November
  3-9). English words read the range within the month (slash_dates); Chinese words give no evidence either way.
- Not yet come: days written without a year ("12.1-12.12", "12/24") whose this year's are all after today; the
  latest ones that have come are a year earlier, which the merchant may or may not mean. A festival's own date
  ("12.12", "11.11", "6.18") is the festival, read as before.

`in_doubt` gives the kind, the words and the readings the question names, for the answer that asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from copilot.offline import periods

_JOIN = r"\s*(?:-|~|—|–|到|至|to|until|till|through|thru)\s*"
_FULL = r"(?<![\d/.-])(?P<y>20\d\d)\s*(?P<s>[/.-]|年)\s*(?P<m>\d{1,2})\s*(?:[/.-]|月)\s*(?P<d>\d{1,2})(?![\d/.])"
_NO_DAY = (
    re.compile(_FULL),
    re.compile(r"(?<![\d.年/])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
    re.compile(r"(?<![\d/.:¥$])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/%])"),
)
_CUT_END = r"(?P<y2>20\d\d)\s*[/.-]\s*(?P<m2>\d{1,2})(?![\d/.-]|\s*[/.-]\s*\d|\s*月?\s*\d)"  # "2026/11": no day
_CUT = re.compile(_FULL + _JOIN + r"(?:" + _CUT_END + r"|(?=[?？。!！]?$))")
_EITHER = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<x>\d{1,2})" + _JOIN + r"(?P<b>\d{1,2})/(?P<x2>\d{1,2})(?![\d/])")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MONTH_WORDS = periods.month_words()
_NUMERIC_DAY = re.compile(  # a day written by its number: "12.1", "12/24", "12月1号", "dec 1", "1st of december"
    rf"\d{{1,2}}\s*[./月-]\s*\d{{1,2}}|\b(?:{_MONTH_WORDS})\b\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_WORDS})\b"
)
_YEAR_SAID = re.compile(r"20\d\d|年|\byears?\b|\byr\b")
_DAYS = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?")


@dataclass(frozen=True)
class Doubt:
    """Why the dates are asked about (`kind`: no_day, cut, either, not_yet), the words that said them and the
    readings to offer (`first`, `second`: period values, empty when there are none)."""

    kind: str
    said: str
    first: str = ""
    second: str = ""


def _a_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _no_such_day(text: str, today: date) -> Doubt | None:
    for number, pattern in enumerate(_NO_DAY):
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month, day = int(groups["m"]), int(groups["d"])
            year = int(groups["y"]) if groups.get("y") else 2000  # a leap year: 2月29号 is a day of some years
            if number == 2 and 12 < month <= 31 and 1 <= day <= 12 and _a_day(2000, day, month) is None:
                return Doubt("no_day", match.group().strip())  # "31/09" day first: September has 30 days
            if number == 2 and (month > 12 or day > 31 or _a_day(2000, day, month) is not None):
                continue  # a share or a day written day first ("31/10")
            if 1 <= month <= 12 and 1 <= day <= 31 and _a_day(year, month, day) is None:
                return Doubt("no_day", match.group().strip())
            if number == 0 and (month > 12 or day > 31 or month == 0 or day == 0):
                return Doubt("no_day", match.group().strip())
    return None


def _either_way(text: str, today: date) -> Doubt | None:
    """A range among Chinese words whose two ends share their second number ("3/11-9/11"): either way round."""
    match = _EITHER.search(text)
    if match is None or _CJK.search(text) is None:
        return None
    a, b, x, x2 = (int(match.group(name)) for name in ("a", "b", "x", "x2"))
    if x != x2 or a == b or max(a, b, x) > 12:
        return None
    month_first = (_a_day(today.year, a, x), _a_day(today.year, b, x))
    day_first = (_a_day(today.year, x, a), _a_day(today.year, x, b))
    if None in month_first or None in day_first:
        return None
    as_written = f"{month_first[0]}..{month_first[1]}"
    return Doubt("either", match.group().strip(), as_written, f"{day_first[0]}..{day_first[1]}")


def _not_yet(text: str, value: str | None, span: tuple[int, int] | None, today: date) -> Doubt | None:
    """Days written without a year, read a year back because this year's have not come."""
    if value is None or span is None:
        return None
    days = _DAYS.fullmatch(value)
    said = text[span[0] : span[1]]
    event = periods.find_event(said)
    dates = said if event is None else said[: event[1][0]] + " " + said[event[1][1] :]
    if days is None or _YEAR_SAID.search(said) or not _NUMERIC_DAY.search(dates):
        return None  # no date written with numbers, or only a festival's own ("12.12当天"): read as it is
    start = date.fromisoformat(days.group(1))
    end = date.fromisoformat(days.group(2)) if days.group(2) else start
    if start.year != today.year - 1 or end.year != start.year:
        return None
    this_year = _a_day(today.year, start.month, start.day)
    if this_year is None or this_year <= today:
        return None
    coming = f"{this_year}..{_a_day(today.year, end.month, end.day) or this_year}"
    return Doubt("not_yet", said.strip(), coming, f"{start}..{end}")


def in_doubt(text: str, value: str | None, span: tuple[int, int] | None, today: date) -> Doubt | None:
    """The doubt about the dates the normalised text writes, if any: `value` and `span` are the period read from
    it (None when none was)."""
    cut = _CUT.search(text)
    if cut is not None:
        return Doubt("cut", cut.group().strip())
    return _no_such_day(text, today) or _either_way(text, today) or _not_yet(text, value, span, today)
