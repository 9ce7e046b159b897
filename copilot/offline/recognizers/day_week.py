"""The Monday-to-Sunday week containing a day of the month said by its number alone ("the week of the 9th",
"9号那周"); a day said with its month or a festival's is `time`'s festival week."""

from __future__ import annotations

import re
from datetime import date, timedelta

from copilot.calendar.months import month_end
from copilot.offline.recognizers.entity import Entity, range_value
from copilot.offline.recognizers.month_days import month_said

_WEEK_OF_DAY = (
    re.compile(r"\b(?:the\s+)?(?:week|wk)\s+of\s+(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)\b"),
    re.compile(
        r"(?<![\d月./])(?P<d>\d{1,2})\s*[号日]\s*的?\s*(?:那|这|当|所在的?那?)\s*[1一]?\s*整?\s*个?\s*(?:周|星期|礼拜)"
    ),
)


def week_of_day(text: str, today: date) -> Entity | None:
    """The week containing the day said, in the latest month in which that day has come."""
    for pattern in _WEEK_OF_DAY:
        match = pattern.search(text)
        if match is None:
            continue
        day = int(match.group("d"))
        month = month_said({}, day, today)
        if month is None or not 1 <= day <= month_end(month).day:
            continue
        monday = month.replace(day=day) - timedelta(days=month.replace(day=day).weekday())
        return Entity("period", range_value(monday, monday + timedelta(days=6), today), match.span())
    return None
