"""Two periods set against each other ("10月跟9月比", "august vs july"): the comparison they make."""

from __future__ import annotations

import re
from datetime import date, timedelta

from copilot.calendar.festivals import holidays
from copilot.calendar.periods import Period, PeriodError, resolve_period
from copilot.offline.periods import Found, Span, event_on_its_day, find_event
from copilot.offline.recognizers.entity import range_value
from copilot.offline.recognizers.other_year import moved_period
from copilot.offline.recognizers.time import find_period

_AGAINST = re.compile(
    r"^(?:vs\.?|versus|compared? (?:to|with|w/)|relative to|against|than(?: in| during| on| over| for)?|"
    r"跟|和|与|同|搭|比|对比|相比|比较)$"  # 搭: Wu "with"
)
_BETWEEN_FILLER = " ,，、#的"
_AGAINST_BEFORE = re.compile(
    r"(?:\bvs\.?|\bversus|\bcompared? (?:to|with|w/)|\bcompare (?:it|that|this|them|those) (?:to|with|w/)|"
    r"\bthan(?: in| during| on| over)?|"
    r"\brelative to|\bagainst|跟|和|与|同|搭|比|对比|相比)[\s#的]*$"
)
_COMPARE_BEFORE = re.compile(r"(?:\bcompare|对比|比较|比一?比)[\s#的]*$")
_PAIRED = re.compile(r"^(?:with|to|and|against|w/|&|和|与|跟|同)$")
_AGAINST_AFTER = re.compile(r"^[\s#的]*(?:对比|相比|比较|比)")
_UNIT_BEFORE = re.compile(
    r"\b(?:vs\.?|versus|compared (?:to|with)|compared w/|w/|against)\s+(?:the\s+)?"
    r"(?:quarter|half|year|month|week|period|one)\s+(?:before|prior)\b"
)


def _bounds(found: Found, today: date) -> Period | None:
    try:
        return resolve_period(found.value, today)
    except PeriodError:
        return None


def set_against(text: str, one: Found, other: Found, today: date, words: str = "") -> tuple[Found, str] | None:
    """The period asked about and "previous_period" or "year_over_year" when `text` sets one of the two periods
    against the other by a comparison word, and that one is the period before, or a year before, the other:
    the word between them ("10月跟9月比"), or just before the period compared with ("上周猫砂卖了多少 跟上上周比呢",
    "广东 vs 上个月，GMV 涨了还是跌了？这个月的"). The whole unit before a running one (上个月 against 这个月) is
    the period before it too. `words` is `text` before its read periods were masked (the names they were said
    by)."""
    sides = _sides(text, one, other)
    if sides is None:
        return None
    asked_found, against_found = sides
    asked, against = _bounds(asked_found, today), _bounds(against_found, today)
    if asked is None or against is None:
        return None
    if against.start > asked.start:  # "九月和十月对比", "september vs october": the later one is asked about
        asked_found, against_found, asked, against = against_found, asked_found, against, asked
    comparison = comparison_of(asked, against)
    if comparison is None and _same_occasion_a_year_before(words or text, asked_found, against_found):
        comparison = "year_over_year"
        # "双十一当天 vs 去年双十一", "年时双11那天跟今年双11比": the day
        if event_on_its_day(words or text) is not None:
            day = against.start.replace(year=against.start.year + 1) if against.days == 1 else asked.start
            asked_found = Found(range_value(day, day, today), asked_found.span)
        elif against.days > asked.days:  # "去年618跟今年618比": the year before read as its season, so is this year's
            start, end = (day.replace(year=day.year + 1) for day in (against.start, against.end - timedelta(days=1)))
            asked_found = Found(range_value(start, end, today), asked_found.span)
    return None if comparison is None else (asked_found, comparison)


def _occasion(words: str) -> str | None:
    """The festival or public holiday `words` name, if any."""
    event = find_event(words)
    if event is not None:
        return event[0]
    named = (key for key, h in holidays().items() if h.season_pattern.search(words) or h.day_pattern.search(words))
    return next(named, None)


def _same_occasion_a_year_before(text: str, asked: Found, against: Found) -> str | None:
    """ "year_over_year" when both periods name the same festival or holiday and the one compared with is a year
    earlier, though read as fewer days ("国庆7天 跟去年国庆比": the holiday, not only its first day)."""
    occasion = _occasion(text[slice(*asked.span)])
    if occasion is None or occasion != _occasion(text[slice(*against.span)]):
        return None
    years = [int(found.value[:4]) for found in (asked, against) if re.match(r"\d{4}-", found.value)]
    return "year_over_year" if len(years) == 2 and years[1] == years[0] - 1 else None


def _sides(text: str, one: Found, other: Found) -> tuple[Found, Found] | None:
    """The period asked about and the one it is set against, when a comparison word sets them apart."""
    first, second = sorted((one, other), key=lambda found: found.span)
    between = text[first.span[1] : second.span[0]]
    if _AGAINST.match(between.strip(_BETWEEN_FILLER)) or _AGAINST_BEFORE.search(between):
        return first, second
    if _AGAINST_BEFORE.search(text[: first.span[0]]):
        return second, first
    if _COMPARE_BEFORE.search(text[: first.span[0]]) and _PAIRED.match(between.strip(_BETWEEN_FILLER)):
        return first, second  # "compare october with august", "对比9月和10月"
    return None


def set_apart(text: str, period: Found, today: date) -> Found | None:
    """With `period` masked in `text`, a second period a comparison word sets against it that the tool cannot
    compare it with (neither the period before it nor a year before: "去年12月跟今年10月比"): that one, to be said
    not compared rather than dropped."""
    other = find_period(text, today)
    return other if other is not None and _sides(text, period, other) is not None else None


def comparison_of(asked: Period, against: Period) -> str | None:
    """ "previous_period" or "year_over_year" when `against` is the period the tool compares `asked` with: the
    period before it (or the whole unit before a running one: 上个月 against 这个月), the same dates a year
    earlier, or the same stretch a year earlier read by its own words (去年双11那周 against 今年双11那周: as many
    days, mostly the same dates) or the whole year before it (对比 last year). None otherwise."""
    span = (against.start, against.end)
    before, year_ago = asked.previous(), asked.year_ago()
    if span == (before.start, before.end) or (against.end == asked.start and against.start <= before.start):
        return "previous_period"
    if span == (year_ago.start, year_ago.end):
        return "year_over_year"
    if against.start == year_ago.start and year_ago.end <= against.end and against.days <= 31:
        return "year_over_year"  # "this Nov vs last Nov": November so far against November a year before
    overlap = (min(against.end, year_ago.end) - max(against.start, year_ago.start)).days
    if against.days == asked.days and overlap * 2 >= asked.days:
        return "year_over_year"
    whole_year = against.start == date(year_ago.start.year, 1, 1) and against.end == date(year_ago.start.year + 1, 1, 1)
    if whole_year and asked.days < 366 and against.start <= year_ago.start and year_ago.end <= against.end:
        return "year_over_year"
    return None


def against_previous(previous: str, said: str, today: date) -> str | None:
    """The comparison a follow-up asks for when it sets the period it names against the previous turn's
    ("跟上上周比呢", "对比 last year", "跟去年双11那周比"): `comparison_of` the two, and a period set against
    itself ("对比前两周" after 近两周: 前两周 reads as the same two weeks) is the one before it."""
    try:
        asked, against = resolve_period(previous, today), resolve_period(said, today)
    except PeriodError:
        return None
    if (asked.start, asked.end) == (against.start, against.end):
        return "previous_period"
    return comparison_of(asked, against)


def period_against(text: str, period: Found, today: date, words: str = "") -> tuple[Found, str, Span] | None:
    """With `period` masked in `text` (`words` unmasked), a second period set against it: the period asked about,
    the comparison and the span of the second period's words. "compared with the quarter before" after it is the
    previous period."""
    other = find_period(text, today)
    if other is None:
        before = _UNIT_BEFORE.search(text, period.span[1])
        return None if before is None else (period, "previous_period", before.span())
    against = set_against(text, period, other, today, words) or _against_its_year(text, period, other, today)
    if against is None:
        return None
    asked, comparison = against
    return asked, comparison, other.span if asked == period else period.span


def _against_its_year(text: str, period: Found, year: Found, today: date) -> tuple[Found, str] | None:
    """A dated period set against a whole other year ("去年双11那天卖了多少 跟今年比"): the same dates in that year
    asked about, compared with the year before (the period said)."""
    if not _AGAINST_BEFORE.search(text[: year.span[0]]):
        return None
    moved = moved_period(text, period.value, year.value, today)
    asked, said = (_bounds(Found(moved, year.span), today) if moved else None), _bounds(period, today)
    if moved is None or asked is None or said is None or comparison_of(asked, said) != "year_over_year":
        return None
    return Found(moved, period.span), "year_over_year"


def compared_with_other(text: str, period: Found, compare: str, today: date) -> Found | None:
    """With `period` masked in `text` and a comparison word already read, the other period when `period` is the
    one it is compared with ("10月份退款率同比去年10月": 去年10月 is the year-ago side of 10月份); None otherwise."""
    other = find_period(text, today)
    if other is None or against_previous(other.value, period.value, today) != compare:
        return None
    return other


def said_against(text: str, span: Span) -> bool:
    """Whether the period at `span` is the one compared with: a comparison word just before it ("跟上上周比呢",
    "对比 last year", "vs the week before") or just after it ("上上周的对比一下")."""
    return bool(_AGAINST_BEFORE.search(text[: span[0]]) or _AGAINST_AFTER.search(text[span[1] :]))


_LISTED_UNIT = {1: "day", 7: "week"}


def listed_pair(text: str, period: Found, today: date) -> tuple[str, str, Span] | None:
    """With `period` masked in `text`, a second period of the same length asked beside it with no comparison word
    ("客单价昨天多少前天多少"): the two days (or weeks) they cover together, the unit to break them down by (so each
    is answered) and the second one's span; None when there is none, or they do not touch."""
    other = find_period(text, today)
    if other is None:
        return None
    first, second = _bounds(period, today), _bounds(other, today)
    if first is None or second is None or first.days != second.days or first.days not in _LISTED_UNIT:
        return None
    start, end = sorted(((first.start, first.end), (second.start, second.end)))
    if start[1] != end[0]:
        return None
    return f"{start[0].isoformat()}..{(end[1] - timedelta(days=1)).isoformat()}", _LISTED_UNIT[first.days], other.span


_LAST_MONTH = re.compile(
    r"上个?月|前[一1]个?月|\blast month\b|\bprevious month\b|\bmonth (before|prior)\b|\bmom\b"
    r"|month[- ](over|on)[- ]month"
)
_LAST_WEEK = re.compile(
    r"上个?(周|星期|礼拜|禮拜)|前[一1]个?(周|星期|礼拜)|\blast week\b|\bprevious week\b|\bweek (before|prior)\b|\bwow\b"
    r"|week[- ](over|on)[- ]week"
)


def running_period(compared: str) -> str | None:
    """The running period a comparison with the unit before it asks about when the question names no period
    ("客单价跟上个月比怎么样", "how are orders vs last week"): this month or this week to date; None when the
    comparison words name no such unit (环比, 同比, vs the previous period)."""
    if _LAST_MONTH.search(compared):
        return "this_month"
    if _LAST_WEEK.search(compared):
        return "this_week"
    return None
