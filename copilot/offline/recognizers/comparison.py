"""Two periods set against each other ("10月跟9月比", "august vs july"): the comparison they make."""

from __future__ import annotations

import re
from datetime import date

from copilot.calendar.periods import Period, PeriodError, resolve_period
from copilot.offline.periods import Found, Span
from copilot.offline.recognizers.time import find_period

_AGAINST = re.compile(r"^(?:vs\.?|versus|compared (?:to|with)|against|跟|和|与|同|比|对比|相比|比较)$")
_BETWEEN_FILLER = " ,，、#的"
_AGAINST_BEFORE = re.compile(r"(?:\bvs\.?|\bversus|\bcompared (?:to|with)|\bagainst|跟|和|与|同|比|对比|相比)[\s#的]*$")
_UNIT_BEFORE = re.compile(
    r"\b(?:vs\.?|versus|compared (?:to|with)|compared w/|w/|against)\s+(?:the\s+)?"
    r"(?:quarter|half|year|month|week|period|one)\s+(?:before|prior)\b"
)


def _bounds(found: Found, today: date) -> Period | None:
    try:
        return resolve_period(found.value, today)
    except PeriodError:
        return None


def set_against(text: str, one: Found, other: Found, today: date) -> tuple[Found, str] | None:
    """The period asked about and "previous_period" or "year_over_year" when `text` sets one of the two periods
    against the other by a comparison word, and that one is the period before, or a year before, the other:
    the word between them ("10月跟9月比"), or just before the period compared with ("上周猫砂卖了多少 跟上上周比呢",
    "广东 vs 上个月，GMV 涨了还是跌了？这个月的"). The whole unit before a running one (上个月 against 这个月) is
    the period before it too."""
    first, second = sorted((one, other), key=lambda found: found.span)
    if _AGAINST.match(text[first.span[1] : second.span[0]].strip(_BETWEEN_FILLER)) or _AGAINST_BEFORE.search(
        text[first.span[1] : second.span[0]]
    ):
        asked_found, against_found = first, second
    elif _AGAINST_BEFORE.search(text[: first.span[0]]):
        asked_found, against_found = second, first
    else:
        return None
    asked, against = _bounds(asked_found, today), _bounds(against_found, today)
    if asked is None or against is None:
        return None
    span = (against.start, against.end)
    before = asked.previous()
    if span == (before.start, before.end) or (against.end == asked.start and against.start <= before.start):
        return asked_found, "previous_period"
    if span == (asked.year_ago().start, asked.year_ago().end):
        return asked_found, "year_over_year"
    return None


def period_against(text: str, period: Found, today: date) -> tuple[Found, str, Span] | None:
    """With `period` masked in `text`, a second period set against it: the period asked about, the comparison
    and the span of the second period's words. "compared with the quarter before" after it is the previous
    period."""
    other = find_period(text, today)
    if other is None:
        before = _UNIT_BEFORE.search(text, period.span[1])
        return None if before is None else (period, "previous_period", before.span())
    against = set_against(text, period, other, today)
    if against is None:
        return None
    asked, comparison = against
    return asked, comparison, other.span if asked == period else period.span
