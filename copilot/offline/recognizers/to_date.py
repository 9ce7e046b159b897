"""Words after a period that say it runs to now ("week 47 so far", "第47周到目前为止", "this quarter to date"): part
of how the period is said, never a product."""

from __future__ import annotations

import re

from copilot.offline.recognizers.entity import Entity

_TO_DATE = re.compile(
    r"[\s,，]*(?:(?:so far|to date|thus far|till now|until now|up to now|to now)\b|"
    r"到目前为止|到目前|目前为止|到现在为止|到现在|至今|截至目前|截止目前)"
)


def with_to_date(text: str, entity: Entity) -> Entity:
    """`entity` with its span over the to-date words right after it, if any."""
    after = _TO_DATE.match(text, entity.span[1])
    if after is None or after.end() == entity.span[1]:
        return entity
    return Entity(entity.kind, entity.value, (entity.span[0], after.end()))
