"""Time: the days of the history, the calendar's volume and price curves, the time of day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from copilot.calendar.festivals import festivals, spring_festival
from copilot.clock import FixedClock
from copilot.demo.spec import CalendarSpec

DAY = 86_400
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class Timeline:
    """The days of the history (index 0 = first day, days-1 = today) and the demo "now"."""

    start: date
    days: int
    cutoff: int

    @classmethod
    def of(cls, today: date, history_days: int) -> Timeline:
        now = FixedClock.on(today).now()
        return cls(today - timedelta(days=history_days), history_days + 1, int(now.timestamp()))

    @property
    def first_second(self) -> int:
        return (self.start - _EPOCH).days * DAY

    @property
    def day_starts(self) -> np.ndarray:
        return self.first_second + np.arange(self.days, dtype=np.int64) * DAY

    @property
    def day_limits(self) -> np.ndarray:
        """The last second of each day on which something may happen (today ends before the cutoff)."""
        return np.minimum(self.day_starts + DAY - 1, self.cutoff - 1)

    @property
    def dates(self) -> np.ndarray:
        return np.datetime64(self.start, "D") + np.arange(self.days)

    def index(self, day: date) -> int:
        return (day - self.start).days

    def date_at(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def window(self, first: date, last: date) -> slice:
        return slice(max(self.index(first), 0), max(self.index(last) + 1, 0))


def calendar_curves(timeline: Timeline, calendar: CalendarSpec) -> tuple[np.ndarray, np.ndarray]:
    """Per day: the volume factor (weekday x festivals x Spring Festival) and the festival price factor."""
    weekday = (timeline.dates.astype(np.int64) + 3) % 7
    volume = np.asarray(calendar.weekly)[weekday]
    discount = np.ones(timeline.days)
    last_year = timeline.date_at(timeline.days - 1).year
    for year in range(timeline.start.year, last_year + 1):
        for festival in calendar.festivals:
            days = festivals()[festival.id]
            span = timeline.window(*days.season_in(year))
            volume[span] *= festival.factor
            discount[span] *= festival.discount
            for peak, factor in zip(days.peaks_in(year), festival.peaks, strict=True):
                volume[timeline.window(peak, peak)] *= factor
    spring = spring_festival()
    for new_year in spring.dates:
        for (low, high), factor in zip(spring.windows, calendar.spring_festival, strict=True):
            volume[timeline.window(new_year + timedelta(days=low), new_year + timedelta(days=high))] *= factor
    return volume, discount


def season_curve(timeline: Timeline, monthly: Sequence[float]) -> np.ndarray:
    """Monthly factors interpolated day by day between mid-month anchors (periodic over the year)."""
    dates = timeline.dates
    day_of_year = (dates - dates.astype("datetime64[Y]")).astype(np.int64)
    anchors = np.array([14, 45, 73, 104, 134, 165, 195, 226, 257, 287, 318, 348])
    xs = np.concatenate([[anchors[-1] - 365], anchors, [anchors[0] + 365]])
    ys = np.concatenate([[monthly[-1]], monthly, [monthly[0]]])
    return np.interp(day_of_year, xs, ys)


@dataclass(frozen=True)
class DayClock:
    """Draws times of day (UTC seconds) from the customers' hourly rhythm, never past the cutoff."""

    cdf: np.ndarray
    limits: np.ndarray

    @classmethod
    def of(cls, timeline: Timeline, calendar: CalendarSpec) -> DayClock:
        local = np.asarray(calendar.local_hours)
        utc = np.roll(local, -calendar.utc_offset_hours)
        cdf = np.concatenate([[0.0], np.cumsum(utc) / utc.sum()])
        seconds_left = np.clip(timeline.cutoff - timeline.day_starts, 0, DAY)
        limits = np.interp(seconds_left / 3600, np.arange(25), cdf)
        return cls(cdf, limits)

    def seconds(self, rng: np.random.Generator, days: np.ndarray) -> np.ndarray:
        u = rng.random(len(days)) * self.limits[days]
        return np.minimum(np.interp(u, self.cdf, np.arange(25) * 3600.0).astype(np.int64), DAY - 1)
