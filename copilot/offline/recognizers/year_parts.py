"""Quarters and halves of a year ("Q3", "第三季度", "the third trimester", "今年前三季度", "H2", "下半年") and the year
said before or after a part of a year ("2025年", "去年", "of last year"), read by the time recognizer."""

from __future__ import annotations

import re
from datetime import date

from copilot.calendar.months import latest_started, month_end, month_start
from copilot.offline import periods
from copilot.offline.recognizers.day_ranges import YEAR_WORDS as _YEAR_WORDS
from copilot.offline.recognizers.entity import Entity, range_value

_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4}
YEAR_PREFIX = r"(?:(?P<year>20\d\d)\s*年?|(?P<yw>今年|本年|去年|前年))?\s*的?\s*"
YEAR_SUFFIX = r"(?:\s*(?:of\s+|in\s+)?(?P<year2>20\d\d|this year|last year))?"


def year_of(match: re.Match[str], today: date) -> int | None:
    groups = match.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("yw"):
        return today.year + _YEAR_WORDS[groups["yw"]]
    if groups.get("year2"):
        raw = groups["year2"]
        return int(raw) if raw.isdigit() else today.year + _YEAR_WORDS[raw]
    return None


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    return start, month_end(month_start(start, 2))


_QUARTER_WORDS = periods.quarter_words()  # "quarter", "trimester" (periods.yaml)
_QUARTER_N = (
    re.compile(YEAR_PREFIX + r"第?(?P<n>[1-4一二三四])\s*(?:个)?季度"),
    re.compile(YEAR_PREFIX + r"(?<![a-z0-9])q(?P<n>[1-4])(?!\d)" + YEAR_SUFFIX),
    re.compile(
        rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:{_QUARTER_WORDS})\b{YEAR_SUFFIX}"
    ),
)
_QUARTER_REL = re.compile(
    rf"(?P<this>这个?季度|本季度?|当季|当前季度|\b(?:this|current)\s+(?:{_QUARTER_WORDS})\b|"
    r"\bquarter to date\b|\bqtd\b)|"
    rf"(?P<last>上个?季度|上一个?季度|\b(?:last|previous|prior|past)\s+(?:{_QUARTER_WORDS})\b)"
)


def _first_said(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    return next((match for pattern in patterns if (match := pattern.search(text)) is not None), None)


def quarter(text: str, today: date) -> Entity | None:
    """A quarter named by its number ("Q3", "第三季度", "the third trimester") or as this or the last one."""
    match = _first_said(_QUARTER_N, text)
    if match is not None:
        said = match.groupdict()
        n = _ZH_DIGITS[said["n"]] if said.get("n") else _ORDINALS[said["ord"]]
        start, end = _quarter_bounds(latest_started(year_of(match, today), 3 * n - 2, 1, today), n)
        return Entity("period", range_value(start, end, today), match.span())
    match = _QUARTER_REL.search(text)
    if match is None:
        return None
    current = (today.month - 1) // 3 + 1
    year, n = (today.year, current) if match.group("this") else _previous_quarter(today.year, current)
    start, end = _quarter_bounds(year, n)
    return Entity("period", range_value(start, end, today), match.span())


_QUARTERS_TO = re.compile(YEAR_PREFIX + r"前\s*(?P<n>[1-4一二两三四])\s*(?:个)?季度?(?!\d)")


def first_quarters(text: str, today: date) -> Entity | None:
    """The year's first quarters up to the n-th ("今年前三季度": January to September)."""
    match = _QUARTERS_TO.search(text)
    if match is None or "季" not in match.group():
        return None
    year = year_of(match, today) or today.year
    start, end = date(year, 1, 1), _quarter_bounds(year, _ZH_DIGITS[match.group("n")])[1]
    return Entity("period", range_value(start, end, today), match.span())


def _previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


_HALF = (
    re.compile(YEAR_PREFIX + r"(?P<h>上|下)半年"),
    re.compile(YEAR_PREFIX + r"(?<![a-z0-9])h(?P<n>[12])(?![a-z0-9])" + YEAR_SUFFIX),
    re.compile(r"\b(?:the\s+)?(?P<ord>first|second)\s+half(?:\s+of\s+(?:the\s+)?year)?\b" + YEAR_SUFFIX),
)


def half(text: str, today: date) -> Entity | None:
    """A half of the year ("下半年", "H1", "the second half of last year")."""
    match = _first_said(_HALF, text)
    if match is None:
        return None
    said = match.groupdict()
    second = said.get("h") == "下" or said.get("n") == "2" or said.get("ord") == "second"
    year = latest_started(year_of(match, today), 7 if second else 1, 1, today)
    start, end = (date(year, 7, 1), date(year, 12, 31)) if second else (date(year, 1, 1), date(year, 6, 30))
    return Entity("period", range_value(start, end, today), match.span())
