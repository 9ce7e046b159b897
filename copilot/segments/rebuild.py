"""The full in-memory rebuild of a merchant's profiles, as every audience question did before profiles were
persisted (copilot/segments/state.py): it reads all the merchant's events, paid orders and catalog at once.
Kept as the reference the incremental profiles are compared with (tests) and as the benchmarks' baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import Select, func, select

from copilot.analytics.measures import measure
from copilot.segments.profiles import (
    DAY_SECONDS,
    EVENT_KINDS,
    STATS_WINDOW_DAYS,
    Embed,
    MerchantProfiles,
    ProfileParams,
    load_products,
    normalise_rows,
)
from copilot.store import Store
from copilot.store.models import Event, Order, OrderItem, Product

# ---------------------------------------------------------------------------------------------- queries


def _data_key_query(merchant_id: str) -> Select[Any]:
    marks = (
        (Event, Event.merchant_id, Event.created_at, Event.id),
        (Order, Order.merchant_id, Order.created_at, Order.id),
        (Product, Product.merchant_id, Product.launched_at, Product.id),
    )
    columns = [
        select(aggregate).where(owner == merchant_id).scalar_subquery()
        for _, owner, latest, ident in marks
        for aggregate in (func.count(), func.max(latest), func.max(ident))
    ]
    return select(*columns)


def data_key(store: Store, merchant_id: str) -> tuple[Any, ...]:
    """High-water marks of the merchant's events, orders and catalog (cheap; indexed by merchant)."""
    with store.engine.connect() as conn:
        row = conn.execute(_data_key_query(merchant_id)).one()
    return tuple(str(value) for value in row)


def _epoch_seconds(values: Sequence[datetime]) -> np.ndarray:
    """UTC epoch seconds of naive-UTC (SQLite) or aware (PostgreSQL) datetimes."""
    naive = [v.astimezone(UTC).replace(tzinfo=None) if v.tzinfo else v for v in values]
    return np.array(naive, dtype="datetime64[s]").astype(np.int64).astype(np.float64)


def _load_events(conn: Any, merchant_id: str, now: datetime) -> list[Any]:
    return conn.execute(
        select(Event.customer_id, Event.product_id, Event.kind, Event.query, Event.created_at)
        .where(Event.merchant_id == merchant_id, Event.customer_id.is_not(None), Event.created_at <= now)
        .order_by(Event.id)
    ).all()


def _load_paid_orders(conn: Any, merchant_id: str, since: datetime, now: datetime) -> list[Any]:
    gmv = measure("gmv")
    return conn.execute(
        select(Order.customer_id, gmv.total())
        .where(
            Order.merchant_id == merchant_id,
            gmv.counted,
            Order.customer_id.is_not(None),
            Order.created_at >= since,
            Order.created_at <= now,
        )
        .group_by(Order.customer_id)
    ).all()


def _load_paid_items(conn: Any, merchant_id: str, now: datetime) -> list[Any]:
    units = measure("units")
    return conn.execute(
        select(Order.customer_id, OrderItem.product_id, units.total())
        .join(Order, Order.id == OrderItem.order_id)
        .where(
            OrderItem.merchant_id == merchant_id,
            Order.merchant_id == merchant_id,
            units.counted,
            Order.created_at <= now,
        )
        .group_by(Order.customer_id, OrderItem.product_id)
    ).all()


# ---------------------------------------------------------------------------------------------- build


def rebuild_profiles(
    store: Store, merchant_id: str, now: datetime, params: ProfileParams, embed: Embed
) -> MerchantProfiles:
    """Read the merchant's catalog, events and paid orders up to `now` and build its profile matrices.

    `embed(texts)` returns L2-normalised passage vectors (one row per text). Raises ValueError when the
    merchant has no products.
    """
    began = datetime.now(UTC)
    key = data_key(store, merchant_id)
    since = datetime.fromtimestamp(now.timestamp() - STATS_WINDOW_DAYS * DAY_SECONDS, UTC)
    with store.engine.connect() as conn:
        products = load_products(conn, merchant_id)
        events = _load_events(conn, merchant_id, now)
        gmv_rows = _load_paid_orders(conn, merchant_id, since, now)
        item_rows = _load_paid_items(conn, merchant_id, now)
    if not products:
        raise ValueError(f"merchant {merchant_id!r} has no products")

    customer_ids = np.array(sorted({str(e.customer_id) for e in events}), dtype=object)
    row_of = {c: i for i, c in enumerate(customer_ids)}
    queries = sorted({str(e.query).strip() for e in events if e.kind == "search" and e.query and str(e.query).strip()})
    product_col = {p.id: i for i, p in enumerate(products)}
    query_col = {q: len(products) + i for i, q in enumerate(queries)}
    n_customers, n_items = len(customer_ids), len(products) + len(queries)

    rows = np.fromiter((row_of[str(e.customer_id)] for e in events), dtype=np.int64, count=len(events))
    cols = np.fromiter(
        (
            query_col.get(str(e.query or "").strip(), -1) if e.kind == "search" else product_col.get(e.product_id, -1)
            for e in events
        ),
        dtype=np.int64,
        count=len(events),
    )
    kinds = np.array([EVENT_KINDS.index(e.kind) for e in events], dtype=np.int64)
    at = _epoch_seconds([e.created_at for e in events]) if events else np.zeros(0)
    age_days = np.maximum(now.timestamp() - at, 0.0) / DAY_SECONDS
    kind_weight = np.array([params.kind_weights[k] for k in EVENT_KINDS])[kinds]
    decayed = kind_weight * 0.5 ** (age_days / params.half_life_days)

    known = cols >= 0
    weights = np.bincount(
        rows[known] * n_items + cols[known], weights=decayed[known], minlength=n_customers * n_items
    ).reshape(n_customers, n_items)

    recent = age_days <= STATS_WINDOW_DAYS
    views = np.bincount(rows[recent & (kinds == 0)], minlength=n_customers).astype(np.float64)
    purchases = np.bincount(rows[recent & (kinds == 3)], minlength=n_customers).astype(np.float64)
    idle_days = np.full(n_customers, np.inf)
    np.minimum.at(idle_days, rows, age_days)

    gmv = np.zeros(n_customers)
    for customer, total in gmv_rows:
        if str(customer) in row_of:
            gmv[row_of[str(customer)]] += float(total or 0)

    categories = sorted({p.category for p in products})
    category_col = {name: i for i, name in enumerate(categories)}
    category_buys = np.zeros((n_customers, len(categories)), dtype=np.float32)
    product_sales = np.zeros(len(products))
    for customer, product_id, quantity in item_rows:
        if product_id not in product_col:
            continue
        product_sales[product_col[product_id]] += float(quantity or 0)
        if customer is not None and str(customer) in row_of:
            category_buys[row_of[str(customer)], category_col[products[product_col[product_id]].category]] += float(
                quantity or 0
            )

    item_vectors = normalise_rows(np.asarray(embed([p.content for p in products] + queries), dtype=np.float32))
    center = item_vectors[: len(products)].mean(axis=0)

    return MerchantProfiles(
        merchant_id=merchant_id,
        key=key,
        products=products,
        queries=queries,
        item_vectors=item_vectors,
        weights=weights.astype(np.float32),
        center=center.astype(np.float32),
        gmv=gmv,
        views=views,
        purchases=purchases,
        idle_days=idle_days,
        categories=categories,
        category_buys=category_buys,
        product_sales=product_sales,
        customer_ids=customer_ids,
        build_seconds=(datetime.now(UTC) - began).total_seconds(),
    )
