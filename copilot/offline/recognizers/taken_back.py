"""A period said and taken back in the same breath ("不是上个月 是上上个月", "上周不对 是这周", "not this week, last
week"): the period meant is the one not taken back."""

from __future__ import annotations

import re
from datetime import date

from copilot.offline.recognizers.entity import Span, mask
from copilot.offline.recognizers.time import find_period

_NEGATED_BEFORE = re.compile(r"(不是|并非|而不是|而非|\bnot\b|\bno\b)\s*[,，]?\s*$")
_RETRACTED_AFTER = re.compile(r"^\s*[,，]?\s*(不对|错了|说错了?|搞错了?|打错了?|\bwas wrong\b)")
_MOST_PERIODS = 4


def retracted(text: str, today: date) -> list[Span]:
    """The spans of the periods `text` takes back ("不是X", "not X", "X不对"), when it names another one that it
    does not; empty otherwise (a period taken back with none in its place is still the one asked about)."""
    said: list[Span] = []
    rest = text
    while len(said) < _MOST_PERIODS and (found := find_period(rest, today)) is not None:
        said.append(found.span)
        rest = mask(rest, [found.span])
    back = [s for s in said if _NEGATED_BEFORE.search(text[: s[0]]) or _RETRACTED_AFTER.search(text[s[1] :])]
    return back if back and len(back) < len(said) else []
