"""A week of a month said by its place ("11月第二周", "the first week of October", "10月最后一周", "the last week of
last month"). `time` reads it as days of the month (the 8th to the 14th; the last 7 days); when the month does not
start on a Monday (or, for its last week, end on a Sunday) a Monday-to-Sunday week reads it otherwise, counted
from the week holding the 1st or from the first Monday (the last week: the last whole one in the month, or the one
holding its last day, crossing into the next month). Then the readings are set out and the merchant asked which
(`readings`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from copilot.calendar.months import month_end

_PLACES = {"1": 1, "2": 2, "3": 3, "4": 4, "first": 1, "second": 2, "third": 3, "fourth": 4, "last": 0, "最后1": 0}
_SAID = (
    re.compile(
        r"(?:月份?|上上个?月|上个?月|这个?月|本月|当月)\s*的?\s*(?:第(?P<n>[1-4])|(?P<last>最后1))\s*个?\s*(?:周|星期|礼拜)"
    ),
    re.compile(r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|last)[\s-]+week[\s-]+(?:of|in)\s+"),
)


def _place(text: str) -> tuple[int, str] | None:
    """The week's place in the month (0: the last) and the words that said it."""
    for pattern in _SAID:
        match = pattern.search(text)
        if match is not None:
            said = match.group("ord") if "ord" in match.groupdict() else match.group("n") or match.group("last")
            return _PLACES[str(said)], match.group().strip()
    return None


def _days(value: str) -> tuple[date, date] | None:
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", value or "")
    return (date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))) if match else None


def readings(text: str, period: str | None, today: date) -> dict[str, str] | None:
    """The three readings of a week of a month said in `text` and read as `period` (its days: the 8th to the 14th,
    the last 7), when the Monday-to-Sunday weeks read it otherwise: `days`, and the weeks `a` (counted from the week
    holding the 1st; the last: the last whole week in the month) and `b` (counted from the first Monday; the last:
    the week holding the month's last day), each first .. last day, cut at today; `last` says whether it was the
    last week. None when it is no such week, the readings agree, or one has not begun."""
    place, days = _place(text), _days(str(period or ""))
    if place is None or days is None:
        return None
    n, (start, end) = place[0], days
    first, last = start.replace(day=1), month_end(start)
    if n == 0:
        expected = (last - timedelta(days=6), last)
        holding = last - timedelta(days=last.weekday())
        a, b = holding - timedelta(days=7 if last.weekday() != 6 else 0), holding
    else:
        expected = (first + timedelta(days=7 * (n - 1)), first + timedelta(days=7 * n - 1))
        a = first - timedelta(days=first.weekday()) + timedelta(days=7 * (n - 1))
        b = first + timedelta(days=(7 - first.weekday()) % 7) + timedelta(days=7 * (n - 1))
    if (start, end) != (expected[0], min(expected[1], today)) or a == b or max(a, b) > today:
        return None
    shown = [expected, (a, a + timedelta(days=6)), (b, b + timedelta(days=6))]
    said = [f"{one.isoformat()} .. {min(other, today).isoformat()}" for one, other in shown]
    return {"days": said[0], "a": said[1], "b": said[2], "last": "yes" if n == 0 else ""}
