"""Values and text: JSON-safe values, rounding, shown numbers and deltas, text tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from copilot.analytics.runner import CELL_CHARS


def json_value(value: Any) -> Any:
    """A JSON-ready value: Decimal -> float, dates -> ISO text, other non-scalars -> text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def rounded(value: Any, unit: str) -> Any:
    if not is_number(value):
        return value
    if unit == "count":
        return round(float(value))
    return round(float(value), 4 if unit == "ratio" else 2)


def show(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if not is_number(value):
        return str(value)
    if unit == "ratio":
        return f"{float(value) * 100:.2f}%"
    if unit == "count" or (isinstance(value, int) and not unit):
        return str(round(float(value)))
    return f"{float(value):.2f}"


def show_free(value: Any) -> str:
    """A value of a free-form result: 2 decimals, 4 below 1 (ratios stay readable), text cut at CELL_CHARS."""
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) >= 1 else f"{value:.4f}"
    text = show(value)
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"


def delta(current: Any, previous: Any) -> tuple[float | None, float | None]:
    """(current - previous, percent change), None where undefined."""
    if not (is_number(current) and is_number(previous)):
        return None, None
    change = float(current) - float(previous)
    percent = change / float(previous) * 100 if float(previous) else None
    return change, percent


def show_delta(change: float | None, percent: float | None, unit: str) -> str:
    if change is None:
        return "-"
    if unit == "ratio":
        text = f"{change * 100:+.2f} pp"
    elif unit == "count":
        text = f"{round(change):+d}"
    else:
        text = f"{change:+.2f}"
    return text + (f" ({percent:+.2f}%)" if percent is not None else " (n/a: previous is 0)")


def text_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [" | ".join(columns), *(" | ".join(row) for row in rows)]
