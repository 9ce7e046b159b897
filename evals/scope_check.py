"""The scope check: the answer states the scope the turn expects (period dates, filters, breakdown, direction).

A scenario turn may say `expect.scope` (evals/README.md); the answer must then state each part it lists:

- period: a spec the tools accept (`last_month`, `2026-11`, `2026-11-01..2026-11-30`) resolved at the eval's
  today, cut at today; the answer names its first and last day (ISO `2026-11-01`, `2026年11月1日`,
  `Nov 1, 2026` or `November 1, 2026`);
- filters: each value (product id, title or English title; category; region; channel by its stored name or its
  Chinese label) appears in the answer;
- by: the breakdown's word in either language ("渠道" / "channel");
- order: asc is said as lowest first (从低到高, 最低, 后N, bottom, lowest, ascending), desc as highest first.

An answer that answered a different scope without saying so fails here, even when its numbers are right for
the scope it chose.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from evals.checks import Failure, short

BY_WORDS = {
    "day": ("按天", "每天", "每日", "by day", "daily", "per day"),
    "week": ("按周", "每周", "by week", "weekly", "per week"),
    "month": ("按月", "每月", "by month", "monthly", "per month"),
    "product": ("商品", "product"),
    "category": ("品类", "类目", "category"),
    "channel": ("渠道", "channel"),
    "region": ("地区", "省", "region"),
}
ORDER_WORDS = {
    "asc": ("从低到高", "最低", "最少", "最差", "后", "lowest", "bottom", "ascending", "fewest", "least", "worst"),
    "desc": ("从高到低", "最高", "最多", "最好", "前", "highest", "top", "descending", "most", "best"),
}
ORDER_STATED = {"asc": ("从低到高", "lowest first"), "desc": ("从高到低", "highest first")}
CHANNEL_WORDS = {"search": "搜索", "recommend": "推荐", "live": "直播", "direct": "直接访问"}


def day_forms(day: date) -> tuple[str, ...]:
    """The ways an answer may write one day."""
    month_en = day.strftime("%B")
    return (
        day.isoformat(),
        f"{day.year}年{day.month}月{day.day}日",
        f"{month_en[:3]} {day.day}, {day.year}",
        f"{month_en} {day.day}, {day.year}",
        f"{day.year}/{day.month}/{day.day}",
    )


def period_days(spec: str, today: date) -> tuple[date, date]:
    """First and last day of a period spec as the tools resolve it, cut at today."""
    from copilot.calendar.periods import resolve_period

    period = resolve_period(spec, today)
    return period.start, min(period.last_day, today)


def check_scope(scope: Any, answer: str, today: date, names: dict[str, tuple[str, ...]] | None = None) -> list[Failure]:
    """Failures of `answer` against the expected `scope` (an `evals.scenario.Scope`); `names` gives the other
    names a filter value may be written as (a product id's titles)."""
    failures: list[Failure] = []
    folded = answer.lower()
    if scope.period is not None:
        first, last = period_days(scope.period, today)
        unstated = [d for d in dict.fromkeys((first, last)) if not any(f.lower() in folded for f in day_forms(d))]
        if unstated:
            days = " and ".join(d.isoformat() for d in unstated)
            failures.append(Failure("scope.period", f"{scope.period} stated ({days})", short(answer)))
    for key, value in (scope.filters or {}).items():
        for one in [v.strip() for v in str(value).split(",") if v.strip()]:
            forms = (one, *(names or {}).get(one, ()), CHANNEL_WORDS.get(one, one) if key == "channel" else one)
            if not any(form.lower() in folded for form in forms):
                failures.append(Failure(f"scope.filters.{key}", f"{one!r} stated", short(answer)))
    if scope.by is not None and not any(word in folded for word in BY_WORDS.get(scope.by, (scope.by,))):
        failures.append(Failure("scope.by", f"the breakdown by {scope.by} stated", short(answer)))
    if scope.order is not None and not _says_order(folded, scope.order):
        failures.append(Failure("scope.order", f"order {scope.order} stated", short(answer)))
    return failures


def _says_order(folded: str, order: str) -> bool:
    """The answer says this order and not the other one in so many words."""
    own = any(re.search(rf"(?<![a-z]){re.escape(word)}", folded) for word in ORDER_WORDS[order])
    other = "asc" if order == "desc" else "desc"
    return own and not any(word in folded for word in ORDER_STATED[other])
