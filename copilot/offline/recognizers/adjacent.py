"""Days counted from the period just asked about ("再前头30天", "and the 7 days after it"): a follow-up's period."""

from __future__ import annotations

import re
from datetime import date, timedelta

from copilot.calendar.periods import PeriodError, resolve_period
from copilot.offline.recognizers.entity import range_value

_UNIT_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "个星期": 7, "礼拜": 7, "个礼拜": 7, "day": 1, "week": 7}
_ZH_UNIT = r"(?P<u>天|日|周|个?星期|个?礼拜)"
_EN_UNIT = r"(?P<u>day|week)s?"
_ADJACENT = (
    re.compile(r"(?:再往?|往)(?P<before>前)(?:头|面)?\s*的?\s*(?P<n>\d+)\s*" + _ZH_UNIT),
    re.compile(r"(?:再往?|往)?(?P<before>前)(?:头|面)\s*的?\s*(?P<n>\d+)\s*" + _ZH_UNIT),
    re.compile(r"(?:再往?|往)?(?:后头|后面|之后|以后|往后)\s*的?\s*(?P<n>\d+)\s*" + _ZH_UNIT),
    re.compile(
        r"\b(?:the\s+)?(?P<n>\d+)\s+" + _EN_UNIT + r"\s+(?:(?P<before>before|prior to|leading up to)|after|following)"
        r"\s+(?:it|that|then|this|these|those|them|that day|the day|these days|those days)\b"
    ),
    re.compile(r"\bthe\s+(?:following|next)\s+(?P<n>\d+)\s+" + _EN_UNIT + r"\b(?!\s+(?:before|after)\b)"),
)


def adjacent_days(text: str, previous: str, today: date) -> str | None:
    """The N days (or weeks) just before or just after `previous` that the words ask about ("格么再前头30天呢",
    "往后7天呢", "and the 7 days after it", "the 2 weeks before that"), the days after cut at today; None when the
    words ask no such thing, or those days have not begun."""
    match = next((m for pattern in _ADJACENT if (m := pattern.search(text)) is not None), None)
    if match is None:
        return None
    try:
        period = resolve_period(previous, today)
    except PeriodError:
        return None
    days = int(match.group("n")) * _UNIT_DAYS[match.group("u")]
    if match.groupdict().get("before"):
        return range_value(period.start - timedelta(days=days), period.start - timedelta(days=1), today)
    start = period.end
    return None if start > today else range_value(start, start + timedelta(days=days - 1), today)
