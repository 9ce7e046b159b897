"""Periods said in the books' words: an explicit range with both ends ("between 2026-10-16 and 2026-11-15, both
ends included", "介于10月16日和11月15日之间"), a named quarter or month with its closing day ("Q3, through Sep 30
inclusive", "9月30日结账，三季度", "October close, which runs to Oct 31": the period, never the one closing day),
a month, quarter or year to the day it is counted up to ("截至11月17日本月累计", "this year, up to Nov 19":
from its first day to that day, never the one day), and a quarter of the merchant's fiscal year when its first
month is said ("our fiscal year starts in April, fiscal Q2", "我们财年4月1日开始，本财年第二季度": the calendar
months of that fiscal quarter).

The closing day and the range are read with the period rules of `time` (passed in, as `ranges.from_to` is)."""

from __future__ import annotations

import re
from datetime import date

from copilot.calendar.months import month_end
from copilot.calendar.periods import PeriodError, resolve_period
from copilot.offline.recognizers.entity import Entity, range_value
from copilot.offline.recognizers.ranges import Recognise, joined_range

_BETWEEN = re.compile(r"\bbetween\s+|介于|在(?=\s*\d)")
_AND = re.compile(r"\s*(?:\band\b|&|和|与|跟|到|至)\s*")
_BETWEEN_TAIL = re.compile(r"\s*(?:之间|中间|期间)?")

_DAY = (
    r"(?:20\d\d[-/.年]\s*)?\d{1,2}\s*(?:[-/.]|月)\s*\d{1,2}\s*[日号]?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]{3,9}\.?|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
)
_CLOSING_DAY = re.compile(
    r"(?P<pre>\b(?:through|thru|to|until|till|ending|ended|ends|closing|closed|close[sd]?|as of|up to|runs to|run to)"
    r"\s+(?:on\s+)?|截至|截止到?|到|至)?\s*(?P<day>" + _DAY + r")(?:\s*(?:日|号))?"
    r"(?P<post>\s*(?:结账|关账|月结|截止|为止|inclusive|included))?"
)


def between(text: str, today: date, recognise: Recognise) -> Entity | None:
    """ "between A and B" / "介于A和B之间": from the first day of A to the last day of B, each a whole period read
    by `recognise`, when A starts no later than B ends."""
    found = joined_range(text, today, recognise, _BETWEEN, _AND)
    if found is None:
        return None
    value, left, right = found
    right += len(_BETWEEN_TAIL.match(text, right).group(0))  # type: ignore[union-attr]
    return Entity("period", value, (left, right))


def closing_day(text: str, today: date, recognise: Recognise) -> Entity | None:
    """A named quarter or month and the day it closes on, said together: the quarter or month (the span covers
    both, so it outweighs the one day); a day inside a month, quarter or year said with it is the day it is counted
    up to (from the period's first day to that day). The day alone, or a period that does not start on a month's
    first day (a festival's days, a week) is no such reading (None)."""
    for match in _CLOSING_DAY.finditer(text):
        if not (match.group("pre") or match.group("post")) or match.group(0).strip() == text.strip():
            continue
        day = recognise(match.group("day"), today)
        if day is None or ".." in str(day.value):
            continue
        try:
            closing = resolve_period(str(day.value), today)
        except PeriodError:
            continue
        if closing.start != closing.last_day:
            continue
        rest = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
        named = recognise(rest, today)
        if named is None:
            continue
        try:
            period = resolve_period(str(named.value), today)
        except PeriodError:
            continue
        whole_months = period.start.day == 1 and period.last_day == month_end(period.last_day)
        span = (min(match.start(), named.span[0]), max(match.end(), named.span[1]))
        if whole_months and period.start < period.last_day and period.last_day == closing.start:
            return Entity("period", named.value, span)
        if period.start.day == 1 and period.start <= closing.start < period.last_day:  # "本年度截至11月5日"
            return Entity("period", range_value(period.start, closing.start, today), span)
    return None


_ZH_NUMBER = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FISCAL_START = re.compile(
    r"(?:财年|财务年度?|会计年度?)(?:是|从|都是|一般是)?\s*(?:每年)?\s*(?P<m>\d{1,2}|[一二三四五六七八九十]|十[一二])\s*月"
    r"(?:\s*(?:1|一)\s*[日号])?\s*(?:份)?\s*(?:开始|起|起算|开头)|"
    r"\b(?:fiscal|financial|fy)\s*(?:year)?\s*(?:starts?|begins?|runs? from|starting|beginning|is from|from)\s+"
    r"(?:on\s+|in\s+)?(?:(?:the\s+)?1st\s+(?:of\s+)?|1\s+)?(?P<mw>[a-z]{3,9})\.?(?:\s+1(?:st)?\b)?"
)
_FISCAL_QUARTER = re.compile(
    r"(?P<rel>本|这个?|今|上个?|去)?\s*(?:财年|财务年度?|会计年度?)\s*的?\s*(?:第\s*)?(?P<q>[一二三四1-4])\s*季度?|"
    r"(?P<rel2>本|这个?|今|上个?|去)?\s*(?:财年|财务年度?|会计年度?)\s*的?\s*q(?P<q2>[1-4])|"
    r"\b(?P<rel3>this|current|last|previous|prior)?\s*(?:fiscal|financial|fy)\s*(?:year'?s?\s*)?"
    r"(?:q(?P<q3>[1-4])\b|(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)|"
    r"\bfq(?P<q4>[1-4])\b"
)
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _number(said: str) -> int:
    """A month or quarter number said in digits or Chinese numerals ("4", "四", "十一")."""
    if said.isdigit():
        return int(said)
    return 10 + _ZH_NUMBER.get(said[1:], 0) if said.startswith("十") else _ZH_NUMBER[said]


def fiscal_start_month(text: str) -> int | None:
    """The first month of the merchant's fiscal year, where the text says it ("财年是4月1日开始的", "our fiscal year
    starts in April")."""
    match = _FISCAL_START.search(text)
    if match is None:
        return None
    if match.group("m"):
        month = _number(match.group("m"))
    else:
        word = str(match.group("mw"))[:3]
        month = _MONTHS_EN.index(word) + 1 if word in _MONTHS_EN else 0
    return month if 1 <= month <= 12 else None


def fiscal_quarter_said(text: str) -> re.Match[str] | None:
    """Where the text names a quarter of the fiscal year ("本财年第二季度", "fiscal Q2", "FQ3")."""
    return _FISCAL_QUARTER.search(text)


def fiscal_quarter(text: str, today: date) -> Entity | None:
    """A fiscal quarter whose fiscal year's first month the text says: its calendar months in the fiscal year
    that holds today (本财年/this fiscal year; 上财年/last fiscal year one earlier). Without the first month said,
    no reading here (the planner asks for it)."""
    match = fiscal_quarter_said(text)
    first = fiscal_start_month(text)
    if match is None or first is None:
        return None
    groups = match.groupdict()
    said = groups["q"] or groups["q2"] or groups["q3"] or groups["q4"]
    quarter = _ORDINAL[str(groups["o"])] if groups.get("o") else _number(str(said))
    relative = groups["rel"] or groups["rel2"] or groups["rel3"] or ""
    year = today.year if today.month >= first else today.year - 1
    if relative in {"上", "上个", "去", "last", "previous", "prior"}:
        year -= 1
    month = first + 3 * (quarter - 1)
    start = date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    last = month + 2
    end = month_end(date(year + (last - 1) // 12, (last - 1) % 12 + 1, 1))
    said_start = _FISCAL_START.search(text)
    left = min(match.start(), said_start.start()) if said_start is not None else match.start()
    right = max(match.end(), said_start.end()) if said_start is not None else match.end()
    return Entity("period", range_value(start, end, today), (left, right))
