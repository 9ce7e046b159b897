"""A metric query's filters: product, category, region and channel words resolved to stored values."""

from __future__ import annotations

import re

from sqlalchemy import select

from copilot.analytics.metrics import (
    channel_value,
    definitions,
)
from copilot.analytics.runner import MAX_FILTER_MATCHES, run_query
from copilot.catalog.resolve import CatalogItem, Unresolved, resolve
from copilot.context import Context
from copilot.store.models import Product
from copilot.store.sales import SqlSalesRunner
from tools.result import ToolRefusal

_LIST_SEPARATORS = re.compile(r"\s*[,，、;；/]\s*")


def _catalog(ctx: Context) -> list[CatalogItem]:
    """Every product of the merchant, read directly (the SQL runner caps rows and bytes: a store with more products
    than its row cap would have had the rest answered as "not sold")."""
    columns = (Product.id, Product.title, Product.title_en, Product.category, Product.tags)
    with ctx.store.engine.connect() as conn:
        rows = conn.execute(select(*columns).where(Product.merchant_id == ctx.merchant_id).order_by(Product.id))
        return [CatalogItem.of(r.id, r.title, r.title_en, r.category, r.tags) for r in rows]


def resolve_products(runner: SqlSalesRunner, ctx: Context, text: str) -> list[tuple[str, str]]:
    """(id, title) of the products named by ``text`` (the one catalog resolver; a category names its products)."""
    if not text.strip():
        raise ToolRefusal("product is empty: give a product id or a part of its title")
    items = _catalog(ctx)
    try:
        ids = set(resolve(items, text).products)
    except Unresolved as missing:
        titles = [p.title for p in items]
        raise ToolRefusal(
            f"no product matches {missing.word!r} in this store{_did_you_mean(missing.close)}. Nothing was "
            "computed: answer that the store does not sell it, or use a product id or part of a title, e.g.: "
            + ", ".join(list(dict.fromkeys([*missing.close, *titles]))[:15])
        ) from None
    return [(p.id, p.title) for p in items if p.id in ids][:MAX_FILTER_MATCHES]


def _did_you_mean(close: list[str]) -> str:
    return f" (did you mean {', '.join(close)}?)" if close else ""


def resolve_categories(runner: SqlSalesRunner, ctx: Context, text: str) -> list[str]:
    """The stored categories named by ``text`` (the one catalog resolver; words naming products, not a
    category, are refused)."""
    items = _catalog(ctx)
    categories = sorted({p.category for p in items})
    try:
        found = resolve(items, text)
    except Unresolved as missing:
        found, close, word = None, missing.close, missing.word
    else:
        close, word = [], text
    if found is None or not found.categories:
        raise ToolRefusal(
            f"no category matches {word!r} in this store{_did_you_mean(close)}. "
            f"Nothing was computed: answer that the store does not sell it, or use the store's categories: "
            f"{', '.join(categories)}"
        )
    return list(found.categories)


def _listed(text: str) -> list[str]:
    """The names of a comma-separated filter value ("search,recommend", "广东、浙江"), each once."""
    return list(dict.fromkeys(part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()))


def resolve_regions(runner: SqlSalesRunner, ctx: Context, text: str) -> tuple[list[str], list[str]]:
    """The stored customer regions named by ``text``, several comma-separated (each exact, case-insensitive; else
    containing it), and the names no customer's region matches ("新疆,西藏" where none live in 西藏): refused when
    no name matches."""
    rows = run_query(runner, ctx, "SELECT DISTINCT region FROM customers ORDER BY region").rows
    regions = [str(row[0]) for row in rows if row[0] is not None]
    found: list[str] = []
    absent: list[str] = []
    for wanted in _listed(text) or [text]:
        low = wanted.lower()
        exact = [name for name in regions if name.lower() == low]
        partial = [name for name in regions if low and (low in name.lower() or name.lower() in low)]
        if not exact and not partial:
            absent.append(wanted)
        found.extend(name for name in exact or partial if name not in found)
    if not found:
        missing = absent[0].lower()
        raise ToolRefusal(f"no customer region matches {missing!r}; the regions are: {', '.join(regions[:40])}")
    return found, absent


def resolve_channels(text: str) -> list[str]:
    """The stored channels named by ``text``, several comma-separated ("直播", "search,recommend")."""
    found: list[str] = []
    for word in _listed(text) or [text]:
        value = channel_value(word)
        if value is None:
            raise ToolRefusal(f"unknown channel {word!r}; use one of: {', '.join(definitions()['channels'])}")
        if value not in found:
            found.append(value)
    return found
