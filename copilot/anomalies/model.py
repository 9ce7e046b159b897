"""The statistical model: weekday rhythm, trailing level, last year's season, robust z per day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from copilot.anomalies.axis import Window
from copilot.anomalies.cube import Cube, Series, available_since, membership, sum_rows
from copilot.anomalies.promotions import promotion_days, promotion_lift
from copilot.anomalies.rules import COUNT, rules
from copilot.calendar.months import year_before


def weekday_factors(store_units: np.ndarray, weekdays: np.ndarray) -> np.ndarray:
    """The store's factor for each of the 7 weekdays (Monday = 0), normalised to mean 1.

    The ratio of each day's units to its centred 7-day mean, median per weekday; all ones when the store sells
    fewer than ``weekday_min_units`` a day or fewer than three weeks of complete data are loaded.
    """
    cfg = rules()["baseline"]
    kernel = np.ones(7) / 7
    centred = np.convolve(store_units, kernel, mode="same")
    full = np.convolve(~np.isnan(store_units), np.ones(7), mode="same") == 7
    ok = full & (centred > 0)
    if ok.sum() < 21 or np.nanmean(store_units[ok]) < cfg["weekday_min_units"]:
        return np.ones(7)
    ratio = store_units[ok] / centred[ok]
    days = weekdays[ok]
    factors = np.array([np.median(ratio[days == wd]) if np.any(days == wd) else 1.0 for wd in range(7)])
    return factors / factors.mean()


def trailing_level(x: np.ndarray, at: np.ndarray, min_count: int | None = None) -> np.ndarray:
    """Trimmed mean of ``x[:, t - gap - history_days : t - gap]`` for each t in ``at`` (``gap`` =
    ``level_gap_days``; NaN with fewer than ``min_count`` values, default ``min_history_days``)."""
    cfg = rules()["baseline"]
    window, trim = cfg["history_days"], cfg["trim"]
    min_count = cfg["min_history_days"] if min_count is None else min_count
    padded = np.concatenate([np.full((x.shape[0], window + cfg["level_gap_days"]), np.nan), x], axis=1)
    windows = sliding_window_view(padded, window, axis=1)[:, at, :]
    ordered = np.sort(windows, axis=2)
    count = (~np.isnan(windows)).sum(axis=2)
    cut = np.floor(count * trim).astype(int)
    position = np.arange(window)
    keep = (position >= cut[..., None]) & (position < (count - cut)[..., None])
    kept = keep.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        level = np.where(keep, np.nan_to_num(ordered), 0.0).sum(axis=2) / kept
    return np.where(count >= min_count, level, np.nan)


def centred_median(x: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Median of ``x[:, t - h : t + h + 1]`` (``smooth_days = 2h + 1``) for each t in ``at``; NaN when fewer
    than ``min_smooth_days`` values."""
    cfg = rules()["baseline"]
    width = cfg["smooth_days"]
    half = width // 2
    pad = np.full((x.shape[0], half), np.nan)
    windows = sliding_window_view(np.concatenate([pad, x, pad], axis=1), width, axis=1)[:, at, :]
    count = (~np.isnan(windows)).sum(axis=2)
    with np.errstate(all="ignore"):
        median = np.nanmedian(np.where(count[..., None] > 0, windows, 0.0), axis=2)
    return np.where(count >= cfg["min_smooth_days"], median, np.nan)


@dataclass(frozen=True)
class Season:
    """Last year's seasonal index on the target days, as a smooth part times one-day peaks.

    ``smooth``: last year's centred weekly median against its trailing level (how far the season rose or fell
    since the weeks before); ``peak``: last year's day against that median where it is significantly higher
    (a festival day), else 1.
    """

    smooth: np.ndarray
    peak: np.ndarray

    @property
    def index(self) -> np.ndarray:
        return self.smooth * self.peak

    def take(self, rows: np.ndarray) -> Season:
        return Season(self.smooth[rows], self.peak[rows])


def season_of(x: np.ndarray, at: np.ndarray, parent: Season, shrink: float) -> Season:
    """The seasonal index of weekday-adjusted series ``x`` on last year's days ``at``.

    The smooth part is kept where last year's weekly level differs significantly from its trailing level
    (their Freeman-Tukey deviate over ``smooth_days``, in units of the series' daily noise, at least
    ``season_z``), shrunk toward the parent's by ``shrink`` units a day; elsewhere it is the parent's. A day
    without a significant peak of its own (robust z below ``peak_z``; dips are not peaks), or without data,
    takes the parent's peak.
    """
    cfg = rules()["baseline"]
    level = trailing_level(x, at, cfg["min_history_days_last_year"])
    centre = centred_median(x, at)
    day = x[:, at]
    deviate = freeman_tukey(day, centre)
    known = ~np.isnan(deviate)
    centre_z, scale = robust_centre_scale(np.where(known, deviate, 0.0), known)
    z = (deviate - centre_z) / scale
    shift = freeman_tukey(cfg["smooth_days"] * centre, cfg["smooth_days"] * level) / scale
    seasonal = ~np.isnan(shift) & (np.abs(shift) >= cfg["season_z"])
    smooth = np.where(seasonal, (centre + shrink * parent.smooth) / (level + shrink), parent.smooth)
    significant = known & (z >= cfg["peak_z"])
    with np.errstate(all="ignore"):
        peak = np.where(significant, (day + 0.5) / (centre + 0.5), parent.peak)
    return Season(smooth, peak)


def freeman_tukey(actual: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return np.sqrt(actual) + np.sqrt(actual + 1.0) - np.sqrt(4.0 * expected + 1.0)


def robust_centre_scale(deviate: np.ndarray, use: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, over the cells of ``use``: centre = 10% trimmed mean; scale = the smaller of 1.4826 * MAD and
    the standard deviation (the MAD of the few distinct deviates of a low-volume series overstates its noise;
    the standard deviation of a series with an outlier does), floored at ``min_scale``. A row without usable
    cells gets centre 0 and scale ``min_scale``. Both are column vectors."""
    floor = float(rules()["baseline"]["min_scale"])
    centre = np.zeros((deviate.shape[0], 1))
    scale = np.full((deviate.shape[0], 1), floor)
    for row in np.flatnonzero(use.sum(axis=1) >= 2):
        values = np.sort(deviate[row, use[row]])
        cut = len(values) // 10
        centre[row, 0] = values[cut : len(values) - cut].mean()
        mad = 1.4826 * float(np.median(np.abs(values - np.median(values))))
        scale[row, 0] = max(min(mad, float(values.std())), floor)
    return centre, scale


def robust_z(deviate: np.ndarray, use: np.ndarray) -> np.ndarray:
    """``deviate`` centred and scaled per row by ``robust_centre_scale`` over the cells of ``use``."""
    centre, scale = robust_centre_scale(deviate, use)
    return (deviate - centre) / scale


@dataclass
class Fit:
    """Actual and expected orders and robust z for the target days (calibration days then window)."""

    targets: np.ndarray
    actual: np.ndarray
    expected: np.ndarray
    z: np.ndarray


class Baseline:
    """The seasonal baseline of a set of series, fitted on the target days of a window."""

    def __init__(self, cube: Cube, series: list[Series], window: Window, data_start: date) -> None:
        axis = cube.axis
        self.axis = axis
        self.targets = np.arange(axis.index(window.calibration_start), axis.index(window.end) + 1)
        self.window_from = axis.index(window.start) - axis.index(window.calibration_start)
        self.ly_targets = np.array([axis.index(year_before(axis.day(int(t)))) for t in self.targets])
        self._days = np.array([axis.day(t) for t in range(axis.size)])
        self.available = self._available_mask([s.available_from for s in series])

        counts = cube.data[COUNT]
        self.counts = sum_rows(membership([s.members for s in series], counts.shape[0]), counts)
        store = sum_rows(np.ones((1, counts.shape[0])), counts)
        weekdays = axis.weekdays()
        this_year = slice(axis.index(window.history_start), axis.index(window.end) + 1)
        self.weekday = weekday_factors(store[0, this_year], weekdays[this_year])[weekdays]
        opened = self._available_mask([data_start])[0]
        self.scale = self.weekday * self._promotion_lift(cube, np.where(opened, store[0] / self.weekday, np.nan))
        self.season = self._season(cube, series, store, data_start)

    def _promotion_lift(self, cube: Cube, store: np.ndarray) -> np.ndarray:
        """The store's lift on its promotion days (1 elsewhere): see ``copilot.anomalies.promotions``."""
        if cube.ad_spend is None:
            return np.ones(store.shape)
        promoted = promotion_days(cube.ad_spend)
        ordinary = np.where(promoted, np.nan, store)[None, :]
        level = trailing_level(ordinary, np.arange(store.size), rules()["promotion"]["min_reference_days"])[0]
        return promotion_lift(store, promoted, level)

    def _available_mask(self, starts: Sequence[date]) -> np.ndarray:
        return np.array([self._days >= start for start in starts], dtype=bool)

    def _season(self, cube: Cube, series: list[Series], store: np.ndarray, data_start: date) -> np.ndarray:
        """Last year's seasonal index of each series on the target days (product -> category -> store -> 1)."""
        cfg = rules()["baseline"]
        products = cube.products
        categories = sorted({products[i].category for s in series for i in s.members})
        members = [[i for i, p in enumerate(products) if p.category == name] for name in categories]
        by_category = sum_rows(membership(members, len(products)), cube.data[COUNT])
        flat = np.ones((1, len(self.targets)))
        store_season = season_of(
            self._adjusted(store, self._available_mask([data_start])),
            self.ly_targets,
            Season(flat, flat),
            cfg["store_season_shrink_units"],
        )
        category_available = self._available_mask([available_since(products, m, data_start) for m in members])
        category_season = season_of(
            self._adjusted(by_category, category_available),
            self.ly_targets,
            store_season.take(np.zeros(len(categories), dtype=int)),
            cfg["season_shrink_units"],
        )
        rows = np.array([categories.index(s.category) for s in series])
        if all(s.product_id is None for s in series):
            return category_season.take(rows).index
        own = self._adjusted(self.counts, self.available)
        return season_of(own, self.ly_targets, category_season.take(rows), cfg["season_shrink_units"]).index

    def _adjusted(self, counts: np.ndarray, available: np.ndarray) -> np.ndarray:
        return np.where(available, counts / self.scale, np.nan)

    def fit(self, excluded: np.ndarray, *, calibrate_on_window: bool) -> Fit:
        """Expected orders and z on the target days; cells of ``excluded`` (axis-wide) are kept out of the
        levels and of the noise scale."""
        x = np.where(self.available & ~excluded, self.counts / self.scale, np.nan)
        level = trailing_level(x, self.targets)
        expected = level * self.scale[self.targets] * self.season
        actual = np.where(self.available[:, self.targets], self.counts[:, self.targets], np.nan)
        valid = ~np.isnan(expected) & ~np.isnan(actual)
        deviate = np.where(valid, freeman_tukey(np.nan_to_num(actual), np.nan_to_num(expected)), np.nan)
        calibration = np.arange(len(self.targets)) < (len(self.targets) if calibrate_on_window else self.window_from)
        z = robust_z(deviate, valid & ~excluded[:, self.targets] & calibration)
        return Fit(self.targets, actual, expected, np.where(valid, z, np.nan))
