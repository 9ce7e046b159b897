"""Whether a period lies before the store's first order: figures there are missing, not zero."""

from __future__ import annotations

from datetime import date
from typing import Any

from copilot.analytics.runner import run_query
from copilot.calendar.periods import Period
from copilot.context import Context
from copilot.store.sales import SqlSalesRunner
from copilot.store.timestamps import as_date


def first_order_day(runner: SqlSalesRunner, ctx: Context) -> date | None:
    """The day of the merchant's first order of any status, None for a store without orders."""
    rows = run_query(runner, ctx, "SELECT MIN(created_at) FROM orders").rows
    return as_date(rows[0][0]) if rows and rows[0][0] is not None else None


def before_history(first: date | None, periods: dict[str, Period | None]) -> dict[str, Any] | None:
    """The periods (by role: period, compared) that start before `first`, each marked whole or partly before it.

    None when every period is within the store's history (or the store has no orders at all: then every figure
    is simply empty and the answer says so elsewhere).
    """
    if first is None:
        return None
    gaps = {
        role: {"from": p.start.isoformat(), "to": p.last_day.isoformat(), "whole": p.last_day < first}
        for role, p in periods.items()
        if p is not None and p.start < first
    }
    return {"first_order_day": first.isoformat(), "periods": gaps} if gaps else None


def history_note(gap: dict[str, Any]) -> str:
    """The line the model reads: which periods were before the first order and that their figures are missing."""
    parts = [
        f"{role} {spec['from']}..{spec['to']} is {'entirely' if spec['whole'] else 'partly'} before it"
        for role, spec in gap["periods"].items()
    ]
    return (
        f"\nNote: this store's orders start on {gap['first_order_day']}; "
        + "; ".join(parts)
        + ". Figures there are missing (no data), not zero: say so, do not report them as 0."
    )
