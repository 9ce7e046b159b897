"""One merchant's plan: demand and price of every product on every day, and the sampling tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from copilot.demo.spec import AnomalySpec, DemoSpec, MerchantSpec
from copilot.demo.timeline import DayClock, Timeline, calendar_curves, season_curve


@dataclass(frozen=True)
class Effects:
    """Per product and day (shape P x D): planted anomaly effects; NaN where an override is absent."""

    orders: np.ndarray
    views: np.ndarray
    price: np.ndarray
    live: np.ndarray
    refund: np.ndarray


def anomaly_effects(
    merchant: MerchantSpec, anomalies: Sequence[AnomalySpec], timeline: Timeline, today: date
) -> Effects:
    shape = (len(merchant.products), timeline.days)
    effects = Effects(np.ones(shape), np.ones(shape), np.ones(shape), np.full(shape, np.nan), np.full(shape, np.nan))
    index = {p.id: i for i, p in enumerate(merchant.products)}
    for anomaly in anomalies:
        if anomaly.merchant != merchant.id:
            continue
        row = index[anomaly.product]
        span = timeline.window(
            today - timedelta(days=anomaly.start_days_ago), today - timedelta(days=anomaly.end_days_ago)
        )
        effects.orders[row, span] *= anomaly.orders_factor
        effects.views[row, span] *= anomaly.views_factor
        effects.price[row, span] *= anomaly.price_factor
        if anomaly.live_share is not None:
            effects.live[row, span] = anomaly.live_share
        if anomaly.refund_rate is not None:
            effects.refund[row, span] = anomaly.refund_rate
    return effects


def sampling_table(weights: np.ndarray) -> np.ndarray:
    """Many categorical distributions in one flat array, for `draw`.

    weights (K x W): row k weights W outcomes. The result holds row k's cumulative distribution shifted
    by k, so it spans [k, k + 1] and one searchsorted inverts any number of rows at once.
    """
    totals = weights.sum(axis=1, keepdims=True)
    if (totals <= 0).any():
        raise ValueError("a distribution of the demo store has nothing to draw from")
    cdf = np.cumsum(weights / totals, axis=1)
    cdf[:, -1] = 1.0
    return (cdf + np.arange(len(weights), dtype=np.float64)[:, None]).ravel()


def draw(table: np.ndarray, width: int, rows: np.ndarray, u: np.ndarray) -> np.ndarray:
    """One outcome (0 .. width-1) per (row of the table, uniform draw in [0, 1))."""
    return np.searchsorted(table, rows + u, side="right") - rows * width


@dataclass(frozen=True)
class Demand:
    """Who buys (or looks at) what on which day, for one merchant.

    Rows r are the merchant's scenes plus one last "off-scene" row (plain popularity). On day d a row is
    drawn from `rows` (row d, width R), then a product from `products` (row r*D + d, width P), and the
    day's volume is proportional to `days`. A product's expected count is therefore proportional to its
    own demand that day: doubling one product's demand doubles its orders and leaves the others alone.
    """

    rows: np.ndarray
    products: np.ndarray
    days: np.ndarray


def make_demand(
    base: np.ndarray, row_share: np.ndarray, daily: np.ndarray, calendar: np.ndarray, baseline: float
) -> Demand:
    """base (R x P) scene-to-product weights, row_share (R), daily (P x D) product demand per day,
    calendar (D) the calendar's volume factor, baseline the mean daily demand without anomalies."""
    per_row = base @ daily
    return Demand(
        rows=sampling_table((row_share[:, None] * per_row).T),
        products=sampling_table((base[:, None, :] * daily.T[None, :, :]).reshape(-1, base.shape[1])),
        days=calendar * (row_share @ per_row) / baseline,
    )


@dataclass(frozen=True)
class MerchantPlan:
    spec: MerchantSpec
    orders: int
    customers: int
    scenes: tuple[str, ...]
    scene_share: np.ndarray
    queries: tuple[tuple[str, ...], ...]
    orders_by: Demand
    views_by: Demand
    price_cents: np.ndarray
    price_factor: np.ndarray
    consumable: np.ndarray
    effects: Effects

    @property
    def products(self) -> int:
        return len(self.spec.products)

    @property
    def rows(self) -> int:
        return len(self.scenes) + 1


def merchant_plan(spec: DemoSpec, merchant: MerchantSpec, orders: int, timeline: Timeline, today: date) -> MerchantPlan:
    population, calendar = spec.population, spec.calendar
    audience = spec.scenes.audiences[merchant.id]
    scenes = tuple(audience)
    products = merchant.products
    popularity = np.array([p.popularity for p in products])
    affinity = np.array([[p.scenes.get(s, 0.0) for p in products] for s in scenes])
    base = np.vstack([popularity * (affinity + population.scene_floor), popularity])

    last_day = timeline.days - 1
    launch = np.array([last_day - p.launched_days_ago for p in products])
    cold = np.array([p.launched_days_ago <= spec.catalog.cold_start_days for p in products])
    on_sale = (np.arange(timeline.days)[None, :] > launch[:, None]) & ~cold[:, None]
    seasons = np.vstack([season_curve(timeline, calendar.seasons[p.season]) for p in products])
    effects = anomaly_effects(merchant, spec.anomalies, timeline, today)
    demand = seasons * on_sale
    base = base / (base @ demand).mean(axis=1, keepdims=True)

    volume, discount = calendar_curves(timeline, calendar)
    trend = 1 + merchant.growth_per_year * (np.arange(timeline.days) - last_day) / 365
    calendar_weight = volume * trend * DayClock.of(timeline, calendar).limits
    scene_share = normalised([audience[s].share for s in scenes])
    row_share = np.append((1 - population.off_scene) * scene_share, population.off_scene)
    baseline = float(row_share @ (base @ demand).mean(axis=1))

    n_customers = max(30, round(orders * population.customers_per_order))
    return MerchantPlan(
        spec=merchant,
        orders=orders,
        customers=n_customers,
        scenes=scenes,
        scene_share=scene_share,
        queries=tuple(tuple(audience[s].queries) for s in scenes),
        orders_by=make_demand(base, row_share, demand * effects.orders, calendar_weight, baseline),
        views_by=make_demand(base, row_share, demand * effects.views, calendar_weight, baseline),
        price_cents=np.array([round(p.price * 100) for p in products], dtype=np.int64),
        price_factor=effects.price * discount[None, :],
        consumable=np.array([p.consumable for p in products]),
        effects=effects,
    )


def normalised(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    array = np.asarray(weights, dtype=np.float64)
    return array / array.sum()
