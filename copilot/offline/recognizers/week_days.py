"""Weeks said by number and days of a week said by weekday: ISO weeks as a range ("weeks 44-46", "wk 40 to 43",
"第44到46周"); a span of weekdays in a week said by name or number ("mon-wed last week", "thursday to sunday of
the week before last", "week 46, tue-thu", "第46周周一到周三", "第45周周五"), or without one ("thu-sun": the latest
such days begun by today); from a weekday of one week to a weekday of another ("上上周四到这周三", "上周五到第47周
周二"). A follow-up that names only weekdays keeps the previous turn's week, and one that names only a week keeps
the previous turn's weekdays (`weekdays_kept`)."""

from __future__ import annotations

import contextlib
import re
from datetime import date, timedelta

from copilot.calendar.months import month_end
from copilot.calendar.periods import PeriodError, resolve_period
from copilot.offline.periods import WEEKDAY_NAMES, WEEKDAY_WORDS, month_words
from copilot.offline.recognizers.entity import Entity, range_value
from copilot.offline.recognizers.month_days import month_said

# after a weekday's numeral: no digit, no measure word of a count ("这周一单都没有" is no Monday: not one order), and no
# week said again ("1个礼拜1个礼拜的单量", "1周1周地看" are week by week)
ZH_DAY_END = r"(?!\d|[单件笔个](?:都|也)|个(?:周|星期|礼拜)|(?:周|星期|礼拜)(?![一二三四五六日天1-7]))"
_ZH_DAY = r"(?:周|星期|礼拜)(?P<{0}>[一二三四五六日天1-7])" + ZH_DAY_END
_ZH_DAYS = {**{d: i for i, d in enumerate("一二三四五六日")}, "天": 6, **{str(i + 1): i for i in range(7)}}
_ZH_WEEK_DAY = (  # "上上周四", "这个星期三", "第46周周一", "第45周的周五"
    r"(?:(?P<{0}rel>上上|上|这|本)\s*个?(?:周|星期|礼拜)\s*的?\s*(?:周|星期|礼拜)?|"
    r"第\s*(?P<{0}n>\d{{1,2}})\s*(?:周|星期|礼拜)\s*的?\s*(?:周|星期|礼拜))(?P<{1}>[一二三四五六日天1-7])" + ZH_DAY_END
)
_TO_ZH = r"\s*(?:到|至|-|~|—|–)\s*"
_TO_EN = r"\s*(?:-|–|~|to|through|thru|till|until)\s*"
_EN_DAY = rf"(?P<{{0}}>{WEEKDAY_WORDS})\b\.?"
_EN_WEEK = (
    r"(?P<{0}>this week|the current week|last week|the previous week|the week before last|"
    r"(?:the\s+)?(?:week|wk)\s*(?P<{0}n>\d{{1,2}}))\b"
)
_REL_BACK = {"上上": 2, "上": 1, "这": 0, "本": 0, "this week": 0, "the current week": 0, "last week": 1}
_REL_BACK |= {"the previous week": 1, "the week before last": 2}

_SPANS = (
    # "上上周四到这周三", "上周五到第47周周二": a weekday of one week to a weekday of another
    re.compile(_ZH_WEEK_DAY.format("a", "d1") + _TO_ZH + _ZH_WEEK_DAY.format("b", "d2")),
    # "第46周周一到周三", "第45周周五" (上周一到周三 is `time`'s weekday)
    re.compile(_ZH_WEEK_DAY.format("a", "d1") + rf"(?:{_TO_ZH}(?:周|星期|礼拜)?(?P<d2>[一二三四五六日天1-7])(?!\d))?"),
    # "mon-wed last week", "thursday to sunday of the week before last", "tue-thu" (no week: the latest begun)
    re.compile(
        r"\b(?:from\s+)?"
        + _EN_DAY.format("d1")
        + _TO_EN
        + _EN_DAY.format("d2")
        + rf"(?:\s*,?\s*(?:of\s+|in\s+|for\s+)?{_EN_WEEK.format('a')})?"
    ),
    # "last week, mon-wed", "last week's mon to wed", "week 46 tue-thu"
    re.compile(
        _EN_WEEK.format("a")
        + r"(?:'s|’s)?\s*[,:]?\s*(?:from\s+)?"
        + _EN_DAY.format("d1")
        + _TO_EN
        + _EN_DAY.format("d2")
    ),
)


def _weekday(said: str) -> int:
    if said in _ZH_DAYS:
        return _ZH_DAYS[said]
    return next(i for i, name in enumerate(WEEKDAY_NAMES) if name.startswith(said.rstrip(".")[:3]))


def _monday(groups: dict[str, str | None], side: str, first_day: int, today: date) -> date | None:
    """The Monday of the week said on `side` ("a", "b"): by name (上周, last week), by ISO number in the latest year
    it has begun, or, with neither, the latest week in which `first_day` has come."""
    this_monday = today - timedelta(days=today.weekday())
    rel = groups.get(f"{side}rel") or groups.get(side)
    number = groups.get(f"{side}n")
    if number is not None:
        return iso_monday(int(number), today)
    if rel is not None:
        return this_monday - timedelta(days=7 * _REL_BACK[rel])
    return this_monday - timedelta(days=0 if first_day <= today.weekday() else 7)


def iso_monday(week: int, today: date, year: int | None = None) -> date | None:
    """The Monday of ISO week `week` of `year`, or of the latest year in which it has begun by today."""
    with contextlib.suppress(ValueError):
        monday = date.fromisocalendar(year or today.year, week, 1)
        if year is None and monday > today:
            monday = date.fromisocalendar(today.year - 1, week, 1)
        return monday
    return None


def weekday_span(text: str, today: date) -> Entity | None:
    """The days of a week said by their weekdays (see the module's docstring); the longest saying wins."""
    found = (match for pattern in _SPANS if (match := pattern.search(text)) is not None)
    for match in sorted(found, key=lambda m: m.start() - m.end()):
        groups = match.groupdict()
        first = _weekday(str(groups["d1"]))
        last = _weekday(str(groups["d2"])) if groups.get("d2") else first
        start_monday = _monday(groups, "a", first, today)
        end_monday = _monday(groups, "b", first, today) if "bn" in groups else start_monday
        if start_monday is None or end_monday is None:
            continue
        start, end = start_monday + timedelta(days=first), end_monday + timedelta(days=last)
        if end < start:
            continue
        return Entity("period", range_value(start, end, today), match.span())
    return None


_WEEK_RANGES = (
    re.compile(
        r"(?:(?P<year>20\d\d)\s*年?\s*的?\s*)?第\s*(?P<a>\d{1,2})\s*(?:周|星期)?\s*(?:到|至|-|~|—|–|和)\s*第?\s*"
        r"(?P<b>\d{1,2})\s*(?:周|星期)"
    ),
    re.compile(
        r"\b(?:iso\s+)?(?:weeks?|wks?)\s*#?(?P<a>\d{1,2})\s*(?:-|–|~|to|through|thru|till|until|and|&)\s*"
        r"(?:(?:weeks?|wks?)\s*#?)?(?P<b>\d{1,2})\b(?!\s*(?:days?|weeks?|months?|%))(?:,?\s+(?:of\s+|in\s+)?(?P<year>20\d\d)\b)?"
    ),
    re.compile(r"\bw(?P<a>\d{2})\s*(?:-|–|~|to)\s*w(?P<b>\d{2})\b"),
    re.compile(r"(?<![a-z0-9])w(?P<a>[0-5]\d)(?![\d.%a-z])(?!\s*(?:-|–|~|to)\s*w?\d)"),  # "w46", "W46单量" (one week)
    re.compile(r"\bwk\s*#?(?P<a>\d{1,2})\b(?!\s*(?:-|–|~|to|through|and)\s*\d)"),  # "wk 45" ("week 45": `relative`)
    # the week number as Nordic and German sellers write it ("v.46", "v 45", "vecka 46", "KW 46", "uge 46")
    re.compile(
        r"(?<![a-z0-9.])(?:v\.\s?|v\s|v(?=\d)|vecka\s|veckan\s|kw\s?|uge\s|uke\s)(?P<a>[1-5]?\d)\b(?![.,]?\d|%)"
    ),
)


_OF_A_MONTH = re.compile(r"(?:月份?|\bmonth)\s*的?\s*$")
_IN_A_MONTH = re.compile(rf"\s+(?:of|in)\s+(?:the\s+)?(?:month|last month|this month|(?:{month_words()})\b)")


def week_numbers(text: str, today: date) -> Entity | None:
    """ISO weeks said by number as a range ("weeks 44-46", "wk 40 to 43", "第44到46周", "w44-w46"), or one week
    said by its number ("wk 45", "W46"): from the first week's Monday to the last one's Sunday, in the latest year
    in which the first has begun."""
    for pattern in _WEEK_RANGES:
        match = pattern.search(text)
        if match is None or _OF_A_MONTH.search(text[: match.start()]) or _IN_A_MONTH.match(text, match.end()):
            continue  # "11月第1到2周", "weeks 1 and 2 of november": weeks of a month, not of the year
        groups = match.groupdict()
        first = int(match.group("a"))
        last = int(groups["b"]) if groups.get("b") else first
        year = int(groups["year"]) if groups.get("year") else None
        start = iso_monday(first, today, year)
        end = iso_monday(last, today, start.year if start else None)
        if start is None or end is None or end < start:
            continue
        return Entity("period", range_value(start, end + timedelta(days=6), today), match.span())
    return None


_MONTH_WEEKS = (
    re.compile(
        r"(?:(?P<ref>上上个?月|上个?月|这个?月|本月|当月)|(?:(?P<year>20\d\d)年)?(?P<m>\d{1,2})\s*月份?)\s*的?\s*"
        r"第\s*(?P<a>[1-4])\s*(?:周|个?星期)?\s*(?:到|至|-|~|和)\s*第?\s*(?P<b>[1-5])\s*个?(?:周|星期|礼拜)"
    ),
    re.compile(
        r"\b(?:the\s+)?weeks\s+(?P<a>[1-4])\s*(?:-|–|to|through|and|&)\s*(?P<b>[1-5])\s+(?:of|in)\s+(?:the\s+)?"
        r"(?:(?P<ref>last month|previous month|this month|the month)|"
        rf"(?P<mw>{month_words()})\b)(?:,?\s+(?P<year>20\d\d))?"
    ),
)


def month_weeks(text: str, today: date) -> Entity | None:
    """Weeks of a month said by their places ("11月第1到2周", "weeks 2 and 3 of october"): its days, as one week of
    a month is read (`time`: the 1st to the 7th is its first week), to its end for a fifth."""
    for pattern in _MONTH_WEEKS:
        match = pattern.search(text)
        if match is None or int(match.group("b")) < int(match.group("a")):
            continue
        first = 7 * (int(match.group("a")) - 1) + 1
        month = month_said(match.groupdict(), first, today)
        if month is None:
            continue
        end = month_end(month) if int(match.group("b")) > 4 else month.replace(day=7 * int(match.group("b")))
        return Entity("period", range_value(month.replace(day=first), end, today), match.span())
    return None


_WEEK_ONLY = re.compile(
    r"(?:上上|上|这|本)\s*个?(?:周|星期|礼拜)(?![一二三四五六日天1-7])|第\s*\d{1,2}\s*周(?!\s*的?\s*(?:周|星期|礼拜))|"
    r"\b(?:this|last|previous|the current) week\b|\bthe week before last\b|\b(?:week|wk)\s*\d{1,2}\b"
)
_ANY_WEEKDAY = re.compile(rf"(?:周|星期|礼拜)[一二三四五六日天1-7](?!\d)|\b(?:{WEEKDAY_WORDS})\b")
_BARE_DAYS = (
    re.compile(
        r"(?<![上这本个\d第周])"
        + _ZH_DAY.format("d1")
        + rf"(?:{_TO_ZH}(?:周|星期|礼拜)?(?P<d2>[一二三四五六日天1-7]))?(?!\d)"
    ),
    # a span said short or in full ("thu-sun"), one day only in full ("and friday?": "sun" of "sun hats" is none)
    re.compile(r"(?<!last )(?<!this )(?<!next )\b" + _EN_DAY.format("d1") + _TO_EN + _EN_DAY.format("d2")),
    re.compile(rf"(?<!last )(?<!this )(?<!next )\b(?P<d1>{'|'.join(WEEKDAY_NAMES)})\b"),
)


def weekdays_kept(text: str, previous: str | None, said: str | None, today: date) -> str | None:
    """A follow-up's period that keeps part of the previous one: weekdays named alone ("Thu-Sun", "周四到周日呢")
    after a period within one Monday-to-Sunday week are those days of that week; a week named alone ("改成上周",
    "I meant week 45") after some weekdays of one week (two to six days, not the week under way to today) is
    those weekdays of the week named. None otherwise."""
    if previous is None or said is None:
        return None
    try:
        before, now = resolve_period(previous, today), resolve_period(said, today)
    except PeriodError:
        return None
    first, last = before.start, before.last_day
    monday = first - timedelta(days=first.weekday())
    if last > monday + timedelta(days=6):
        return None
    week_named, days_named = _WEEK_ONLY.search(text), _ANY_WEEKDAY.search(text)
    if days_named is not None and week_named is None:
        days = next((m for p in _BARE_DAYS if (m := p.search(text)) is not None), None)
        if days is None:
            return None
        start = monday + timedelta(days=_weekday(days.group("d1")))
        end = monday + timedelta(days=_weekday(days.groupdict().get("d2") or days.group("d1")))
        return range_value(start, end, today) if start <= min(end, today) else None
    whole_week = now.start.weekday() == 0 and now.last_day in (now.start + timedelta(days=6), today)
    span = 2 <= (last - first).days + 1 <= 6 and not (first == monday and last == today)
    if week_named is None or days_named is not None or not whole_week or not span or now.start == monday:
        return None
    start = now.start + timedelta(days=first.weekday())
    end = now.start + timedelta(days=last.weekday())
    return range_value(start, end, today) if start <= today else None
