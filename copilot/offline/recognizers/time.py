"""Periods in merchants' words, as inclusive date ranges against the merchant's clock (`today`).

The shapes the word lists of `periods.py` do not read are recognised here and in the modules beside it: quarters
("Q3"), halves ("H2"), weeks ("第45周", "上上周"), days and months counted back ("3天前"), day ranges ("11月3号到9号"),
days within a month ("9月前10天"), a festival's day, one period to another (`ranges`). Whatever is left is read by
`periods.find_listed_period`, then by jionlp (Chinese) and dateparser (English). The longest reading wins.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import date, timedelta

from copilot.calendar.festivals import (
    Holiday,
    festival,
    festival_day,
    festival_promotion,
    holidays,
)
from copilot.calendar.months import latest_started, month_end, month_start
from copilot.offline import periods
from copilot.offline.recognizers.after_day import after_the_day
from copilot.offline.recognizers.books import between, closing_day, fiscal_quarter
from copilot.offline.recognizers.dated_range import dated_to_short
from copilot.offline.recognizers.day_ranges import YEAR_WORDS as _YEAR_WORDS
from copilot.offline.recognizers.day_ranges import day_range
from copilot.offline.recognizers.day_ranges import month_of as _month_of
from copilot.offline.recognizers.day_week import week_of_day
from copilot.offline.recognizers.entity import Entity, Span, overlaps, range_value
from copilot.offline.recognizers.libraries import library_period
from copilot.offline.recognizers.lunar_days import lunar_days
from copilot.offline.recognizers.month_days import MONTH_REFS, month_days
from copilot.offline.recognizers.month_of_year import month_of_year
from copilot.offline.recognizers.ranges import from_to, since_said, to_now
from copilot.offline.recognizers.relative import (
    days_back,
    months_back,
    since_weekday,
    weekday_of_week,
    whole_units_before_now,
    whole_weeks,
)
from copilot.offline.recognizers.relative import week as _week
from copilot.offline.recognizers.seasons import season as _season
from copilot.offline.recognizers.since_event import since_event
from copilot.offline.recognizers.to_date import with_to_date
from copilot.offline.recognizers.week_days import ZH_DAY_END, month_weeks, week_numbers, weekday_span
from copilot.offline.recognizers.year_ago_day import year_ago_day
from copilot.offline.recognizers.year_parts import YEAR_PREFIX as _YEAR_PREFIX
from copilot.offline.recognizers.year_parts import YEAR_SUFFIX as _YEAR_SUFFIX
from copilot.offline.recognizers.year_parts import first_quarters, half, quarter
from copilot.offline.recognizers.year_parts import year_of as _year_of

_MONTH_NAMES = _MONTH_ABBR = periods.month_words()
_YEAR_BEFORE = re.compile(r"(去年|今年|本年|\blast year|\bthis year)(?:'s|’s|s)?[,，]?\s*的?\s*$")


def _day_range(text: str, today: date) -> Entity | None:
    found = day_range(text, today)
    if found is None:
        return None
    start, end, span = found
    return _in_said_year(text, start, end, span, today)


def _in_said_year(text: str, start: date, end: date, span: Span, today: date) -> Entity:
    """Days read without a year, moved to the year said just before or after them ("去年11月1号到11号",
    "11/11 this year")."""
    left, right = span
    before, after = _YEAR_BEFORE.search(text[:left]), _YEAR_AFTER.match(text, right)
    said = before or after
    if said is not None:
        shift = today.year + _YEAR_WORDS[said.group(said.lastindex or 1)] - start.year
        with contextlib.suppress(ValueError):
            start, end = start.replace(year=start.year + shift), end.replace(year=end.year + shift)
            left, right = (before.start(), right) if before else (left, after.end() if after else right)
    return Entity("period", range_value(start, end, today), (left, right))


_SLASH_DAY = re.compile(
    r"(?<![\d/.打])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/%])(?!\s*(?:折|的?(?:人|客户|用户|顾客|买家)|of\b(?!\s+(?:the\s+)?(?:last|this|previous|prior)\s+year)))"
)


def _slash_day(text: str, today: date) -> Entity | None:
    """One day written month/day ("on 11/11 this year", "11/3的订单"): the latest one by today. A share ("1/2的客户",
    "1/2 of buyers") or a discount ("打5/5折") is no day."""
    match = _SLASH_DAY.search(text)
    if match is None:
        return None
    month, day = int(match.group("m")), int(match.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= month_end(date(2000, month, 1)).day):
        return None
    found = date(latest_started(None, month, day, today), month, day)
    return _in_said_year(text, found, found, match.span(), today)


_UNTIL_NOW = r"\s*(?:到现在|到今天|到今儿个?|到这会儿?|到目前为止|到目前|至今|以来|(?<=[月初日号])起(?!来))"
_MONTH_DAY = r"\s*(?:(?P<y>20\d\d)\s*年\s*)?(?P<m>\d{1,2})\s*月份?\s*(?:(?P<d>\d{1,2})\s*[日号]|初)?"
_EN_MONTH = rf"(?P<mw>{_MONTH_NAMES})\b\.?"
_TO_NOW = r"(?:onwards?|(?:to|till|until|through|thru) (?:date|now|today))\b"
_SINCE = (
    re.compile(r"(?:从|自|打)?" + _MONTH_DAY + _UNTIL_NOW),
    re.compile(r"(?:从|自)" + _MONTH_DAY + r"\s*(?:开始|起)(?!来)"),
    re.compile(r"(?:从|自)?\s*(?<![\d./])(?P<m>\d{1,2})[/.](?P<d>\d{1,2})" + _UNTIL_NOW),
    re.compile(
        rf"\bsince\s+(?:(?:the\s+)?(?:start|beginning|begining)\s+of\s+)?(?:(?:{periods.WEEKDAY_WORDS})\.?,?\s+)?(?:(?P<mw>{_MONTH_NAMES})\b\.?(?:\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(?P<y>20\d\d))?|"
        r"(?P<m>\d{1,2})[/.](?P<d2>\d{1,2}))\b"
    ),
    re.compile(
        rf"\b(?:from\s+)?{_EN_MONTH}(?:\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(?P<y>20\d\d))?\s+{_TO_NOW}"
    ),
    re.compile(  # "from 1 October", "from October 2025, when the data starts": a start, no end said
        rf"\bfrom\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_EN_MONTH}(?:\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(?P<y>20\d\d))?\b(?(d)|(?(d2)|(?(y)|(?!))))(?![\s,]*(?:to|until|till|through|thru|and)\b|\s*[-–])"
    ),
)


def _since(text: str, today: date) -> Entity | None:
    """From a month or day up to today ("6月到现在", "10.1以来", "since oct 1")."""
    for pattern in _SINCE:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        month = _month_of(groups, "m", "mw", 0)
        day = int(groups.get("d") or groups.get("d2") or 1)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        year = latest_started(int(groups["y"]) if groups.get("y") else None, month, day, today)
        start = date(year, month, min(day, month_end(date(year, month, 1)).day))
        return Entity("period", range_value(start, today, today), match.span())
    return None


_EVENT_DAY = re.compile(r"\s*(?:当天|那天|当日|那1?日|正日子|(?:on\s+)?the day\b|d-?day\b|day\b|itself\b)")


def _event_day(text: str, today: date) -> Entity | None:
    found = periods.event_on_its_day(text) or periods.find_event(text)
    if found is None:
        return None
    key, span = found
    after = _EVENT_DAY.match(text, span[1])
    if after is None and not _said_as_a_day(text, span) and not _day_said_later(text, span[1]):
        return None
    end = after.end() if after is not None else span[1]
    year = today.year if festival_day(key, today.year) <= today else today.year - 1
    start = span[0]
    said_year = _YEAR_BEFORE.search(text[: span[0]])
    year_after = _YEAR_AFTER.match(text, end)  # "on 618 this year", "double 11 itself last year"
    if said_year:
        year = today.year + _YEAR_WORDS[said_year.group(1)]
        start = said_year.start()
    elif year_after:
        year, end = today.year + _YEAR_WORDS[year_after.group(year_after.lastindex or 1)], year_after.end()
    day = festival_day(key, year)
    return Entity("period", range_value(day, day, today), (start, end))


_THE_DAY_ITSELF = re.compile(r"当天|当日|正日子|\bon the day\b|\bthe day itself\b|\bd-?day\b")


def says_the_day(text: str) -> bool:
    """Whether the words single out a festival's day itself ("去年双11当天呢", "on the day itself")."""
    return _THE_DAY_ITSELF.search(text) is not None


def _day_said_later(text: str, right: int) -> bool:
    """Whether "当天"/"当日" said later in the sentence, with no other date or festival before it, singles out the
    festival's day ("618那段时间卖得好，当日GMV多少"): the festival's season would answer another question."""
    later = _THE_DAY_ITSELF.search(text, right)
    if later is None:
        return False
    between = text[right : later.start()]
    return periods.find_event(between) is None and not any(p.search(between) for p in _DATE_SAID)


_ON_A_DAY = re.compile(r"\b(?:on|the day of)\s+(?:the\s+)?$")  # "on double 11", "the day of double 11"
_DOTTED_DAY = re.compile(r"\d{1,2}\.\d{1,2}")


def _said_as_a_day(text: str, span: Span) -> bool:
    """A festival said as a date ("6.18", "11.11"), after "on" ("on 618", "on double 11") or with "the day" later in
    its clause ("double 11 sales on the day") is its day, unless a season word follows ("6.18大促")."""
    if _SEASON_AFTER.match(text, span[1]) is not None:
        return False
    said = says_the_day(re.split(r"[,，。;；?？]", text[span[1] :])[0]) or _ON_A_DAY.search(text[: span[0]]) is not None
    return said or _DOTTED_DAY.fullmatch(text[span[0] : span[1]]) is not None


_YEAR_MONTH = re.compile(
    r"(?P<yw>今年|去年|前年)\s*的?\s*(?P<m>\d{1,2})\s*月份?(?![\d日号])|\b(?:in\s+)?(?P<sept>sept)\b"
)


def _year_month(text: str, today: date) -> Entity | None:
    match = _YEAR_MONTH.search(text)
    if match is None:
        return None
    if match.group("sept"):
        year = latest_started(None, 9, 1, today)
        return Entity("period", f"{year:04d}-09", match.span())
    month = int(match.group("m"))
    if not 1 <= month <= 12:
        return None
    return Entity("period", f"{today.year + _YEAR_WORDS[match.group('yw')]:04d}-{month:02d}", match.span())


_WEEKEND = re.compile(
    r"(?P<last2>上上个?周末|\bthe weekend before last\b)|"
    r"(?P<last>上个?周末|上礼拜末|上(?:个?周|个?星期|礼拜)[六6](?:和|跟|、|与)?(?:周|星期|礼拜)?[日天]|"
    r"\blast weekend\b|\blast sat(?:urday)?(?: and |&| & |/)sun(?:day)?\b)|(?P<this>这个?周末|本周末|\bthis weekend\b)"
    # the weekend said plainly of sales ("how'd we do over the weekend", "this past weekend"): the latest one begun
    r"|(?P<latest>\b(?:this )?past weekend\b|\bthe weekend\b(?!\s+(?:before|after|prior|just gone)\b))"
)


def _weekend(text: str, today: date) -> Entity | None:
    """A weekend named ("上周末", "the weekend before last", "this weekend", "over the weekend"): its Saturday and
    Sunday; "the weekend" alone is the latest whose Saturday is before today."""
    match = _WEEKEND.search(text)
    if match is None:
        return None
    back = 14 if match.group("last2") else 7 if match.group("last") else 0
    saturday = today - timedelta(days=today.weekday()) + timedelta(days=5 - back)
    if match.group("latest"):
        saturday = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    return Entity("period", range_value(saturday, saturday + timedelta(days=1), today), match.span())


_WEEKDAY_NUMBER = {**{d: i for i, d in enumerate("一二三四五六日")}, "天": 6, **{str(i + 1): i for i in range(7)}}
_WEEK_WORD = r"(?:周|星期|礼拜)"
_WEEKDAY = re.compile(
    rf"(?P<w>上上|上|这|本)?\s*个?\s*(?<![每\d第几]){_WEEK_WORD}(?P<d>[一二三四五六日天1-7]){ZH_DAY_END}"
    rf"(?:\s*(?:(?P<to>到|至|-|~)|和|与|跟|、|,|，)?\s*{_WEEK_WORD}?(?P<d2>[一二三四五六日天1-7])(?!\d))?"
    r"(?P<since>\s*(?:以来|到现在|到今天|至今))?"
)

_MORE_DAYS = re.compile(r"\s*(?:和|与|跟|、|,|，)\s*" + _WEEK_WORD + r"?[一二三四五六日天1-7](?!\d)")


def _weekday(text: str, today: date) -> Entity | None:
    """A day of a week or days of one ("上周三", "这周一到周三", "周六周日", "本周一以来", "周日"): a bare day is the
    latest one by today. Two days that are not next to each other without 到 ("周三和周五") are no one period."""
    match = _WEEKDAY.search(text)
    if match is None:
        return None
    day = _WEEKDAY_NUMBER[match.group("d")]
    back = {"上上": 2, "上": 1, "这": 0, "本": 0}.get(match.group("w") or "", 0 if day <= today.weekday() else 1)
    monday = today - timedelta(days=today.weekday() + 7 * back)
    start = monday + timedelta(days=day)
    if match.group("since"):
        return Entity("period", range_value(start, today, today), match.span())
    last = _WEEKDAY_NUMBER[match.group("d2")] if match.group("d2") else day
    if last < day or (last > day + 1 and not match.group("to")) or _MORE_DAYS.match(text, match.end()):
        return None
    return Entity("period", range_value(start, monday + timedelta(days=last), today), match.span())


_SAID_YEAR = re.compile(
    r"(?:(?P<year>20\d\d)\s*年?|(?P<yw>今年|本年|去年|前年|\bthis year|\blast year))(?:'s|’s|s)?[,，]?\s*的?\s*$"
)


def _year_said_before(text: str, left: int, today: date) -> tuple[int, int] | None:
    """The year said just before position `left` ("去年", "2025年", "last year's") and where it starts."""
    match = _SAID_YEAR.search(text[:left])
    if match is None:
        return None
    year = _year_of(match, today)
    return (year, match.start()) if year is not None else None


def _most_recent(month_day: tuple[int, int], today: date) -> int:
    return latest_started(None, month_day[0], month_day[1], today)


def _latest_day(holiday: Holiday, today: date) -> int:
    return today.year if holiday.day_in(today.year) <= today else today.year - 1


# a year said right after a day ("11/11 of the last year", "3 nov 去年"), not a comparison with it ("去年同期比")
_YEAR_AFTER = re.compile(
    r"[,，]?\s*(?:(?:of\s+|in\s+)?(?:the\s+)?(last year|this year)\b|(去年|今年|前年)(?!\s*的?(?:同|比|相比|对比)))"
)


def _holiday(text: str, today: date) -> Entity | None:
    """A public holiday of the calendar: its days off ("国庆黄金周", "golden week") or the day ("国庆节当天")."""
    for holiday in holidays().values():
        season = holiday.season_pattern.search(text)
        match = season or holiday.day_pattern.search(text)
        if match is None:
            continue
        left, right = match.span()
        if season is None and (after := _EVENT_DAY.match(text, right)) is not None:
            right = after.end()
        said = _year_said_before(text, left, today)
        year, left = said if said is not None else (_latest_day(holiday, today), left)
        if said is None and (after_year := _YEAR_AFTER.match(text, right)) is not None:
            year, right = _YEAR_WORDS[after_year.group(after_year.lastindex or 1)] + today.year, after_year.end()
        start, end = holiday.season_in(year) if season else (holiday.day_in(year), holiday.day_in(year))
        return Entity("period", range_value(start, end, today), (left, right))
    return None


_WEEK_AFTER = re.compile(r"\s*的?\s*(?:那|这|当|所在的?那?)\s*[1一]?\s*整?\s*个?\s*(?:周|星期|礼拜)|\s*week\b")
_WEEK_BEFORE = re.compile(r"\b(?:the\s+)?week of\s*(?:the\s+)?$")


# the days of a festival said in the plural ("双12那几天", "618那些天", "those days"): its season, not its one day
_ITS_DAYS_AFTER = re.compile(
    r"\s*的?\s*(?:(?:那|这)(?:几|些)(?:天|日)|(?:那|这)段(?:时间|日子))|\s*(?:days|those days)\b"
)
_SEASON_AFTER = re.compile(
    r"\s*的?\s*(?:期间|大促|那波|这波|那阵子?|活动期间?|前后|预售|季)|"
    r"\s*(?:season|period|sales? period|promo(?:tion)?s? period|promo(?:tion)?s?|campaign period|sale)\b"
)


def _festival_year(text: str, today: date) -> Entity | None:
    """A festival in the year said just before it: its promotion window in that year, as the festival without a year
    is ("去年双12卖了多少", "last year's double 11", "去年双11期间"), its season when its days are said in the plural
    ("去年618那些天"), its day when the words single out its day here or at its other mention ("去年双12当天",
    "双11当天 vs 去年双11"). A follow-up
    naming the previous turn's festival in another year keeps that turn's reading (`moved_period`)."""
    found = periods.find_event(text)
    if found is None:
        return None
    key, (left, right) = found
    said = _year_said_before(text, left, today)
    numbered = _NUMBERED_YEAR_AFTER.match(text, right) if said is None else None
    if numbered is not None:  # "the 618 of 2025", "双11 2025年": the festival of the year said after it
        said, right = (int(numbered.group("year")), left), numbered.end()
    if said is None:
        return None
    season = _SEASON_AFTER.match(text, right)
    if season is not None:
        start, end = festival_promotion(key, said[0])
        return Entity("period", range_value(start, end, today), (said[1], season.end()))
    its_days = _ITS_DAYS_AFTER.match(text, right)
    if its_days is not None:  # "去年618那些天": the days of its sale
        start, end = festival(key).season_in(said[0])
        return Entity("period", range_value(start, end, today), (said[1], its_days.end()))
    singled = periods.event_on_its_day(text)
    if singled is not None and singled[0] == key:  # "双十一当天 vs 去年双十一", "年时双11那天跟今年双11比": its days
        day = festival_day(key, said[0])
        return Entity("period", range_value(day, day, today), (said[1], right))
    start, end = festival_promotion(key, said[0])
    return Entity("period", range_value(start, end, today), (said[1], right))


_NUMBERED_YEAR_AFTER = re.compile(r"\s*(?:(?:of|in)\s+)?(?P<year>20\d\d)\b(?:\s*年)?")


def _festival_week(text: str, today: date) -> Entity | None:
    """The Monday-to-Sunday week containing a festival's, holiday's or date's day ("双11那周", "the week of double
    11", "10月26号那周", "the week of oct 26")."""
    named = _named_day(text)
    if named is None:
        return None
    (month, day), (left, right) = named
    after, before = _WEEK_AFTER.match(text, right), _WEEK_BEFORE.search(text[:left])
    if after is None and before is None:
        return None
    said = _year_said_before(text, before.start() if before else left, today)
    year, left = said if said is not None else (_most_recent((month, day), today), before.start() if before else left)
    monday = date(year, month, day) - timedelta(days=date(year, month, day).weekday())
    said_span = (left, after.end() if after else right)
    return Entity("period", range_value(monday, monday + timedelta(days=6), today), said_span)


_AROUND_AFTER = re.compile(r"\s*(?:当天|那天)?的?之?(?P<dir>前后|前|后)的?(?P<n>\d+)?个?(?P<unit>天|日|周|星期|礼拜)")
_AROUND_BEFORE = re.compile(
    r"\b(?:the\s+)?(?:(?P<n>\d+)\s+)?(?P<unit>days?|weeks?)\s+(?P<dir>before|after|leading up to|ahead of|prior to|"
    r"following)\s+(?:the\s+)?$"
)


def _around_day(text: str, today: date) -> Entity | None:
    """Days or weeks right before, after or around a festival's or date's day ("双11前1周", "618后3天", "前后3天")."""
    named = _named_day(text)
    if named is None:
        return None
    (month, day), (left, right) = named
    match = _AROUND_AFTER.match(text, right) or _AROUND_BEFORE.search(text[:left])
    if match is None:
        return None
    said = _year_said_before(text, left, today)
    year = said[0] if said is not None else _most_recent((month, day), today)
    days = int(match.group("n") or 1) * (1 if match.group("unit")[0] in "天日d" else 7)
    after, anchor = match.group("dir") in ("后", "前后", "after", "following"), date(year, month, day)
    start = anchor - timedelta(days) if match.group("dir") in ("前后", "前") or not after else anchor + timedelta(1)
    end = anchor + timedelta(days) if after else anchor
    span = (min(said[1] if said else left, match.start()), max(right, match.end()))
    return Entity("period", range_value(start, end - timedelta(0 if after else 1), today), span)


_DATE_SAID = (
    re.compile(r"(?<![\d.])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[号日]?(?!\d)"),
    re.compile(rf"\b(?P<mw>{_MONTH_ABBR})[a-z]*\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mw>{_MONTH_ABBR})[a-z]*\b"),
    re.compile(r"(?<![\d./])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])"),
)


def _named_day(text: str) -> tuple[tuple[int, int], Span] | None:
    """The first festival, holiday or date ("10月26号", "oct 26", "10/26") named in the text: (month, day) and
    where."""
    found: list[tuple[tuple[int, int], Span]] = []
    for pattern in _DATE_SAID:
        match = pattern.search(text)
        if match is not None:
            month, said = _month_of(match.groupdict(), "m", "mw", 0), int(match.group("d"))
            if 1 <= month <= 12 and 1 <= said <= month_end(date(2000, month, 1)).day:
                found.append(((month, said), match.span()))
    event = periods.find_event(text)
    if event is not None:
        day = festival_day(event[0], 2000)
        found.append(((day.month, day.day), event[1]))
    for holiday in holidays().values():
        match = holiday.day_pattern.search(text)
        if match is not None and holiday.after_weekday is None:
            found.append((holiday.day, match.span()))
    return min(found, key=lambda item: item[1][0]) if found else None


_MONTH_PARTS = {  # parts of a month: first and last day (0 is the month's last day)
    "上半月": (1, 15), "前半月": (1, 15), "下半月": (16, 0), "后半月": (16, 0), "上旬": (1, 10), "中旬": (11, 20),
    "下旬": (21, 0), "月初": (1, 5), "初": (1, 5), "月底": (25, 0), "月末": (25, 0),
    "底": (25, 0), "末": (25, 0), "first half": (1, 15), "second half": (16, 0), "beginning": (1, 5),
    "start": (1, 5), "early": (1, 10), "middle": (11, 20), "mid": (11, 20), "late": (21, 0), "end": (25, 0),
    "first week": (1, 7), "second week": (8, 14), "third week": (15, 21), "fourth week": (22, 28),
    "last week": (-7, 0), "第1周": (1, 7), "第2周": (8, 14), "第3周": (15, 21), "第4周": (22, 28),
    "最后1周": (-7, 0), "first 2 weeks": (1, 14), "last 2 weeks": (-14, 0), "second 2 weeks": (15, 28),
}  # fmt: skip
_ZH_MONTH_REF = r"(?P<ref>上上个?月|上个?月|这个?月|本月|当月)|" + _YEAR_PREFIX + r"(?P<m>\d{1,2})\s*月份?"
_MONTH_PART = (
    re.compile(
        r"(?:(?:"
        + _ZH_MONTH_REF
        + r")\s*的?\s*)?(?<!\d)(?P<part>上半月|前半月|下半月|后半月|上旬|中旬|下旬|月初|月底|月末)"
    ),
    re.compile(r"(?:" + _ZH_MONTH_REF + r")\s*(?P<part>初|底|末)(?!\d)"),
    re.compile(r"(?:" + _ZH_MONTH_REF + r")\s*的?\s*(?P<part>第[1-4]|最后1)\s*个?\s*(?:周|星期|礼拜)"),
    re.compile(
        r"\b(?:the\s+)?(?P<part>first half|second half|beginning|start|early|middle|mid|late|end|"
        r"(?:first|second|third|fourth|last) week|(?:first|last|second) 2 weeks)[\s-]+(?:of\s+|in\s+)?"
        rf"(?:(?P<ref>last month|this month|the month|previous month)|(?P<mw>{_MONTH_NAMES})\b)" + _YEAR_SUFFIX
    ),
)


def month_part(text: str, today: date) -> Entity | None:
    """Part of a month ("上个月上半月", "10月下旬", "月底", "first half of last month", "mid-october"): without a
    month, the latest month whose part has started. 月初 is days 1-5, 月底/月末 day 25 to the month's end."""
    for pattern in _MONTH_PART:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        part = groups["part"]
        first, last = _MONTH_PARTS[part + "周" if part.startswith("第") or part == "最后1" else part]
        if groups.get("ref"):
            month = month_start(today, MONTH_REFS[groups["ref"]])
        elif groups.get("m") or groups.get("mw"):
            number = _month_of(groups, "m", "mw", 0)
            if not 1 <= number <= 12:
                continue
            month = date(latest_started(_year_of(match, today), number, first, today), number, 1)
        else:
            month = month_start(today, 0 if today.day >= first else -1)
        end = month_end(month) if last == 0 else month.replace(day=last)
        start = end + timedelta(days=first + 1) if first < 0 else month.replace(day=first)
        return Entity("period", range_value(start, end, today), match.span())
    return None


_AND = r"\s*(?:和|与|跟|及|、|,|，|&|and|-|–|~|到|至|to|through|thru|until|till)\s*"
_MONTH_SPAN = (
    re.compile(r"(?<![\d.])(?P<pair>(?P<m>[2-8])(?P<m2>[3-9]))\s*月份?(?![\d日号])"),  # "七八月份" read as 78月份
    re.compile(
        _YEAR_PREFIX
        + r"(?P<m>\d{1,2})\s*(?:月份?)?(?P<more>(?:"
        + _AND
        + r"\d{1,2}\s*(?:月份?)?)*)"
        + _AND
        + r"(?P<m2>\d{1,2})\s*月份?(?!\d|[日号])"
    ),
    re.compile(_YEAR_PREFIX + r"(?<![\d.])(?P<m>\d{1,2})\s*月份?\s*(?P<bare>)(?P<m2>\d{1,2})\s*月份?(?!\d|[日号])"),
    re.compile(
        rf"(?:\bfrom\s+)?\b(?P<mw>{_MONTH_NAMES})\b\.?(?:\s*(?P<year1>20\d\d)\b)?"
        + rf"(?P<more>(?:{_AND}(?:{_MONTH_NAMES})\b\.?)*)(?!\s*\d{{1,2}}\b)"
        + _AND
        + rf"(?P<mw2>{_MONTH_NAMES})\b\.?(?!\s*\d{{1,2}}\b)"
        + _YEAR_SUFFIX
    ),
)


def _month_span(text: str, today: date) -> Entity | None:
    """Consecutive months named together ("9月和10月", "9-10月", "9月10月", "sept and oct", "from aug to oct"): from the
    first day of the first to the last day of the last, which is the latest such month started by today. A list of
    months that are not consecutive is no single period (None)."""
    for pattern in _MONTH_SPAN:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        first, last = _month_of(groups, "m", "mw", 0), _month_of(groups, "m2", "mw2", 0)
        next_only = groups.get("pair") is not None or groups.get("bare") is not None  # "七八月", "9月10月"
        if not (1 <= first <= 12 and 1 <= last <= 12) or first == last or (next_only and last != first % 12 + 1):
            continue
        listed = re.search(r"和|与|跟|及|、|,|，|&|\band\b", match.group(0))
        count = (last - first) % 12 + 1
        if listed and (count != 2 + len(re.findall(_AND, groups.get("more") or "")) or periods.compared(text)):
            continue
        wraps, said = (1 if last < first else 0), _year_of(match, today)
        if groups.get("year1"):  # "sept 2025 to jan 2026": the year said after the first month starts the range
            start_year = int(str(groups["year1"]))
            end_year = said if said is not None else start_year + wraps
        elif said is not None and not groups.get("year") and not groups.get("yw"):  # "nov to feb 2026": the end's
            start_year, end_year = said - wraps, said
        else:
            start_year = said if said is not None else latest_started(None, last, 1, today) - wraps
            end_year = start_year + wraps
        if (end_year - start_year) * 12 + last - first < 1:
            continue
        start = date(start_year, first, 1)
        return Entity("period", range_value(start, month_end(date(end_year, last, 1)), today), match.span())
    return None


_RULES: tuple[Callable[[str, date], Entity | None], ...] = (
    year_ago_day,
    _year_month,
    month_of_year,
    _weekend,
    _season,
    quarter,
    first_quarters,
    half,
    _week,
    whole_weeks,
    whole_units_before_now,
    days_back,
    months_back,
    _day_range,
    dated_to_short,
    _slash_day,
    _since,
    since_weekday,
    weekday_of_week,
    _event_day,
    _weekday,
    _holiday,
    _festival_year,
    lambda text, today: lunar_days(text, today, _year_said_before),
    lambda text, today: since_event(text, today, _year_said_before),
    _festival_week,
    week_of_day,
    _around_day,
    month_part,
    month_days,
    _month_span,
    weekday_span,
    week_numbers,
    month_weeks,
    lambda text, today: from_to(text, today, recognise_period),  # one period to another, each read by these rules
    lambda text, today: to_now(text, today, recognise_period),
    lambda text, today: since_said(text, today, recognise_period),
    lambda text, today: between(text, today, recognise_period),
    lambda text, today: closing_day(text, today, recognise_period),
    fiscal_quarter,
)


def recognise_period(text: str, today: date) -> Entity | None:
    """The period the normalised text names, in the tools' period grammar, with its span; None if none. The
    longest reading wins (the rules' first, then the word lists', on a tie); the libraries' readings only where no
    rule or word list read those characters ("头10月以来" is "10月以来", not jionlp's first ten months, and
    "这个月中国区" is this month, not its middle), and losing a tie with them ("冬天还卖得动不？看看今年的" is this
    year)."""
    found = [entity for rule in _RULES if (entity := rule(text, today)) is not None and _started(entity, today)]
    listed = periods.find_listed_period(text, today)
    if listed is not None:
        found.append(Entity("period", listed.value, listed.span))
    read = library_period(text, today, listed is not None)
    library = Entity("period", range_value(read[0], read[1], today), read[2]) if read is not None else None
    if library is not None and not any(overlaps(library.span, entity.span) for entity in found):
        found.append(library)
    if not found:
        return None
    best = max(found, key=lambda e: (e.span[1] - e.span[0], e is not library, -e.span[0]))
    return with_to_date(text, after_the_day(text, _year_beside(text, best, today), today))


_DAYS_VALUE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?")
_YEAR_IN_WORDS = re.compile(r"20\d\d|年|\byears?\b")


def _year_beside(text: str, entity: Entity, today: date) -> Entity:
    """Days written without a year, read by any rule, moved to the year said right before or after them
    ("去年11月3号", "3 nov 去年", "nov 3 of last year")."""
    value = _DAYS_VALUE.fullmatch(str(entity.value))
    if value is None or _YEAR_IN_WORDS.search(text[entity.span[0] : entity.span[1]]):
        return entity
    left, right = entity.span
    if _YEAR_BEFORE.search(text[:left]) is None and _YEAR_AFTER.match(text, right) is None:
        return entity
    start = date.fromisoformat(value.group(1))
    end = date.fromisoformat(value.group(2)) if value.group(2) else start
    return _in_said_year(text, start, end, entity.span, today)


def _started(entity: Entity, today: date) -> bool:
    """A range that starts after today has no sales yet: no reading of a sales period."""
    start = str(entity.value).split("..")[0]
    return not re.fullmatch(r"\d{4}-\d{2}-\d{2}", start) or date.fromisoformat(start) <= today


def find_period(text: str, today: date) -> periods.Found | None:
    """The period the normalised text names, if any, in the shared grammar: the longest reading of the
    recognizers, which include the word lists of `periods` (`find_listed_period`)."""
    found = recognise_period(text, today)
    return periods.Found(found.value, found.span) if found is not None else None
