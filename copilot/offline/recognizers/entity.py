"""A typed entity found in a merchant's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def mask(text: str, spans: list[Span] | tuple[Span, ...]) -> str:
    """`text` with the characters of `spans` replaced by "#": read words are kept out of later readings, and
    every other span keeps its position."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = "#"
    return "".join(chars)


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
