"""Customer profiles persisted per merchant in the store and kept up to date incrementally.

Each customer of a merchant has one `customer_profiles` row whose `state` holds, as float64 values:
a header (counts and the time of the last event), the customer's item weights anchored at EPOCH
(sum of kind_weight x 2 ** ((t - EPOCH) / half_life) over their events on the item, so the weights as of
any `now` are these times one factor), the times of their view and purchase events, the time and total of
their paid orders, and their paid quantity per product. Everything time-dependent (decay, 365-day
windows, idle days) is applied when the matrices are assembled (copilot/segments/profiles.py).

The state holds the data created up to `profile_state.as_of`. Triggers (migration 0023) mark a customer in
`profile_dirty` whenever one of their events, orders or order lines changes (on PostgreSQL, statement triggers of
migration 0025 append to `profile_marks` instead, without row locks, and the refresh moves those marks into
`profile_dirty` under the merchant's lock; a merchant's first refresh there waits for the writes in flight when
its marks were switched on); `refresh` moves `as_of` to
the asked time (marking the customers with data in between) and recomputes the marked customers only, in
chunks, each from that customer's own rows: an update touches nothing else, and a full rebuild is the
same computation over every customer. Memory stays bounded by a chunk whatever the store's size.
Every statement binds the merchant; one refresh per merchant runs at a time (a PostgreSQL advisory
lock, shared by all workers; a process lock on SQLite, where writes are serialised anyway).
"""

from __future__ import annotations

import json
import math
import random
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    Float,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)

from copilot.analytics.measures import measure
from copilot.store import Store
from copilot.store.models import (
    CustomerProfile,
    Event,
    Order,
    OrderItem,
    ProfileDirty,
    ProfileItem,
    ProfileMark,
    ProfileState,
)

EPOCH = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
DAY_SECONDS = 86_400.0
HEADER = 6  # n_weights, n_views, n_purchases, n_orders, n_products_bought, last event time (nan: no event)
CHUNK = 2_000
GUEST = ""


def seconds(value: datetime) -> float:
    """UTC epoch seconds of a naive-UTC (SQLite) or aware (PostgreSQL) datetime."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


def epoch_ms(conn: Connection, column: Any) -> ColumnElement[Any]:
    """A timestamp column as UTC epoch seconds, to the millisecond, computed by the database (no per-row
    datetime parsing in Python: SQLite keeps times as text and its julianday counts whole milliseconds)."""
    if conn.dialect.name == "postgresql":
        return func.round(func.extract("epoch", column) * 1000).cast(Float) / 1000.0
    return func.round((func.julianday(column) - 2440587.5) * 86_400_000.0) / 1000.0


@dataclass(frozen=True)
class StateMark:
    """Which persisted state a refresh left: `generation` changes on a full rebuild, `version` on any write."""

    generation: str
    version: int


# ---------------------------------------------------------------------------------------------- items


class Items:
    """The merchant's profile columns (products and search texts), numbered once for good."""

    def __init__(self, conn: Connection, merchant_id: str) -> None:
        self.merchant_id = merchant_id
        rows = conn.execute(
            select(ProfileItem.kind, ProfileItem.key, ProfileItem.item_no).where(ProfileItem.merchant_id == merchant_id)
        ).all()
        self.numbers: dict[tuple[str, str], int] = {(r.kind, r.key): int(r.item_no) for r in rows}
        self.new: list[dict[str, Any]] = []

    def number(self, kind: str, key: str) -> int:
        found = self.numbers.get((kind, key))
        if found is None:
            found = len(self.numbers)
            self.numbers[(kind, key)] = found
            self.new.append({"merchant_id": self.merchant_id, "item_no": found, "kind": kind, "key": key})
        return found

    def save(self, conn: Connection) -> None:
        if self.new:
            conn.execute(insert(ProfileItem), self.new)
            self.new = []


# ---------------------------------------------------------------------------------------------- computation


def _chunked_by_customer(rows: Sequence[Any]) -> Iterator[tuple[str, list[Any]]]:
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i][0] != rows[start][0]:
            yield str(rows[start][0]), list(rows[start:i])
            start = i


def compute_states(
    conn: Connection,
    merchant_id: str,
    customers: Sequence[str],
    as_of: datetime,
    kind_weights: Mapping[str, float],
    half_life_days: float,
    items: Items,
) -> dict[str, bytes]:
    """The encoded state of each customer (GUEST: guest orders' items) from their rows created up to `as_of`."""
    named = [c for c in customers if c != GUEST]
    events = conn.execute(
        select(Event.customer_id, Event.product_id, Event.kind, Event.query, epoch_ms(conn, Event.created_at))
        .where(Event.merchant_id == merchant_id, Event.customer_id.in_(named), Event.created_at <= as_of)
        .order_by(Event.customer_id, Event.id)
    ).all()
    owner: ColumnElement[bool] = Order.customer_id.in_(named)
    if GUEST in customers:
        owner = or_(owner, Order.customer_id.is_(None))
    gmv, units = measure("gmv"), measure("units")
    window = (Order.merchant_id == merchant_id, Order.created_at <= as_of, owner)
    orders = conn.execute(
        select(Order.customer_id, epoch_ms(conn, Order.created_at), gmv.value)
        .where(gmv.counted, *window)
        .order_by(Order.customer_id, Order.id)
    ).all()
    bought = conn.execute(
        select(Order.customer_id, OrderItem.product_id, units.value)
        .join(Order, Order.id == OrderItem.order_id)
        .where(OrderItem.merchant_id == merchant_id, units.counted, *window)
        .order_by(Order.customer_id, OrderItem.id)
    ).all()

    scale = half_life_days * DAY_SECONDS
    per_customer: dict[str, dict[str, Any]] = {c: {} for c in customers}
    for customer, rows in _chunked_by_customer(events):
        weights: dict[int, float] = {}
        views, purchases, last = [], [], -math.inf
        for _, product_id, kind, query, at in rows:
            last = max(last, at)
            if kind == "view":
                views.append(at)
            elif kind == "purchase":
                purchases.append(at)
            words = str(query or "").strip() if kind == "search" else ""
            if kind == "search" and words:
                item = items.number("q", words)
            elif kind != "search" and product_id is not None:
                item = items.number("p", str(product_id))
            else:
                continue
            weights[item] = weights.get(item, 0.0) + kind_weights[kind] * 2.0 ** ((at - EPOCH) / scale)
        per_customer[customer].update(weights=weights, views=views, purchases=purchases, last=last)
    for customer, rows in _chunked_by_customer([(r[0] or GUEST, *r[1:]) for r in orders]):
        per_customer[customer]["orders"] = [(float(at), float(total or 0)) for _, at, total in rows]
    for customer, rows in _chunked_by_customer([(r[0] or GUEST, *r[1:]) for r in bought]):
        quantities: dict[int, float] = {}
        for _, product_id, quantity in rows:
            item = items.number("p", str(product_id))
            quantities[item] = quantities.get(item, 0.0) + float(quantity or 0)
        per_customer[customer]["bought"] = quantities
    return {customer: encode(parts) for customer, parts in per_customer.items()}


def encode(parts: Mapping[str, Any]) -> bytes:
    weights: dict[int, float] = parts.get("weights", {})
    views: list[float] = parts.get("views", [])
    purchases: list[float] = parts.get("purchases", [])
    orders: list[tuple[float, float]] = parts.get("orders", [])
    bought: dict[int, float] = parts.get("bought", {})
    last = parts.get("last", -math.inf)
    header = [
        len(weights),
        len(views),
        len(purchases),
        len(orders),
        len(bought),
        last if last > -math.inf else math.nan,
    ]
    values = [
        *header,
        *weights.keys(),
        *weights.values(),
        *views,
        *purchases,
        *(t for t, _ in orders),
        *(amount for _, amount in orders),
        *bought.keys(),
        *bought.values(),
    ]
    return np.asarray(values, dtype=np.float64).tobytes()


# ---------------------------------------------------------------------------------------------- refresh

_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def params_key(kind_weights: Mapping[str, float], half_life_days: float) -> str:
    return json.dumps({"half_life_days": half_life_days, "kind_weights": dict(sorted(kind_weights.items()))})


def _read_state(conn: Connection, merchant_id: str) -> Any:
    return conn.execute(select(ProfileState).where(ProfileState.merchant_id == merchant_id)).one_or_none()


def _data_between(conn: Connection, merchant_id: str, low: datetime, high: datetime) -> bool:
    """Whether any event or order of the merchant was created in (low, high]."""
    for table in (Event, Order):
        found = conn.execute(
            select(table.id)
            .where(table.merchant_id == merchant_id, table.created_at > low, table.created_at <= high)
            .limit(1)
        ).first()
        if found is not None:
            return True
    return False


def _has_dirty(conn: Connection, merchant_id: str) -> bool:
    """Customers marked since the last refresh; profile_marks is written only on PostgreSQL (migration 0025)."""
    tables = (ProfileDirty, ProfileMark) if conn.dialect.name == "postgresql" else (ProfileDirty,)
    return any(
        conn.execute(select(table.customer_id).where(table.merchant_id == merchant_id).limit(1)).first() is not None
        for table in tables
    )


def _take_marks(conn: Connection, merchant_id: str) -> None:
    """Move the marks PostgreSQL's statement triggers appended (migration 0025) into profile_dirty; only the
    updater holding the merchant's lock writes profile_dirty there, so writers never wait on its rows."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(
        text(
            "WITH taken AS (DELETE FROM profile_marks WHERE merchant_id = :merchant RETURNING customer_id) "
            "INSERT INTO profile_dirty (merchant_id, customer_id, token) "
            "SELECT DISTINCT :merchant, customer_id, :token FROM taken "
            "ON CONFLICT (merchant_id, customer_id) DO UPDATE SET token = excluded.token"
        ),
        {"merchant": merchant_id, "token": random.getrandbits(62)},
    )


def _enable_marks(conn: Connection, merchant_id: str, now: datetime) -> None:
    """PostgreSQL, a merchant with no state: commit a placeholder state (never valid: no parameters match it) so
    that writers' triggers mark from now on, then wait until every transaction that was writing without marks
    has ended, so that the full rebuild's own marking reads its rows."""
    with conn.begin():
        inserted = conn.execute(
            text(
                "INSERT INTO profile_state (merchant_id, params, generation, as_of, version) "
                "VALUES (:merchant, '', :generation, :now, 0) ON CONFLICT (merchant_id) DO NOTHING"
            ),
            {"merchant": merchant_id, "generation": uuid.uuid4().hex, "now": now},
        ).rowcount
    if not inserted:
        return
    with conn.begin():
        xip = text("SELECT x::text FROM pg_snapshot_xip(pg_current_snapshot()) AS x")
        waiting = [str(x) for x in conn.execute(xip).scalars()]
    while waiting:
        with conn.begin():
            waiting = [
                x
                for x in waiting
                if conn.execute(text("SELECT pg_xact_status(CAST(:x AS xid8))"), {"x": x}).scalar() == "in progress"
            ]
        if waiting:
            time.sleep(0.05)


def _take_write_lock(conn: Connection, merchant_id: str) -> None:
    """Open the transaction with a write, so SQLite takes its write lock before reading (a read transaction that
    later writes fails at once when another connection wrote in between)."""
    conn.execute(
        update(ProfileState).where(ProfileState.merchant_id == merchant_id).values(version=ProfileState.version)
    )


def _stale(conn: Connection, merchant_id: str, now: datetime, key: str) -> tuple[bool, Any]:
    """(whether the stored state must change to be valid as of `now`, the stored state row or None)."""
    state = _read_state(conn, merchant_id)
    if state is None or state.params != key:
        return True, state
    low, high = sorted((state.as_of, now), key=seconds)
    return _has_dirty(conn, merchant_id) or _data_between(conn, merchant_id, low, high), state


def _mark(conn: Connection, merchant_id: str, source: str, where: str, **bind: Any) -> None:
    """Mark the customers of `source` rows matching `where` as dirty (one statement, both dialects)."""
    customer = "customer_id" if source == "events" else f"coalesce(customer_id, '{GUEST}')"
    statement = text(
        f"INSERT INTO profile_dirty (merchant_id, customer_id, token) "
        f"SELECT DISTINCT merchant_id, {customer}, :token FROM {source} WHERE merchant_id = :merchant AND {where} "
        "ON CONFLICT (merchant_id, customer_id) DO UPDATE SET token = excluded.token"
    ).bindparams(*(bindparam(name, type_=DateTime(timezone=True)) for name in bind))
    conn.execute(statement, {"merchant": merchant_id, "token": random.getrandbits(62), **bind})


def _start(conn: Connection, merchant_id: str, now: datetime, key: str, state: Any) -> None:
    """Move the state to `now`: a full rebuild (every customer marked) when absent or built with other
    parameters, else mark the customers with data created between the old and the new `as_of`."""
    if state is None or state.params != key:
        conn.execute(delete(CustomerProfile).where(CustomerProfile.merchant_id == merchant_id))
        conn.execute(delete(ProfileState).where(ProfileState.merchant_id == merchant_id))
        version = 0 if state is None else int(state.version)
        conn.execute(
            insert(ProfileState).values(
                merchant_id=merchant_id, params=key, generation=uuid.uuid4().hex, as_of=now, version=version + 1
            )
        )
        _mark(conn, merchant_id, "events", "customer_id IS NOT NULL")
        _mark(conn, merchant_id, "orders", "1 = 1")
        return
    low, high = sorted((state.as_of, now), key=seconds)
    for source in ("events", "orders"):
        where = "created_at > :low AND created_at <= :high" + (
            " AND customer_id IS NOT NULL" if source == "events" else ""
        )
        _mark(conn, merchant_id, source, where, low=low, high=high)
    conn.execute(
        update(ProfileState)
        .where(ProfileState.merchant_id == merchant_id)
        .values(as_of=now, version=ProfileState.version + 1)
    )


def _recompute_chunk(conn: Connection, merchant_id: str, after: str | None, weights: Mapping[str, float],
                     half_life_days: float) -> str | None:  # fmt: skip
    """Recompute the next chunk of dirty customers (ids after `after`) in the caller's transaction, which it
    opens with a write (so SQLite reads the latest data); the id of the chunk's last, or None when none is left."""
    conn.execute(
        update(ProfileState).where(ProfileState.merchant_id == merchant_id).values(version=ProfileState.version + 1)
    )
    state = _read_state(conn, merchant_id)
    query = select(ProfileDirty.customer_id, ProfileDirty.token).where(ProfileDirty.merchant_id == merchant_id)
    if after is not None:
        query = query.where(ProfileDirty.customer_id > after)
    marked = conn.execute(query.order_by(ProfileDirty.customer_id).limit(CHUNK)).all()
    if not marked:
        return None
    customers = [str(r.customer_id) for r in marked]
    items = Items(conn, merchant_id)
    states = compute_states(conn, merchant_id, customers, state.as_of, weights, half_life_days, items)
    items.save(conn)
    conn.execute(
        delete(CustomerProfile).where(
            CustomerProfile.merchant_id == merchant_id, CustomerProfile.customer_id.in_(customers)
        )
    )
    conn.execute(
        insert(CustomerProfile),
        [
            {"merchant_id": merchant_id, "customer_id": c, "version": int(state.version), "state": blob}
            for c, blob in states.items()
        ],
    )
    conn.execute(
        delete(ProfileDirty).where(
            ProfileDirty.merchant_id == merchant_id,
            ProfileDirty.customer_id == bindparam("customer"),
            ProfileDirty.token == bindparam("token"),
        ),
        [{"customer": r.customer_id, "token": r.token} for r in marked],
    )
    return customers[-1]


class _MerchantLock:
    """One refresh per merchant at a time: a PostgreSQL session advisory lock (all workers), else a process lock."""

    def __init__(self, conn: Connection, merchant_id: str) -> None:
        self.conn, self.merchant_id = conn, merchant_id
        self.postgres = conn.dialect.name == "postgresql"
        self.key = f"copilot.profiles:{merchant_id}"
        with _LOCKS_GUARD:
            self.local = _LOCKS.setdefault((str(conn.engine.url), merchant_id), threading.Lock())

    def __enter__(self) -> None:
        self.local.acquire()
        if self.postgres:
            self.conn.execute(text("SELECT pg_advisory_lock(hashtext(:k))"), {"k": self.key})
            self.conn.commit()

    def __exit__(self, *exc: object) -> None:
        try:
            if self.postgres:
                self.conn.rollback()
                self.conn.execute(text("SELECT pg_advisory_unlock(hashtext(:k))"), {"k": self.key})
                self.conn.commit()
        finally:
            self.local.release()


def number_items(store: Store, merchant_id: str, keys: Sequence[tuple[str, str]]) -> None:
    """Give the (kind, key) items not numbered yet their numbers (under the merchant's refresh lock)."""
    with store.engine.connect() as conn, _MerchantLock(conn, merchant_id), conn.begin():
        _take_write_lock(conn, merchant_id)
        items = Items(conn, merchant_id)
        for kind, key in keys:
            items.number(kind, key)
        items.save(conn)


def refresh(
    store: Store, merchant_id: str, now: datetime, kind_weights: Mapping[str, float], half_life_days: float
) -> StateMark:
    """Bring the merchant's persisted profiles to `now` (see the module doc) and say which state they are in."""
    key = params_key(kind_weights, half_life_days)
    with store.engine.connect() as conn:
        with conn.begin():
            stale, _ = _stale(conn, merchant_id, now, key)
        if stale:
            with _MerchantLock(conn, merchant_id):
                if conn.dialect.name == "postgresql":
                    _enable_marks(conn, merchant_id, now)
                with conn.begin():
                    _take_write_lock(conn, merchant_id)
                    _take_marks(conn, merchant_id)
                    stale, state = _stale(conn, merchant_id, now, key)
                    if stale:
                        _start(conn, merchant_id, now, key, state)
                after: str | None = None
                while stale:
                    transaction = conn.begin()
                    try:
                        after = _recompute_chunk(conn, merchant_id, after, kind_weights, half_life_days)
                    except BaseException:
                        transaction.rollback()
                        raise
                    if after is None:
                        transaction.rollback()
                        break
                    transaction.commit()
        with conn.begin():
            final = _read_state(conn, merchant_id)
    return StateMark(str(final.generation), int(final.version))
