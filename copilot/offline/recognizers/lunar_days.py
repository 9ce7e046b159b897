"""Days of the Spring Festival counted the lunar way ("春节初一到初七", "过年初二那天", "大年初三到初五", "正月初一至初
十", "days 1 to 7 of lunar new year"): days of the one calendar's lunar new year (`copilot.calendar.festivals`), day N
being N-1 days after its first, in the year said before it ("今年", "去年", "2025年"), else the latest one begun."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from copilot.calendar.festivals import spring_festival
from copilot.offline.recognizers.entity import Entity, range_value

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_N = r"(?:十[一二三四五]|[一二三四五六七八九十]|1[0-5]|[1-9])"
_FESTIVAL = r"(?:春节|过年|新年|农历新年|大年|正月|\blunar new year|\bchinese new year|\bspring festival)"
_TO = r"\s*(?:到|至|-|~|—|～|\bto\b|\bthrough\b|\bthru\b)\s*"
_LUNAR_DAYS = (
    # "春节 就是 初一到初七", "大年初三", "正月初一至初十"
    re.compile(
        rf"(?P<f>{_FESTIVAL})(?:[\s,，]*(?:就是|也就是|的|期间|那会儿?)?[\s,，]*)*初(?P<a>{_N})(?:{_TO}初?(?P<b>{_N}))?"
    ),
    # "days 1 to 7 of lunar new year", "day 3 of chinese new year"
    re.compile(rf"\bdays? (?P<a>1[0-5]|[1-9])(?:{_TO}(?P<b>1[0-5]|[1-9]))? of (?:the )?(?P<f>{_FESTIVAL})"),
)

YearBefore = Callable[[str, int, date], "tuple[int, int] | None"]


def _day(said: str) -> int:
    if said.isdigit():
        return int(said)
    return 10 + _NUMERALS[said[1]] if len(said) == 2 else _NUMERALS[said]


def lunar_days(text: str, today: date, year_before: YearBefore) -> Entity | None:
    """The days of the lunar new year the words count, in the year `year_before` reads just before them."""
    for pattern in _LUNAR_DAYS:
        match = pattern.search(text)
        if match is None:
            continue
        first = _day(match.group("a"))
        last = _day(match.group("b")) if match.group("b") else first
        if last < first:
            return None
        left = min(match.start(), match.start("f"))
        said = year_before(text, left, today)
        new_years = spring_festival().dates
        if said is not None:
            day_one = next((d for d in new_years if d.year == said[0]), None)
        else:
            day_one = max((d for d in new_years if d <= today), default=None)
        if day_one is None:
            return None
        start = said[1] if said is not None else left
        span = (start, match.end())
        return Entity("period", range_value(day_one + timedelta(first - 1), day_one + timedelta(last - 1), today), span)
    return None
