"""A period from one said period to another ("从10月5号那周到上周", "from the week of Oct 5 to last week"): from the
first day of the one to the last day of the other, each read by the period rules of `time`."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from copilot.calendar.periods import PeriodError, resolve_period
from copilot.offline.recognizers.entity import Entity, range_value

_FROM = re.compile(r"(?:从|自|\bfrom\s+)")
_TO = re.compile(r"\s*(?:到|至|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*")


Recognise = Callable[[str, date], Entity | None]


def joined_range(
    text: str, today: date, recognise: Recognise, opener: re.Pattern[str], joiner: re.Pattern[str]
) -> tuple[str, int, int] | None:
    """The range from a whole period said after `opener` to one said after `joiner` (each read by `recognise`, the
    rules of `time`) when the first starts no later than the second ends: (its value, where it starts, where it
    ends in `text`)."""
    for said in opener.finditer(text):
        for joined in joiner.finditer(text, said.end()):
            first = recognise(text[said.end() : joined.start()], today)
            if first is None or first.span != (0, joined.start() - said.end()):
                continue
            second = recognise(text[joined.end() :], today)
            if second is None or second.span[0] != 0:
                continue
            try:
                start, end = resolve_period(str(first.value), today), resolve_period(str(second.value), today)
            except PeriodError:
                continue
            if start.start <= end.last_day:
                return range_value(start.start, end.last_day, today), said.start(), joined.end() + second.span[1]
    return None


def from_to(text: str, today: date, recognise_period: Recognise) -> Entity | None:
    """The period from the one said after 从/from to the one said after 到/to, when both are whole periods (each
    read by `recognise_period`, the rules of `time`) and the first starts no later than the second ends."""
    found = joined_range(text, today, recognise_period, _FROM, _TO)
    return None if found is None else Entity("period", found[0], (found[1], found[2]))
