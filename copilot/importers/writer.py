"""Writes mapped records into the store, one transaction per batch, comparing with what is already there.

Each batch is whole orders (never part of one) and is committed or rolled back as a unit. An order already
stored identically is skipped; one that differs (a later refund, a new status) is updated, its lines
replaced; a batch of only new orders is inserted without looking anything up. Rows go through the raw
DBAPI connection (sqlite3 / psycopg `executemany`), as the demo builder does, so an import of a million
rows is not held back by the ORM; a bulk load on SQLite defers the secondary indexes of the order tables.

Ids are text and global, so every imported id is scoped by its merchant: orders `<merchant>:<order id>`,
products `<merchant>:sku:<sku>`, `<merchant>:handle:<handle>` or `<merchant>:title:<hash>`, order lines
`<order id>/<n>`; ids longer than the schema allows are replaced by a hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Index
from sqlalchemy.schema import CreateIndex

from copilot.clock import Clock
from copilot.importers.pii import redact
from copilot.importers.records import CENT, UNCATEGORIZED, OrderLine, OrderRecord, ProductRecord, ProductUpdate
from copilot.store import Store
from copilot.store.models import Base

ID_LIMIT = 64
SKU_CACHE_SIZE = 1 << 15
DEFERRED_TABLES = ("orders", "order_items", "customers")
LOOKUP_COLUMNS = frozenset({("order_items", "order_id")})
SQLITE_CACHE_KIB = 64 * 1024
SQLITE_AUTOCHECKPOINT_PAGES = 8192
_INSERT_PRODUCT = (
    "INSERT INTO products (id, merchant_id, title, title_en, category, tags, price, cost, stock, launched_at, "
    "description, image_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class CurrencyError(ValueError):
    """The merchant's currency is unknown (new merchant, none in the file, no --currency) or differs."""


@dataclass
class Counts:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0

    def add(self, other: Counts) -> None:
        self.imported += other.imported
        self.updated += other.updated
        self.skipped += other.skipped
        self.rejected += other.rejected


@dataclass
class BatchCounts:
    orders: Counts = field(default_factory=Counts)
    order_items: Counts = field(default_factory=Counts)
    products: Counts = field(default_factory=Counts)
    customers: Counts = field(default_factory=Counts)


def scoped_id(merchant_id: str, *parts: str) -> str:
    """`merchant:part:part`, or a hash of it when longer than the schema's id columns."""
    text = ":".join((merchant_id, *parts))
    if len(text) <= ID_LIMIT:
        return text
    return "h_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


@lru_cache(maxsize=SKU_CACHE_SIZE)
def _sku_product_id(merchant_id: str, sku: str) -> str:
    return scoped_id(merchant_id, "sku", sku)


def stamp(moment: datetime) -> str:
    """A UTC timestamp as the store writes it: 'YYYY-MM-DD HH:MM:SS'."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.isoformat(" ", "seconds")[:19]


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _cents(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def _stored_time(value: Any) -> str:
    return stamp(value) if isinstance(value, datetime) else str(value)[:19].replace("T", " ")


class StoreWriter:
    """Batches of records into one merchant's rows. Not thread-safe; `close()` when done.

    On SQLite the connection gets a page cache of SQLITE_CACHE_KIB (the B-tree pages that random keys such
    as customer ids touch stay in memory as the tables grow, and memory stays bounded by it), a larger WAL
    auto-checkpoint, and no foreign-key checks: the writer itself inserts every merchant, customer and
    product before the rows that point to them. All three are restored on `close()`.

    `defer_indexes()` (SQLite, bulk loads) drops the secondary indexes of the order tables until
    `restore_indexes()`, which `close()` also runs; a writer opened after a crash part-way restores any
    index of the schema (copilot.store.models) that is missing.
    """

    def __init__(self, store: Store, merchant_id: str, clock: Clock) -> None:
        self.merchant_id = merchant_id
        self.clock = clock
        self.sqlite = store.dialect == "sqlite"
        self._dialect = store.engine.dialect
        self._raw = store.engine.raw_connection()
        conn = self._raw.driver_connection
        if conn is None:
            raise RuntimeError("the pooled database connection has no driver connection")
        self._conn: Any = conn
        self._money: Callable[[Decimal], Any] = str if self.sqlite else _as_is
        self._restore: list[str] = []
        self._deferred = False
        if self.sqlite:
            self._tune_sqlite()
            self.restore_indexes()
        else:
            self._execute("SET TIME ZONE 'UTC'")
            self._conn.commit()
        self.currency: str | None = None
        self._launched: dict[str, str] = {}
        self._titles: dict[str, str] = {}

    # -- plumbing ------------------------------------------------------------------------------------------

    def _tune_sqlite(self) -> None:
        for pragma, value in (("cache_size", -SQLITE_CACHE_KIB), ("wal_autocheckpoint", SQLITE_AUTOCHECKPOINT_PAGES),
                              ("foreign_keys", 0)):  # fmt: skip
            before = self._execute(f"PRAGMA {pragma}")[0][0]
            self._execute(f"PRAGMA {pragma} = {int(value)}")
            self._restore.append(f"PRAGMA {pragma} = {int(before)}")

    def _sql(self, sql: str) -> str:
        return sql if self.sqlite else sql.replace("?", "%s")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self._conn.cursor()
        try:
            cursor.execute(self._sql(sql), params)
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            cursor.close()

    def _many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            cursor = self._conn.cursor()
            try:
                cursor.executemany(self._sql(sql), rows)
            finally:
                cursor.close()

    def _select_in(self, sql: str, ids: list[str], *before: Any) -> list[tuple[Any, ...]]:
        """Run `sql` whose last condition is `<column> IN ({ids})`, given as the placeholder `{ids}`."""
        if not ids:
            return []
        if self.sqlite:
            return self._execute(sql.replace("{ids}", ",".join("?" * len(ids))), (*before, *ids))
        return self._execute(sql.replace("IN ({ids})", "= ANY(?)"), (*before, ids))

    def commit(self) -> None:
        self._conn.commit()

    def rollback(self) -> None:
        self._conn.rollback()

    def close(self) -> None:
        """Restore deferred indexes and the connection's settings, and give the connection back to the pool."""
        try:
            if self.deferred:
                self.rollback()
                self.restore_indexes()
            for statement in self._restore:
                self._execute(statement)
        finally:
            self._raw.close()

    # -- merchant ------------------------------------------------------------------------------------------

    def ensure_merchant(self, currency: str | None, name: str | None = None, *, strict: bool = True) -> bool:
        """Create the merchant when new (with `currency`), else (when `strict`) check `currency` against its
        own; load its products. Returns True when created. Raises CurrencyError."""
        found = self._execute("SELECT currency FROM merchants WHERE id = ?", (self.merchant_id,))
        created = not found
        if created:
            if not currency:
                raise CurrencyError(f"new merchant {self.merchant_id}: no currency in the file; pass --currency")
            self._execute(
                "INSERT INTO merchants (id, name, currency, daily_budget_cap, created_at) VALUES (?, ?, ?, ?, ?)",
                (self.merchant_id, name or self.merchant_id, currency, self._money(Decimal("10000.00")),
                 stamp(self.clock.now())),
            )  # fmt: skip
            self.commit()
            self.currency = currency
        else:
            self.currency = str(found[0][0])
            if strict and currency and currency != self.currency:
                raise CurrencyError(f"merchant {self.merchant_id} keeps its books in {self.currency}, not {currency}")
        for product_id, title, launched in self._execute(
            "SELECT id, title, launched_at FROM products WHERE merchant_id = ?", (self.merchant_id,)
        ):
            self._launched[product_id] = _stored_time(launched) if launched is not None else ""
            self._titles.setdefault(_title_key(title), product_id)
        return created

    # -- products ------------------------------------------------------------------------------------------

    def product_id(self, record: ProductRecord) -> str:
        if record.sku:
            return scoped_id(self.merchant_id, "sku", record.sku)
        return scoped_id(self.merchant_id, "handle", record.handle)

    def write_products(self, records: list[ProductRecord]) -> Counts:
        """Upsert catalog products (matched by SKU, then handle); the caller commits."""
        counts = Counts()
        by_id = {self.product_id(r): r for r in records}
        existing = {
            row[0]: row[1:]
            for row in self._select_in(
                "SELECT id, title, category, tags, price, cost, stock, description, image_url FROM products "
                "WHERE merchant_id = ? AND id IN ({ids})",
                list(by_id),
                self.merchant_id,
            )
        }
        now = stamp(self.clock.now())
        inserts, updates = [], []
        for pid, r in by_id.items():
            old = existing.get(pid)
            if old is None:
                inserts.append((pid, self.merchant_id, r.title, None, r.category, r.tags, self._money(r.price),
                                self._money(r.cost or Decimal("0.00")), r.stock or 0, now, r.description,
                                r.image_url))  # fmt: skip
                counts.imported += 1
                continue
            cost = r.cost if r.cost is not None else _cents(old[4])
            stock = r.stock if r.stock is not None else int(old[5])
            photo = r.image_url or old[7]
            new = (r.title, r.category, r.tags, r.price, cost, stock, r.description, photo)
            stored = (old[0], old[1], old[2], _cents(old[3]), _cents(old[4]), int(old[5]), old[6], old[7])
            if new == stored:
                counts.skipped += 1
                continue
            updates.append((r.title, r.category, r.tags, self._money(r.price), self._money(cost), stock,
                            r.description, photo, pid))  # fmt: skip
            counts.updated += 1
        self._many(_INSERT_PRODUCT, inserts)
        self._many(
            "UPDATE products SET title = ?, category = ?, tags = ?, price = ?, cost = ?, stock = ?, "
            "description = ?, image_url = ? WHERE id = ?",
            updates,
        )
        for pid, r in by_id.items():
            self._launched.setdefault(pid, now)
            self._titles.setdefault(_title_key(r.title), pid)
        return counts

    def update_products(self, updates: list[ProductUpdate]) -> tuple[Counts, list[ProductUpdate]]:
        """Set the cost and/or stock of stored products, found by SKU, else by title; the caller commits.
        Returns the counts (updated, or skipped when nothing changes) and the rows naming no stored product."""
        counts = Counts()
        wanted: dict[str, ProductUpdate] = {}
        unknown: list[ProductUpdate] = []
        for u in updates:
            by_sku = _sku_product_id(self.merchant_id, u.sku) if u.sku else None
            pid = by_sku if by_sku in self._launched else self._titles.get(_title_key(u.title)) if u.title else None
            if pid is None:
                unknown.append(u)
            else:
                wanted[pid] = u
        stored = {
            row[0]: row[1:]
            for row in self._select_in(
                "SELECT id, cost, stock FROM products WHERE merchant_id = ? AND id IN ({ids})",
                list(wanted),
                self.merchant_id,
            )
        }
        changes = []
        for pid, u in wanted.items():
            if pid not in stored:
                unknown.append(u)
                continue
            old_cost, old_stock = _cents(stored[pid][0]), int(stored[pid][1])
            cost = u.cost if u.cost is not None else old_cost
            stock = u.stock if u.stock is not None else old_stock
            if (cost, stock) == (old_cost, old_stock):
                counts.skipped += 1
                continue
            changes.append((self._money(cost), stock, pid))
            counts.updated += 1
        self._many("UPDATE products SET cost = ?, stock = ? WHERE id = ?", changes)
        return counts, unknown

    def _line_product(self, line: OrderLine, at: str, new: dict[str, tuple[Any, ...]]) -> str:
        """The product of an order line: by SKU, else by title (whole, then before " - "); created if unknown."""
        if line.sku:
            pid = _sku_product_id(self.merchant_id, line.sku)
        else:
            key = _title_key(line.title)
            pid = (
                self._titles.get(key)
                or self._titles.get(key.rsplit(" - ", 1)[0])
                or scoped_id(self.merchant_id, "title", hashlib.sha256(key.encode()).hexdigest()[:16])
            )
        if pid not in self._launched and pid not in new:
            new[pid] = (pid, self.merchant_id, redact(line.title), None, UNCATEGORIZED, None,
                        self._money(line.unit_price), self._money(Decimal("0.00")), 0, at, None,
                        line.image_url)  # fmt: skip
        return pid

    # -- orders --------------------------------------------------------------------------------------------

    def order_id(self, record: OrderRecord) -> str:
        return scoped_id(self.merchant_id, record.external_id)

    def write_orders(self, records: list[OrderRecord]) -> BatchCounts:
        """Insert new orders, update changed ones, skip identical ones (ids unique within the batch); the
        caller commits. Customers are created or their first-seen date moved earlier; products first seen
        on an order line are created, and a product's launch date moves back to its earliest sale.

        A batch of orders none of which is stored yet (a first import, or the new tail of a newer export)
        is inserted without looking anything up; otherwise the batch is compared with the stored orders."""
        counts = BatchCounts()
        new_products: dict[str, tuple[Any, ...]] = {}
        first_sale: dict[str, str] = {}
        rows: dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = {}
        stamps = []
        line_product, earliest = self._line_product, first_sale.get
        for r in records:
            at = stamp(r.created_at)
            stamps.append(at)
            items = []
            for line in r.lines:
                pid = line_product(line, at, new_products)
                if earliest(pid, at) >= at:
                    first_sale[pid] = at
                items.append((pid, line.quantity, line.unit_price.quantize(CENT), line.amount.quantize(CENT)))
            rows[self.order_id(r)] = ((r.customer_id, at, r.status, r.channel, r.total_amount), items)
        self._write_customers(records, stamps, counts.customers)
        self._write_line_products(new_products, first_sale)
        counts.products.imported += len(new_products)
        if not self._insert_if_all_new(rows, counts):
            self._merge_orders(rows, counts)
        return counts

    def _write_line_products(self, new: dict[str, tuple[Any, ...]], first_sale: dict[str, str]) -> None:
        """Create the products first seen on order lines (launched at their first sale) and move the launch
        date of known products back to an earlier sale."""
        moved = []
        for pid, at in first_sale.items():
            if pid in new:
                new[pid] = (*new[pid][:9], at, *new[pid][10:])
            elif at < self._launched[pid]:
                moved.append((at, pid, at))
            self._launched[pid] = min(at, self._launched.get(pid) or at)
        self._many(_INSERT_PRODUCT, list(new.values()))
        self._many("UPDATE products SET launched_at = ? WHERE id = ? AND launched_at > ?", moved)
        for pid, product in new.items():
            self._titles.setdefault(_title_key(product[2]), pid)

    def _order_row(self, oid: str, order: tuple[Any, ...]) -> tuple[Any, ...]:
        customer, at, status, channel, total = order
        return (oid, self.merchant_id, customer, at, status, channel, self._money(total))

    def _item_rows(self, oid: str, items: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        money, merchant = self._money, self.merchant_id
        return [(_item_id(oid, n), merchant, oid, pid, qty, money(unit), money(amount))
                for n, (pid, qty, unit, amount) in enumerate(items, 1)]  # fmt: skip

    def _insert_if_all_new(self, rows: dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]],
                           counts: BatchCounts) -> bool:  # fmt: skip
        """Insert the batch's orders and lines when no order of it is stored yet, and return True; else
        leave the store as it was (rolled back to a savepoint) and return False."""
        if not rows:
            return True
        if self.sqlite and not self._conn.in_transaction:
            self._execute("BEGIN")
        self._execute("SAVEPOINT import_new_orders")
        cursor = self._conn.cursor()
        try:
            cursor.executemany(
                self._sql(
                    "INSERT INTO orders (id, merchant_id, customer_id, created_at, status, channel, total_amount) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
                ),
                [self._order_row(oid, order) for oid, (order, _items) in rows.items()],
            )
            inserted = cursor.rowcount
        finally:
            cursor.close()
        if inserted != len(rows):
            self._execute("ROLLBACK TO SAVEPOINT import_new_orders")
            self._execute("RELEASE SAVEPOINT import_new_orders")
            return False
        item_rows = [row for oid, (_order, items) in rows.items() for row in self._item_rows(oid, items)]
        self._many(
            "INSERT INTO order_items (id, merchant_id, order_id, product_id, quantity, unit_price, amount) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            item_rows,
        )
        self._execute("RELEASE SAVEPOINT import_new_orders")
        counts.orders.imported += len(rows)
        counts.order_items.imported += len(item_rows)
        return True

    def _merge_orders(self, rows: dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]],
                      counts: BatchCounts) -> None:  # fmt: skip
        """Compare the batch with the stored orders: insert the new, update the changed, skip the same."""
        stored = self._stored_orders(list(rows))
        inserts, updates, changed_ids, item_rows = [], [], [], []
        for oid, (order, items) in rows.items():
            old = stored.get(oid)
            if old is not None and old[0] == order and sorted(old[1]) == sorted(items):
                counts.orders.skipped += 1
                counts.order_items.skipped += len(items)
                continue
            if old is None:
                inserts.append(self._order_row(oid, order))
                counts.orders.imported += 1
                counts.order_items.imported += len(items)
            else:
                customer, at, status, channel, total = order
                updates.append((customer, at, status, channel, self._money(total), oid))
                changed_ids.append((oid,))
                counts.orders.updated += 1
                counts.order_items.updated += len(items)
            item_rows.extend(self._item_rows(oid, items))
        self._many(
            "INSERT INTO orders (id, merchant_id, customer_id, created_at, status, channel, total_amount) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
        self._many(
            "UPDATE orders SET customer_id = ?, created_at = ?, status = ?, channel = ?, total_amount = ? WHERE id = ?",
            updates,
        )
        self._many("DELETE FROM order_items WHERE order_id = ?", changed_ids)
        self._many(
            "INSERT INTO order_items (id, merchant_id, order_id, product_id, quantity, unit_price, amount) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            item_rows,
        )

    def _stored_orders(self, ids: list[str]) -> dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        found = self._select_in(
            "SELECT id, customer_id, created_at, status, channel, total_amount FROM orders "
            "WHERE merchant_id = ? AND id IN ({ids})",
            ids,
            self.merchant_id,
        )
        if not found:
            return {}
        stored: dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = {
            oid: ((customer, _stored_time(at), status, channel, _cents(total)), [])
            for oid, customer, at, status, channel, total in found
        }
        lines = self._select_in(
            "SELECT order_id, product_id, quantity, unit_price, amount FROM order_items WHERE order_id IN ({ids})",
            list(stored),
        )
        for oid, pid, qty, unit, amount in lines:
            stored[oid][1].append((pid, int(qty), _cents(unit), _cents(amount)))
        return stored

    def _write_customers(self, records: list[OrderRecord], stamps: list[str], counts: Counts) -> None:
        """Create the batch's customers or move their first-seen date earlier; `stamps` are the orders' times."""
        seen: dict[str, tuple[str, str | None]] = {}
        for r, at in zip(records, stamps, strict=True):
            if r.customer_id is None:
                continue
            first, region = seen.get(r.customer_id, (at, r.region))
            seen[r.customer_id] = (min(first, at), region or r.region)
        stored = {
            cid: (_stored_time(at), region)
            for cid, at, region in self._select_in(
                "SELECT id, registered_at, region FROM customers WHERE merchant_id = ? AND id IN ({ids})",
                list(seen),
                self.merchant_id,
            )
        }
        inserts, updates = [], []
        for cid, (at, region) in seen.items():
            old = stored.get(cid)
            if old is None:
                inserts.append((cid, self.merchant_id, region, None, at))
                counts.imported += 1
            elif at < old[0] or (region and not old[1]):
                updates.append((min(at, old[0]), old[1] or region, cid))
                counts.updated += 1
            else:
                counts.skipped += 1
        self._many(
            "INSERT INTO customers (id, merchant_id, region, age_band, registered_at) VALUES (?, ?, ?, ?, ?)",
            inserts,
        )
        self._many("UPDATE customers SET registered_at = ?, region = ? WHERE id = ?", updates)

    # -- the record of the import --------------------------------------------------------------------------

    def audit(self, detail: dict[str, Any]) -> None:
        """Record the import in the audit log (its own transaction)."""
        self._execute(
            "INSERT INTO audit_log (merchant_id, actor, action, detail, created_at) VALUES (?, ?, ?, ?, ?)",
            (self.merchant_id, "import", "import", json.dumps(detail, ensure_ascii=False), stamp(self.clock.now())),
        )
        self.commit()

    @property
    def deferred(self) -> bool:
        """Whether secondary indexes are dropped for a bulk load (until `restore_indexes()`)."""
        return self._deferred

    def _deferrable_indexes(self) -> list[Index]:
        return [
            index
            for name in DEFERRED_TABLES
            for index in Base.metadata.tables[name].indexes
            if not index.unique and (name, index.columns[0].name) not in LOOKUP_COLUMNS
        ]

    def defer_indexes(self) -> bool:
        """Drop the secondary indexes of orders, order items and customers for a bulk load into a SQLite
        store that holds no other merchant's orders (their queries would scan meanwhile), keeping those the
        writer's own look-ups use. Returns True when dropped; commits."""
        if not self.sqlite or self._execute("SELECT 1 FROM orders WHERE merchant_id <> ? LIMIT 1",
                                            (self.merchant_id,)):  # fmt: skip
            return False
        for index in self._deferrable_indexes():
            self._execute(f"DROP INDEX IF EXISTS {index.name}")
        self.commit()
        self._deferred = True
        return True

    def restore_indexes(self) -> None:
        """Create every deferrable index of the schema that is missing (a no-op when none is); commits."""
        for index in self._deferrable_indexes():
            self._execute(str(CreateIndex(index, if_not_exists=True).compile(dialect=self._dialect)))
        self.commit()
        self._deferred = False

    def analyze(self) -> None:
        """Refresh the planner's statistics of the tables an import fills."""
        for table in ("orders", "order_items", "customers", "products"):
            self._execute(f"ANALYZE {table}")
        self.commit()


def _as_is(value: Decimal) -> Decimal:
    return value


def _item_id(order_id: str, n: int) -> str:
    text = f"{order_id}/{n}"
    return text if len(text) <= ID_LIMIT else "h_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


__all__ = ["BatchCounts", "Counts", "CurrencyError", "StoreWriter", "scoped_id", "stamp"]
