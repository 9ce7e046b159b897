"""Answer checks: literal text, regular expressions, and values from SQL with a numeric tolerance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

NUMBER = re.compile(r"(?<![\w.])[-−]?[¥￥$]?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万|千|亿|[kK]\b|%|％)?")
SCALE = {"万": 10_000, "千": 1_000, "亿": 100_000_000, "k": 1_000, "K": 1_000}


@dataclass(frozen=True)
class Failure:
    check: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"{self.check}: expected {self.expected}; actual {self.actual}"


def numbers_in(text: str) -> list[float]:
    """Every number in an answer: '1,234.5', '1.2万', '¥12,345', '3千', '12.5%' (also as 0.125)."""
    found: list[float] = []
    for match in NUMBER.finditer(text):
        negative = match.group(0).lstrip().startswith(("-", "−"))
        value = float(match.group(1).replace(",", ""))
        unit = match.group(2)
        if unit in SCALE:
            value *= SCALE[unit]
        if negative:
            value = -value
        found.append(value)
        if unit in ("%", "％"):
            found.append(value / 100)
    return found


def as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    try:
        return float(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError):
        return None


def close(a: float, b: float, tolerance: float) -> bool:
    if a == b:
        return True
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def value_in_answer(value: Any, answer: str, tolerance: float) -> bool:
    number = as_number(value)
    if number is None:
        return str(value).strip().lower() in answer.lower()
    return any(close(number, found, tolerance) for found in numbers_in(answer))


def short(answer: str, limit: int = 300) -> str:
    """An answer on one line, cut at `limit` characters, quoted for a failure message."""
    flat = " ".join(answer.split())
    return repr(flat if len(flat) <= limit else flat[:limit] + "…")


def describe(value: Any) -> str:
    number = as_number(value)
    return f"{number:g}" if number is not None else repr(value)
