"""A period from one said period to another ("从10月5号那周到上周", "from the week of Oct 5 to last week"): from the
first day of the one to the last day of the other, each read by the period rules of `time`; and one said period up to
now ("前天到今天", "上个月15号到昨天", "从这周一开始", "since the 20th of last month")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from copilot.calendar.periods import PeriodError, resolve_period
from copilot.i18n.language import has_cjk
from copilot.offline.recognizers.entity import Entity, range_value

_FROM = re.compile(r"(?:从|自|\bfrom\s+)")
_TO = re.compile(r"\s*(?:到|至|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*")


Recognise = Callable[[str, date], Entity | None]


def joined_range(
    text: str, today: date, recognise: Recognise, opener: re.Pattern[str], joiner: re.Pattern[str]
) -> tuple[str, int, int] | None:
    """The range from a whole period said after `opener` to one said after `joiner` (each read by `recognise`, the
    rules of `time`) when the first starts no later than the second ends: (its value, where it starts, where it
    ends in `text`)."""
    for said in opener.finditer(text):
        for joined in joiner.finditer(text, said.end()):
            first = recognise(text[said.end() : joined.start()], today)
            if first is None or first.span != (0, joined.start() - said.end()):
                continue
            second = recognise(text[joined.end() :], today)
            if second is None or second.span[0] != 0:
                continue
            first_said, second_said = text[said.end() : joined.start()], text[joined.end() :][: second.span[1]]
            dated = (
                _borrowed_year(first_said, second_said, today, recognise) or first,
                _borrowed_year(second_said, first_said, today, recognise) or second,
            )
            spanned = _spanned(*dated, today) or _spanned(first, second, today)  # "dec 20 2025 to jan 5": next year
            if spanned is not None:
                return spanned, said.start(), joined.end() + second.span[1]
    return None


_YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")


def _borrowed_year(said: str, other: str, today: date, recognise: Recognise) -> Entity | None:
    """One end of a range said with no year read in the year said with the other end ("from nov 23 to dec 6 2026",
    "from the 01.10. to the 31.10.2026", "from 01.10.2025 to 31.10."): the year written once covers both."""
    year = _YEAR.search(other)
    if year is None or _YEAR.search(said):
        return None
    dated = f"{year.group()}年{said}" if has_cjk(said) else f"{said} {year.group()}"
    found = recognise(dated, today)
    return found if found is not None and found.span == (0, len(dated)) else None


def from_to(text: str, today: date, recognise_period: Recognise) -> Entity | None:
    """The period from the one said after 从/from to the one said after 到/to, when both are whole periods (each
    read by `recognise_period`, the rules of `time`) and the first starts no later than the second ends."""
    found = joined_range(text, today, recognise_period, _FROM, _TO)
    return None if found is None else Entity("period", found[0], (found[1], found[2]))


# up to today or yesterday, with no 从/from before the start ("10号到昨天", "前天到今天为止")
_TO_NOW = re.compile(
    r"\s*(?:到|至|迄|\buntil\b|\btill\b|\bto\b|\bthrough\b|\bthru\b|-|~)\s*"
    r"(?P<end>今天|今日|现在|目前|昨天|(?<=[至迄])今(?![天日年个])|\btoday\b|\bnow\b|\byesterday\b)(?:为止|止)?"
)
_NOW_SAID = {"现在": "今天", "目前": "今天", "今": "今天", "now": "today"}
_CLAUSE_START = re.compile(r"[^，,。；;!?！？、]*$")
# from a said period on: 从…开始/起/以来, "since …"
_SINCE_OPEN = re.compile(r"(?:从|自从|自|\bsince\s+)")
_SINCE_CLOSE = re.compile(r"\s*(?:开始|起|以来|至今|到现在|到目前)")


def to_now(text: str, today: date, recognise_period: Recognise) -> Entity | None:
    """From the start of a period said right before 到今天/到昨天/"until today" (without 从) to that day."""
    for joined in _TO_NOW.finditer(text):
        clause = _CLAUSE_START.search(text[: joined.start()])
        assert clause is not None
        said = clause.group().lstrip()
        if not said:
            continue
        begin = joined.start() - len(said)
        first = recognise_period(said, today)
        second = recognise_period(_NOW_SAID.get(joined.group("end"), joined.group("end")), today)
        if first is None or first.span[1] != len(said) or second is None:
            continue
        found = _spanned(first, second, today)
        if found is not None and found.endswith(today.isoformat()) and first.value in _TO_DATE:
            found = str(first.value)  # "这个月到目前": this month, to date
        if found is not None:
            return Entity("period", found, (begin + first.span[0], joined.end()))
    return None


def _spanned(first: Entity, second: Entity, today: date) -> str | None:
    """From the first day of `first` to the last day of `second`; None when either is no period or they cross."""
    try:
        start, end = resolve_period(str(first.value), today), resolve_period(str(second.value), today)
    except PeriodError:
        return None
    return range_value(start.start, end.last_day, today) if start.start <= end.last_day else None


def since_said(text: str, today: date, recognise_period: Recognise) -> Entity | None:
    """From the start of a period said after 从…开始 or "since" to today."""
    for said in _SINCE_OPEN.finditer(text):
        first = recognise_period(text[said.end() :], today)
        if first is None or first.span[0] != 0:
            continue
        end = said.end() + first.span[1]
        if not said.group().startswith("since"):
            close = _SINCE_CLOSE.match(text, end)
            if close is None:
                continue
            end = close.end()
        try:
            period = resolve_period(str(first.value), today)
        except PeriodError:
            continue
        if period.last_day >= today:  # "since Monday": the period said, which runs to today
            return Entity("period", first.value, (said.start(), end))
        if period.start < today:
            return Entity("period", _to_date_name(period.start, today), (said.start(), end))
    return None


_TO_DATE = ("today", "this_week", "this_month", "this_year")


def _to_date_name(start: date, today: date) -> str:
    """The days from `start` to today, by the name of the to-date period they are, if they are one ("since the
    beginning of the month": this month)."""
    for name in _TO_DATE:
        if resolve_period(name, today).start == start:
            return name
    return range_value(start, today, today)
