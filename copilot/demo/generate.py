"""Generation: customers, orders with items and events per merchant (indexes local to the merchant), then
the three merchants merged into global, time-ordered arrays."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from copilot.demo.plan import Demand, MerchantPlan, draw, merchant_plan, normalised
from copilot.demo.spec import (
    CHANNELS,
    EVENT_KINDS,
    STATUSES,
    DemoSpec,
    EventProfile,
    EventsSpec,
    MerchantSpec,
    PopulationSpec,
    QuantitySpec,
)
from copilot.demo.timeline import DAY, DayClock, Timeline
from copilot.promotion.demo_rows import (
    Attribution,
    attribute,
    order_value_index,
    plan_promotions,
    with_ad_channels,
)

_KIND = {kind: code for code, kind in enumerate(EVENT_KINDS)}


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
    region = rng.choice(len(population.regions), n, p=normalised(list(population.regions.values())))
    age_band = rng.choice(len(plan.spec.age_bands), n, p=normalised(plan.spec.age_bands))

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
    counts = rng.multinomial(n, normalised(weights))
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
    durable = rng.choice(len(quantity.durable), n, p=normalised(quantity.durable)) + 1
    repeat = rng.choice(len(quantity.consumable), n, p=normalised(quantity.consumable)) + 1
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
    sizes = rng.choice(3, n, p=normalised(population.items_per_order)) + 1
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
    mix = normalised([plan.spec.channels[c] for c in CHANNELS])
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


@dataclass(frozen=True)
class MerchantData:
    plan: MerchantPlan
    customers: Customers
    orders: Orders
    events: Events
    ads: Attribution


def _rng(seed: int, stage: int, merchant: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, stage, merchant]))


def split_orders(total: int, merchants: Sequence[MerchantSpec]) -> list[int]:
    """Orders per merchant by order_share, summing exactly to total."""
    shares = normalised([m.order_share for m in merchants])
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
    probe = make_orders(_rng(seed, 8, index), plan, customers, population, timeline, day_clock)
    value = order_value_index(probe.day, probe.total_cents, probe.status != STATUSES.index("cancelled"), timeline.days)
    ads = plan_promotions(_rng(seed, 6, index), merchant.id, timeline.dates, plan.orders_by.days, value)
    plan = replace(plan, orders_by=replace(plan.orders_by, days=ads.weights),
                   views_by=replace(plan.views_by, days=ads.view_weights(plan.views_by.days)))  # fmt: skip
    order_data = make_orders(_rng(seed, 2, index), plan, customers, population, timeline, day_clock)
    counted = order_data.status != STATUSES.index("cancelled")
    paid = attribute(_rng(seed, 7, index), ads, order_data.day, order_data.total_cents, counted)
    order_data = replace(order_data, channel=with_ad_channels(order_data.channel, paid, CHANNELS))
    events = Events.concat(
        [
            funnel_events(_rng(seed, 3, index), order_data, profile, population.events, timeline),
            browse_events(_rng(seed, 4, index), plan, customers, population, profile, timeline, day_clock),
            search_events(_rng(seed, 5, index), plan, customers, profile, timeline, day_clock),
        ]
    )
    return MerchantData(plan, customers, order_data, events, paid)
