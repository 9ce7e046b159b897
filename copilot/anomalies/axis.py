"""The day axis of the history and the detection window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from copilot.anomalies.rules import rules
from copilot.calendar.months import year_before


@dataclass(frozen=True)
class DayAxis:
    """Consecutive calendar days ``start .. start + size - 1``; column t of every array is ``start + t``."""

    start: date
    size: int

    def index(self, day: date) -> int:
        return (day - self.start).days

    def day(self, t: int) -> date:
        return self.start + timedelta(days=int(t))

    def weekdays(self) -> np.ndarray:
        return (np.arange(self.size) + self.start.weekday()) % 7


@dataclass(frozen=True)
class Window:
    """The assessed days (the last ``days`` complete days) and the day ranges loaded to assess them."""

    start: date
    end: date
    calibration_start: date
    history_start: date

    @classmethod
    def ending_before(cls, today: date, days: int) -> Window:
        cfg = rules()["baseline"]
        end = today - timedelta(days=1)
        start = end - timedelta(days=days - 1)
        calibration_start = start - timedelta(days=cfg["calibration_days"])
        history = timedelta(days=cfg["history_days"] + cfg["level_gap_days"])
        return cls(start, end, calibration_start, calibration_start - history)

    def loaded_ranges(self) -> list[tuple[date, date]]:
        """Half-open day ranges to load: this year's history..window, and the same dates last year."""
        cfg = rules()["baseline"]
        history = timedelta(days=cfg["history_days"] + cfg["level_gap_days"])
        this_year = (self.history_start, self.end + timedelta(days=1))
        last_year = (year_before(self.calibration_start) - history, year_before(self.end) + timedelta(days=2))
        if last_year[1] >= this_year[0]:
            return [(last_year[0], this_year[1])]
        return [last_year, this_year]
