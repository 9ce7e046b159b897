"""How long customers have gone without buying, as a question says it ("半年没回购的老客", "no order in 90 days",
"三个月没来买的"): the days of the lapse a SQL template with `lapse_days` counts back from today."""

from __future__ import annotations

import re
from datetime import date, timedelta

_UNIT_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30, "年": 365,
              "day": 1, "week": 7, "month": 30, "year": 365}  # fmt: skip
_SAID = re.compile(
    r"(?P<n>\d+(?:\.5)?|半|一|两|俩)\s*个?\s*(?P<unit>天|日|周|星期|礼拜|月|年)"
    r"|(?P<en>\d+|a|an|one|half a) (?P<en_unit>day|week|month|year)s?\b|\b(?P<half>half) (?:a )?year\b"
)
_WORDS = {"半": 0.5, "一": 1, "两": 2, "俩": 2, "a": 1, "an": 1, "one": 1, "half a": 0.5}


def lapse_days(text: str) -> int | None:
    """The days of the first stretch `text` says ("半年": 182, "3个月": 90, "90 days": 90), or None."""
    match = _SAID.search(text)
    if match is None:
        return None
    if match.group("half"):
        return _UNIT_DAYS["year"] // 2
    said, unit = (
        (match.group("n"), match.group("unit")) if match.group("n") else (match.group("en"), match.group("en_unit"))
    )
    return int((_WORDS.get(said) or float(said)) * _UNIT_DAYS[unit])


def lapse_start(today: date, days: int) -> str:
    """The first day of the lapse: a customer whose last paid order is before it has bought nothing since (ISO)."""
    return (today - timedelta(days=days)).isoformat()
