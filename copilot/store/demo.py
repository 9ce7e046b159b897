"""The deterministic demo store: three merchants anchored at the demo "today" (DESIGN.md, "The demo store").

`build_demo(store)` replaces every row of the store with a generated history from `today - history_days`
to `today` (inclusive; nothing later than the demo clock's "now" on that day). The vocabulary lives in
`demo_data/*.yaml`: catalogs, life scenes and their search queries, the calendar (weekly rhythm, 618,
双11, Spring Festival, category seasons), the population, and the planted anomalies.

How the data are made (numpy, vectorised, one seeded generator per stage and merchant):
- customers register over time and carry 1-2 hidden life scenes (written only to demo_truth_scenes);
- each day's orders follow the calendar, the catalog's seasons and the planted anomalies; an order's
  products come from one of its customer's scenes (or, sometimes, plain popularity), so scenes drive
  purchases across categories; prices follow festival discounts and planted price cuts;
- every order item has a purchase event preceded by its funnel (view, click, cart); shoppers also browse
  (views, some clicks, abandoned carts) and search with their scenes' queries;
- the planted anomalies (written only to demo_truth_anomalies) change demand, views, prices, the live
  channel's share or refunds of one product in a window, so their cause is visible in queryable data;
- `today` itself is kept in store_meta (copilot/store/anchor.py), so every face answers on the demo's dates.

Rows are written in bulk on the raw DBAPI connection (sqlite3 executemany, PostgreSQL COPY) in one
transaction, with secondary indexes (and PostgreSQL foreign keys) dropped during the load and rebuilt.
The same seed, size and `today` give identical rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from copilot.clock import DEMO_TODAY, FixedClock
from copilot.store import Store
from copilot.store.anchor import DEMO_MERCHANTS_KEY, DEMO_TODAY_KEY
from copilot.store.demo_truth import DemoTruthBase, create_truth_tables
from copilot.store.models import Base

DATA_DIR = Path(__file__).with_name("demo_data")
MERCHANTS: tuple[str, ...] = ("m_outdoor", "m_baby", "m_pet")
CHANNELS: tuple[str, ...] = ("search", "recommend", "live", "direct")
STATUSES: tuple[str, ...] = ("paid", "refunded", "cancelled")
EVENT_KINDS: tuple[str, ...] = ("view", "click", "cart", "purchase", "search")
BULK_TABLES: tuple[str, ...] = ("customers", "orders", "order_items", "events", "demo_truth_scenes")

Progress = Callable[[str, int, int], None]

DAY = 86_400
_EPOCH = date(1970, 1, 1)
_CHUNK = 50_000
_KIND = {kind: code for code, kind in enumerate(EVENT_KINDS)}


# ----------------------------------------------------------------------------------------------------------
# The specification (demo_data/*.yaml), validated on load
# ----------------------------------------------------------------------------------------------------------


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProductSpec(_Spec):
    id: str
    title: str
    title_en: str
    category: str
    price: float = Field(gt=0)
    cost: float = Field(gt=0)
    stock: int = Field(ge=0)
    launched_days_ago: int = Field(ge=0)
    popularity: float = Field(gt=0)
    season: str
    consumable: bool = False
    scenes: dict[str, float] = Field(default_factory=dict)
    tags: list[str]
    description_zh: str
    description_en: str

    @model_validator(mode="after")
    def _cost_share(self) -> ProductSpec:
        if not 0.35 <= self.cost / self.price <= 0.65:
            raise ValueError(f"{self.id}: cost must be 35-65% of price")
        return self


class MerchantSpec(_Spec):
    id: str
    name: str
    currency: str
    daily_budget_cap: float = Field(gt=0)
    created_days_ago: int = Field(ge=0)
    order_share: float = Field(gt=0)
    growth_per_year: float = Field(ge=0, lt=0.8)
    channels: dict[str, float]
    age_bands: list[float]
    products: list[ProductSpec]

    @model_validator(mode="after")
    def _channels_known(self) -> MerchantSpec:
        if set(self.channels) != set(CHANNELS):
            raise ValueError(f"{self.id}: channels must be exactly {CHANNELS}")
        return self


class CatalogSpec(_Spec):
    cold_start_days: int = Field(ge=0)
    strong_scene_affinity: float = Field(gt=0)
    merchants: list[MerchantSpec]


class SceneName(_Spec):
    zh: str
    en: str


class AudienceSpec(_Spec):
    share: float = Field(gt=0)
    queries: list[str] = Field(min_length=1)


class ScenesSpec(_Spec):
    scenes: dict[str, SceneName]
    audiences: dict[str, dict[str, AudienceSpec]]


class FestivalSpec(_Spec):
    name: str
    start: str
    end: str
    factor: float = Field(gt=0)
    discount: float = Field(gt=0, le=1)
    peaks: dict[str, float] = Field(default_factory=dict)


class FestivalWindow(_Spec):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    start: int = Field(alias="from")
    end: int = Field(alias="to")
    factor: float = Field(gt=0)


class SpringFestivalSpec(_Spec):
    dates: list[date]
    windows: list[FestivalWindow]


class CalendarSpec(_Spec):
    history_days: int = Field(ge=30)
    weekly: list[float] = Field(min_length=7, max_length=7)
    festivals: list[FestivalSpec]
    spring_festival: SpringFestivalSpec
    seasons: dict[str, list[float]]
    utc_offset_hours: int
    local_hours: list[float] = Field(min_length=24, max_length=24)

    @model_validator(mode="after")
    def _shapes(self) -> CalendarSpec:
        if any(len(months) != 12 for months in self.seasons.values()):
            raise ValueError("every season needs 12 monthly factors")
        if min(self.local_hours) <= 0:
            raise ValueError("every local hour needs a positive weight")
        return self


class EventProfile(_Spec):
    funnel: list[Literal["view", "click", "cart"]]
    browse_views_per_order: float = Field(ge=0)
    click_rate: float = Field(ge=0, le=1)
    cart_rate: float = Field(ge=0, le=1)
    searches_per_order: float = Field(ge=0)


class EventsSpec(_Spec):
    lean_above_orders: int = Field(gt=0)
    full: EventProfile
    lean: EventProfile
    funnel_lead_seconds: tuple[int, int]
    click_after_view_seconds: tuple[int, int]
    cart_after_click_seconds: tuple[int, int]


class QuantitySpec(_Spec):
    durable: list[float]
    consumable: list[float]


class PopulationSpec(_Spec):
    default_orders: int = Field(gt=0)
    customers_per_order: float = Field(gt=0)
    registered_before_start: float = Field(gt=0, lt=1)
    registration_lead_days: int = Field(gt=0)
    two_scene_share: float = Field(ge=0, le=1)
    regions: dict[str, float]
    age_bands: list[str]
    items_per_order: list[float] = Field(min_length=3, max_length=3)
    quantity: QuantitySpec
    refund_rate: float = Field(ge=0, lt=1)
    cancel_rate: float = Field(ge=0, lt=1)
    scene_floor: float = Field(gt=0)
    off_scene: float = Field(ge=0, le=1)
    events: EventsSpec


class AnomalySpec(_Spec):
    id: str
    merchant: str
    product: str
    kind: Literal["drop", "spike"]
    cause: str
    start_days_ago: int = Field(ge=0)
    end_days_ago: int = Field(ge=0)
    orders_factor: float = Field(default=1.0, ge=0)
    views_factor: float = Field(default=1.0, gt=0)
    price_factor: float = Field(default=1.0, gt=0, le=1)
    live_share: float | None = Field(default=None, ge=0, le=1)
    refund_rate: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _window(self) -> AnomalySpec:
        if self.end_days_ago > self.start_days_ago:
            raise ValueError(f"{self.id}: the window ends before it starts")
        return self

    @property
    def is_stock_out(self) -> bool:
        return self.orders_factor == 0


class AnomaliesSpec(_Spec):
    anomalies: list[AnomalySpec]


@dataclass(frozen=True)
class DemoSpec:
    """Everything the generator reads from demo_data/, cross-checked."""

    catalog: CatalogSpec
    scenes: ScenesSpec
    calendar: CalendarSpec
    population: PopulationSpec
    anomalies: tuple[AnomalySpec, ...]

    def merchant(self, merchant_id: str) -> MerchantSpec:
        return next(m for m in self.catalog.merchants if m.id == merchant_id)

    def check(self) -> None:
        """Raise ValueError when one file refers to something another does not define."""
        if tuple(m.id for m in self.catalog.merchants) != MERCHANTS:
            raise ValueError(f"catalog.yaml must define the merchants {MERCHANTS} in this order")
        if len(self.population.age_bands) != len(self.catalog.merchants[0].age_bands):
            raise ValueError("merchant age_bands must weight population.yaml age_bands")
        for merchant in self.catalog.merchants:
            audience = self.scenes.audiences.get(merchant.id)
            if not audience or not set(audience) <= set(self.scenes.scenes):
                raise ValueError(f"scenes.yaml: unknown or missing audience scenes for {merchant.id}")
            for product in merchant.products:
                if product.season not in self.calendar.seasons:
                    raise ValueError(f"{product.id}: unknown season {product.season!r}")
                if not set(product.scenes) <= set(audience):
                    raise ValueError(f"{product.id}: scenes outside {merchant.id}'s audience")
        for anomaly in self.anomalies:
            if anomaly.product not in {p.id for p in self.merchant(anomaly.merchant).products}:
                raise ValueError(f"{anomaly.id}: {anomaly.product} is not a product of {anomaly.merchant}")


def _read_yaml(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def load_spec() -> DemoSpec:
    """The validated demo specification (cached; the files ship with the package)."""
    spec = DemoSpec(
        catalog=CatalogSpec.model_validate(_read_yaml("catalog.yaml")),
        scenes=ScenesSpec.model_validate(_read_yaml("scenes.yaml")),
        calendar=CalendarSpec.model_validate(_read_yaml("calendar.yaml")),
        population=PopulationSpec.model_validate(_read_yaml("population.yaml")),
        anomalies=tuple(AnomaliesSpec.model_validate(_read_yaml("anomalies.yaml")).anomalies),
    )
    spec.check()
    return spec


# ----------------------------------------------------------------------------------------------------------
# Time: the days of the history, the calendar's volume and price curves, the time of day
# ----------------------------------------------------------------------------------------------------------


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


def _month_day(year: int, month_day: str) -> date:
    month, day = month_day.split("-")
    return date(year, int(month), int(day))


def calendar_curves(timeline: Timeline, calendar: CalendarSpec) -> tuple[np.ndarray, np.ndarray]:
    """Per day: the volume factor (weekday x festivals x Spring Festival) and the festival price factor."""
    weekday = (timeline.dates.astype(np.int64) + 3) % 7
    volume = np.asarray(calendar.weekly)[weekday]
    discount = np.ones(timeline.days)
    last_year = timeline.date_at(timeline.days - 1).year
    for year in range(timeline.start.year, last_year + 1):
        for festival in calendar.festivals:
            span = timeline.window(_month_day(year, festival.start), _month_day(year, festival.end))
            volume[span] *= festival.factor
            discount[span] *= festival.discount
            for month_day, factor in festival.peaks.items():
                peak = _month_day(year, month_day)
                volume[timeline.window(peak, peak)] *= factor
    for new_year in calendar.spring_festival.dates:
        for window in calendar.spring_festival.windows:
            first = new_year + timedelta(days=window.start)
            volume[timeline.window(first, new_year + timedelta(days=window.end))] *= window.factor
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


# ----------------------------------------------------------------------------------------------------------
# One merchant's plan: demand and price of every product on every day, and the sampling tables
# ----------------------------------------------------------------------------------------------------------


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
    scene_share = _normalised([audience[s].share for s in scenes])
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


def _normalised(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    array = np.asarray(weights, dtype=np.float64)
    return array / array.sum()


# ----------------------------------------------------------------------------------------------------------
# Generation: customers, orders with items, events (per merchant, indexes local to the merchant)
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Customers:
    """One merchant's customers, in order of registration, with their hidden scenes (-1: none).

    eligible[d]: how many customers registered before day d (the first `eligible[d]` ones);
    members[s]: the customers having scene s, and member_eligible[s, d] how many of them registered before d.
    """

    registered: np.ndarray
    region: np.ndarray
    age_band: np.ndarray
    scene1: np.ndarray
    scene2: np.ndarray
    eligible: np.ndarray
    members: tuple[np.ndarray, ...]
    member_eligible: np.ndarray

    def pick(self, rng: np.random.Generator, days: np.ndarray) -> np.ndarray:
        """A customer registered before each given day, uniformly."""
        return (rng.random(len(days)) * self.eligible[days]).astype(np.int64)

    def pick_in(self, rng: np.random.Generator, rows: np.ndarray, days: np.ndarray) -> np.ndarray:
        """A customer registered before each day having the row's scene (the last row: anyone)."""
        u = rng.random(len(days))
        who = (u * self.eligible[days]).astype(np.int64)
        for scene, members in enumerate(self.members):
            chosen = np.nonzero(rows == scene)[0]
            who[chosen] = members[(u[chosen] * self.member_eligible[scene, days[chosen]]).astype(np.int64)]
        return who

    def scene_of(self, rng: np.random.Generator, who: np.ndarray) -> np.ndarray:
        """One of each customer's scenes, at random."""
        second = (self.scene2[who] >= 0) & (rng.random(len(who)) < 0.5)
        return np.where(second, self.scene2[who], self.scene1[who])


def make_customers(
    rng: np.random.Generator, plan: MerchantPlan, population: PopulationSpec, timeline: Timeline
) -> Customers:
    """Customers registered over the year before the history and during it, each with 1-2 scenes.

    The first customers, one per scene, hold that scene and registered before the history starts, so on
    every day every scene has someone to act it out.
    """
    n, scene_count = plan.customers, len(plan.scenes)
    before = rng.random(n) < population.registered_before_start
    before[:scene_count] = True
    day = np.where(
        before,
        rng.integers(-population.registration_lead_days, 0, n),
        rng.integers(0, timeline.days - 1, n),
    )
    registered = timeline.first_second + day * DAY + rng.integers(0, DAY, n)
    scene1 = rng.choice(scene_count, n, p=plan.scene_share)
    scene1[:scene_count] = np.arange(scene_count)
    scene2 = rng.choice(scene_count, n, p=plan.scene_share)
    scene2 = np.where((rng.random(n) < population.two_scene_share) & (scene2 != scene1), scene2, -1)
    region = rng.choice(len(population.regions), n, p=_normalised(list(population.regions.values())))
    age_band = rng.choice(len(plan.spec.age_bands), n, p=_normalised(plan.spec.age_bands))

    order = np.argsort(registered, kind="stable")
    day, scene1, scene2 = day[order], scene1[order], scene2[order]
    every_day = np.arange(timeline.days)
    members = tuple(np.nonzero((scene1 == s) | (scene2 == s))[0] for s in range(scene_count))
    return Customers(
        registered=registered[order],
        region=region[order],
        age_band=age_band[order],
        scene1=scene1,
        scene2=scene2,
        eligible=np.searchsorted(day, every_day, side="left"),
        members=members,
        member_eligible=np.vstack([np.searchsorted(day[m], every_day, side="left") for m in members]),
    )


@dataclass(frozen=True)
class Orders:
    """One merchant's orders and their items (item arrays are flat, grouped by order in order)."""

    day: np.ndarray
    at: np.ndarray
    customer: np.ndarray
    status: np.ndarray
    channel: np.ndarray
    total_cents: np.ndarray
    item_order: np.ndarray
    item_product: np.ndarray
    item_quantity: np.ndarray
    item_unit_cents: np.ndarray


def _daily_counts(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    """The day of each of n occurrences, spread over days by the weights (sorted by day)."""
    counts = rng.multinomial(n, _normalised(weights))
    return np.repeat(np.arange(len(weights)), counts)


@dataclass(frozen=True)
class Shoppers:
    """Who acts on which day, at what time, in which scene row (table row = row * days + day)."""

    day: np.ndarray
    at: np.ndarray
    who: np.ndarray
    table_row: np.ndarray


def shoppers(
    rng: np.random.Generator,
    n: int,
    demand: Demand,
    plan: MerchantPlan,
    customers: Customers,
    timeline: Timeline,
    day_clock: DayClock,
) -> Shoppers:
    day = _daily_counts(rng, n, demand.days)
    row = draw(demand.rows, plan.rows, day, rng.random(len(day)))
    at = timeline.day_starts[day] + day_clock.seconds(rng, day)
    return Shoppers(day, at, customers.pick_in(rng, row, day), row * timeline.days + day)


def _basket(
    rng: np.random.Generator, plan: MerchantPlan, table_rows: np.ndarray, sizes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Up to three distinct products per order, from the order's (scene row, day) distribution."""
    n, width, table = len(table_rows), plan.products, plan.orders_by.products
    valid = np.arange(3)[None, :] < sizes[:, None]
    rows = np.repeat(table_rows[:, None], 3, axis=1)
    products = draw(table, width, rows, rng.random((n, 3)))
    duplicate = np.zeros((n, 3), dtype=bool)
    for _ in range(4):
        duplicate[:, 1] = products[:, 1] == products[:, 0]
        duplicate[:, 2] = (products[:, 2] == products[:, 0]) | (products[:, 2] == products[:, 1])
        duplicate &= valid
        if not duplicate.any():
            break
        products[duplicate] = draw(table, width, rows[duplicate], rng.random(int(duplicate.sum())))
    return products, valid & ~duplicate


def _quantities(rng: np.random.Generator, consumable: np.ndarray, quantity: QuantitySpec) -> np.ndarray:
    n = len(consumable)
    durable = rng.choice(len(quantity.durable), n, p=_normalised(quantity.durable)) + 1
    repeat = rng.choice(len(quantity.consumable), n, p=_normalised(quantity.consumable)) + 1
    return np.where(consumable, repeat, durable)


def _per_order(n: int, item_order: np.ndarray, item_values: np.ndarray, default: float) -> np.ndarray:
    """The largest item value of each order (default when larger)."""
    values = np.full(n, default)
    np.maximum.at(values, item_order, item_values)
    return values


def make_orders(
    rng: np.random.Generator,
    plan: MerchantPlan,
    customers: Customers,
    population: PopulationSpec,
    timeline: Timeline,
    day_clock: DayClock,
) -> Orders:
    buyers = shoppers(rng, plan.orders, plan.orders_by, plan, customers, timeline, day_clock)
    n = len(buyers.day)
    sizes = rng.choice(3, n, p=_normalised(population.items_per_order)) + 1
    products, valid = _basket(rng, plan, buyers.table_row, sizes)

    item_order = np.nonzero(valid)[0]
    item_product = products[valid]
    item_day = buyers.day[item_order]
    quantity = _quantities(rng, plan.consumable[item_product], population.quantity)
    unit = np.rint(plan.price_cents[item_product] * plan.price_factor[item_product, item_day]).astype(np.int64)
    total = np.bincount(item_order, weights=quantity * unit, minlength=n).astype(np.int64)

    effects = plan.effects
    refund_item = np.nan_to_num(effects.refund[item_product, item_day], nan=population.refund_rate)
    refund = _per_order(n, item_order, refund_item, population.refund_rate)
    live = _per_order(n, item_order, np.nan_to_num(effects.live[item_product, item_day], nan=0.0), 0.0)
    u = rng.random(n)
    status = np.where(u < refund, 1, np.where(u < refund + population.cancel_rate, 2, 0))
    mix = _normalised([plan.spec.channels[c] for c in CHANNELS])
    channel = np.where(rng.random(n) < live, CHANNELS.index("live"), rng.choice(len(CHANNELS), n, p=mix))
    return Orders(buyers.day, buyers.at, buyers.who, status, channel, total, item_order, item_product, quantity, unit)


@dataclass(frozen=True)
class Events:
    """One merchant's events; product and query are -1 where absent."""

    kind: np.ndarray
    customer: np.ndarray
    product: np.ndarray
    query: np.ndarray
    at: np.ndarray

    FIELDS = ("kind", "customer", "product", "query", "at")

    @classmethod
    def concat(cls, parts: Sequence[Events]) -> Events:
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in cls.FIELDS))

    @classmethod
    def of(cls, kind: str, customer: np.ndarray, product: np.ndarray, at: np.ndarray) -> Events:
        n = len(customer)
        return cls(np.full(n, _KIND[kind], dtype=np.int8), customer, product, np.full(n, -1), at)

    def take(self, index: np.ndarray) -> Events:
        return Events(*(getattr(self, f)[index] for f in self.FIELDS))


def funnel_events(
    rng: np.random.Generator, orders: Orders, profile: EventProfile, events: EventsSpec, timeline: Timeline
) -> Events:
    """For each order item: its funnel steps (earliest first) within the order's day, then the purchase."""
    low, high = events.funnel_lead_seconds
    since_midnight = orders.at - timeline.day_starts[orders.day]
    lead = np.minimum(rng.integers(low, high + 1, len(orders.at)), since_midnight)[orders.item_order]
    at = orders.at[orders.item_order]
    customer = orders.customer[orders.item_order]
    parts = []
    fraction = np.ones(len(at))
    for step, kind in enumerate(profile.funnel):
        if step:
            fraction = fraction * rng.uniform(0.2, 0.9, len(at))
        parts.append(Events.of(kind, customer, orders.item_product, at - (lead * fraction).astype(np.int64)))
    parts.append(Events.of("purchase", customer, orders.item_product, at))
    return Events.concat(parts)


def browse_events(
    rng: np.random.Generator,
    plan: MerchantPlan,
    customers: Customers,
    population: PopulationSpec,
    profile: EventProfile,
    timeline: Timeline,
    day_clock: DayClock,
) -> Events:
    """Views driven by the shoppers' scenes (buyers or not), some clicks, some abandoned carts."""
    events = population.events
    n = round(profile.browse_views_per_order * plan.orders)
    viewers = shoppers(rng, n, plan.views_by, plan, customers, timeline, day_clock)
    product = draw(plan.views_by.products, plan.products, viewers.table_row, rng.random(n))
    limit = timeline.day_limits[viewers.day]
    clicked = np.nonzero(rng.random(n) < profile.click_rate)[0]
    click_gap = rng.integers(*events.click_after_view_seconds, len(clicked))
    click_at = np.minimum(viewers.at[clicked] + click_gap, limit[clicked])
    carted = np.nonzero(rng.random(len(clicked)) < profile.cart_rate)[0]
    cart_gap = rng.integers(*events.cart_after_click_seconds, len(carted))
    cart_at = np.minimum(click_at[carted] + cart_gap, limit[clicked[carted]])
    return Events.concat(
        [
            Events.of("view", viewers.who, product, viewers.at),
            Events.of("click", viewers.who[clicked], product[clicked], click_at),
            Events.of("cart", viewers.who[clicked[carted]], product[clicked[carted]], cart_at),
        ]
    )


def search_events(
    rng: np.random.Generator,
    plan: MerchantPlan,
    customers: Customers,
    profile: EventProfile,
    timeline: Timeline,
    day_clock: DayClock,
) -> Events:
    """Searches typed by shoppers: a query of one of their own scenes (index into the merchant's queries)."""
    day = _daily_counts(rng, round(profile.searches_per_order * plan.orders), plan.views_by.days)
    n = len(day)
    who = customers.pick(rng, day)
    scene = customers.scene_of(rng, who)
    lengths = np.array([len(q) for q in plan.queries])
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    query = offsets[scene] + (rng.random(n) * lengths[scene]).astype(np.int64)
    at = timeline.day_starts[day] + day_clock.seconds(rng, day)
    return Events(np.full(n, _KIND["search"], dtype=np.int8), who, np.full(n, -1), query, at)


# ----------------------------------------------------------------------------------------------------------
# The whole store: three merchants, merged into global, time-ordered rows
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MerchantData:
    plan: MerchantPlan
    customers: Customers
    orders: Orders
    events: Events


def _rng(seed: int, stage: int, merchant: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, stage, merchant]))


def split_orders(total: int, merchants: Sequence[MerchantSpec]) -> list[int]:
    """Orders per merchant by order_share, summing exactly to total."""
    shares = _normalised([m.order_share for m in merchants])
    counts = np.floor(shares * total).astype(int)
    counts[0] += total - counts.sum()
    return counts.tolist()


def generate_merchant(
    spec: DemoSpec, index: int, orders: int, total_orders: int, seed: int, timeline: Timeline, today: date
) -> MerchantData:
    merchant = spec.catalog.merchants[index]
    population = spec.population
    profile = population.events.lean if total_orders > population.events.lean_above_orders else population.events.full
    plan = merchant_plan(spec, merchant, orders, timeline, today)
    day_clock = DayClock.of(timeline, spec.calendar)
    customers = make_customers(_rng(seed, 1, index), plan, population, timeline)
    order_data = make_orders(_rng(seed, 2, index), plan, customers, population, timeline, day_clock)
    events = Events.concat(
        [
            funnel_events(_rng(seed, 3, index), order_data, profile, population.events, timeline),
            browse_events(_rng(seed, 4, index), plan, customers, population, profile, timeline, day_clock),
            search_events(_rng(seed, 5, index), plan, customers, profile, timeline, day_clock),
        ]
    )
    return MerchantData(plan, customers, order_data, events)


# ----------------------------------------------------------------------------------------------------------
# Rows: ids, text and numbers as the DBAPI expects them, produced in chunks
# ----------------------------------------------------------------------------------------------------------

Rows = list[tuple[Any, ...]]


def timestamps(seconds: np.ndarray) -> list[str]:
    """UTC epoch seconds as 'YYYY-MM-DD HH:MM:SS' (ISO-8601 with a space, as SQLAlchemy stores them)."""
    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    text.view(np.uint32).reshape(len(text), -1)[:, 10] = ord(" ")
    return text.tolist()


def _ids(prefix: str, start: int, stop: int, width: int) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(start + 1, stop + 1)]


def _money(cents: np.ndarray) -> list[float]:
    return (cents / 100).tolist()


def _chunks(n: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, _CHUNK):
        yield start, min(start + _CHUNK, n)


@dataclass(frozen=True)
class Assembled:
    """All merchants merged: global indexes into the id lists, rows sorted by time where time matters."""

    merchant_of_customer: np.ndarray
    customer_registered: np.ndarray
    customer_region: np.ndarray
    customer_age: np.ndarray
    truth_customer: np.ndarray
    truth_scene: list[str]
    order_merchant: np.ndarray
    order_customer: np.ndarray
    order_at: np.ndarray
    order_status: np.ndarray
    order_channel: np.ndarray
    order_total: np.ndarray
    item_order: np.ndarray
    item_product: np.ndarray
    item_quantity: np.ndarray
    item_unit: np.ndarray
    event: Events
    event_merchant: np.ndarray
    product_ids: np.ndarray
    queries: np.ndarray


def assemble(parts: Sequence[MerchantData]) -> Assembled:
    customer_base = np.cumsum([0] + [p.plan.customers for p in parts])
    product_base = np.cumsum([0] + [p.plan.products for p in parts])
    query_base = np.cumsum([0] + [sum(len(q) for q in p.plan.queries) for p in parts])
    order_base = np.cumsum([0] + [len(p.orders.at) for p in parts])

    def stack(get: Callable[[MerchantData], np.ndarray], offsets: np.ndarray | None = None) -> np.ndarray:
        arrays = [get(p) + (offsets[i] if offsets is not None else 0) for i, p in enumerate(parts)]
        return np.concatenate(arrays)

    truth_customer, truth_scene = [], []
    for i, p in enumerate(parts):
        c = p.customers
        for column in (c.scene1, c.scene2):
            has = np.nonzero(column >= 0)[0]
            truth_customer.append(has + customer_base[i])
            truth_scene.append(np.asarray(p.plan.scenes, dtype=object)[column[has]])
    truth_customer_all = np.concatenate(truth_customer)
    truth_order = np.argsort(truth_customer_all, kind="stable")

    order_at = stack(lambda p: p.orders.at)
    by_time = np.argsort(order_at, kind="stable")
    rank = np.empty_like(by_time)
    rank[by_time] = np.arange(len(by_time))
    item_order = rank[stack(lambda p: p.orders.item_order, order_base)]
    item_sort = np.argsort(item_order, kind="stable")

    def remap(events: Events, i: int) -> Events:
        product = np.where(events.product >= 0, events.product + product_base[i], -1)
        query = np.where(events.query >= 0, events.query + query_base[i], -1)
        return Events(events.kind, events.customer + customer_base[i], product, query, events.at)

    event = Events.concat([remap(p.events, i) for i, p in enumerate(parts)])
    event_merchant = np.repeat(np.arange(len(parts)), [len(p.events.at) for p in parts])
    event_sort = np.argsort(event.at, kind="stable")
    event = event.take(event_sort)

    return Assembled(
        merchant_of_customer=np.repeat(np.arange(len(parts)), [p.plan.customers for p in parts]),
        customer_registered=stack(lambda p: p.customers.registered),
        customer_region=stack(lambda p: p.customers.region),
        customer_age=stack(lambda p: p.customers.age_band),
        truth_customer=truth_customer_all[truth_order],
        truth_scene=np.concatenate(truth_scene)[truth_order].tolist(),
        order_merchant=np.repeat(np.arange(len(parts)), [len(p.orders.at) for p in parts])[by_time],
        order_customer=stack(lambda p: p.orders.customer, customer_base)[by_time],
        order_at=order_at[by_time],
        order_status=stack(lambda p: p.orders.status)[by_time],
        order_channel=stack(lambda p: p.orders.channel)[by_time],
        order_total=stack(lambda p: p.orders.total_cents)[by_time],
        item_order=item_order[item_sort],
        item_product=stack(lambda p: p.orders.item_product, product_base)[item_sort],
        item_quantity=stack(lambda p: p.orders.item_quantity)[item_sort],
        item_unit=stack(lambda p: p.orders.item_unit_cents)[item_sort],
        event=event,
        event_merchant=event_merchant[event_sort],
        product_ids=np.array([prod.id for p in parts for prod in p.plan.spec.products], dtype=object),
        queries=np.array([q for p in parts for qs in p.plan.queries for q in qs], dtype=object),
    )


class RowMaker:
    """Turns the assembled arrays into DBAPI rows, chunk by chunk (ids are 1-based and zero-padded)."""

    def __init__(self, data: Assembled, spec: DemoSpec) -> None:
        self.data = data
        self.merchant_ids = np.array(MERCHANTS, dtype=object)
        self.regions = np.array(list(spec.population.regions), dtype=object)
        self.age_bands = np.array(spec.population.age_bands, dtype=object)
        self.statuses = np.array(STATUSES, dtype=object)
        self.channels = np.array(CHANNELS, dtype=object)
        self.kinds = np.array(EVENT_KINDS, dtype=object)
        self.product_ids = np.array([*data.product_ids, None], dtype=object)
        self.queries = np.array([*data.queries, None], dtype=object)
        self.customer_id = np.array(_ids("c", 0, len(data.customer_registered), 7), dtype=object)
        self.order_id = np.array(_ids("o", 0, len(data.order_at), 8), dtype=object)

    def customer_ids(self, index: np.ndarray) -> list[str]:
        return self.customer_id[index].tolist()

    def customers(self) -> Iterator[Rows]:
        d = self.data
        for a, b in _chunks(len(d.customer_registered)):
            yield list(
                zip(
                    self.customer_id[a:b].tolist(),
                    self.merchant_ids[d.merchant_of_customer[a:b]].tolist(),
                    self.regions[d.customer_region[a:b]].tolist(),
                    self.age_bands[d.customer_age[a:b]].tolist(),
                    timestamps(d.customer_registered[a:b]),
                    strict=True,
                )
            )

    def truth_scenes(self) -> Iterator[Rows]:
        d = self.data
        for a, b in _chunks(len(d.truth_customer)):
            who = d.truth_customer[a:b]
            yield list(
                zip(
                    self.customer_ids(who),
                    d.truth_scene[a:b],
                    self.merchant_ids[d.merchant_of_customer[who]].tolist(),
                    strict=True,
                )
            )

    def orders(self) -> Iterator[Rows]:
        d = self.data
        for a, b in _chunks(len(d.order_at)):
            yield list(
                zip(
                    self.order_id[a:b].tolist(),
                    self.merchant_ids[d.order_merchant[a:b]].tolist(),
                    self.customer_ids(d.order_customer[a:b]),
                    timestamps(d.order_at[a:b]),
                    self.statuses[d.order_status[a:b]].tolist(),
                    self.channels[d.order_channel[a:b]].tolist(),
                    _money(d.order_total[a:b]),
                    strict=True,
                )
            )

    def order_items(self) -> Iterator[Rows]:
        d = self.data
        for a, b in _chunks(len(d.item_order)):
            orders = d.item_order[a:b]
            quantity, unit = d.item_quantity[a:b], d.item_unit[a:b]
            yield list(
                zip(
                    _ids("i", a, b, 8),
                    self.merchant_ids[d.order_merchant[orders]].tolist(),
                    self.order_id[orders].tolist(),
                    self.product_ids[d.item_product[a:b]].tolist(),
                    quantity.tolist(),
                    _money(unit),
                    _money(quantity * unit),
                    strict=True,
                )
            )

    def events(self) -> Iterator[Rows]:
        e, merchant = self.data.event, self.data.event_merchant
        for a, b in _chunks(len(e.at)):
            yield list(
                zip(
                    _ids("e", a, b, 9),
                    self.merchant_ids[merchant[a:b]].tolist(),
                    self.customer_ids(e.customer[a:b]),
                    self.product_ids[e.product[a:b]].tolist(),
                    self.kinds[e.kind[a:b]].tolist(),
                    self.queries[e.query[a:b]].tolist(),
                    timestamps(e.at[a:b]),
                    strict=True,
                )
            )


def catalog_rows(spec: DemoSpec, timeline: Timeline, today: date) -> dict[str, Rows]:
    """Merchants, products, the planted anomalies and the store's anchor date (small tables)."""
    scenes = spec.scenes.scenes
    sold_out = {a.product for a in spec.anomalies if a.is_stock_out and a.end_days_ago == 0}

    def at(days_ago: int, hour: int) -> str:
        return f"{today - timedelta(days=days_ago)} {hour:02d}:00:00"

    merchants = [
        (m.id, m.name, m.currency, m.daily_budget_cap, at(m.created_days_ago, 2)) for m in spec.catalog.merchants
    ]
    products = []
    for m in spec.catalog.merchants:
        for p in m.products:
            strong = [s for s, a in p.scenes.items() if a >= spec.catalog.strong_scene_affinity]
            tags = list(dict.fromkeys([*p.tags, *(scenes[s].zh for s in strong), *(scenes[s].en for s in strong)]))
            stock = 0 if p.id in sold_out else p.stock
            description = f"{p.description_zh}\n{p.description_en}"
            products.append(
                (p.id, m.id, p.title, p.title_en, p.category, ",".join(tags), p.price, p.cost, stock,
                 at(p.launched_days_ago, 2), description)
            )  # fmt: skip
    anomalies = [
        (a.id, a.merchant, a.product, a.kind, a.cause,
         str(today - timedelta(days=a.start_days_ago)), str(today - timedelta(days=a.end_days_ago)))
        for a in spec.anomalies
    ]  # fmt: skip
    anchor = [(DEMO_TODAY_KEY, today.isoformat()), (DEMO_MERCHANTS_KEY, ",".join(m.id for m in spec.catalog.merchants))]
    return {"merchants": merchants, "products": products, "demo_truth_anomalies": anomalies, "store_meta": anchor}


COLUMNS: dict[str, tuple[str, ...]] = {
    "merchants": ("id", "name", "currency", "daily_budget_cap", "created_at"),
    "products": (
        "id", "merchant_id", "title", "title_en", "category", "tags", "price", "cost", "stock", "launched_at",
        "description",
    ),
    "customers": ("id", "merchant_id", "region", "age_band", "registered_at"),
    "orders": ("id", "merchant_id", "customer_id", "created_at", "status", "channel", "total_amount"),
    "order_items": ("id", "merchant_id", "order_id", "product_id", "quantity", "unit_price", "amount"),
    "events": ("id", "merchant_id", "customer_id", "product_id", "kind", "query", "created_at"),
    "demo_truth_scenes": ("customer_id", "scene", "merchant_id"),
    "demo_truth_anomalies": ("id", "merchant_id", "product_id", "kind", "cause", "start_date", "end_date"),
    "store_meta": ("key", "value"),
}  # fmt: skip


# ----------------------------------------------------------------------------------------------------------
# Writing: one transaction on the raw DBAPI connection
# ----------------------------------------------------------------------------------------------------------


class BulkLoader:
    """Bulk writes over one raw DBAPI connection: sqlite3 executemany or psycopg COPY."""

    def __init__(self, connection: Any, dialect: str, progress: Progress) -> None:
        self.connection = connection
        self.dialect = dialect
        self.progress = progress
        self._restore: list[str] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            cursor.close()

    def delete_all(self) -> None:
        for table in [*reversed(Base.metadata.sorted_tables), *DemoTruthBase.metadata.sorted_tables]:
            self.execute(f'DELETE FROM "{table.name}"')

    def drop_secondary_structures(self, tables: Sequence[str]) -> None:
        """Drop secondary indexes (and, on PostgreSQL, foreign keys) of tables; `restore` rebuilds them."""
        if self.dialect == "sqlite":
            marks = ",".join("?" * len(tables))
            found = self.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks}) ORDER BY name",
                tables,
            )
            for name, sql in found:
                self.execute(f'DROP INDEX "{name}"')
                self._restore.append(sql)
            return
        found = self.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
            (list(tables),),
        )
        for table, name, definition in found:
            self.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            self._restore.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        indexes = self.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname) ORDER BY 1",
            (list(tables),),
        )
        for name, definition in indexes:
            self.execute(f'DROP INDEX "{name}"')
            self._restore.insert(0, definition)

    def restore(self) -> None:
        for step, sql in enumerate(self._restore, 1):
            self.execute(sql)
            self.progress("indexes", step, len(self._restore))
        self._restore.clear()

    def insert(self, table: str, rows: Rows) -> None:
        """Insert a few rows (no progress)."""
        self.write(table, [rows], len(rows), "")

    def write(self, table: str, batches: Iterator[Rows] | list[Rows], total: int, stage: str) -> None:
        columns = ", ".join(COLUMNS[table])
        done = 0
        report = self.progress if stage else _no_progress
        report(stage, 0, total)
        if self.dialect == "sqlite":
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(COLUMNS[table]))})"
            cursor = self.connection.cursor()
            for rows in batches:
                cursor.executemany(sql, rows)
                done += len(rows)
                report(stage, done, total)
            cursor.close()
            return
        with self.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for rows in batches:
                for row in rows:
                    copy.write_row(row)
                done += len(rows)
                report(stage, done, total)


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` wrote: rows per table, the covered days, the seed and the build time."""

    counts: dict[str, int]
    first_day: date
    last_day: date
    seed: int
    seconds: float

    def __str__(self) -> str:
        shown = ("merchants", "products", "customers", "orders", "order_items", "events")
        parts = ", ".join(f"{self.counts[t]:,} {t.replace('_', ' ')}" for t in shown)
        return f"{parts}; {self.first_day} to {self.last_day}; seed {self.seed}; built in {self.seconds:.1f} s"


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def build_demo(
    store: Store,
    *,
    orders: int | None = None,
    seed: int = 20261120,
    progress: Progress | None = None,
    today: date = DEMO_TODAY,
) -> DemoSummary:
    """Replace every row of the store with the deterministic demo history ending on `today`.

    `orders` is the total number of orders (default: population.yaml default_orders); customers and events
    scale with it. `progress(stage, done, total)` is called as each stage advances. Raises ValueError for
    fewer than 100 orders. All-or-nothing: on any error the store keeps its previous rows.
    """
    began = time.perf_counter()
    spec = load_spec()
    report = progress or _no_progress
    total = spec.population.default_orders if orders is None else orders
    if total < 100:
        raise ValueError(f"the demo store needs at least 100 orders, got {total}")
    timeline = Timeline.of(today, spec.calendar.history_days)

    parts = []
    shares = split_orders(total, spec.catalog.merchants)
    for index, count in enumerate(shares):
        report("generate", index, len(shares))
        parts.append(generate_merchant(spec, index, count, total, seed, timeline, today))
    report("generate", len(shares), len(shares))
    data = assemble(parts)
    counts = _write(store, spec, data, timeline, today, report)
    return DemoSummary(counts, timeline.start, today, seed, time.perf_counter() - began)


def _write(
    store: Store, spec: DemoSpec, data: Assembled, timeline: Timeline, today: date, report: Progress
) -> dict[str, int]:
    small = catalog_rows(spec, timeline, today)
    maker = RowMaker(data, spec)
    counts = {
        "merchants": len(small["merchants"]),
        "products": len(small["products"]),
        "customers": len(data.customer_registered),
        "orders": len(data.order_at),
        "order_items": len(data.item_order),
        "events": len(data.event.at),
        "demo_truth_scenes": len(data.truth_customer),
        "demo_truth_anomalies": len(small["demo_truth_anomalies"]),
    }
    bulk = [
        ("customers", maker.customers(), "customers"),
        ("orders", maker.orders(), "orders"),
        ("order_items", maker.order_items(), "order items"),
        ("events", maker.events(), "events"),
        ("demo_truth_scenes", maker.truth_scenes(), "ground truth"),
    ]
    create_truth_tables(store.engine)
    raw = store.engine.raw_connection()
    connection: Any = raw.driver_connection
    sqlite = store.dialect == "sqlite"
    cache_size = connection.execute("PRAGMA cache_size").fetchone()[0] if sqlite else 0
    try:
        if sqlite:
            connection.execute("PRAGMA foreign_keys = OFF")
            connection.execute("PRAGMA cache_size = -262144")
        loader = BulkLoader(connection, store.dialect, report)
        if not sqlite:
            loader.execute("SET LOCAL TIME ZONE 'UTC'")
        report("clear", 0, 1)
        loader.delete_all()
        loader.drop_secondary_structures(BULK_TABLES)
        report("clear", 1, 1)
        for step, (table, rows) in enumerate(small.items(), 1):
            loader.insert(table, rows)
            report("catalog", step, len(small))
        for table, batches, stage in bulk:
            loader.write(table, batches, counts[table], stage)
        loader.restore()
        loader.execute("ANALYZE")  # without statistics SQLite picks full scans for the analyst's joins
        connection.commit()
        if not sqlite:
            _vacuum(connection, [table for table, _, _ in bulk])
    except BaseException:
        connection.rollback()
        raise
    finally:
        if sqlite:
            connection.execute(f"PRAGMA cache_size = {int(cache_size)}")
            connection.execute("PRAGMA foreign_keys = ON")
        raw.close()
    return counts


def _vacuum(connection: Any, tables: list[str]) -> None:
    """VACUUM freshly bulk-loaded PostgreSQL tables: it sets their visibility map, without which the covering
    indexes cannot answer by index-only scans until autovacuum gets round to them (measured on the 12-month
    trend of a 1M-order store: a sequential scan of the table instead of an index-only scan)."""
    connection.autocommit = True
    try:
        for table in tables:
            connection.execute(f"VACUUM (ANALYZE) {table}")
    finally:
        connection.autocommit = False


__all__ = ["MERCHANTS", "DemoSpec", "DemoSummary", "build_demo", "load_spec"]
