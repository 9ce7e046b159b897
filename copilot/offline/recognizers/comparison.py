"""Two periods set against each other ("10月跟9月比", "august vs july"): the comparison they make."""

from __future__ import annotations

import re
from datetime import date

from copilot.calendar.periods import Period, PeriodError, resolve_period
from copilot.offline.periods import Found, Span
from copilot.offline.recognizers.time import find_period

_AGAINST = re.compile(r"^(?:vs\.?|versus|compared (?:to|with)|against|跟|和|与|同|比|对比|相比|比较)$")
_BETWEEN_FILLER = " ,，、#的"
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
    """The period asked about and "previous_period" or "year_over_year" when `text` joins the two periods
    by a comparison word and the later-said one is the period before, or a year before, the first-said."""
    first, second = sorted((one, other), key=lambda found: found.span)
    if not _AGAINST.match(text[first.span[1] : second.span[0]].strip(_BETWEEN_FILLER)):
        return None
    asked, against = _bounds(first, today), _bounds(second, today)
    if asked is None or against is None:
        return None
    span = (against.start, against.end)
    if span == (asked.previous().start, asked.previous().end):
        return first, "previous_period"
    if span == (asked.year_ago().start, asked.year_ago().end):
        return first, "year_over_year"
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
    return None if against is None else (*against, other.span)
