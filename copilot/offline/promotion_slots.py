"""Slots of the `promotion` intent (estimate_promotion_effect): the mode, the budget and when."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from copilot.offline import periods
from copilot.offline.recognizers import time as time_recognizer

_HOLDOUT = re.compile(
    r"对照|留出|停投|测试.{0,6}(多久|几天|多少天)|(多久|几天|多少天).{0,8}(测|验证)|hold ?out|a/?b test"
    r"|\btest (design|how long)|\bhow long .* test"
)
_PAST = re.compile(
    r"(带动|带来|拉动|撬动|贡献)了|了吗|了没|有没有带动|效果(怎么样|如何)|上次|去年"
    r"|\b(did|was|were|has|have)\b|\blast\b|\blifted\b|\bbrought\b"
)


def promotion_slots(norm: str, money: list[int | float], today: date) -> dict[str, Any]:
    mode = "holdout" if _HOLDOUT.search(norm) else "past" if _PAST.search(norm) else "plan"
    slots: dict[str, Any] = {"mode": mode}
    if money:
        slots["budget"] = money[0]
    event = periods.find_event(norm)
    if event is not None:
        slots["when"] = event[0]
    elif mode != "past":
        schedule = time_recognizer.find_schedule(norm, today)
        if schedule.start and schedule.end:
            slots["when"] = f"{schedule.start.isoformat()}..{schedule.end.isoformat()}"
    return slots
