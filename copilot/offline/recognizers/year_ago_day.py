"""The same day a year (or two) earlier: "去年今天", "去年的昨天", "前年今日", "this day last year", "a year ago today",
"yesterday last year" — that one day, not the whole of last year."""

from __future__ import annotations

import re
from datetime import date, timedelta

from copilot.calendar.months import month_end
from copilot.offline.recognizers.entity import Entity, range_value

_ZH = re.compile(
    r"(?P<year>去年|前年)\s*的?\s*(?P<day>今天|今日|昨天|昨日|同一天|同1天|这1?天|这1?日)(?:这1?天|那1?天|当天)?"
)
_EN = re.compile(
    r"\b(?:(?P<day>this day|today|yesterday|the same day)(?: of)? (?P<year>last year|the year before)"
    r"|(?P<ago>a|one|1|two|2) years? ago (?P<ago_day>today|yesterday))\b"
)
_YEARS = {"去年": 1, "前年": 2, "last year": 1, "the year before": 1, "a": 1, "one": 1, "1": 1, "two": 2, "2": 2}


def year_ago_day(text: str, today: date) -> Entity | None:
    """The day named, a year or two before today (or yesterday), as a one-day range."""
    zh, en = _ZH.search(text), _EN.search(text)
    match = zh or en
    if match is None:
        return None
    if match.re is _EN and match.group("ago"):
        years, day = _YEARS[match.group("ago")], match.group("ago_day")
    else:
        years, day = _YEARS[match.group("year")], match.group("day")
    base = today - timedelta(days=1) if day in ("昨天", "昨日", "yesterday") else today
    year = base.year - years
    moved = date(year, base.month, min(base.day, month_end(date(year, base.month, 1)).day))
    return Entity("period", range_value(moved, moved, today), match.span())
