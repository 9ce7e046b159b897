"""A typed entity found in a merchant's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True)
class Entity:
    """`kind` ("period", "money"), its `value` in the tools' vocabulary, and the characters that said it."""

    kind: str
    value: Any
    span: Span

    def text(self, source: str) -> str:
        return source[self.span[0] : self.span[1]]


def range_value(start: date, end: date, today: date) -> str:
    """A period value of the shared grammar, first..last day, the last not after today."""
    end = min(end, today)
    return f"{start.isoformat()}..{end.isoformat()}"
