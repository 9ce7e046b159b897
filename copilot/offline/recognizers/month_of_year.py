"""A month or a day of one named in English with the year said by a word ("october last year", "last year's march",
"june of this year", "oct 12 last year") or by its number before the month, as a year is said aloud ("twenty twenty
five november", written "2025 november" once normalised), or written as a spreadsheet writes it ("2026-09", "2025/03"):
in that year, never the latest one by today."""

from __future__ import annotations

import re
from datetime import date

from copilot.calendar.months import month_end
from copilot.offline import periods
from copilot.offline.recognizers.entity import Entity, range_value

_YEARS = {"last year": -1, "previous year": -1, "this year": 0, "year before last": -2}
_YEAR = r"(?:the\s+)?(?P<year>" + "|".join(_YEARS) + "|20\\d\\d(?=(?:'s|’s|s)?\\s+[a-z]))"
_MONTH = rf"(?P<mw>{periods.month_words()})\b\.?(?:\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b)?"
_MONTH_OF_YEAR = (
    re.compile(rf"\b{_MONTH}(?:\s*,)?\s+(?:of\s+|in\s+)?{_YEAR}\b"),
    re.compile(rf"\b{_YEAR}(?:'s|’s|s)?\s+{_MONTH}"),
)
# "this november", "last nov" ("this Nov vs last Nov"): this year's, or the latest one before the one under way
_THIS_OR_LAST = re.compile(
    rf"\b(?P<rel>this|last|previous)\s+(?!may\s+[a-z])(?P<mw>{periods.month_words()})\b\.?(?!\s*\d)"
)
# a month written the ISO way or near it ("2026-09", "2025/9", "2026.09"), never a whole date ("2026-09-01")
_NUMBERED = re.compile(
    r"(?<![\d./-])(?P<year>20\d\d)\s?[-/.]\s?(?P<month>0?[1-9]|1[0-2])(?![\d.]|\s*[月日号])(?!\s?[-/]\s?\d)"
)


def month_of_year(text: str, today: date) -> Entity | None:
    """The month (YYYY-MM) or day the words name, in the year they say."""
    numbered = _NUMBERED.search(text)
    if numbered is not None:
        return Entity("period", f"{int(numbered['year']):04d}-{int(numbered['month']):02d}", numbered.span())
    relative = _THIS_OR_LAST.search(text)
    if relative is not None:
        month = periods.month_numbers()[relative.group("mw").rstrip(".")]
        year = today.year - (relative.group("rel") != "this" and month >= today.month)
        return Entity("period", f"{year:04d}-{month:02d}", relative.span())
    for pattern in _MONTH_OF_YEAR:
        match = pattern.search(text)
        if match is None:
            continue
        month = periods.month_numbers()[match.group("mw").rstrip(".")]
        said = match.group("year")
        year = int(said) if said.isdigit() else today.year + _YEARS[said]
        if not match.group("d"):
            return Entity("period", f"{year:04d}-{month:02d}", match.span())
        day = int(match.group("d"))
        if 1 <= day <= month_end(date(year, month, 1)).day:
            return Entity("period", range_value(date(year, month, day), date(year, month, day), today), match.span())
    return None
