"""Customer interest profiles of one merchant as numpy matrices, built from trusted SQLAlchemy Core queries.

Items are the merchant's products followed by the distinct search-query texts its customers typed. For the
customers with at least one event (the "profiled" customers, sorted by id):
- `weights[c, i]`: sum over c's events on item i of kind_weight x 0.5 ** (age_days / half_life_days);
- `profiles[c]`: the L2-normalised weighted mean of the (catalog-centred) item vectors c touched;
- per-customer aggregates for segment statistics (paid GMV and view/purchase counts in the last 365 days,
  days since the last event, paid items per category).

Every query binds the merchant id on every table it reads. The result is cached per (engine, merchant)
and rebuilt when the data's high-water marks (event/order/product counts and latest times) or the clock's
day change. `customer_ids` exists only so offline benchmarks can join ground truth: tools must aggregate.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine, Select, func, select

from copilot.store import Store
from copilot.store.models import Event, Order, OrderItem, Product

EVENT_KINDS: tuple[str, ...] = ("view", "click", "cart", "purchase", "search")
STATS_WINDOW_DAYS = 365
DAY_SECONDS = 86_400.0

Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class ProfileParams:
    """How events become profile weights: weight per event kind and the half-life of the age decay."""

    half_life_days: float
    kind_weights: Mapping[str, float]

    def __post_init__(self) -> None:
        if self.half_life_days <= 0:
            raise ValueError("half_life_days must be positive")
        missing = set(EVENT_KINDS) - set(self.kind_weights)
        if missing:
            raise ValueError(f"kind_weights lacks {sorted(missing)}")

    @property
    def key(self) -> tuple[float, tuple[tuple[str, float], ...]]:
        return self.half_life_days, tuple(sorted(self.kind_weights.items()))


@dataclass(frozen=True)
class CatalogProduct:
    id: str
    title: str
    title_en: str
    category: str
    tags: str
    description: str
    launched_at: datetime | None

    @property
    def content(self) -> str:
        """The text embedded for the product: titles, category, tags and description."""
        return " ".join(
            part for part in (self.title, self.title_en, self.category, self.tags, self.description) if part
        )

    @property
    def keywords_text(self) -> str:
        """Lower-cased short text for keyword matching (no description)."""
        return " ".join((self.title, self.title_en, self.category, self.tags)).lower()


@dataclass
class MerchantProfiles:
    """One merchant's profile matrices (see the module docstring). Rows are profiled customers."""

    merchant_id: str
    key: tuple[Any, ...]
    products: list[CatalogProduct]
    queries: list[str]
    item_vectors: np.ndarray  # (items, dim) float32, L2-normalised passage vectors
    weights: np.ndarray  # (customers, items) float32
    profiles: np.ndarray  # (customers, dim) float32, L2-normalised, catalog-centred
    center: np.ndarray  # (dim,) the catalog mean used for centring
    gmv: np.ndarray  # (customers,) paid GMV in the stats window
    views: np.ndarray  # (customers,) view events in the stats window
    purchases: np.ndarray  # (customers,) purchase events in the stats window
    idle_days: np.ndarray  # (customers,) days since the last event
    categories: list[str]
    category_buys: np.ndarray  # (customers, categories) paid items, all history
    product_sales: np.ndarray  # (products,) paid items, all history
    customer_ids: np.ndarray = field(repr=False)  # benchmarks only; never shown by a tool
    build_seconds: float = 0.0

    @property
    def n_customers(self) -> int:
        return int(self.weights.shape[0])

    @property
    def n_products(self) -> int:
        return len(self.products)

    def item_texts(self) -> list[str]:
        """Lower-cased keyword text of every item (products, then queries)."""
        return [p.keywords_text for p in self.products] + [q.lower() for q in self.queries]

    def category_of_products(self) -> np.ndarray:
        """(products,) index into `categories` of each product."""
        index = {name: i for i, name in enumerate(self.categories)}
        return np.array([index[p.category] for p in self.products], dtype=np.int64)


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


def _load_products(conn: Any, merchant_id: str) -> list[CatalogProduct]:
    rows = conn.execute(
        select(
            Product.id,
            Product.title,
            Product.title_en,
            Product.category,
            Product.tags,
            Product.description,
            Product.launched_at,
        )
        .where(Product.merchant_id == merchant_id)
        .order_by(Product.id)
    ).all()
    return [
        CatalogProduct(
            id=str(r.id),
            title=str(r.title),
            title_en=str(r.title_en or ""),
            category=str(r.category),
            tags=str(r.tags or "").replace(",", " "),
            description=str(r.description or ""),
            launched_at=r.launched_at,
        )
        for r in rows
    ]


def _load_events(conn: Any, merchant_id: str, now: datetime) -> list[Any]:
    return conn.execute(
        select(Event.customer_id, Event.product_id, Event.kind, Event.query, Event.created_at)
        .where(Event.merchant_id == merchant_id, Event.customer_id.is_not(None), Event.created_at <= now)
        .order_by(Event.id)
    ).all()


def _load_paid_orders(conn: Any, merchant_id: str, since: datetime, now: datetime) -> list[Any]:
    return conn.execute(
        select(Order.customer_id, func.sum(Order.total_amount))
        .where(
            Order.merchant_id == merchant_id,
            Order.status == "paid",
            Order.customer_id.is_not(None),
            Order.created_at >= since,
            Order.created_at <= now,
        )
        .group_by(Order.customer_id)
    ).all()


def _load_paid_items(conn: Any, merchant_id: str, now: datetime) -> list[Any]:
    return conn.execute(
        select(Order.customer_id, OrderItem.product_id, func.sum(OrderItem.quantity))
        .join(Order, Order.id == OrderItem.order_id)
        .where(
            OrderItem.merchant_id == merchant_id,
            Order.merchant_id == merchant_id,
            Order.status == "paid",
            Order.created_at <= now,
        )
        .group_by(Order.customer_id, OrderItem.product_id)
    ).all()


# ---------------------------------------------------------------------------------------------- build


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def build_profiles(
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
        products = _load_products(conn, merchant_id)
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

    item_vectors = _normalise_rows(np.asarray(embed([p.content for p in products] + queries), dtype=np.float32))
    center = item_vectors[: len(products)].mean(axis=0)
    totals = weights.sum(axis=1, keepdims=True)
    shares = weights / np.where(totals > 0, totals, 1.0)
    profiles = _normalise_rows(shares @ (item_vectors - center))

    return MerchantProfiles(
        merchant_id=merchant_id,
        key=key,
        products=products,
        queries=queries,
        item_vectors=item_vectors,
        weights=weights.astype(np.float32),
        profiles=profiles,
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


# ---------------------------------------------------------------------------------------------- cache

_CACHE: weakref.WeakKeyDictionary[Engine, dict[str, MerchantProfiles]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
_BUILD_LOCKS: dict[tuple[int, str], threading.Lock] = {}


def merchant_profiles(
    store: Store, merchant_id: str, now: datetime, params: ProfileParams, embed: Embed
) -> MerchantProfiles:
    """The merchant's profiles as of `now`, from the per-(engine, merchant) cache when the data's
    high-water marks, the clock's day and the parameters are unchanged; otherwise rebuilt (and cached)."""
    key = (*data_key(store, merchant_id), now.date().isoformat(), params.key)
    with _CACHE_LOCK:
        cached = _CACHE.get(store.engine, {}).get(merchant_id)
        build_lock = _BUILD_LOCKS.setdefault((id(store.engine), merchant_id), threading.Lock())
    if cached is not None and cached.key == key:
        return cached
    with build_lock:
        with _CACHE_LOCK:
            cached = _CACHE.get(store.engine, {}).get(merchant_id)
        if cached is not None and cached.key == key:
            return cached
        built = build_profiles(store, merchant_id, now, params, embed)
        built.key = key
        with _CACHE_LOCK:
            _CACHE.setdefault(store.engine, {})[merchant_id] = built
        return built
