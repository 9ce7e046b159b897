"""Market-fluctuation monitoring: the `detect_sales_anomalies` tool.

Each series (one product, or one category) is the daily count of its paid orders (order lines; units would add
the noise of multi-unit orders). Its expected value on day d is

    expected[d] = level[d] * weekday[weekday(d)] * season[d]

- ``weekday``: the store's weekday rhythm, the median ratio of the store's daily orders to their centred 7-day
  mean on each weekday (normalised to mean 1);
- ``level``: a trimmed mean of the series' weekday-adjusted orders over ``history_days`` ending ``level_gap_days``
  before d (so a drop in progress does not lower its own baseline);
- ``season``: last year's seasonal index on the same calendar day: a smooth part (last year's centred weekly
  median against its trailing level, kept only where that shift is significant) times one-day peaks (a day
  significantly above its weekly median: 双11, 618), so recurring festival peaks are expected. A product's
  index is shrunk toward its category's, a category's toward the store's, the store's toward 1; where last
  year's data is missing the parent's index is used.

Days are compared with the Freeman-Tukey deviate ``sqrt(y) + sqrt(y + 1) - sqrt(4e + 1)`` (about N(0, 1) for
Poisson counts), centred and scaled per series (trimmed mean; smaller of MAD and standard deviation): a robust
z per day. Runs are excursions of a one-sided CUSUM of the daily z, trimmed to their strong days and kept when
they are long enough (a drop >= 5 days, a spike >= 2), strong enough (Stouffer z) and large enough (actual /
expected, units, expected volume) by the rules of ``anomalies.yaml``. Pass one is calibrated on the days
before the window and finds runs over those days and the window; pass two leaves the days of those runs out
of the levels, calibrates on everything else and detects again in the window.

Causes are read from the data of the run against the ``before_days`` just before it: stock (orders collapse
while views continue, or sales stop), price (average paid unit price), refunds (refund rate) and channel
shift (each channel's share of paid units). Every query is trusted code with the merchant id bound on every
table; aggregation happens in SQL (one row per product and day). Payload amounts: expected units are expected
orders times the units per order before the run; expected GMV is expected units times the price before it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from langchain.tools import ToolRuntime, tool
from numpy.lib.stride_tricks import sliding_window_view
from sqlalchemy import Connection, Date, and_, case, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from copilot.context import Context
from copilot.i18n import format_money
from copilot.store.models import Event, Merchant, Order, OrderItem, Product
from tools.periods import year_before
from tools.result import ToolOutput, ToolRefusal

Scope = Literal["product", "category"]
Direction = Literal["both", "drop", "spike"]
Kind = Literal["drop", "spike"]

RULES_FILE = Path(__file__).with_name("anomalies.yaml")
MIN_DAYS, MAX_DAYS = 7, 180
MAX_TOP = 50
BASE_METRICS = ("units", "gmv", "paid_lines", "refunded_lines", "lines")
PLURAL = {"product": "products", "category": "categories"}
COUNT = "paid_lines"  # the detected daily count: paid orders holding the product


@cache
def rules() -> dict[str, Any]:
    """The detector's rules and words, loaded once from ``anomalies.yaml``."""
    with RULES_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# ----------------------------------------------------------------------------------------------- the day axis


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


# ----------------------------------------------------------------------------------------------- the queries


@dataclass(frozen=True)
class ProductInfo:
    id: str
    title: str
    category: str
    stock: int
    price: float
    launched: date | None


def _day_bucket(column: Any, dialect: str) -> ColumnElement[Any]:
    """The UTC calendar day of a timestamp column, in the SQL of the dialect."""
    if dialect == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _merchant_facts(conn: Connection, merchant_id: str) -> tuple[str, date | None]:
    """(currency, day of the merchant's first order); the day is None for a merchant without orders."""
    m = Merchant.__table__.c
    o = Order.__table__.c
    currency = conn.execute(select(m.currency).where(m.id == merchant_id)).scalar_one_or_none()
    first = conn.execute(select(func.min(o.created_at)).where(o.merchant_id == merchant_id)).scalar_one()
    return currency or "", None if first is None else _as_date(first)


def _products(conn: Connection, merchant_id: str) -> list[ProductInfo]:
    p = Product.__table__.c
    rows = conn.execute(
        select(p.id, p.title, p.category, p.stock, p.price, p.launched_at)
        .where(p.merchant_id == merchant_id)
        .order_by(p.id)
    )
    return [
        ProductInfo(
            id=r.id,
            title=r.title,
            category=r.category,
            stock=int(r.stock or 0),
            price=float(r.price or 0),
            launched=None if r.launched_at is None else _as_date(r.launched_at),
        )
        for r in rows
    ]


def _daily_sales(conn: Connection, merchant_id: str, start: date, end: date) -> Iterable[Any]:
    """One row per product and day in ``start <= day < end``: paid units, GMV, line counts, units per channel."""
    o = Order.__table__.c
    oi = OrderItem.__table__.c
    day = _day_bucket(o.created_at, conn.dialect.name).label("day")
    paid = o.status == "paid"

    def paid_sum(value: Any, *extra: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.sum(case((and_(paid, *extra), value), else_=0))

    channel_columns = [
        paid_sum(oi.quantity, o.channel == channel).label(f"ch_{channel}") for channel in rules()["channels"]
    ]
    query = (
        select(
            oi.product_id,
            day,
            paid_sum(oi.quantity).label("units"),
            paid_sum(oi.amount).label("gmv"),
            paid_sum(1).label("paid_lines"),
            func.sum(case((o.status == "refunded", 1), else_=0)).label("refunded_lines"),
            func.count().label("lines"),
            *channel_columns,
        )
        .select_from(OrderItem.__table__.join(Order.__table__, o.id == oi.order_id))
        .where(
            o.merchant_id == merchant_id,
            oi.merchant_id == merchant_id,
            o.created_at >= _utc(start),
            o.created_at < _utc(end),
        )
        .group_by(oi.product_id, day)
    )
    return conn.execute(query)


def _daily_views(
    conn: Connection, merchant_id: str, product_ids: Sequence[str], start: date, end: date
) -> Iterable[Any]:
    """One row per product and day in ``start <= day < end``: the count of view events."""
    e = Event.__table__.c
    day = _day_bucket(e.created_at, conn.dialect.name).label("day")
    query = (
        select(e.product_id, day, func.count().label("views"))
        .where(
            e.merchant_id == merchant_id,
            e.kind == "view",
            e.product_id.in_(list(product_ids)),
            e.created_at >= _utc(start),
            e.created_at < _utc(end),
        )
        .group_by(e.product_id, day)
    )
    return conn.execute(query)


# ----------------------------------------------------------------------------------------------- the cube


@dataclass
class Cube:
    """Daily metrics per product on a day axis: 0 on loaded days without sales, NaN on days not loaded."""

    axis: DayAxis
    products: list[ProductInfo]
    data: dict[str, np.ndarray]

    @classmethod
    def load(cls, conn: Connection, merchant_id: str, products: list[ProductInfo], window: Window) -> Cube:
        ranges = window.loaded_ranges()
        axis = DayAxis(ranges[0][0], (ranges[-1][1] - ranges[0][0]).days)
        row_of = {p.id: i for i, p in enumerate(products)}
        names = [*BASE_METRICS, *(f"ch_{c}" for c in rules()["channels"])]
        loaded = np.zeros(axis.size, dtype=bool)
        for start, end in ranges:
            loaded[axis.index(start) : axis.index(end)] = True
        data = {name: np.where(loaded, 0.0, np.nan)[None, :].repeat(len(products), axis=0) for name in names}
        for start, end in ranges:
            for row in _daily_sales(conn, merchant_id, start, end):
                i = row_of.get(row.product_id)
                if i is None:
                    continue
                t = axis.index(_as_date(row.day))
                for name in names:
                    data[name][i, t] += float(getattr(row, name) or 0)
        return cls(axis, products, data)

    def add_views(
        self, conn: Connection, merchant_id: str, product_rows: Sequence[int], start: date, end: date
    ) -> None:
        """Load view counts of the given products for ``start <= day < end`` (other cells stay NaN)."""
        views = np.full((len(self.products), self.axis.size), np.nan)
        rows = sorted(set(product_rows))
        views[np.ix_(np.array(rows), np.arange(self.axis.index(start), self.axis.index(end)))] = 0.0
        row_of = {self.products[i].id: i for i in rows}
        for row in _daily_views(conn, merchant_id, list(row_of), start, end):
            views[row_of[row.product_id], self.axis.index(_as_date(row.day))] += float(row.views)
        self.data["views"] = views


@dataclass(frozen=True)
class Series:
    """One assessed series: a product, or a category (``product_id`` None) made of member products."""

    key: str
    product_id: str | None
    title: str | None
    category: str
    members: tuple[int, ...]
    available_from: date
    stock_now: int
    list_price: float


def _available_from(products: list[ProductInfo], members: Iterable[int], data_start: date) -> date:
    """The first day a group of products counts as baseline: ``settle_days`` after its first launch, and
    never before the merchant's first order."""
    launches = [products[i].launched for i in members]
    if any(d is None for d in launches):
        return data_start
    settle = timedelta(days=rules()["baseline"]["settle_days"])
    return max(data_start, min(d for d in launches if d is not None) + settle)


def _series(products: list[ProductInfo], scope: Scope, category: str | None, data_start: date) -> list[Series]:
    chosen = [i for i, p in enumerate(products) if category is None or p.category == category]
    if scope == "product":
        return [
            Series(
                key=products[i].id,
                product_id=products[i].id,
                title=products[i].title,
                category=products[i].category,
                members=(i,),
                available_from=_available_from(products, [i], data_start),
                stock_now=products[i].stock,
                list_price=products[i].price,
            )
            for i in chosen
        ]
    by_category: dict[str, list[int]] = {}
    for i in chosen:
        by_category.setdefault(products[i].category, []).append(i)
    return [
        Series(
            key=name,
            product_id=None,
            title=None,
            category=name,
            members=tuple(members),
            available_from=_available_from(products, members, data_start),
            stock_now=sum(products[i].stock for i in members),
            list_price=float(np.mean([products[i].price for i in members])),
        )
        for name, members in sorted(by_category.items())
    ]


def _membership(groups: Sequence[Sequence[int]], n_products: int) -> np.ndarray:
    matrix = np.zeros((len(groups), n_products))
    for g, members in enumerate(groups):
        matrix[g, list(members)] = 1.0
    return matrix


def _sum_rows(matrix: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Row sums of ``values`` per group of ``matrix``; a day not loaded stays NaN."""
    unloaded = np.isnan(values).all(axis=0)
    out = matrix @ np.nan_to_num(values)
    out[:, unloaded] = np.nan
    return out


# ----------------------------------------------------------------------------------------------- the model


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
        self.counts = _sum_rows(_membership([s.members for s in series], counts.shape[0]), counts)
        store = _sum_rows(np.ones((1, counts.shape[0])), counts)
        weekdays = axis.weekdays()
        this_year = slice(axis.index(window.history_start), axis.index(window.end) + 1)
        self.weekday = weekday_factors(store[0, this_year], weekdays[this_year])[weekdays]
        self.season = self._season(cube, series, store, data_start)

    def _available_mask(self, starts: Sequence[date]) -> np.ndarray:
        return np.array([self._days >= start for start in starts], dtype=bool)

    def _season(self, cube: Cube, series: list[Series], store: np.ndarray, data_start: date) -> np.ndarray:
        """Last year's seasonal index of each series on the target days (product -> category -> store -> 1)."""
        cfg = rules()["baseline"]
        products = cube.products
        categories = sorted({products[i].category for s in series for i in s.members})
        members = [[i for i, p in enumerate(products) if p.category == name] for name in categories]
        by_category = _sum_rows(_membership(members, len(products)), cube.data[COUNT])
        flat = np.ones((1, len(self.targets)))
        store_season = season_of(
            self._adjusted(store, self._available_mask([data_start])),
            self.ly_targets,
            Season(flat, flat),
            cfg["store_season_shrink_units"],
        )
        category_available = self._available_mask([_available_from(products, m, data_start) for m in members])
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
        return np.where(available, counts / self.weekday, np.nan)

    def fit(self, excluded: np.ndarray, *, calibrate_on_window: bool) -> Fit:
        """Expected orders and z on the target days; cells of ``excluded`` (axis-wide) are kept out of the
        levels and of the noise scale."""
        x = np.where(self.available & ~excluded, self.counts / self.weekday, np.nan)
        level = trailing_level(x, self.targets)
        expected = level * self.weekday[self.targets] * self.season
        actual = np.where(self.available[:, self.targets], self.counts[:, self.targets], np.nan)
        valid = ~np.isnan(expected) & ~np.isnan(actual)
        deviate = np.where(valid, freeman_tukey(np.nan_to_num(actual), np.nan_to_num(expected)), np.nan)
        calibration = np.arange(len(self.targets)) < (len(self.targets) if calibrate_on_window else self.window_from)
        z = robust_z(deviate, valid & ~excluded[:, self.targets] & calibration)
        return Fit(self.targets, actual, expected, np.where(valid, z, np.nan))


# ----------------------------------------------------------------------------------------------- the runs


@dataclass(frozen=True)
class Run:
    row: int
    kind: Kind
    first: int  # axis indexes, inclusive
    last: int
    actual: float
    expected: float
    z: float


def cusum_runs(signed_z: np.ndarray, k: float, h: float) -> list[tuple[int, int]]:
    """Inclusive (first, last) positions of the excursions of the one-sided CUSUM ``S = max(0, S + v - k)``
    of ``signed_z`` that reach ``h``: from the day S leaves 0 to the day it peaks. A NaN day resets S.

    ``find_runs`` then trims each excursion to its first and last day with ``signed z >= trim_z``.
    """
    runs: list[tuple[int, int]] = []
    total, best, first, peak = 0.0, 0.0, -1, -1
    for t, value in enumerate(signed_z):
        step = total + value - k
        if np.isnan(value) or step <= 0:
            if best >= h:
                runs.append((first, peak))
            total, best, first, peak = 0.0, 0.0, -1, -1
            continue
        if first < 0:
            first = t
        total = step
        if total > best:
            best, peak = total, t
    if best >= h:
        runs.append((first, peak))
    return runs


def find_runs(fit: Fit, window_from: int, direction: Direction) -> list[Run]:
    """Runs of the window (fit positions ``window_from`` onward) that pass the rules of their kind."""
    found: list[Run] = []
    kinds: list[Kind] = ["drop", "spike"] if direction == "both" else [direction]
    for kind in kinds:
        rule = rules()["runs"][kind]
        sign = -1 if kind == "drop" else 1
        signed = sign * fit.z[:, window_from:]
        for row in np.flatnonzero(np.nanmax(np.nan_to_num(signed, nan=0.0), axis=1) >= rule["core_z"]):
            for first, last in cusum_runs(signed[row], rule["k"], rule["h"]):
                kept = np.flatnonzero(signed[row, first : last + 1] >= rules()["runs"]["trim_z"])
                if kept.size == 0:
                    continue
                span = slice(window_from + first + kept[0], window_from + first + kept[-1] + 1)
                run = _judge(fit, int(row), kind, span, rule)
                if run is not None:
                    found.append(run)
    return found


def _judge(fit: Fit, row: int, kind: Kind, span: slice, rule: dict[str, Any]) -> Run | None:
    """The run of ``span`` if it is long, strong and large enough for the rules of its kind, else None."""
    sign = -1 if kind == "drop" else 1
    z = fit.z[row, span]
    days = len(z)
    actual = float(np.nansum(fit.actual[row, span]))
    expected = float(np.nansum(fit.expected[row, span]))
    run_z = float(np.nansum(z) / math.sqrt(days))
    core = int(np.sum(sign * z >= rule["core_z"]))
    if days < rule["min_days"] or core < rule["min_core_days"] or sign * run_z < rule["run_z"]:
        return None
    if expected < rules()["runs"]["min_expected_per_day"] * days:
        return None
    if kind == "drop":
        large = actual / expected <= rule["max_ratio"] and expected - actual >= rule["min_units"]
    else:
        large = actual / expected >= rule["min_ratio"] and actual - expected >= rule["min_units"]
    if not large:
        return None
    targets = fit.targets[span]
    return Run(row, kind, int(targets[0]), int(targets[-1]), actual, expected, run_z)


def _excluded_days(runs: Iterable[Run], shape: tuple[int, int]) -> np.ndarray:
    excluded = np.zeros(shape, dtype=bool)
    for run in runs:
        excluded[run.row, run.first : run.last + 1] = True
    return excluded


# ----------------------------------------------------------------------------------------------- the causes


def _ratio_or_none(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


@dataclass(frozen=True)
class Periods:
    """Sums of every metric of one series over the run and over the comparison days just before it."""

    before: dict[str, float]
    during: dict[str, float]
    before_days: int
    during_days: int


def _periods(cube: Cube, series: Series, run: Run, usable: np.ndarray) -> Periods:
    rows = list(series.members)
    before_from = max(0, run.first - rules()["causes"]["before_days"])
    before = np.zeros(cube.axis.size, dtype=bool)
    before[before_from : run.first] = True
    before &= usable
    during = slice(run.first, run.last + 1)

    def total(name: str, cells: Any) -> float:
        return float(np.nansum(cube.data[name][rows][:, cells])) if name in cube.data else 0.0

    names = list(cube.data)
    return Periods(
        before={name: total(name, before) for name in names},
        during={name: total(name, during) for name in names},
        before_days=int(before.sum()),
        during_days=run.last - run.first + 1,
    )


def explain(run: Run, periods: Periods, series: Series, window_end: int) -> tuple[str, dict[str, Any]]:
    """The likely cause code of a run and the evidence numbers behind it.

    Each candidate (stock_out, price_cut/price_rise, refunds, channel_shift) gets a strength (its measured change
    divided by its threshold, so 1 is just at the rule); the strongest at or above 1 wins, else ``unexplained``.
    Price, refund and channel changes are judged only with ``min_lines`` order lines in both periods.
    """
    cfg = rules()["causes"]
    b, d = periods.before, periods.during
    evidence: dict[str, Any] = {"before_days": periods.before_days, "stock_now": series.stock_now}
    strength: dict[str, float] = {}
    judged = b["paid_lines"] >= cfg["min_lines"] and d["paid_lines"] >= cfg["min_lines"]

    price_before = _ratio_or_none(b["gmv"], b["units"])
    price_during = _ratio_or_none(d["gmv"], d["units"])
    evidence.update(price_before=price_before, price_during=price_during)
    if judged and price_before and price_during:
        change = price_during / price_before - 1.0
        evidence["price_change"] = change
        if run.kind == "spike" and change < 0:
            strength["price_cut"] = -change / cfg["price_change"]
        if run.kind == "drop" and change > 0:
            strength["price_rise"] = change / cfg["price_change"]

    refund_before = _ratio_or_none(b["refunded_lines"], b["paid_lines"] + b["refunded_lines"])
    refund_during = _ratio_or_none(d["refunded_lines"], d["paid_lines"] + d["refunded_lines"])
    evidence.update(refund_rate_before=refund_before, refund_rate_during=refund_during)
    if run.kind == "drop" and refund_before is not None and refund_during is not None:
        enough = b["lines"] >= cfg["min_lines"] and d["lines"] >= cfg["min_lines"]
        if enough:
            strength["refunds"] = (refund_during - refund_before) / cfg["refund_rate_rise"]

    shares = {}
    for channel in rules()["channels"]:
        before_share = _ratio_or_none(b[f"ch_{channel}"], b["units"])
        during_share = _ratio_or_none(d[f"ch_{channel}"], d["units"])
        if before_share is not None and during_share is not None:
            shares[channel] = (before_share, during_share)
    if judged and shares:
        channel, (share_before, share_during) = max(shares.items(), key=lambda kv: abs(kv[1][1] - kv[1][0]))
        evidence.update(channel=channel, share_before=share_before, share_during=share_during)
        strength["channel_shift"] = abs(share_during - share_before) / cfg["channel_share_shift"]

    if run.kind == "drop":
        strength["stock_out"] = _stock_strength(run, periods, series, window_end, evidence)

    cause, best = max(strength.items(), key=lambda kv: kv[1], default=("unexplained", 0.0))
    evidence["strengths"] = {k: round(v, 2) for k, v in sorted(strength.items())}
    return (cause if best >= 1.0 else "unexplained"), evidence


def _stock_strength(run: Run, periods: Periods, series: Series, window_end: int, evidence: dict[str, Any]) -> float:
    """Strength of a stock-out: orders per view collapse while views hold, or sales stop outright."""
    cfg = rules()["causes"]["stock_out"]
    b, d = periods.before, periods.during
    nb, nd = max(periods.before_days, 1), periods.during_days
    views_before, views_during = b.get("views", 0.0) / nb, d.get("views", 0.0) / nd
    conversion_before = _ratio_or_none(100 * b["lines"], b.get("views", 0.0))
    conversion_during = _ratio_or_none(100 * d["lines"], d.get("views", 0.0))
    evidence.update(
        views_before=views_before,
        views_during=views_during,
        conversion_before=conversion_before or 0.0,
        conversion_during=conversion_during or 0.0,
    )
    strength = 0.0
    if views_before > 0 and conversion_before and conversion_during is not None:
        views_ratio = views_during / views_before
        conversion_ratio = conversion_during / conversion_before
        if views_ratio >= cfg["min_views_ratio"] and conversion_ratio <= cfg["max_orders_per_view_ratio"]:
            strength = 1.0 + (cfg["max_orders_per_view_ratio"] - conversion_ratio) / cfg["max_orders_per_view_ratio"]
    if run.actual <= cfg["near_zero_ratio"] * run.expected:
        strength = max(strength, 1.0)
    if series.stock_now == 0 and run.last == window_end:
        strength += 1.0
    return strength


# ----------------------------------------------------------------------------------------------- the tool


def _validate(days: int, scope: str, direction: str, top: int) -> None:
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ToolRefusal(f"days must be between {MIN_DAYS} and {MAX_DAYS}, got {days}")
    if scope not in ("product", "category"):
        raise ToolRefusal(f"scope must be 'product' or 'category', got {scope!r}")
    if direction not in ("both", "drop", "spike"):
        raise ToolRefusal(f"direction must be 'both', 'drop' or 'spike', got {direction!r}")
    if not 1 <= top <= MAX_TOP:
        raise ToolRefusal(f"top must be between 1 and {MAX_TOP}, got {top}")


def _resolve_category(products: list[ProductInfo], category: str | None) -> str | None:
    if category is None or not category.strip():
        return None
    names = sorted({p.category for p in products})
    wanted = category.strip().casefold()
    for name in names:
        if name.casefold() == wanted:
            return name
    raise ToolRefusal(f"unknown category {category!r}; this store's categories are: {', '.join(names)}")


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def _anomaly(
    run: Run, series: Series, periods: Periods, cube: Cube, fit: Fit, cause: str, evidence: dict[str, Any]
) -> dict[str, Any]:
    """The payload entry of one anomaly: what, when, how large, how sure, and the likely cause."""
    axis = cube.axis
    before, during = periods.before, periods.during
    units_per_order = (
        _ratio_or_none(before["units"], before["paid_lines"])
        or _ratio_or_none(during["units"], during["paid_lines"])
        or 1.0
    )
    price = _ratio_or_none(before["gmv"], before["units"]) or series.list_price
    expected_units = run.expected * units_per_order
    actual_gmv = during["gmv"]
    expected_gmv = expected_units * price
    position = {int(t): k for k, t in enumerate(fit.targets)}
    first = max(run.first - 7, int(fit.targets[0]))
    daily = [
        {
            "date": axis.day(t).isoformat(),
            "actual": _round(fit.actual[run.row, position[t]], 1),
            "expected": _round(fit.expected[run.row, position[t]], 1),
        }
        for t in range(first, run.last + 1)
    ]
    rounded = {k: (_round(v, 4) if isinstance(v, float) else v) for k, v in evidence.items()}
    return {
        "product_id": series.product_id,
        "title": series.title,
        "category": series.category,
        "kind": run.kind,
        "start": axis.day(run.first).isoformat(),
        "end": axis.day(run.last).isoformat(),
        "days": run.last - run.first + 1,
        "actual_orders": _round(run.actual, 1),
        "expected_orders": _round(run.expected, 1),
        "actual_units": _round(during["units"], 1),
        "expected_units": _round(expected_units, 1),
        "actual_gmv": _round(actual_gmv),
        "expected_gmv": _round(expected_gmv),
        "impact_gmv": _round(actual_gmv - expected_gmv),
        "z": _round(run.z),
        "score": _round(abs(actual_gmv - expected_gmv) * abs(run.z)),
        "cause": cause,
        "evidence": rounded,
        "daily": daily,
    }


def _describe(item: dict[str, Any], rank: int, currency: str) -> str:
    words = rules()["words"]
    name = item["title"] or item["category"]
    where = f"{name} [{item['product_id']}] ({item['category']})" if item["product_id"] else f"category {name}"
    change = item["actual_units"] / item["expected_units"] - 1.0
    evidence = {k: (v if v is not None else 0.0) for k, v in item["evidence"].items()}

    def money(amount: float, *, signed: bool = False) -> str:
        return format_money(amount, currency, "en", signed=signed)

    for key in ("price_before", "price_during"):
        if key in evidence:
            evidence[key] = money(evidence[key])
    cause = words["cause"][item["cause"]].format(**evidence)
    return (
        f"{rank}. {words['kind'][item['kind']]} · {where} · {item['start']}..{item['end']} ({item['days']} d): "
        f"{item['actual_units']:.0f} units vs {item['expected_units']:.0f} expected ({change:+.0%}); "
        f"GMV {money(item['actual_gmv'])} vs {money(item['expected_gmv'])} "
        f"(impact {money(item['impact_gmv'], signed=True)}); z {item['z']:.1f}. Likely cause: {cause}."
    )


def run_detect_sales_anomalies(
    ctx: Context,
    *,
    days: int = 30,
    scope: Scope = "product",
    direction: Direction = "both",
    top: int = 5,
    category: str | None = None,
) -> ToolOutput:
    """Detect unusual rises and drops of paid orders in the last ``days`` complete days (today excluded).

    Raises ToolRefusal for arguments out of range or a category the merchant does not have.
    """
    _validate(days, scope, direction, top)
    today = ctx.clock.now().astimezone(UTC).date()
    window = Window.ending_before(today, days)
    with ctx.store.engine.connect() as conn:
        currency, data_start = _merchant_facts(conn, ctx.merchant_id)
        products = _products(conn, ctx.merchant_id)
        chosen_category = _resolve_category(products, category)
        series = _series(products, scope, chosen_category, data_start or window.start)
        if not series or data_start is None:
            return _report(window, scope, direction, currency, series, 0, [], top)
        cube = Cube.load(conn, ctx.merchant_id, products, window)
        baseline = Baseline(cube, series, window, data_start)
        window_from = baseline.window_from
        fit = baseline.fit(np.zeros(baseline.counts.shape, dtype=bool), calibrate_on_window=False)
        first_pass = find_runs(fit, 0, "both")
        fit = baseline.fit(_excluded_days(first_pass, baseline.counts.shape), calibrate_on_window=True)
        runs = find_runs(fit, window_from, direction)
        assessed = int(np.any(~np.isnan(fit.expected[:, window_from:]), axis=1).sum())
        drop_products = [i for run in runs if run.kind == "drop" for i in series[run.row].members]
        if drop_products:
            history_start = window.history_start
            cube.add_views(conn, ctx.merchant_id, drop_products, history_start, window.end + timedelta(days=1))
    usable = baseline.available & ~_excluded_days(runs, baseline.counts.shape)
    window_end = cube.axis.index(window.end)
    anomalies = []
    for run in runs:
        periods = _periods(cube, series[run.row], run, usable[run.row])
        cause, evidence = explain(run, periods, series[run.row], window_end)
        anomalies.append(_anomaly(run, series[run.row], periods, cube, fit, cause, evidence))
    anomalies.sort(key=lambda a: -a["score"])
    return _report(window, scope, direction, currency, series, assessed, anomalies, top)


def _report(
    window: Window,
    scope: Scope,
    direction: Direction,
    currency: str,
    series: list[Series],
    assessed: int,
    anomalies: list[dict[str, Any]],
    top: int,
) -> ToolOutput:
    shown = anomalies[:top]
    days = (window.end - window.start).days + 1
    head = (
        f"Sales anomalies ({direction}) by {scope} over the last {days} complete days "
        f"({window.start}..{window.end}), each against its own baseline (weekday rhythm, recent level, "
        f"same dates last year): {assessed} of {len(series)} {PLURAL[scope]} assessed"
    )
    if not anomalies:
        text = f"{head}; no unusual rise or drop found."
    else:
        lines = [_describe(item, rank, currency) for rank, item in enumerate(shown, start=1)]
        text = f"{head}; {len(anomalies)} found, top {len(shown)} by GMV impact x |z|:\n" + "\n".join(lines)
    payload = {
        "window": {"start": window.start.isoformat(), "end": window.end.isoformat(), "days": days},
        "scope": scope,
        "direction": direction,
        "currency": currency,
        "series": len(series),
        "assessed": assessed,
        "found": len(anomalies),
        "anomalies": shown,
    }
    return ToolOutput(text, payload)


@tool("detect_sales_anomalies", response_format="content_and_artifact", parse_docstring=True)
def detect_sales_anomalies(
    days: int = 30,
    scope: Scope = "product",
    direction: Direction = "both",
    top: int = 5,
    category: str | None = None,
    *,
    runtime: ToolRuntime[Context],
) -> tuple[str, dict[str, Any]]:
    """Unusual sales rises and drops in the last `days` days against each product's seasonal baseline,
    with the likely cause.

    Args:
        days: Window length, 7-180.
        scope: product or category.
        direction: both, drop or spike.
        top: How many to list, 1-50.
        category: Only this category.
    """
    return run_detect_sales_anomalies(
        runtime.context, days=days, scope=scope, direction=direction, top=top, category=category
    ).as_tuple()
