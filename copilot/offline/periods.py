"""Periods and schedules in merchants' words, resolved against an injected `today`.

Output uses the period grammar shared with the tools: today, yesterday, this_week, last_week, this_month,
last_month, this_year, last_year, last_N_days, last_N_weeks, last_N_months, YYYY, YYYY-MM, YYYY-MM-DD,
YYYY-MM-DD..YYYY-MM-DD (inclusive), 618, double11, double12.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from copilot.calendar.festivals import festival_patterns, festival_promotion, next_day
from copilot.calendar.months import month_end, month_start
from copilot.offline.lexicon import Pattern, alternation, keyed, lexicon

Span = tuple[int, int]


@dataclass(frozen=True)
class Found:
    """A period found in the text and where it was (so that later extractors skip those characters)."""

    value: str
    span: Span


@dataclass(frozen=True)
class _Compiled:
    fixed: dict[str, Pattern]
    last_n: tuple[Pattern, ...]
    units: dict[str, str]
    event_year: dict[str, Pattern]
    month_word: Pattern
    month_index: dict[str, int]
    before: Pattern
    next_week: Pattern
    next_month: Pattern
    this_weekend: Pattern
    next_weekend: Pattern
    next_weekday: tuple[Pattern, ...]
    coming_weekday: tuple[Pattern, ...]
    whole_month: tuple[Pattern, ...]
    duration: tuple[Pattern, ...]
    until_month_end: Pattern
    unknown_holiday: Pattern


@cache
def _compiled() -> _Compiled:
    spec: dict[str, Any] = lexicon().periods
    units = {word: unit for unit, words in spec["units"].items() for word in words}
    names = [n for n in spec["month_names"]]
    index = {name: i + 1 for i, name in enumerate(names)}
    index.update({abbr: i + 1 for i, abbr in enumerate(spec["month_abbrev"]) if abbr})
    index.update(spec["month_other"])
    words = sorted(index, key=len, reverse=True)
    return _Compiled(
        fixed=keyed(spec["fixed"]),
        last_n=tuple(re.compile(p) for p in spec["last_n"]),
        units=units,
        event_year=keyed(spec["event_year"]),
        month_word=re.compile(
            r"\b(" + "|".join(words) + r")\b\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(20\d\d))?"
        ),
        month_index=index,
        before=alternation(spec["before"]),
        next_week=alternation(spec["next_week"]),
        next_month=alternation(spec["next_month"]),
        this_weekend=alternation(spec["this_weekend"]),
        next_weekend=alternation(spec["next_weekend"]),
        next_weekday=tuple(re.compile(p) for p in spec["next_weekday"]),
        coming_weekday=tuple(re.compile(p) for p in spec["coming_weekday"]),
        whole_month=tuple(re.compile(p.replace("{months}", "|".join(words))) for p in spec["whole_month"]),
        duration=tuple(re.compile(p) for p in spec["duration"]),
        until_month_end=alternation(spec["until_month_end"]),
        unknown_holiday=alternation(spec["unknown_holiday"]),
    )


def month_numbers() -> dict[str, int]:
    """Every English month word ("september", "sept", "sep") and its month's number: the one month vocabulary."""
    return _compiled().month_index


def quarter_words() -> str:
    """The words of a quarter of the year ("quarter", "trimester") as a regular-expression alternation."""
    return "|".join(lexicon().periods["quarter_words"])


def month_words() -> str:
    """The month words as a regular-expression alternation, longest first."""
    return "|".join(sorted(month_numbers(), key=len, reverse=True))


def _month_code(first: date) -> str:
    return f"{first.year:04d}-{first.month:02d}"


def _recent_year(month: int, today: date, day: int = 1) -> int:
    """The year of the most recent (month, day) not after today."""
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1


def find_event(text: str) -> tuple[str, Span] | None:
    """The first festival named in the text: (key, span)."""
    best: tuple[str, Span] | None = None
    for key, pattern in festival_patterns().items():
        match = pattern.search(text)
        if match and (best is None or match.start() < best[1][0]):
            best = (key, match.span())
    return best


_SET_AGAINST = re.compile(r"(?:\bvs\.?|\bversus|\bcompared (?:to|with)|\bagainst|跟|和|与|比|对比|相比)\s*$")
"""A year word right after a comparison word is the year compared with ("双11 当天 GMV vs 去年"), not the festival's."""


_CLAUSE_BREAK = re.compile(r"[,，。;；!！?？]")
_COMPARED = re.compile(r"对比|比较|相比|比一?比|\bvs\b|\bversus\b|\bcompar(?:e|ed|ing)\b")


def compared(text: str) -> bool:
    """Whether the text sets things against each other ("九月和十月的退款率对比", "sept and oct compared"): two
    months listed in it are two periods compared, not one period of both."""
    return _COMPARED.search(text) is not None


# words right after a festival that single out its day ("双11当天", "on the day", "D-day"; schedule_days reads them too)
ITS_DAY_WORDS = r"当天|那天|当日|那1?日|正日子|(?:on\s+)?the day\b|d-?day\b|itself\b"
_ON_ITS_DAY = re.compile(rf"\s*(?:{ITS_DAY_WORDS}|day\b)")


def event_on_its_day(text: str) -> tuple[str, Span] | None:
    """The first festival named with words that single out its day right after it ("去年双12那天", "双11当天"): that
    day, never its season, even when the festival was named before ("搞个双12活动…去年双12那天卖了多少")."""
    best: tuple[str, Span] | None = None
    for key, pattern in festival_patterns().items():
        for match in pattern.finditer(text):
            if _ON_ITS_DAY.match(text, match.end()) and (best is None or match.start() < best[1][0]):
                best = (key, match.span())
    return best


def _event_period(text: str, today: date) -> Found | None:
    found = find_event(text)
    if found is None:
        return None
    key, span = found
    on_its_day = event_on_its_day(text)
    if on_its_day is not None:  # the day itself is read by the recognizers (`time._event_day`), with its year
        return Found(*on_its_day)
    for which, pattern in _compiled().event_year.items():
        match = pattern.search(text)
        if match is None or _SET_AGAINST.search(text[: match.start()]):
            continue
        between = text[min(span[1], match.end()) : max(span[0], match.start())]
        if _CLAUSE_BREAK.search(between):
            continue  # the year is another clause's ("去年12月整月…, 做双12目标参考")
        year = {"last": today.year - 1, "this": today.year, "next": today.year + 1}[which]
        start, end = festival_promotion(key, year)
        return Found(
            f"{start.isoformat()}..{end.isoformat()}", (min(span[0], match.start()), max(span[1], match.end()))
        )
    return Found(key, span)


_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?:(20\d\d)年)?(\d{1,2})月(\d{1,2})[日号]"),
)
_RANGE_JOIN = r"\s*(?:到|至|-|~|—|–|\.\.|to|through|until|till)\s*"


def _dates(text: str, today: date) -> list[tuple[date, Span]]:
    found: list[tuple[date, Span]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            year_s, month_s, day_s = match.groups()
            month, day = int(month_s), int(day_s)
            year = int(year_s) if year_s else None
            found.append((_safe_date(year, month, day, today), match.span()))
    compiled = _compiled()
    for match in compiled.month_word.finditer(text):
        if match.group(2):
            year = int(match.group(3)) if match.group(3) else None
            found.append(
                (_safe_date(year, compiled.month_index[match.group(1)], int(match.group(2)), today), match.span())
            )
    return sorted(found, key=lambda item: item[1])


_DOTTED_DAY = re.compile(
    r"(?<![\d./¥$-])(?<!\d,)(?P<m>\d{1,2})[./](?P<d>\d{1,2})(?![\d.,/%-]|\s*(?:k\b|w\b|万|千|百|元|块|折|倍|x\b))"
)


def _dotted_days(text: str, today: date) -> list[tuple[date, Span]]:
    """One day of a schedule written month.day or month/day ("开始日期改到12.5", "end on 12/12"), not an amount
    ("3.5k", "1.5万", "8.8折")."""
    found = []
    for match in _DOTTED_DAY.finditer(text):
        month, day = int(match.group("m")), int(match.group("d"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append((_safe_date(None, month, day, today), match.span()))
    return found


def _whole_month(text: str, today: date) -> Schedule | None:
    """A whole month said as the schedule ("12月整月", "all of December"): its first day (tomorrow when it has
    begun) to its last, in the next year when it is over this year."""
    compiled = _compiled()
    match = next((m for p in compiled.whole_month if (m := p.search(text)) is not None), None)
    if match is None:
        return None
    said = match.groupdict()
    month = int(said["m"]) if said.get("m") else compiled.month_index[str(said["mw"])]
    if not 1 <= month <= 12:
        return None
    first = date(today.year if month >= today.month else today.year + 1, month, 1)
    return Schedule(max(first, today + timedelta(days=1)), month_end(first), (match.span(),))


def _safe_date(year: int | None, month: int, day: int, today: date) -> date:
    month = min(max(month, 1), 12)
    resolved_year = year if year is not None else _recent_year(month, today, day)
    last = month_end(date(resolved_year, month, 1)).day
    return date(resolved_year, month, min(max(day, 1), last))


def _date_period(text: str, today: date) -> Found | None:
    dates = _dates(text, today)
    if not dates:
        return None
    if len(dates) >= 2:
        between = text[dates[0][1][1] : dates[1][1][0]]
        if re.fullmatch(_RANGE_JOIN, between):
            start, end = dates[0][0], dates[1][0]
            if end < start:
                start = start.replace(year=start.year - 1)
            return Found(f"{start.isoformat()}..{end.isoformat()}", (dates[0][1][0], dates[1][1][1]))
    return Found(dates[0][0].isoformat(), dates[0][1])


_ZH_MONTH = re.compile(r"(?<![\d.])(?:(20\d\d)年)?(\d{1,2})月份?(?!\d(?!\s*个?\s*(?:周|星期|礼拜)))")


def _months(text: str, today: date) -> list[tuple[int | None, int, Span]]:
    found = [
        (int(m.group(1)) if m.group(1) else None, int(m.group(2)), m.span())
        for m in _ZH_MONTH.finditer(text)
        if 1 <= int(m.group(2)) <= 12
    ]
    compiled = _compiled()
    for m in compiled.month_word.finditer(text):
        if m.group(2):
            continue
        found.append((int(m.group(3)) if m.group(3) else None, compiled.month_index[m.group(1)], m.span()))
    return sorted(found, key=lambda item: item[2])


def _month_period(text: str, today: date) -> Found | None:
    months = _months(text, today)
    if not months:
        return None
    year, month, span = months[0]
    if len(months) >= 2 and re.fullmatch(_RANGE_JOIN, text[span[1] : months[1][2][0]]):
        end_year, end_month, end_span = months[1]
        end_year = end_year if end_year is not None else _recent_year(end_month, today)
        start_year = year if year is not None else (end_year if month <= end_month else end_year - 1)
        start = date(start_year, month, 1)
        end = month_end(date(end_year, end_month, 1))
        return Found(f"{start.isoformat()}..{end.isoformat()}", (span[0], end_span[1]))
    resolved = year if year is not None else _recent_year(month, today)
    return Found(f"{resolved:04d}-{month:02d}", span)


# "2026年", "in 2026", "the year 2026", "of the whole year 2025", "calendar year 2025"
_YEAR = re.compile(
    r"(?<!\d)(20\d\d)年(?!\d)|"
    r"\b(?:(?:in|for|of|during) (?:the (?:(?:whole|entire|full|calendar) )?year )?"
    r"|(?:the )?(?:(?:whole|entire|full|calendar) )?year )(20\d\d)\b"
)


def _year_period(text: str) -> Found | None:
    match = _YEAR.search(text)
    if match is None:
        return None
    return Found(match.group(1) or match.group(2), match.span())


def _unit_of(word: str) -> str | None:
    return _compiled().units.get(word.strip())


def _last_n_period(text: str) -> Found | None:
    for pattern in _compiled().last_n:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        n = int(groups.get("n") or 1)
        unit = _unit_of(groups["unit"])
        if unit is None:
            continue
        if groups.get("half") is not None:
            return Found(_HALF[unit], match.span())
        return Found(last_n_value(n, unit), match.span())
    return None


_HALF = {"month": "last_15_days", "year": "last_6_months"}


def last_n_value(n: int, unit: str) -> str:
    """The grammar value for "the last n units": one week is last_7_days, one month last_30_days."""
    if unit == "day":
        return f"last_{n}_days"
    if unit == "week":
        return "last_7_days" if n == 1 else f"last_{n}_weeks"
    if unit == "month":
        return "last_30_days" if n == 1 else f"last_{n}_months"
    return "last_365_days" if n == 1 else f"last_{n * 12}_months"


def _fixed_period(text: str, today: date) -> Found | None:
    best: Found | None = None
    for key, pattern in _compiled().fixed.items():
        if key in ("month_before", "period_before"):
            continue
        match = pattern.search(text)
        if match is None or (best is not None and match.start() >= best.span[0]):
            continue
        value = _month_code(month_start(today, -2)) if key == "before_last_month" else key
        best = Found(value, match.span())
    return best


def find_listed_period(text: str, today: date) -> Found | None:
    """The period this module's word lists name, if any, in the shared grammar."""
    for finder in (
        lambda: _event_period(text, today),
        lambda: _date_period(text, today),
        lambda: _month_period(text, today),
        lambda: _year_period(text),
        lambda: _last_n_period(text),
        lambda: _fixed_period(text, today),
    ):
        found = finder()
        if found is not None:
            return found
    return None


def says_before(key: str, text: str) -> Span | None:
    """Where the text says "the month before" (`key` month_before) or "the day/week before" (period_before) the
    previous turn's period, if it does."""
    match = _compiled().fixed[key].search(text)
    return match.span() if match else None


def unknown_holiday(text: str) -> Span | None:
    """Where the text names a holiday the calendar does not hold ("the bank holiday", "easter weekend")."""
    match = _compiled().unknown_holiday.search(text)
    return match.span() if match else None


def whole_weeks_to_date(period: str | None, today: date) -> str | None:
    """The last N weeks broken down by week ("近8周按周", "by week, last 6 weeks") as N whole Monday-start weeks
    ending with this week (its days so far), so the first bucket is a whole week rather than a stub of one; None
    for any other period."""
    match = re.fullmatch(r"last_(\d+)_weeks", period or "")
    if match is None:
        return None
    start = today - timedelta(days=today.weekday() + 7 * (int(match.group(1)) - 1))
    return f"{start.isoformat()}..{today.isoformat()}"


def month_before(period: str | None, today: date) -> str:
    """The month before `period` (a follow-up "what about the month before?")."""
    if period is None or period in ("last_30_days", "this_month"):
        return "last_month"
    if period == "last_month":
        return _month_code(month_start(today, -2))
    match = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if match:
        return _month_code(month_start(date(int(match.group(1)), int(match.group(2)), 1), -1))
    return _month_code(month_start(today, -2))


def period_days(period: str | None, today: date) -> int | None:
    """How many days a rolling period covers ("last_2_months" -> 60, a range ending today: its days), for tools that
    take days."""
    if period is None:
        return None
    match = re.fullmatch(r"last_(\d+)_(days|weeks|months)", period)
    if match:
        n = int(match.group(1))
        return n * {"days": 1, "weeks": 7, "months": 30}[match.group(2)]
    span = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", period)
    if span and date.fromisoformat(span.group(2)) == today:  # "最近一个半月": up to today
        return (today - date.fromisoformat(span.group(1))).days + 1
    so_far = {"this_week": today.weekday() + 1, "this_month": today.day, "this_year": today.timetuple().tm_yday}
    if period in so_far:  # "这个月有没有突然爆单的": the days of the month so far
        return so_far[period]
    return {"last_week": 7, "last_month": 30, "yesterday": 1, "today": 1}.get(period)


def days_back_to(period: str | None, today: date) -> int | None:
    """How many days back from today reach the first day of a range of days gone ("周三" on a Friday: 3, "10月": 51),
    for a search over the last days that must hold them; None for anything else."""
    span = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.\d{4}-\d{2}-\d{2}", period or "")
    first = date.fromisoformat(span.group(1)) if span else None
    return (today - first).days + 1 if first is not None and first <= today else None


@dataclass(frozen=True)
class Schedule:
    start: date | None
    end: date | None
    spans: tuple[Span, ...]


def _duration_days(text: str) -> int | None:
    for pattern in _compiled().duration:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        unit = _unit_of(groups["unit"])
        n = int(groups.get("n") or 1)
        if unit is not None:
            return n * {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
    return None


_UNTIL_WEEKDAY = re.compile(
    r"\s*(?:到|至|-|~|—|–|\bto\b|\buntil\b|\bthrough\b|\bthru\b)\s*(?:下个?)?(?:周|星期|礼拜|\bnext\s+)?"
    r"(?P<day>[一二三四五六日天]|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_WORDS = "|".join(WEEKDAY_NAMES) + r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun"  # a weekday said in full or short
_WEEKDAYS = {
    **{day: i for i, day in enumerate("一二三四五六日")},
    **{str(i + 1): i for i in range(7)},
    **{day: i for i, day in enumerate(WEEKDAY_NAMES)},
    "天": 6,
}


def _dated_and_weekday(dated: tuple[date, Span], weekday: date, weekday_span: Span) -> tuple[date, date | None]:
    """A plan's two ends when one is a date and the other a weekday ("下周一到12/12", "from the 25th to next
    Sunday"): the one said first starts it; a weekday alone when they do not run forward."""
    first, last = (weekday, dated[0]) if weekday_span[0] < dated[1][0] else (dated[0], weekday)
    return (first, last) if first <= last else (weekday, None)


def find_listed_schedule(text: str, today: date) -> Schedule:
    """A campaign's start and end dates from this module's word lists ("双12前" -> tomorrow .. 12-11); the
    recognizers' `schedule_days.find_schedule` reads an explicit day range first."""
    compiled = _compiled()
    tomorrow = today + timedelta(days=1)
    event = find_event(text)
    if event is not None:
        key, span = event
        day = next_day(key, today)
        window_start, _ = festival_promotion(key, day.year)
        if compiled.before.search(text[span[1] : span[1] + 4]) or compiled.before.search(
            text[max(0, span[0] - 12) : span[0]]
        ):
            return Schedule(tomorrow, day - timedelta(days=1), (span,))
        return Schedule(max(tomorrow, window_start), day, (span,))
    month = _whole_month(text, today)
    if month is not None:
        return month
    dates = sorted(_dates(text, today) + _dotted_days(text, today), key=lambda item: item[1])
    future = [(d if d >= today else d.replace(year=d.year + 1), s) for d, s in dates]
    if len(future) >= 2:
        return Schedule(future[0][0], future[1][0], (future[0][1], future[1][1]))
    start: date | None = future[0][0] if future else None
    spans: list[Span] = [future[0][1]] if future else []
    end: date | None = None
    monday = today + timedelta(days=7 - today.weekday())
    weekday = next((m for p in compiled.next_weekday if (m := p.search(text)) is not None), None)
    coming = next((m for p in compiled.coming_weekday if (m := p.search(text)) is not None), None)
    if weekday is not None:
        start = monday + timedelta(days=_WEEKDAYS[weekday.group("day")])
        spans.append(weekday.span())
        until = _UNTIL_WEEKDAY.match(text, weekday.end())
        if until is not None:  # "下周一到周日": that week's Sunday; "下周五到周一": the Monday after
            end = start + timedelta(days=(_WEEKDAYS[until.group("day")] - _WEEKDAYS[weekday.group("day")]) % 7 or 7)
            spans.append(until.span())
    elif coming is not None and start is None:
        start = today + timedelta(days=(_WEEKDAYS[coming.group("day")] - today.weekday() - 1) % 7 + 1)
        spans.append(coming.span())
    elif (match := compiled.next_weekend.search(text)) is not None:
        start, end = monday + timedelta(days=5), monday + timedelta(days=6)
        spans.append(match.span())
    elif (match := compiled.this_weekend.search(text)) is not None:
        saturday = today + timedelta(days=max(0, 5 - today.weekday()))
        start, end = saturday, today + timedelta(days=6 - today.weekday())
        spans.append(match.span())
    elif (match := compiled.next_week.search(text)) is not None:
        start, end = monday, monday + timedelta(days=6)
        spans.append(match.span())
    elif (match := compiled.next_month.search(text)) is not None:
        first = month_start(today, 1)
        start, end = first, month_end(first)
        spans.append(match.span())
    if len(future) == 1 and end is None and start is not None and len(spans) == 2:
        start, end = _dated_and_weekday(future[0], start, spans[1])  # "下周一开始跑到12/12", "从11月25号到下周日"
    days = _duration_days(text)
    if days is not None:
        start = start or tomorrow
        end = start + timedelta(days=days - 1)
    elif end is None and (match := compiled.until_month_end.search(text)) is not None:  # "下周一到月底"
        start = start or tomorrow
        end = month_end(start)
        spans.append(match.span())
    return Schedule(start, end, tuple(spans))
