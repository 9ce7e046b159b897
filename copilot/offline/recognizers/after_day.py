"""The days after a day named up to today ("refunds after 11/11", "11月11号以后", "after Nov 11"): from the next day,
never the day itself. A day with words of its own after it ("11号之后一周") is left to the rules that read them."""

from __future__ import annotations

import re
from datetime import date, timedelta

from copilot.offline.recognizers.entity import Entity, range_value

_ONE_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\.\.\1)?")
_AFTER_BEFORE = re.compile(r"\bafter\s+(?:the\s+)?$")
_AFTER_BEHIND = re.compile(
    r"\s*(?:号|日)?\s*(?:以后|之后|过后|后)(?!\s*(?:的)?\s*(?:\d|[一二两三四五六七八九十]|几|[1一]?个?(?:周|星期|礼拜|天|日|月)))"
)


def after_the_day(text: str, entity: Entity, today: date) -> Entity:
    """`entity`, a single day, read as the days after it up to today when the words say "after" it."""
    if not _ONE_DAY.fullmatch(str(entity.value)):
        return entity
    start, end = entity.span
    before = _AFTER_BEFORE.search(text[:start])
    behind = _AFTER_BEHIND.match(text, end)
    if before is None and behind is None:
        return entity
    first = date.fromisoformat(str(entity.value)[:10]) + timedelta(days=1)
    if first > today:
        return entity
    span = (before.start() if before else start, behind.end() if behind else end)
    return Entity(entity.kind, range_value(first, today, today), span)
