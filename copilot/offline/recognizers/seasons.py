"""Seasons in merchants' words ("去年夏天", "this spring", "last fall"): their three months, by today."""

from __future__ import annotations

import re
from datetime import date

from copilot.calendar.months import month_end
from copilot.offline.recognizers.entity import Entity, range_value

_SEASONS = {"春": 3, "夏": 6, "秋": 9, "spring": 3, "summer": 6, "fall": 9, "autumn": 9}
_SEASON = re.compile(
    r"(?P<yw>今年|去年)?\s*的?\s*(?P<zh>春|夏|秋)(?:天|季)|"
    r"\b(?P<which>this|last)\s+(?P<en>spring|summer|fall|autumn)\b"
)


_DESCRIBES = re.compile(r"[^,，。;；?？!！]{0,8}?(?:用|穿|戴|卖|吃|玩|盖|睡)的")  # "夏天卖的那种": what the thing is


def season(text: str, today: date) -> Entity | None:
    match = _SEASON.search(text)
    if match is None or (match.group("zh") and _DESCRIBES.match(text, match.end())):
        return None
    first = _SEASONS[match.group("zh") or match.group("en")]
    said = match.group("yw") or match.group("which")
    if said == "去年":
        year = today.year - 1
    elif said == "last":
        year = today.year if month_end(date(today.year, first + 2, 1)) < today else today.year - 1
    else:
        year = today.year if date(today.year, first, 1) <= today else today.year - 1
    end = month_end(date(year, first + 2, 1))
    return Entity("period", range_value(date(year, first, 1), end, today), match.span())
