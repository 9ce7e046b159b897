"""The detector's SQL: trusted queries with the merchant bound on every table, one row per product and day."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from copilot.analytics.measures import measure
from copilot.anomalies.rules import rules
from copilot.store.models import Event, Merchant, Order, OrderItem, Product
from copilot.store.timestamps import as_date, day_of, midnight_bound


@dataclass(frozen=True)
class ProductInfo:
    id: str
    title: str
    category: str
    stock: int
    price: float
    launched: date | None
    title_en: str | None = None
    tags: str | None = None


def merchant_facts(conn: Connection, merchant_id: str) -> tuple[str, date | None]:
    """(currency, day of the merchant's first order); the day is None for a merchant without orders."""
    m = Merchant.__table__.c
    o = Order.__table__.c
    currency = conn.execute(select(m.currency).where(m.id == merchant_id)).scalar_one_or_none()
    first = conn.execute(select(func.min(o.created_at)).where(o.merchant_id == merchant_id)).scalar_one()
    return currency or "", None if first is None else as_date(first)


def products_of(conn: Connection, merchant_id: str) -> list[ProductInfo]:
    p = Product.__table__.c
    rows = conn.execute(
        select(p.id, p.title, p.category, p.stock, p.price, p.launched_at, p.title_en, p.tags)
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
            launched=None if r.launched_at is None else as_date(r.launched_at),
            title_en=r.title_en,
            tags=r.tags,
        )
        for r in rows
    ]


def daily_sales(conn: Connection, merchant_id: str, start: date, end: date) -> Iterable[Any]:
    """One row per product and day in ``start <= day < end``: paid units, GMV, line counts, units per channel."""
    o = Order.__table__.c
    oi = OrderItem.__table__.c
    day = day_of(o.created_at, conn.dialect.name).label("day")
    units, gmv = measure("units"), measure("item_gmv")
    channel_columns = [units.total_if(o.channel == channel).label(f"ch_{channel}") for channel in rules()["channels"]]
    query = (
        select(
            oi.product_id,
            day,
            units.total_if().label("units"),
            gmv.total_if().label("gmv"),
            measure("paid_lines").total_if().label("paid_lines"),
            measure("refunded_lines").total_if().label("refunded_lines"),
            func.count().label("lines"),
            *channel_columns,
        )
        .select_from(OrderItem.__table__.join(Order.__table__, o.id == oi.order_id))
        .where(
            o.merchant_id == merchant_id,
            oi.merchant_id == merchant_id,
            o.created_at >= midnight_bound(conn, start),
            o.created_at < midnight_bound(conn, end),
        )
        .group_by(oi.product_id, day)
    )
    return conn.execute(query)


def daily_views(
    conn: Connection, merchant_id: str, product_ids: Sequence[str], start: date, end: date
) -> Iterable[Any]:
    """One row per product and day in ``start <= day < end``: the count of view events."""
    e = Event.__table__.c
    day = day_of(e.created_at, conn.dialect.name).label("day")
    query = (
        select(e.product_id, day, func.count().label("views"))
        .where(
            e.merchant_id == merchant_id,
            e.kind == "view",
            e.product_id.in_(list(product_ids)),
            e.created_at >= midnight_bound(conn, start),
            e.created_at < midnight_bound(conn, end),
        )
        .group_by(e.product_id, day)
    )
    return conn.execute(query)
