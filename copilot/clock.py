"""The injectable clock: every 'today' in the copilot comes from here, never from the system directly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Protocol, runtime_checkable

DEMO_TODAY = date(2026, 11, 20)


@runtime_checkable
class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    at: datetime

    @classmethod
    def on(cls, day: date, at: time = time(12, 0)) -> FixedClock:
        return cls(datetime.combine(day, at, tzinfo=UTC))

    def now(self) -> datetime:
        return self.at


def demo_clock() -> FixedClock:
    return FixedClock.on(DEMO_TODAY)
