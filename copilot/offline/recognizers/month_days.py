"""Days counted within a month: its first or last N days ("9月前10天", "上个月最后5天", "the first 7 days of August",
"the last 10 days of October", "november first 10 days") and days of the month said by number alone ("from the 3rd
to the 17th of this month", "the 3rd to the 9th", "这个月1号到15号", "on the 12th"). A month without a year is the
latest one whose days have started by today; a day or day range without a month is in the latest month in which its
first day has come."""

from __future__ import annotations

import re
from datetime import date, timedelta

from copilot.calendar.months import latest_started, month_end, month_start
from copilot.offline import periods
from copilot.offline.recognizers.entity import Entity, range_value

MONTH_REFS = {"上上个月": -2, "上上月": -2, "上个月": -1, "上月": -1, "这个月": 0, "这月": 0, "本月": 0, "当月": 0,
         "下个月": 1, "下月": 1, "last month": -1, "previous month": -1, "this month": 0, "the month": 0}  # fmt: skip
_MONTH_WORDS = periods.month_words()
_EN_MONTH = (
    rf"(?:(?P<ref>last month|previous month|this month|the month)|(?P<mw>{_MONTH_WORDS})\b\.?)"
    r"(?:,?\s+(?P<year>20\d\d))?"
)

_ENDS = (
    re.compile(
        r"(?:(?P<ref>上上个?月|上个?月|这个?月|本月|当月)|(?:(?P<year>20\d\d)年)?(?P<m>\d{1,2})\s*月份?)\s*的?\s*"
        r"(?P<side>前|头|最后|后|末)\s*(?P<n>\d{1,2})\s*天"
    ),
    re.compile(
        r"\b(?:the\s+)?(?P<side>first|opening|last|final|closing)\s+(?P<n>\d{1,2})\s+days?\s+(?:of|in)\s+" + _EN_MONTH
    ),
    # "november first 10 days", "last month's final 5 days", "oct's last 7 day"
    re.compile(
        _EN_MONTH + r"(?:'s|’s)?\s+(?:the\s+)?(?P<side>first|opening|last|final|closing)\s+(?P<n>\d{1,2})\s+days?\b"
    ),
)
NUMBERED_DAYS = (
    # "这个月1号到15号", "上个月10日至20日", "last month 5th-12th": a month named by its place, then two of its days
    re.compile(
        r"(?P<ref>上上个月|上上月|上个月|上月|这个月|这月|本月|当月|下个?月|last month|previous month|this month)"
        r"\s*(?:的|,|from)?\s*(?:the\s+)?(?P<d1>\d{1,2})\s*(?:号|日|st|nd|rd|th)?\s*(?:到|至|~|～|-|–|to|through|thru|till|until)\s*"
        r"(?:the\s+)?(?P<d2>\d{1,2})\s*(?:号|日|st|nd|rd|th)(?!\s*(?:天|days?\b))"
    ),
    re.compile(
        r"\b(?:from\s+)?(?:the\s+)?(?P<d1>\d{1,2})(?:st|nd|rd|th)\s*(?:to|through|thru|till|until|-|–)\s*(?:the\s+)?"
        r"(?P<d2>\d{1,2})(?:st|nd|rd|th)\b(?:\s+(?:of|in)\s+" + _EN_MONTH + r")?"
    ),
    # "the 3rd to the 17th of October" after normalising: "the 3rd to the october 17"
    re.compile(
        r"\b(?:from\s+)?(?:the\s+)?(?P<d1>\d{1,2})(?:st|nd|rd|th)\s*(?:to|through|thru|till|until|-|–)\s*(?:the\s+)?"
        rf"(?P<mw>{_MONTH_WORDS})\b\.?\s+(?P<d2>\d{{1,2}})\b(?:,?\s+(?P<year>20\d\d))?"
    ),
)
_NUMBERED_DAY = re.compile(
    r"\b(?:on\s+)?the\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)\b(?:\s+(?:of|in)\s+" + _EN_MONTH + r")?"
    r"(?!\s*(?:to|through|thru|till|until|-|–|\d)\b|\s+(?:best|worst|most|least|largest|biggest|highest|lowest|"
    r"place|quarter|half|week|one|ones|item|product|time|percentile)\b)"
)

# "上个月15号", "这个月3日": one day of a month named by its place
_REF_DAY = re.compile(
    r"(?P<ref>上上个月|上上月|上个月|上月|这个月|这月|本月|当月)\s*的?\s*(?P<d1>\d{1,2})\s*(?:号|日)(?!\s*(?:到|至|~|～|-|–)\s*\d)"
)


def month_said(groups: dict[str, str | None], first_day: int, today: date) -> date | None:
    """The month the words name, or the latest month whose day `first_day` has come."""
    if groups.get("ref"):
        return month_start(today, MONTH_REFS[str(groups["ref"])])
    number = int(str(groups["m"])) if groups.get("m") else None
    if groups.get("mw"):
        number = periods.month_numbers()[str(groups["mw"]).rstrip(".")]
    if number is None:
        return month_start(today, 0 if today.day >= first_day else -1)
    if not 1 <= number <= 12:
        return None
    year = int(str(groups["year"])) if groups.get("year") else None
    return date(latest_started(year, number, first_day, today), number, 1)


def month_days(text: str, today: date) -> Entity | None:
    """The longer of the two readings of days within a month."""
    readings = (month_ends(text, today), numbered_days(text, today), numbered_day(text, today))
    found = [e for e in readings if e is not None]
    return max(found, key=lambda e: e.span[1] - e.span[0]) if found else None


def month_ends(text: str, today: date) -> Entity | None:
    """The first or last N days of a month ("9月前10天", "the last 10 days of October")."""
    for pattern in _ENDS:
        match = pattern.search(text)
        if match is None:
            continue
        days = int(match.group("n"))
        first = match.group("side") in ("前", "头", "first", "opening")
        month = month_said(match.groupdict(), 1, today)
        if month is None or not 1 <= days <= 31:
            continue
        end = month_end(month)
        start, last = (month, month + timedelta(days=days - 1)) if first else (end - timedelta(days=days - 1), end)
        return Entity("period", range_value(max(start, month), min(last, end), today), match.span())
    return None


def numbered_days(text: str, today: date) -> Entity | None:
    """Days of a month said by number alone ("from the 3rd to the 17th of this month", "the 3rd to the 9th")."""
    for pattern in NUMBERED_DAYS:
        match = pattern.search(text)
        if match is None:
            continue
        first, last = int(match.group("d1")), int(match.group("d2"))
        month = month_said(match.groupdict(), first, today)
        if month is None or not 1 <= first <= last <= month_end(month).day:
            continue
        return Entity("period", range_value(month.replace(day=first), month.replace(day=last), today), match.span())
    return None


def numbered_day(text: str, today: date) -> Entity | None:
    """One day of a month said by its number alone ("on the 12th", "the 3rd of this month", "上个月15号"): in the
    latest month in which it has come."""
    match = _NUMBERED_DAY.search(text) or _REF_DAY.search(text)
    if match is None:
        return None
    day = int(match.group("d1"))
    month = month_said(match.groupdict(), day, today)
    if month is None or not 1 <= day <= month_end(month).day:
        return None
    return Entity("period", range_value(month.replace(day=day), month.replace(day=day), today), match.span())
