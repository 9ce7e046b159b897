"""A plan's money said per day with its number of days ("一天投5000 投10天", "3k a day for 10 days", "每天3000 跑一周"):
the total budget over those days, as the estimate and the draft take it."""

from __future__ import annotations

import re
from datetime import date, timedelta

from copilot.offline.action_slots import daily_amount
from copilot.offline.recognizers.schedule_days import find_schedule

_DAYS = re.compile(r"(?<![\d.])(?P<n>\d+)\s*(个)?(?P<unit>天|日(?!均)|days?\b|(个)?(星期|礼拜)|周|weeks?\b)")
_ONE_WEEK = re.compile(r"(跑|投|推|连续|共|一共)\s*(1|一)\s*(周|个?星期|个?礼拜)|\b(for )?a week\b")


def days_counted(norm: str) -> int | None:
    """The number of days the words count ("投10天", "for 10 days", "跑两周"), the longest said; 1 day is the
    per-day cue itself ("一天投5000"), never the length."""
    counts = []
    for m in _DAYS.finditer(norm):
        n = int(m.group("n"))
        weeks = m.group("unit") in ("周", "week", "weeks") or "星期" in m.group("unit") or "礼拜" in m.group("unit")
        counts.append(n * 7 if weeks else n)
    if _ONE_WEEK.search(norm):
        counts.append(7)
    longest = max(counts, default=0)
    return longest if longest >= 2 else None


def daily_plan(norm: str, today: date) -> tuple[float, str] | None:
    """The total budget and the days ("YYYY-MM-DD..YYYY-MM-DD") of money said per day over a number of days, or over
    dates said; None when no amount is said per day or no length is given."""
    daily = daily_amount(norm)
    if daily is None:
        return None
    schedule = find_schedule(norm, today)
    if schedule.start is not None and schedule.end is not None and schedule.end > schedule.start:
        first, last = schedule.start, schedule.end
    else:
        days = days_counted(norm)
        if days is None:
            return None
        first = today + timedelta(days=1)
        last = first + timedelta(days=days - 1)
    total = daily * ((last - first).days + 1)
    return (int(total) if float(total).is_integer() else round(total, 2)), f"{first.isoformat()}..{last.isoformat()}"
