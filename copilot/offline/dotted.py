"""Day-first dates and dot thousands separators as merchants in much of Europe write them, rewritten before the
recognizers read the text.

"03.11." is the 3rd of November and "01.10.2026" the 1st of October 2026 (day.month., the trailing dot marks it);
"15.000" and "1.250.000" are fifteen thousand and one and a quarter million (groups of three digits after a dot).
Decimals stay as they are: "6.12" and "3.5k" have no trailing dot or no group of three, and "0.125" starts with 0.
A date becomes "nov 3" (or "11月3日" among Chinese words) so that every period rule reads it as it reads those.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_INDEX = {name: index for index, name in enumerate(_MONTHS)} | {"mai": 4, "mär": 2}
_CJK = re.compile(r"[\u3400-\u9fff]")
# day.month. (two-digit month) with an optional year; or 0d.mm with no trailing dot (no decimal starts with 0)
# (the article of "the 03.11.2026", "from the 01.10. to the 31.10.", said as in "the 3rd of November", goes with it)
_DAY_MONTH = re.compile(
    r"(?P<the>\bthe\s+)?"
    r"(?<![\d.,])(?:(?P<d>\d{1,2})\.(?P<m>\d{2})\.(?P<y>20\d\d)?(?![\d%])|(?P<d0>0[1-9])\.(?P<m0>\d{2})(?![\d.%]))"
)
# a day written as a number with a dot before a month word ("the 9. of November", "am 3. Dezember") and the two
# days of a range before one month ("from the 2. to the 9. of November", "14./15. November"): the first day
# borrows the month (and the year) of the second
_MONTH_WORD = (
    r"(?P<month>jan|feb|m(?:a|ä)r|apr|ma[iy](?!\s+(?:i|we|you)\b)|jun|jul|aug|sep|o[ck]t|nov|de[cz])[a-zä]*\.?"
)
_DAYS_BEFORE_MONTH = re.compile(
    r"(?P<the>\bthe\s+)?(?<![\d.,])(?:(?P<first>\d{1,2})\.\s*(?P<join>to|till|until|bis|and|-|–|/)\s*(?:the\s+)?)?"
    r"(?P<d>\d{1,2})\.\s*(?:of\s+)?" + _MONTH_WORD + r"(?:\s+(?P<y>20\d\d)\b)?"
)
# (a decimal comma and cents after them, "7.500,00", is the cents: "7500.00")
_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:\.\d{3})+(?:,\d{2}(?!\d))?(?![\d%]|\.\d|\s*(?:万|千|w\b|k\b|%))")


def _date(match: re.Match[str], chinese: bool) -> str:
    day, month = int(match.group("d") or match.group("d0")), int(match.group("m") or match.group("m0"))
    year = match.group("y")
    try:
        date(int(year) if year else 2000, month, day)
    except ValueError:
        return match.group()
    if chinese:
        return f"{match.group('the') or ''}{year + '年' if year else ''}{month}月{day}日"
    return f"{_MONTHS[month - 1]} {day}{' ' + year if year else ''}"


def _days_of_month(match: re.Match[str]) -> str:
    month = _MONTH_INDEX[match.group("month")[:3].replace("ä", "a").replace("k", "c").replace("z", "c")]
    year = f" {match.group('y')}" if match.group("y") else ""
    last = f"{_MONTHS[month]} {int(match.group('d'))}{year}"
    if match.group("first") is None:
        return last
    return (
        f"{_MONTHS[month]} {int(match.group('first'))}{year} {'and' if match.group('join') == 'and' else 'to'} {last}"
    )


def undotted(text: str) -> str:
    """The text with day-first dotted dates written as month and day, and dot thousands without their dots."""
    chinese = _CJK.search(text) is not None
    text = _DAY_MONTH.sub(lambda match: _date(match, chinese), text)
    if not chinese:
        text = _DAYS_BEFORE_MONTH.sub(_days_of_month, text)
    return _THOUSANDS.sub(lambda match: match.group().replace(".", "").replace(",", "."), text)
