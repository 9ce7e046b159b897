"""Dates written with a slash, which merchants write month first ("10/26", most Chinese and US merchants) or day
first ("03/11", "from 09/11 to 15/11", most of Europe), read as the one date meant before the period rules read
the text.

A number/number date has two readings, month/day and day/month. When only one is a date it is the one meant
("15/11" is the 15th of November, "11/15" the same day). A range's two ends take one reading, one in which both are
dates, and the one keeping the range within a month when only one does ("12/1 to 12/7" is December 1-7). When both
readings are dates, the one meant is the latest that has already come (on 2026-11-20 "01/11" is November 1st, not
January 11th; "since 01/09" is since September 1st), in the year said if one is ("01/11/2025").
Among Chinese words month/day is the only usage and stays the reading unless it is no date. The reading taken is
the one the answer states ("2026-11-01"), so the choice is visible.

Shares and discounts are no dates: "1/2的客户" (half the customers), "打5/5折", "1/3 of buyers", "24/7".
A day-first date is rewritten as "nov 3" (or "11月3日" among Chinese words), which every period rule reads; a
month/day one is left as written for them.
"""

from __future__ import annotations

import re
from datetime import date

from copilot.i18n.language import CJK

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ONE = r"(?<![\d/.:])(?P<a{n}>\d{{1,2}})/(?P<b{n}>\d{{1,2}})(?:/(?P<y{n}>20\d\d))?(?![\d/%:.]\d|[\d/%])"
_JOIN = r"\s*(?:到|至|-|~|—|–|to|through|thru|until|till|and)\s*"
_DATES = re.compile(_ONE.format(n=1) + "(?:" + _JOIN + _ONE.format(n=2) + ")?")  # one date, or a range of two
# Month-day written with a dash as spreadsheets paste it ("11-03 ~ 11-09", "11-03至11-09", "09-01"): read as the slash
# date it is. Two joined by a range word, or one padded with a zero; never a count ("5-8件"), months ("3-4月") or
# days of a month named after them ("3-10 nov").
_NOT_A_DAY_AFTER = (
    r"(?![\d/.:%-]|\s*(?:月|日|号|天|周|件|个|单|元|块|万|千|k\b|w\b|(?:" + "|".join(_MONTHS) + r")[a-z]*\b))"
)
_DASH_DAY = r"(?<![\d/.:-])(?P<m{n}>1[0-2]|0?[1-9])-(?P<d{n}>[0-3]\d)" + _NOT_A_DAY_AFTER
# Either way round, unpadded, when a range word or "on"/"since"/"until" marks them as days ("from 1-10 till 31-10",
# "on 3-11"): read as slash dates are, whichever way they are dates.
_LOOSE_DASH_DAY = r"(?<![\d/.:-])(?P<m{n}>[0-3]?\d)-(?P<d{n}>[0-3]?\d)(?!\.\d)" + _NOT_A_DAY_AFTER.replace(".:", ":", 1)
_DASHED = re.compile(
    _DASH_DAY.format(n=1)
    + r"\s*(?:~|至|到|—|–|to|through|thru|until|till)\s*"
    + _DASH_DAY.format(n=2)
    + "|"
    + r"(?<![\d/.:-])(?P<m3>0[1-9]|1[0-2])-(?P<d3>0[1-9])"
    + _NOT_A_DAY_AFTER
    + "|"
    + r"(?<![\d/.:-])(?P<m4>0[1-9])-(?P<d4>[0-3]\d)"
    + _NOT_A_DAY_AFTER
    + "|"
    + _LOOSE_DASH_DAY.format(n=5)
    + r"\s*(?:~|至|到|—|–|to|through|thru|until|till)\s*"
    + _LOOSE_DASH_DAY.format(n=6)
    + "|"
    + r"(?:(?<=\bon )|(?<=since )|(?<=until )|(?<=\btill ))"
    + _LOOSE_DASH_DAY.format(n=7)
)
# A range of two dotted dates in English words ("from 2.11 to 8.11", "3.11-9.11"), read day first by the same rule as a
# slash range: the one keeping it within a month. Among Chinese words month.day is the only usage ("11.1-11.11").
_DOT = r"(?<![\d.,$¥€£/])(?P<a{n}>\d{{1,2}})\.(?P<b{n}>\d{{1,2}})(?![\d%/]|\.\d|\s*(?:k\b|w\b|万|千|元|块|折|x\b|%))"
_DOTTED_RANGE = re.compile(_DOT.format(n=1) + r"\s*(?:-|~|—|–|to|through|thru|until|till|and)\s*" + _DOT.format(n=2))
# One dotted date in English words that a word marks as a past day ("since 1.9", "1.11 until today"), read as a
# slash date is.
_DOTTED_DAY = re.compile(
    r"(?<=\bsince )"
    + _DOT.format(n=1)
    + "|"
    + _DOT.format(n=2)
    + r"(?=\s*(?:-|~|to|through|thru|until|till)\s*(?:today|now|yesterday)\b)"
)
# A month of a year written with a slash or a dash ("10/2026", "03-2026"): that month, written out for the period rules.
_MONTH_YEAR = re.compile(r"(?<![\d/.:-])(?P<m>1[0-2]|0?[1-9])[/-](?P<y>20\d\d)(?![\d/-])")
_SHARE_AFTER = re.compile(r"\s*(?:的|折|之|成|\bof\b(?!\s+(?:the\s+)?(?:last|this|previous|prior)\s+year)|\bsplit\b)")
_ROUND_THE_CLOCK = {("24", "7"), ("24", "365"), ("7", "24")}

Reading = tuple[int, int]  # (month, day)


def _is_date(month: int, day: int) -> bool:
    try:
        date(2000, month, day)
    except ValueError:
        return False
    return True


def _latest(reading: Reading, year: int | None, today: date) -> date | None:
    """The day of `reading` in the year said, or the latest one on or before today."""
    month, day = reading
    if year is not None:
        try:
            said = date(year, month, day)
        except ValueError:
            return None
        return said if said <= today else None
    this_year = date(today.year, month, day) if _is_date_in(today.year, reading) else None
    if this_year is not None and this_year <= today:
        return this_year
    return date(today.year - 1, month, day) if _is_date_in(today.year - 1, reading) else None


def _is_date_in(year: int, reading: Reading) -> bool:
    try:
        date(year, *reading)
    except ValueError:
        return False
    return True


def _day_first(ends: list[Reading], year: int | None, chinese: bool, today: date) -> bool:
    """Whether the dates written `ends` (as month/day) are meant day first."""
    month_first = all(_is_date(*end) for end in ends)
    day_first = all(_is_date(day, month) for month, day in ends)
    if not day_first or not month_first:
        return day_first
    if chinese:
        return False
    if len(ends) == 2 and (ends[0][0] == ends[1][0]) != (ends[0][1] == ends[1][1]):
        return ends[0][1] == ends[1][1]  # a range within one month: "12/1 to 12/7" is December 1-7
    as_written, swapped = _latest(ends[-1], year, today), _latest((ends[-1][1], ends[-1][0]), year, today)
    return swapped is not None and (as_written is None or swapped > as_written)


def _written(month: int, day: int, year: str | None, chinese: bool) -> str:
    if chinese:
        return f"{year + '年' if year else ''}{month}月{day}日"
    return f"{_MONTHS[month - 1]} {day}{' ' + year if year else ''}"


def _a_share(text: str, match: re.Match[str]) -> bool:
    before, after = text[: match.start()], text[match.end() :]
    first, second = match.group("a1"), match.group("b1")
    return (
        (first, second) in _ROUND_THE_CLOCK or _SHARE_AFTER.match(after) is not None or before.rstrip().endswith("打")
    )


def read_slashes(text: str, today: date) -> str:
    """The text with each date written day first with a slash rewritten as month and day; month/day dates, shares
    and discounts as written."""
    chinese = CJK.search(text) is not None

    def rewritten(match: re.Match[str]) -> str:
        if _a_share(match.string, match):
            return match.group()
        ranged = match.group("a2") is not None
        names = ("1", "2") if ranged else ("1",)
        ends = [(int(match.group("a" + n)), int(match.group("b" + n))) for n in names]
        years = [match.group("y" + n) for n in names]
        said = next((int(y) for y in reversed(years) if y), None)
        if not _day_first(ends, said, chinese, today):
            return match.group()
        out, at = [], match.start()
        for n, (first, second), year in zip(names, ends, years, strict=True):
            out.append(match.string[at : match.start("a" + n)])
            out.append(_written(second, first, year, chinese))
            at = match.end("y" + n) if year else match.end("b" + n)
        out.append(match.string[at : match.end()])
        return "".join(out)

    def dotted(match: re.Match[str]) -> str:
        ends = [(int(match.group("a" + n)), int(match.group("b" + n))) for n in "12"]
        if chinese or not all(_is_date(*end) or _is_date(end[1], end[0]) for end in ends):
            return match.group()
        if not _day_first(ends, None, chinese, today):
            return match.group()
        joined = match.string[match.end("b1") : match.start("a2")]
        return f"{_written(ends[0][1], ends[0][0], None, False)}{joined}{_written(ends[1][1], ends[1][0], None, False)}"

    def dotted_day(match: re.Match[str]) -> str:
        n = "1" if match.group("a1") is not None else "2"
        end = (int(match.group("a" + n)), int(match.group("b" + n)))
        if chinese or not _day_first([end], None, chinese, today):
            return match.group()
        return _written(end[1], end[0], None, False)

    def month_of_year(match: re.Match[str]) -> str:
        month, year = int(match.group("m")), match.group("y")
        return f"{year}年{month}月" if chinese else f"{_MONTHS[month - 1]} {year}"

    text = _MONTH_YEAR.sub(month_of_year, text)
    text = _DOTTED_DAY.sub(dotted_day, _DOTTED_RANGE.sub(dotted, _DASHED.sub(_slashed, text)))
    return _DATES.sub(rewritten, text)


def _slashed(match: re.Match[str]) -> str:
    """A month-day written with a dash, written with a slash."""
    out, at = [], match.start()
    for n in "1234567":
        if match.group("m" + n) is None:
            continue
        out.append(match.string[at : match.end("m" + n)] + "/")
        at = match.start("d" + n)
    out.append(match.string[at : match.end()])
    return "".join(out)
