"""Customer interest profiles of one merchant as numpy matrices, built from trusted SQLAlchemy Core queries.

Items are the merchant's products followed by the distinct search-query texts its customers typed. For the
customers with at least one event (the "profiled" customers, sorted by id):
- `weights[c, i]`: sum over c's events on item i of kind_weight x 0.5 ** (age_days / half_life_days);
- `profiles[c]`: the L2-normalised weighted mean of the (catalog-centred) item vectors c touched;
- per-customer aggregates for segment statistics (paid GMV and view/purchase counts in the last 365 days,
  days since the last event, paid items per category).

The per-customer inputs are persisted in the store and kept up to date incrementally (copilot/segments/state.py);
each worker keeps a copy of them, reads only the rows written since, and assembles the matrices as of the
asked time. Every query binds the merchant id on every table it reads. `customer_ids` exists only so offline
benchmarks can join ground truth: tools must aggregate.
"""

from __future__ import annotations

import hashlib
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

import numpy as np
from sqlalchemy import Engine, bindparam, select, update

from copilot.segments import state
from copilot.segments.copies import WorkerCopy
from copilot.store import Store
from copilot.store.models import Product, ProfileItem

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

    @cached_property
    def profiles(self) -> np.ndarray:
        """(customers, dim) float32, L2-normalised, catalog-centred (computed on first use)."""
        totals = self.weights.sum(axis=1, keepdims=True, dtype=np.float64)
        shares = self.weights / np.where(totals > 0, totals, 1.0)
        return normalise_rows(shares @ (self.item_vectors - self.center))

    @cached_property
    def item_mass(self) -> np.ndarray:
        """(items,) float64: every profiled customer's weight on each item, summed (computed on first use)."""
        return self.weights.sum(axis=0, dtype=np.float64)

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


# ---------------------------------------------------------------------------------------------- catalog


def load_products(conn: Any, merchant_id: str) -> list[CatalogProduct]:
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


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


# ---------------------------------------------------------------------------------------------- assembly


def _vector_key(embed: Embed, text: str) -> str:
    name = f"{getattr(embed, '__module__', '')}.{getattr(embed, '__qualname__', type(embed).__name__)}"
    return hashlib.sha256(f"{name}\0{text}".encode()).hexdigest()[:32]


def _stored_items(store: Store, merchant_id: str) -> dict[tuple[str, str], Any]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(
                ProfileItem.kind, ProfileItem.key, ProfileItem.item_no, ProfileItem.vector_key, ProfileItem.vector
            ).where(ProfileItem.merchant_id == merchant_id)
        ).all()
    return {(r.kind, r.key): r for r in rows}


def _item_vectors(store: Store, merchant_id: str, keys: list[tuple[str, str, str]], embed: Embed) -> np.ndarray:
    """Passage vectors of (kind, key, text) items: from profile_items when cached under the same embedder and
    text, else embedded and cached there (items not numbered yet, such as a product nobody touched, are)."""
    stored = _stored_items(store, merchant_id)
    unnumbered = [(kind, key) for kind, key, _ in keys if (kind, key) not in stored]
    if unnumbered:
        state.number_items(store, merchant_id, unnumbered)
        stored = _stored_items(store, merchant_id)
    wanted = [_vector_key(embed, content) for _, _, content in keys]
    found: list[np.ndarray | None] = []
    for (kind, key, _), vector_key in zip(keys, wanted, strict=True):
        row = stored.get((kind, key))
        cached = row.vector if row is not None and row.vector_key == vector_key else None
        found.append(None if cached is None else np.frombuffer(cached, dtype=np.float32))
    missing = [i for i, vector in enumerate(found) if vector is None]
    if missing:
        fresh = np.asarray(embed([keys[i][2] for i in missing]), dtype=np.float32)
        saved = []
        for i, vector in zip(missing, fresh, strict=True):
            found[i] = vector
            number = stored[keys[i][:2]].item_no
            saved.append({"number": number, "vector_key": wanted[i], "vector": vector.tobytes()})
        with store.engine.begin() as conn:
            conn.execute(
                update(ProfileItem)
                .where(ProfileItem.merchant_id == merchant_id, ProfileItem.item_no == bindparam("number"))
                .values(vector_key=bindparam("vector_key"), vector=bindparam("vector")),
                saved,
            )
    if not found:
        return np.zeros((0, 0), dtype=np.float32)
    return normalise_rows(np.vstack([v for v in found if v is not None]))


@dataclass(frozen=True)
class Layout:
    """Which customers are the rows and which items the columns of an assembly."""

    profiled: np.ndarray  # (rows,) the copy's slot of each row, sorted by customer id
    row_of: np.ndarray  # (slots,) the row of each slot, -1 when not profiled
    column: np.ndarray  # (item numbers,) the column of each item, -1 when none
    queries: list[str]

    def same(self, other: Layout) -> bool:
        return (
            self.queries == other.queries
            and np.array_equal(self.profiled, other.profiled)
            and np.array_equal(self.column, other.column)
        )


def layout(store: Store, merchant_id: str, copy: WorkerCopy, products: list[CatalogProduct]) -> Layout:
    """The rows (customers with an event, sorted by id) and columns (the products, then the search texts of those
    customers, sorted) of the matrices assembled from this worker's copy."""
    with store.engine.connect() as conn:
        items = conn.execute(
            select(ProfileItem.item_no, ProfileItem.kind, ProfileItem.key).where(ProfileItem.merchant_id == merchant_id)
        ).all()
    order = copy.order
    profiled = order[~np.isnan(copy.last[order]) & (copy.id_array[order] != state.GUEST)]
    row_of = np.full(len(copy.ids), -1, dtype=np.int64)
    row_of[profiled] = np.arange(len(profiled))

    size = max((int(r.item_no) for r in items), default=-1) + 1
    kind_of = {int(r.item_no): (str(r.kind), str(r.key)) for r in items}
    product_col = {p.id: i for i, p in enumerate(products)}
    column = np.full(size, -1, dtype=np.int64)
    for number, (kind, key) in kind_of.items():
        if kind == "p" and key in product_col:
            column[number] = product_col[key]
    owners, numbers = copy.parts["item"]
    used = np.flatnonzero(np.bincount(numbers[row_of[owners] >= 0].astype(np.int64), minlength=size))
    queries = sorted(kind_of[int(n)][1] for n in used if kind_of[int(n)][0] == "q")
    query_col = {q: len(products) + i for i, q in enumerate(queries)}
    for n in used:
        kind, key = kind_of[int(n)]
        if kind == "q":
            column[int(n)] = query_col[key]
    return Layout(profiled, row_of, column, queries)


class _Rows:
    """Sums of the copy's values per row of a layout, over every customer or only over some slots' customers."""

    def __init__(self, copy: WorkerCopy, place: Layout, slots: np.ndarray | None) -> None:
        self.copy, self.place = copy, place
        if slots is None:
            self.index, self.size = place.row_of, len(place.profiled)
            self.rows = np.arange(self.size)
        else:
            rows = place.row_of[slots]
            self.rows = np.unique(rows[rows >= 0])
            self.index = np.full(len(place.row_of), -1, dtype=np.int64)
            self.index[place.profiled[self.rows]] = np.arange(len(self.rows))
            self.size = len(self.rows)

    def values(self, part: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(local row, item number or time, mask over the part) of the part's values owned by these rows."""
        owner, values = self.copy.parts[part]
        local = self.index[owner]
        mask = local >= 0
        return local[mask], values[mask], mask

    def window_sum(self, part: str, since: float, amounts: str | None = None) -> np.ndarray:
        local, at, mask = self.values(part)
        recent = at >= since
        weights = None if amounts is None else self.copy.parts[amounts][1][mask][recent]
        return np.bincount(local[recent], weights=weights, minlength=self.size).astype(np.float64)


@dataclass(frozen=True)
class _Filled:
    weights: np.ndarray
    gmv: np.ndarray
    views: np.ndarray
    purchases: np.ndarray
    category_buys: np.ndarray


def _fill(
    rows: _Rows, products: list[CatalogProduct], categories: list[str], now: datetime, params: ProfileParams
) -> _Filled:
    """The rows' weights, statistics window sums and paid items per category as of `now`."""
    column = rows.place.column
    factor = 2.0 ** (-(now.timestamp() - state.EPOCH) / (params.half_life_days * DAY_SECONDS))
    local, numbers, mask = rows.values("item")
    cols = column[numbers.astype(np.int64)]
    keep = cols >= 0
    weights = np.zeros((rows.size, len(products) + len(rows.place.queries)), dtype=np.float32)
    weights[local[keep], cols[keep]] = (rows.copy.parts["weight"][1][mask][keep] * factor).astype(np.float32)

    since = now.timestamp() - STATS_WINDOW_DAYS * DAY_SECONDS
    category_index = {name: i for i, name in enumerate(categories)}
    category_of = np.array([category_index[p.category] for p in products], dtype=np.int64)
    buyer, bought_no, bought = rows.values("bought_item")
    bought_col = column[bought_no.astype(np.int64)]
    known = (bought_col >= 0) & (bought_col < len(products))
    flat = buyer[known] * len(categories) + category_of[bought_col[known]]
    quantity = rows.copy.parts["bought_qty"][1][bought][known]
    category_buys = np.bincount(flat, weights=quantity, minlength=rows.size * len(categories))
    return _Filled(
        weights=weights,
        gmv=rows.window_sum("order_at", since, "order_total"),
        views=rows.window_sum("view", since),
        purchases=rows.window_sum("purchase", since),
        category_buys=category_buys.reshape(rows.size, len(categories)).astype(np.float32),
    )


def _product_sales(copy: WorkerCopy, place: Layout, n_products: int) -> np.ndarray:
    """Paid items per product over every buyer (guests and customers without events too)."""
    bought_no = copy.parts["bought_item"][1]
    bought_col = place.column[bought_no.astype(np.int64)] if len(bought_no) else np.zeros(0, dtype=np.int64)
    known = (bought_col >= 0) & (bought_col < n_products)
    return np.bincount(bought_col[known], weights=copy.parts["bought_qty"][1][known], minlength=n_products)


def assemble(
    store: Store,
    merchant_id: str,
    copy: WorkerCopy,
    products: list[CatalogProduct],
    now: datetime,
    params: ProfileParams,
    embed: Embed,
    place: Layout | None = None,
) -> MerchantProfiles:
    """The profile matrices as of `now` from this worker's copy of the customers' persisted states."""
    if not products:
        raise ValueError(f"merchant {merchant_id!r} has no products")
    place = place or layout(store, merchant_id, copy, products)
    categories = sorted({p.category for p in products})
    filled = _fill(_Rows(copy, place, None), products, categories, now, params)
    texts = [("p", p.id, p.content) for p in products] + [("q", q, q) for q in place.queries]
    item_vectors = _item_vectors(store, merchant_id, texts, embed)
    return MerchantProfiles(
        merchant_id=merchant_id,
        key=(),
        products=products,
        queries=place.queries,
        item_vectors=item_vectors,
        center=item_vectors[: len(products)].mean(axis=0).astype(np.float32),
        idle_days=np.maximum(now.timestamp() - copy.last[place.profiled], 0.0) / DAY_SECONDS,
        categories=categories,
        product_sales=_product_sales(copy, place, len(products)),
        customer_ids=copy.id_array[place.profiled],
        weights=filled.weights,
        gmv=filled.gmv,
        views=filled.views,
        purchases=filled.purchases,
        category_buys=filled.category_buys,
    )


def patch(
    previous: MerchantProfiles, copy: WorkerCopy, place: Layout, slots: np.ndarray, now: datetime, params: ProfileParams
) -> MerchantProfiles:
    """`previous` (assembled for the same `now`, parameters, catalog and layout) with the rows of the customers
    in `slots` (whose states changed since) computed again: the same matrices as an assembly, for the cost of
    those customers and a copy of the rest."""
    rows = _Rows(copy, place, slots)
    filled = _fill(rows, previous.products, previous.categories, now, params)

    def merged(name: str) -> np.ndarray:
        whole: np.ndarray = getattr(previous, name).copy()
        whole[rows.rows] = getattr(filled, name)
        return whole

    return replace(
        previous,
        weights=merged("weights"),
        gmv=merged("gmv"),
        views=merged("views"),
        purchases=merged("purchases"),
        category_buys=merged("category_buys"),
        idle_days=np.maximum(now.timestamp() - copy.last[place.profiled], 0.0) / DAY_SECONDS,
        product_sales=_product_sales(copy, place, len(previous.products)),
    )


# ---------------------------------------------------------------------------------------------- cache


_COPIES: weakref.WeakKeyDictionary[Engine, dict[str, WorkerCopy]] = weakref.WeakKeyDictionary()
_COPIES_LOCK = threading.Lock()


def merchant_profiles(
    store: Store, merchant_id: str, now: datetime, params: ProfileParams, embed: Embed
) -> MerchantProfiles:
    """The merchant's profiles as of `now`: the persisted states are first brought up to date (only the
    customers whose data changed are recomputed, copilot/segments/state.py), this worker reads the rows that
    changed since its last read, and the matrices are assembled for `now` (reused while nothing changed)."""
    began = time.perf_counter()
    mark = state.refresh(store, merchant_id, now, params.kind_weights, params.half_life_days)
    with store.engine.connect() as conn:
        products = load_products(conn, merchant_id)
    with _COPIES_LOCK:
        copy = _COPIES.setdefault(store.engine, {}).setdefault(merchant_id, WorkerCopy())
    key = (mark.generation, mark.version, now.isoformat(), params.key, tuple(products))
    with copy.lock:
        previous = copy.assembled
        if previous is not None and previous.key == key:
            return previous
        copy.load(store, merchant_id, mark)
        place = layout(store, merchant_id, copy, products)
        if previous is not None and previous.key[2:] == key[2:] and copy.layout is not None and place.same(copy.layout):
            built = patch(previous, copy, place, copy.changed, now, params)
        else:
            built = assemble(store, merchant_id, copy, products, now, params, embed, place)
        built.key = key
        built.build_seconds = time.perf_counter() - began
        copy.assembled, copy.layout, copy.changed = built, place, copy.changed[:0]
        return built
