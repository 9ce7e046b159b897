"""Ranges of days said with both ends ("11月3号到9号", "12/1 - 12/20", "Nov 23 to Dec 6"), for `time`."""

from __future__ import annotations

import re
from datetime import date

from copilot.calendar.months import latest_started, month_end
from copilot.offline import periods
from copilot.offline.recognizers.entity import Span

YEAR_WORDS = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1, "this year": 0, "last year": -1}
_MONTH_ABBR = periods.month_words()
_JOIN = r"\s*(?:到|至|-|~|—|–|to|through|until|till)\s*"
_DAY_RANGE = (
    re.compile(
        r"(?:(?P<year>20\d\d)年)?(?P<m>\d{1,2})月(?P<d1>\d{1,2})[日号]?(?:开始|起)?"
        + _JOIN
        + r"(?:(?:(?P<y2>20\d\d)年|(?P<yw2>[今本去明]年))(?=\d{1,2}月))?(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})"
        r"(?:[日号]|(?![\d.%万千百kw个件单元块岁度天周月年]))"  # "12月20到25": the end's 号 may go unsaid
    ),
    re.compile(
        r"(?<![\d./])(?P<m>\d{1,2})[/.](?P<d1>\d{1,2})" + _JOIN + r"(?:(?P<m2>\d{1,2})[/.])?(?P<d2>\d{1,2})(?![\d.%])"
    ),
    re.compile(r"(?<![\d月./])(?P<d1>\d{1,2})[日号]?" + _JOIN + r"(?P<d2>\d{1,2})[日号]"),
    re.compile(
        rf"\b(?P<mw>{_MONTH_ABBR})[a-z]*\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
        + _JOIN
        + rf"(?:(?P<mw2>{_MONTH_ABBR})[a-z]*\.?\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b"
    ),
)


def month_of(groups: dict[str, str | None], first: str, word: str, default: int) -> int:
    if groups.get(first):
        return int(str(groups[first]))
    if groups.get(word):
        return periods.month_numbers()[str(groups[word])]
    return default


def _month_said(groups: dict[str, str | None]) -> bool:
    """Whether the range's first end names its month and its last end none ("10月20号到11号": to November 11)."""
    return bool((groups.get("m") or groups.get("mw")) and not (groups.get("m2") or groups.get("mw2")))


def day_range(text: str, today: date, *, future: bool = False) -> tuple[date, date, Span] | None:
    """A range of days said with both ends ("11月3号到9号", "12/1 - 12/20", "Nov 23 to Dec 6", "12.5-12.12"), an
    end day before the first in the month after ("10月20号开始到11号"): in the most recent year it has started by
    today, or with `future` the next one not yet over."""
    for pattern in _DAY_RANGE:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        month = month_of(groups, "m", "mw", today.month)
        d1, d2 = int(groups["d1"]), int(groups["d2"])
        end_month = month_of(groups, "m2", "mw2", month + (d2 < d1 and _month_said(groups)))
        if end_month == 13:
            end_month = 1
        if not (1 <= month <= 12 and 1 <= end_month <= 12 and 1 <= d1 <= 31 and 1 <= d2 <= 31):
            continue
        if (end_month, d2) < (month, d1) and end_month == month:
            continue
        year = int(groups["year"]) if groups.get("year") else None
        if year is None and future:
            year = today.year if (month, d1) >= (today.month, today.day) else today.year + 1
        elif year is None:
            year = latest_started(None, month, d1, today)
        end_year = year if (end_month, d2) >= (month, d1) else year + 1
        if groups.get("y2") or groups.get("yw2"):  # "去年12月15号到今年1月15号": the end's year said
            end_year = int(groups["y2"]) if groups.get("y2") else today.year + YEAR_WORDS[groups["yw2"]]
            year = int(groups["year"]) if groups.get("year") else end_year - ((end_month, d2) < (month, d1))
        start = date(year, month, min(d1, month_end(date(year, month, 1)).day))
        end = date(end_year, end_month, min(d2, month_end(date(end_year, end_month, 1)).day))
        return start, end, match.span()
    return None
