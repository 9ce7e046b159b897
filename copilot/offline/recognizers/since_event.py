"""From a festival or public holiday of the one calendar up to today ("国庆到现在", "双11以来", "since national day"),
or from the day after it ended ("618结束以后", "国庆节后", "since the end of 618", "since 618 ended").

A festival starts on its day and ends on it (its season ends on its day); a holiday starts on its day and ends on
its last day off. The occasion is the one of the year said just before it ("去年国庆以来"), else the latest begun.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from copilot.calendar.festivals import Holiday, festival, festival_patterns, holidays
from copilot.offline.recognizers.entity import Entity, range_value

YearBefore = Callable[[str, int, date], "tuple[int, int] | None"]

_SINCE_BEFORE = re.compile(
    r"\b(?:ever\s+)?since\s+(?:the\s+)?(?P<end>(?:end|close)\s+of\s+(?:the\s+)?)?$"
    r"|\bafter\s+(?:the\s+)?(?P<end2>end\s+of\s+(?:the\s+)?)$"
)
_ZH_ENDED = r"(?P<zh_end>节?\s*(?:(?:结束|过完|完)了?\s*(?:之|以)?后|过后|后|(?:之|以)后))"
_ZH_NOW = r"(?:\s*(?:以来|到现在|到今天|到今儿个?|到这会儿?|到目前为止|到目前|至今))"
_EN_ENDED = r"(?P<en_end>\s+(?:ended|was over|finished|wrapped up))"
_EN_NOW = r"(?:\s+(?:onwards?|(?:to|till|until|through) (?:date|now|today))\b)"
_AFTER = re.compile(
    rf"\s*(?:节|大促|活动)?(?:{_ZH_ENDED}{_ZH_NOW}?|{_ZH_NOW}|{_EN_ENDED}(?:{_EN_NOW})?|{_EN_NOW})(?!\s*\d|\s*[1一]?个?(?:周|星期|礼拜|天|日))"
)


Days = Callable[[int], tuple[date, date]]


def _festival_days(key: str) -> Days:
    said = festival(key)
    return lambda year: (said.day_in(year), said.day_in(year))


def _holiday_days(holiday: Holiday) -> Days:
    return lambda year: (holiday.day_in(year), holiday.season_in(year)[1])


def _named(text: str) -> list[tuple[tuple[int, int], Days]]:
    """Each festival and holiday named, where, and its first and last day in a year."""
    found = [(m.span(), _festival_days(key)) for key, p in festival_patterns().items() for m in p.finditer(text)]
    for holiday in holidays().values():
        found += [(m.span(), _holiday_days(holiday)) for m in holiday.day_pattern.finditer(text)]
    return sorted(found, key=lambda item: item[0][0])


def since_event(text: str, today: date, year_before: YearBefore) -> Entity | None:
    """The days from the festival or holiday named, or from the day after it, to today."""
    for (left, right), days in _named(text):
        said = year_before(text, left, today)
        before, after = _SINCE_BEFORE.search(text[: said[1] if said else left]), _AFTER.match(text, right)
        if before is None and (after is None or after.group("en_end")):
            continue
        year = said[0] if said else today.year if days(today.year)[0] <= today else today.year - 1
        first, last = days(year)
        ended = (before is not None and (before.group("end") or before.group("end2"))) or (
            after is not None and (after.group("zh_end") or after.group("en_end"))
        )
        start = last + timedelta(days=1) if ended else first
        if start > today:
            return None
        span = (before.start() if before else said[1] if said else left, after.end() if after else right)
        return Entity("period", range_value(start, today, today), span)
    return None
