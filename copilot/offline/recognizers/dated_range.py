"""A range whose first day is written in full and whose last day only by month and day ("2026-10-01 到 10-31",
"2026/12/20 - 01/05"): the last day is in the first day's year, or the next one when it would come before it."""

from __future__ import annotations

import re
from datetime import date

from copilot.offline.recognizers.entity import Entity, range_value

_DATED_TO_SHORT = re.compile(
    r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})\s*(?:到|至|~|～|-|—|–|\bto\b|\bthrough\b|\buntil\b|\btill\b)\s*"
    r"(\d{1,2})[-/.](\d{1,2})(?![-/.]?\d)"
)


def dated_to_short(text: str, today: date) -> Entity | None:
    """The range from a full date to a month-and-day, or None when there is none or a day does not exist."""
    for match in _DATED_TO_SHORT.finditer(text):
        year, month, day, end_month, end_day = (int(match.group(i)) for i in (1, 3, 4, 5, 6))
        try:
            start, end = date(year, month, day), date(year, end_month, end_day)
            if end < start:
                end = date(year + 1, end_month, end_day)
        except ValueError:
            continue
        return Entity("period", range_value(start, end, today), match.span())
    return None
