"""The campaign's products: named ones, categories, or the objective's default (new products, slow movers)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.analytics.measures import measure
from copilot.campaigns.config import load_config
from copilot.campaigns.request import CampaignRequest
from copilot.catalog.resolve import CatalogItem, Unresolved, resolve
from copilot.context import Context
from copilot.store.models import Order, OrderItem, Product
from copilot.store.timestamps import as_date, midnight_bound
from tools.result import ToolRefusal


@dataclass(frozen=True)
class ProductRow:
    id: str
    title: str
    title_en: str | None
    category: str
    tags: str
    launched_at: date
    stock: int


def load_catalog(session: Session, merchant_id: str) -> list[ProductRow]:
    rows = session.execute(
        select(
            Product.id,
            Product.title,
            Product.title_en,
            Product.category,
            Product.tags,
            Product.launched_at,
            Product.stock,
        )
        .where(Product.merchant_id == merchant_id)
        .order_by(Product.id)
    ).all()
    return [
        ProductRow(r.id, r.title, r.title_en, r.category, r.tags or "", as_date(r.launched_at), int(r.stock or 0))
        for r in rows
    ]


def _resolved(catalog: list[ProductRow], words: str, slot: str) -> list[ProductRow]:
    items = [CatalogItem.of(p.id, p.title, p.title_en, p.category, p.tags) for p in catalog]
    try:
        ids = set(resolve(items, words).products)
    except Unresolved as missing:
        categories = ", ".join(sorted({p.category for p in catalog}))
        raise ToolRefusal(f"no {slot} matching {missing.word!r} in this store; categories: {categories}") from None
    return [p for p in catalog if p.id in ids]


def _slow_movers(
    session: Session, ctx: Context, catalog: list[ProductRow], count: int, today: date
) -> list[ProductRow]:
    """The `count` products with the most days of stock at their last-90-days sales pace."""
    since = today - timedelta(days=load_config().history.days - 1)
    units = measure("units")
    sold: dict[str, Any] = dict(
        session.execute(
            select(OrderItem.product_id, units.total())
            .join(Order, Order.id == OrderItem.order_id)
            .where(OrderItem.merchant_id == ctx.merchant_id, Order.merchant_id == ctx.merchant_id)
            .where(
                units.counted,
                Order.created_at >= midnight_bound(session, since),
                Order.created_at < midnight_bound(session, today, 1),
            )
            .group_by(OrderItem.product_id)
        ).all()
    )
    days = load_config().history.days

    def cover(p: ProductRow) -> float:
        per_day = float(sold.get(p.id) or 0) / days
        return p.stock / per_day if per_day else math.inf

    stocked = [p for p in catalog if p.stock > 0]
    return sorted(stocked, key=lambda p: (-cover(p), p.id))[:count]


def choose_products(
    session: Session, ctx: Context, request: CampaignRequest, catalog: list[ProductRow], today: date
) -> tuple[list[ProductRow], str]:
    """The campaign's products and how they were chosen; ToolRefusal when nothing matches."""
    if request.product:
        return _resolved(catalog, request.product, "product"), f"product {request.product}"
    if request.category:
        return _resolved(catalog, request.category, "category"), f"category {request.category}"
    default = load_config().objectives[request.objective].default_products
    if default.new_within_days is not None:
        cutoff = today - timedelta(days=default.new_within_days)
        new = [p for p in catalog if p.launched_at >= cutoff]
        if not new:
            raise ToolRefusal(
                f"no product launched in the last {default.new_within_days} days; say which product to launch"
            )
        return new, f"products launched in the last {default.new_within_days} days"
    if default.slowest_movers is not None:
        movers = _slow_movers(session, ctx, catalog, default.slowest_movers, today)
        if not movers:
            raise ToolRefusal("no product in stock to clear; say which products or category")
        return movers, f"the {len(movers)} products with the most days of stock at the last 90 days' pace"
    if not catalog:
        raise ToolRefusal("this store has no products to promote")
    return catalog, "the whole catalog"
