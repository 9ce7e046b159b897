"""The ages a question names of the buyers ("50+的客户", "30岁以下", "customers over 40", "the 25-34s"): a bound on the
customers' age band, read from the first number of the stored band ("50+", "25-29"), so any store's bands answer."""

from __future__ import annotations

import re

_FROM = re.compile(
    r"(?<![\d.a-z])(?P<n>\d{2})\s*(?:\+|岁以上|岁及以上|岁往上|岁或以上|多岁|\s?plus\b|\s?and (?:over|older|up)\b)"
    r"|\b(?:over|above|older than) (?P<n2>\d{2})s?\b"
)
_BELOW = re.compile(r"(?<![\d.a-z])(?P<n>\d{2})\s*岁(?:以下|以内)|\b(?:under|below|younger than) (?P<n2>\d{2})s?\b")
_BETWEEN = re.compile(r"(?<![\d.a-z])(?P<a>\d{2})\s*(?:-|~|到|至)\s*(?P<b>\d{2})\s*(?:岁|s\b|years?\b)?")
_BAND_START = "substr(c.age_band, 1, 2)"  # two digits compared as text: no cast to fail on a band like "unknown"
_DIGIT = " AND substr(c.age_band, 1, 1) BETWEEN '0' AND '9'"


def said_ages(text: str) -> str | None:
    """The bound the words set on the buyers' age ("50+", "<30", "25-34"), or None."""
    text = text.lower()
    if match := _FROM.search(text):
        return f"{match.group('n') or match.group('n2')}+"
    if match := _BELOW.search(text):
        return f"<{match.group('n') or match.group('n2')}"
    if match := _BETWEEN.search(text):
        return f"{match.group('a')}-{match.group('b')}"
    return None


def ages_sql(said: object) -> str:
    """` AND <band start> ...`: the bands whose first age lies in the bound `said` (integers only), else empty."""
    text = str(said or "")
    if match := re.fullmatch(r"(\d{2})\+", text):
        return f"{_DIGIT} AND {_BAND_START} >= '{int(match.group(1)):02d}'"
    if match := re.fullmatch(r"<(\d{2})", text):
        return f"{_DIGIT} AND {_BAND_START} < '{int(match.group(1)):02d}'"
    if match := re.fullmatch(r"(\d{2})-(\d{2})", text):
        low, high = int(match.group(1)), int(match.group(2))
        return f"{_DIGIT} AND {_BAND_START} >= '{low:02d}' AND {_BAND_START} <= '{high:02d}'"
    return ""
