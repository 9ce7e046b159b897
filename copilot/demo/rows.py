"""Rows: ids, text and numbers as the DBAPI expects them, produced in chunks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from copilot.demo.generate import Events, MerchantData
from copilot.demo.spec import CHANNELS, EVENT_KINDS, MERCHANTS, STATUSES, DemoSpec
from copilot.demo.timeline import Timeline
from copilot.promotion.demo_rows import PROMOTION_COLUMNS
from copilot.store.anchor import DEMO_MERCHANTS_KEY, DEMO_TODAY_KEY

_CHUNK = 50_000

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
    **PROMOTION_COLUMNS,
}  # fmt: skip
