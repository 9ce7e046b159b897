"""A campaign's or a planned estimate's days from its description: an explicit day range ("12月20到25", "Dec 20 to
25"), days of a month said by number ("28th to the 30th": the coming ones), the word lists of `periods` (a
festival's window, next week, a duration), a holiday's day said as the day ("Black Friday 那天", "just for boxing
day"), and one day said alone ("just for 11-27", "11月27号当天", "only on 12/3"): that day both starts and ends it."""

from __future__ import annotations

import contextlib
import re
from datetime import date, timedelta

from copilot.calendar.festivals import holidays
from copilot.calendar.months import month_end, month_start
from copilot.offline import periods
from copilot.offline.recognizers.entity import Span
from copilot.offline.recognizers.month_days import MONTH_REFS, NUMBERED_DAYS
from copilot.offline.recognizers.time import day_range, month_part

_ONE_DAY_BEFORE = re.compile(  # "just for 11-27", "only on the 3rd", "for 11-27" ("end on 12/12" is an end)
    r"(?:\b(?:just|only)(?:\s+(?:for|on))?|\bfor|(?:就|只)(?:在|投|做|跑)?)\s*(?:the\s+)?$"
)
_ONE_DAY_AFTER = re.compile(r"\s*(?:当天|那天|那1天|1天|单日|一天|\bonly\b|\balone\b|\bitself\b|\bon its own\b)")
_HOLIDAY_DAY = re.compile(rf"\s*(?:{periods.ITS_DAY_WORDS})")
_NUMBER_DAY = re.compile(r"(?<![\d./月-])(?P<d>3[01]|[12]\d|0?[1-9])\s*(?:号|日)")
_HYPHEN_DAY = re.compile(r"(?<![\d./-])(?P<m>1[0-2]|0?[1-9])-(?P<d>3[01]|[12]\d|0?[1-9])(?![\d./%-])")


def find_schedule(text: str, today: date) -> periods.Schedule:
    """The start and end the words give, either possibly None (see the module's docstring)."""
    text = _RUN_BETWEEN.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    text = _PER_DAY.sub(lambda m: " " * len(m.group()), text)  # "一天投5000 投10天": the money per day, no length
    said = day_range(text, today, future=True)
    if said is not None:
        return periods.Schedule(said[0], said[1], (said[2],))
    numbered = _numbered_days(text, today)
    if numbered is not None:
        return numbered
    holiday = _holiday_days(text, today)
    if holiday is not None:
        return holiday
    listed = periods.find_listed_schedule(text, today)
    if listed.start is None:
        one = _one_said_day(text, today) or _holiday_day(text, today) or _part_of_month(text, today)
        return one or _by_month_end(text, today) or listed
    if listed.end is None and len(listed.spans) == 1 and _alone(text, listed.spans[0]):
        return periods.Schedule(listed.start, listed.start, listed.spans)
    if listed.end is None and len(listed.spans) == 1 and _ends(text, listed.spans[0]):
        return periods.Schedule(None, listed.start, listed.spans)
    return listed


_END_BEFORE = re.compile(
    r"(?:(?<![\d号日改调挪推换移延])(?:到|至)|截止(?:到|至)?"
    r"|\b(?:until|till|til|thru|through|ending|ends? on|end(?:ing)? by|by)\b)\s*(?:the\s+)?$"
)
_START_SAID = re.compile(r"开始|开跑|起跑|\bstart|\bbegin|\bkick")
_END_AFTER = re.compile(r"\s*(?:结束|为止|截止|收尾|停|\bend\b)")


def _ends(text: str, span: Span) -> bool:
    """Whether the one day at `span` is said as the plan's end ("到12月10号结束", "截止12月10号", "until Dec 10"):
    the plan's end, its start left to the plan's default."""
    if _START_SAID.search(text):  # "开始日期改到12.5", "start it on 12.3": a start
        return False
    return bool(_END_BEFORE.search(text[: span[0]]) or _END_AFTER.match(text, span[1]))


# the running said between the days ("12月5号投到12号", "5号开始跑到12号", "1号开始，到12号结束"): blanked (same
# length) to read the range
_RUN_BETWEEN = re.compile(r"([号日])(\s*(?:开始|起)?\s*[,，]?\s*(?:投放?|跑|推|做|上线?)?\s*[,，]?\s*)(?=到|至|-|~)")
# the day money is said per ("一天投5000", "1天花3k"), never a plan's length of one day
_PER_DAY = re.compile(r"(?<![\d.])(?:1|一)\s*天(?=\s*(?:投放?|花|烧|砸)\s*\d)")
_MONTH_NAMED = re.compile(r"\d\s*月|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")


# the plan run out by a month's end ("这个月底前投完", "下个月底之前", "by the end of the month"): its end, the start
# left to the plan's default
_BY_MONTH_END = re.compile(
    r"(?P<zh>这个?|本|下个?)?月底(?:前|之前|以前|为止)"
    r"|\b(?:by|before|until|till) (?:the )?(?:end of (?:the |this |(?P<en>next) )?month|month.?end)\b"
)


def _by_month_end(text: str, today: date) -> periods.Schedule | None:
    said = _BY_MONTH_END.search(text)
    if said is None:
        return None
    ahead = 1 if (said.group("zh") or "").startswith("下") or said.group("en") else 0
    return periods.Schedule(None, month_end(month_start(today, ahead)), (said.span(),))


def _part_of_month(text: str, today: date) -> periods.Schedule | None:
    """A part of a named month ("the first two weeks of December", "12月上旬", "last week of Jan"): its coming days
    (the calendar reads the latest that has begun; a part already over is next year's)."""
    found = month_part(text, today)
    if found is None or not _MONTH_NAMED.search(found.text(text)):
        return None
    start, _, end = str(found.value).partition("..")
    first, last = date.fromisoformat(start), date.fromisoformat(end or start)
    if last >= today:
        return None  # under way: its days to come are not the words' to guess
    with contextlib.suppress(ValueError):
        return periods.Schedule(first.replace(year=first.year + 1), last.replace(year=last.year + 1), (found.span,))
    return None


def _alone(text: str, span: Span) -> bool:
    """Whether the day at `span` is said as the only day ("just for X", "X当天")."""
    return bool(_ONE_DAY_BEFORE.search(text[: span[0]]) or _ONE_DAY_AFTER.match(text, span[1]))


def _coming(month: int, day: int, today: date) -> date | None:
    """Month-day in this year when it has not passed, else next year; None when there is no such day."""
    for year in (today.year, today.year + 1):
        if day <= month_end(date(year, month, 1)).day and date(year, month, day) >= today:
            return date(year, month, day)
    return None


def coming_day_of_month(day: int, today: date) -> date | None:
    """The coming date numbered `day` (today included): this month's, else next month's; None when that month has
    no such day."""
    month = month_start(today, 0 if day >= today.day else 1)
    return month.replace(day=day) if day <= month_end(month).day else None


def _one_said_day(text: str, today: date) -> periods.Schedule | None:
    """A day written month-day with a hyphen and said alone ("just for 11-27"): the coming one; a day of the month
    said by its number alone ("3号当天", "只在5号"): the coming one, this month's or next month's."""
    for match in _HYPHEN_DAY.finditer(text):
        if _alone(text, match.span()):
            day = _coming(int(match.group("m")), int(match.group("d")), today)
            if day is not None:
                return periods.Schedule(day, day, (match.span(),))
    for match in _NUMBER_DAY.finditer(text):
        if _alone(text, match.span()) and (day := coming_day_of_month(int(match.group("d")), today)) is not None:
            return periods.Schedule(day, day, (match.span(),))
    return None


def _holiday_day(text: str, today: date) -> periods.Schedule | None:
    """A holiday's day said as the day ("Black Friday 那天", "only on boxing day"): the coming one."""
    for holiday in holidays().values():
        match = holiday.day_pattern.search(text)
        if match is None:
            continue
        after = _HOLIDAY_DAY.match(text, match.end())
        if after is None and not _ONE_DAY_BEFORE.search(text[: match.start()]):
            continue
        day = holiday.day_in(today.year)
        day = day if day >= today else holiday.day_in(today.year + 1)
        return periods.Schedule(day, day, ((match.start(), after.end() if after else match.end()),))
    return None


_DAYS_AFTER = re.compile(
    r"\s*(?:的|那|这)?\s*(?P<n>\d{1,2})\s*(?:天|日)(?!前|后|内|以来)|\s+(?:for\s+)?(?P<en>\d{1,2})\s+days\b"
)


def _holiday_days(text: str, today: date) -> periods.Schedule | None:
    """A holiday's day followed by a number of days ("元旦三天", "new year's day 3 days"): that many days from the
    coming one."""
    for holiday in holidays().values():
        match = holiday.day_pattern.search(text)
        after = _DAYS_AFTER.match(text, match.end()) if match is not None else None
        if match is None or after is None:
            continue
        day = holiday.day_in(today.year)
        day = day if day >= today else holiday.day_in(today.year + 1)
        return periods.Schedule(day, day + timedelta(days=int(after.group("n") or after.group("en")) - 1),
                                ((match.start(), after.end()),))  # fmt: skip
    return None


def _numbered_days(text: str, today: date) -> periods.Schedule | None:
    """Days of a month said by number ("the 28th to the 30th", "3rd-9th of december"): in the month said, else the
    coming days (this month's when the first has not passed, else next month's)."""
    for pattern in NUMBERED_DAYS:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        first, last = int(match.group("d1")), int(match.group("d2"))
        if groups.get("ref"):
            month = month_start(today, MONTH_REFS[str(groups["ref"])])
        elif groups.get("mw"):
            number = periods.month_numbers()[str(groups["mw"]).rstrip(".")]
            month = date(today.year if number >= today.month else today.year + 1, number, 1)
        else:
            month = month_start(today, 0 if first >= today.day else 1)
        if not 1 <= first <= last <= month_end(month).day:
            continue
        return periods.Schedule(month.replace(day=first), month.replace(day=last), (match.span(),))
    return None
