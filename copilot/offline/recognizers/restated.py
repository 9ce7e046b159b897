"""A period said twice in a row, the second time to pin it down: dates in brackets after a name ("国庆7天(10/1-10/7)",
"last thursday (the 12th)") or a weekday next to its date ("monday, nov 16", "周四12号"). The two are one period: the
one said by its numbers when only one of them is. A day or days within the first said as the only ones meant ("the
618 of this year, only the day 18/6", "双11期间，只看11月11号") narrow it to them."""

from __future__ import annotations

import re
from datetime import date

from copilot.calendar.periods import PeriodError, resolve_period
from copilot.offline.periods import WEEKDAY_WORDS, Found
from copilot.offline.recognizers.time import find_period

_OPEN, _CLOSE = re.compile(r"\s*[(（\[【]\s*"), re.compile(r"\s*[)）\]】]")
_NEXT_TO = re.compile(r"[\s,，]*")
_WEEKDAY = re.compile(
    r"(?:(?:last|this|past|previous|on)\s+)?(?:" + WEEKDAY_WORDS + r")\.?|"
    r"(?:上上|上|这|本)?个?(?:周|星期|礼拜)[一二三四五六日天1-7]"
)
_ONLY = re.compile(r"(?:\b(?:only|just)\s+(?:on\s+)?(?:the\s+)?(?:days?\s+)?|(?:只要|只看|只查|只算|仅|就看|单看)\s*)$")


def restated(text: str, words: str, period: Found, today: date) -> Found | None:
    """With `period` masked in `text` (`words` unmasked), the one period both sayings name, over both spans, when a
    second period in brackets right after or before it, or a weekday next to a date, says it again; else None."""
    other = find_period(text, today)
    if other is None:
        return None
    first, second = sorted((period, other), key=lambda found: found.span)
    between, after = text[first.span[1] : second.span[0]], _CLOSE.match(text, second.span[1])
    said = [words[slice(*found.span)].strip() for found in (first, second)]
    bracketed = _OPEN.fullmatch(between) is not None and after is not None
    weekday = _NEXT_TO.fullmatch(between) is not None and any(_WEEKDAY.fullmatch(one) for one in said)
    if not bracketed and not weekday:
        return _narrowed(text, first, second, today)
    numbered = [found for found, one in zip((first, second), said, strict=True) if re.search(r"\d", one)]
    chosen = numbered[0] if len(numbered) == 1 else first
    return Found(chosen.value, (first.span[0], after.end() if bracketed and after else second.span[1]))


def _narrowed(text: str, first: Found, second: Found, today: date) -> Found | None:
    """The second period, over both spans, when it is said as the only days meant within the first."""
    if _ONLY.search(text[first.span[1] : second.span[0]]) is None:
        return None
    try:
        outer, inner = resolve_period(first.value, today), resolve_period(second.value, today)
    except PeriodError:
        return None
    if not outer.start <= inner.start <= inner.last_day <= outer.last_day:
        return None
    return Found(second.value, (first.span[0], second.span[1]))
