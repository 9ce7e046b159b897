"""Periods counted from today: days and months back ("前天", "3 days ago", "2个月前"), a numbered week ("第45周",
"week 45"), a week some weeks back ("上上周", "3 weeks ago"), and whole calendar weeks before a week ("the 4 full
weeks before this week", "上周之前的4周", "过去4个完整的周"), and a weekday of this week to today ("since monday").

"last 4 weeks" alone stays the rolling 28 days (periods.yaml); only a week said as the anchor ("before this week")
or a word for whole weeks (full, complete, whole, calendar, 整, 完整, 自然) makes them Monday-to-Sunday weeks.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, timedelta

from copilot.calendar.months import month_start
from copilot.offline.periods import WEEKDAY_NAMES, WEEKDAY_WORDS
from copilot.offline.recognizers.entity import Entity, range_value

_DAYS_BACK = re.compile(
    r"(?P<d4>大大前天)|(?P<d3>大前天)|(?P<d2>前天|前日|前儿个|\b(?:the )?day before yesterday\b|\b2 days ago\b)|"
    r"(?P<n>\d+)\s*天(?:以)?前|"
    r"\b(?P<n2>\d+) ?(?:days?|d) (?:ago|back)\b|"
    r"(?:上线|上架|上新|开卖|开售|上市)了?\s*(?P<up>\d+)\s*天|"
    r"\b(?:been )?(?:up|live|listed|launched|on sale|out)(?: for)? (?:only )?(?P<up2>\d+) days\b"
)


_NAMED_DAYS_BACK = {"d4": 4, "d3": 3, "d2": 2}  # 大大前天, 大前天, 前天
_SINCE_THEN = re.compile(
    r"(?:\bsince\b|\bfrom when\b|自从|从)[^.?!。？！]{0,60}?"
    r"(?:launch|went live|go live|started|opened|上线|上架|上新|开卖|开售)[^.?!。？！]{0,40}$"
)


_STARTED_AFTER = re.compile(r"\s*(?:上线|上架|上新|开卖|开售|(?:we )?(?:launched|went live|opened))(?:以来|至今)?")


def days_back(text: str, today: date) -> Entity | None:
    """The day N days back ("3天前", "2 days ago"); from that day to today when it is the day something started
    since which the figures are asked ("since we launched it two days ago", "自从3天前上线以来", "上架4天了",
    "it's been up 4 days")."""
    match = _DAYS_BACK.search(text)
    if match is None:
        return None
    if up := match.group("up") or match.group("up2"):
        return Entity("period", range_value(today - timedelta(days=int(up)), today, today), match.span())
    named = next((n for name, n in _NAMED_DAYS_BACK.items() if match.group(name)), None)
    back = named or int(match.group("n") or match.group("n2"))
    day = today - timedelta(days=back)
    since = _SINCE_THEN.search(text[: match.start()])
    if since is not None:
        return Entity("period", range_value(day, today, today), (since.start(), match.end()))
    after = _STARTED_AFTER.match(text, match.end())
    if re.search(r"(?:自从|从|\bsince)\s*$", text[: match.start()]) and after is not None:
        return Entity("period", range_value(day, today, today), (match.start(), after.end()))
    return Entity("period", range_value(day, day, today), match.span())


_MONTHS_BACK = re.compile(r"(?P<n>\d+)\s*个月(?:以)?前(?!\d)|\b(?P<n2>\d+) months ago\b|上上上个?月")


def months_back(text: str, today: date) -> Entity | None:
    match = _MONTHS_BACK.search(text)
    if match is None:
        return None
    back = int(match.group("n") or match.group("n2") or 3)
    first = month_start(today, -back)
    return Entity("period", f"{first.year:04d}-{first.month:02d}", match.span())


_WEEK_NUMBER = re.compile(r"(?:(?P<year>20\d\d)\s*年?\s*)?第\s*(?P<n>\d{1,2})\s*周|\bweek\s*(?P<n2>\d{1,2})\b")
_WEEKS_BACK = re.compile(
    r"(?:上上|再上1?)(?:个)?(?:周|星期|礼拜)|\bthe week before last\b|\b(?P<n>\d+) ?(?:weeks?|wks?) (?:ago|back)\b|"
    r"(?P<zh>\d+)(?:个)?(?:周|星期|礼拜)前"
)


def week(text: str, today: date) -> Entity | None:
    match = _WEEK_NUMBER.search(text)
    if match is not None:
        n = int(match.group("n") or match.group("n2"))
        year = int(match.group("year")) if match.group("year") else today.year
        with contextlib.suppress(ValueError):
            monday = date.fromisocalendar(year, n, 1)
            if monday > today:
                monday = date.fromisocalendar(year - 1, n, 1)
            return Entity("period", range_value(monday, monday + timedelta(days=6), today), match.span())
    match = _WEEKS_BACK.search(text)
    if match is None:
        return None
    back = int(match.group("n") or match.group("zh") or 2)
    monday = today - timedelta(days=today.weekday() + 7 * back)
    return Entity("period", range_value(monday, monday + timedelta(days=6), today), match.span())


_WHOLE = r"(?:full|complete|whole|calendar)"
_THIS = r"本周|这1?个?(?:周|星期|礼拜)|this week|the current week"
_ANCHOR = r"(?:" + _THIS + r"|(?P<last>上个?(?:周|星期|礼拜)|last week|the previous week))"
_WHOLE_WEEKS = (
    re.compile(
        r"\b(?:the\s+)?(?:(?:last|past|previous|prior)\s+)?(?P<n>\d+)\s+(?:" + _WHOLE + r"\s+)?(?:weeks|wks)\s+"
        r"(?:before|prior to|preceding|ahead of)\s+(?:" + _ANCHOR + r"|this one|the current one)(?![a-z])"
    ),
    re.compile(_ANCHOR + r"(?:之前|以前|往前)的?(?:前|过去)?(?P<n>\d+)个?(?:整|完整的?|自然)*(?:周|星期|礼拜)"),
    re.compile(r"\b(?:the\s+)?(?:last|past|previous|prior|recent)\s+(?P<n>\d+)\s+" + _WHOLE + r"\s+(?:weeks|wks)\b"),
    re.compile(r"(?:过去|最近|近|前|上)的?(?P<n>\d+)个?(?:整|完整的?|自然)+(?:周|星期|礼拜)"),
)


def whole_weeks(text: str, today: date) -> Entity | None:
    """N whole Monday-to-Sunday weeks ending before this week, or before last week when that is the week said."""
    for pattern in _WHOLE_WEEKS:
        match = pattern.search(text)
        if match is None or not 1 <= int(match.group("n")) <= 104:
            continue
        end = today - timedelta(days=today.weekday() + (7 if match.groupdict().get("last") else 0) + 1)
        start = end - timedelta(days=7 * int(match.group("n")) - 1)
        return Entity("period", range_value(start, end, today), match.span())
    return None


_CURRENT = {  # the current day, week or month named, by the unit counted
    "d": r"今天|今日|今儿个?|\btoday\b",
    "w": _THIS,
    "m": r"本月|这个?月|当月|\bthis month\b|\bthe current month\b",
}
_LEFT_OUT = r"(?:不算|不含|不包括|不包含|除外|不要|去掉|刨去|排除|除去|扣掉)"
_LEFT_OUT_EN = r"\b(?:excluding|not counting|without|except(?: for)?|leaving out)\b"
_COUNTED = re.compile(
    r"(?:过去|最近|近|前)的?\s*(?P<n>\d+)\s*个?\s*(?P<unit>天|日|周|星期|礼拜|月)"
    r"|\b(?:the\s+)?(?:last|past|previous|recent)\s+(?P<n2>\d+)\s+(?P<unit2>days|weeks|months)\b"
)


def whole_units_before_now(text: str, today: date) -> Entity | None:
    """The last N days, weeks or months said with the current one left out ("最近8个礼拜，这礼拜不算", "近7天不含今
    天", "last 3 months excluding this month"): the N whole ones before it."""
    match = _COUNTED.search(text)
    if match is None:
        return None
    said = match.group("unit") or match.group("unit2")
    unit = "d" if said in ("天", "日", "days") else "m" if said in ("月", "months") else "w"
    current = _CURRENT[unit]
    left_out = re.compile(
        rf"[\s,，(（]*(?:{_LEFT_OUT}|{_LEFT_OUT_EN})\s*(?:{current})"
        rf"|[\s,，(（]*(?:{current})\s*(?:的?也?{_LEFT_OUT}|\s*(?:excluded|not included|left out)\b)"
    ).match(text, match.end(), match.end() + 40)
    if left_out is None:
        left_out = re.compile(rf"[^。？?！!]{{0,24}}?(?:{current})\s*(?:的?也?{_LEFT_OUT})").match(text, match.end())
    n = int(match.group("n") or match.group("n2"))
    if left_out is None or not 1 <= n <= 104:
        return None
    if unit == "d":
        end = today - timedelta(days=1)
        start = end - timedelta(days=n - 1)
    elif unit == "w":
        end = today - timedelta(days=today.weekday() + 1)
        start = end - timedelta(days=7 * n - 1)
    else:
        end = month_start(today, 0) - timedelta(days=1)
        start = month_start(today, -n)
    return Entity("period", range_value(start, end, today), (match.start(), left_out.end()))


_DAYS = "|".join(WEEKDAY_NAMES)
_SINCE_WEEKDAY = re.compile(
    rf"\bsince (?:this )?(?P<d>{_DAYS})\b(?! (?:of |in )?(?:last|previous) week)|"
    rf"\b(?:from )?(?:this )?(?P<d2>{_DAYS}) (?:onwards?|(?:to|till|until|through) (?:date|now|today))\b"
)


def since_weekday(text: str, today: date) -> Entity | None:
    """From the latest named weekday by today up to today ("since monday", "tuesday to date"); on that weekday
    itself, today alone."""
    match = _SINCE_WEEKDAY.search(text)
    if match is None:
        return None
    day = WEEKDAY_NAMES.index(match.group("d") or match.group("d2"))
    start = today - timedelta(days=(today.weekday() - day) % 7)
    return Entity("period", range_value(start, today, today), match.span())


_NAMED_WEEK = r"(?P<w>this week|the current week|last week|the previous week|the week before last)"
_WEEKDAY_OF_WEEK = re.compile(
    rf"(?<!since )(?<!from )\b(?P<d>{WEEKDAY_WORDS})\.?,?\s+(?:of\s+|in\s+)?{_NAMED_WEEK}\b|"
    rf"\b{_NAMED_WEEK.replace('?P<w>', '?P<w2>')}(?:'s|’s)\s+(?P<d2>{WEEKDAY_WORDS})\b"
)


def weekday_of_week(text: str, today: date) -> Entity | None:
    """A weekday of a week said by name ("tuesday this week", "wed of last week", "last week's friday"); "since monday
    last week" is no one day."""
    match = _WEEKDAY_OF_WEEK.search(text)
    if match is None:
        return None
    said = match.group("d") or match.group("d2")
    day = next(i for i, name in enumerate(WEEKDAY_NAMES) if name.startswith(said[:3]))
    week = match.group("w") or match.group("w2")
    back = 2 if "before last" in week else 0 if week in ("this week", "the current week") else 1
    start = today - timedelta(days=today.weekday() + 7 * back) + timedelta(days=day)
    return Entity("period", range_value(start, start, today), match.span())
