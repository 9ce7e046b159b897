"""Writes mapped records into the store, one transaction per batch, comparing with what is already there.

Each batch is whole orders (never part of one) and is committed or rolled back as a unit. An order already
stored identically is skipped; one that differs (a later refund, a new status) is updated, its lines
replaced. Rows go through the raw DBAPI connection (sqlite3 / psycopg `executemany`), as the demo builder
does, so an import of a million rows is not held back by the ORM.

Ids are text and global, so every imported id is scoped by its merchant: orders `<merchant>:<order id>`,
products `<merchant>:sku:<sku>`, `<merchant>:handle:<handle>` or `<merchant>:title:<hash>`, order lines
`<order id>/<n>`; ids longer than the schema allows are replaced by a hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from copilot.clock import Clock
from copilot.importers.pii import redact
from copilot.importers.records import CENT, UNCATEGORIZED, OrderLine, OrderRecord, ProductRecord
from copilot.store import Store

ID_LIMIT = 64


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


def stamp(moment: datetime) -> str:
    """A UTC timestamp as the store writes it: 'YYYY-MM-DD HH:MM:SS'."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _cents(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def _stored_time(value: Any) -> str:
    return stamp(value) if isinstance(value, datetime) else str(value)[:19].replace("T", " ")


class StoreWriter:
    """Batches of records into one merchant's rows. Not thread-safe; `close()` when done."""

    def __init__(self, store: Store, merchant_id: str, clock: Clock) -> None:
        self.merchant_id = merchant_id
        self.clock = clock
        self.sqlite = store.dialect == "sqlite"
        self._raw = store.engine.raw_connection()
        self._conn: Any = self._raw.driver_connection
        if not self.sqlite:
            self._execute("SET TIME ZONE 'UTC'")
            self._conn.commit()
        self.currency: str | None = None
        self._products: set[str] = set()
        self._titles: dict[str, str] = {}

    # -- plumbing ------------------------------------------------------------------------------------------

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

    def _money(self, value: Decimal) -> Any:
        return str(value) if self.sqlite else value

    def commit(self) -> None:
        self._conn.commit()

    def rollback(self) -> None:
        self._conn.rollback()

    def close(self) -> None:
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
        for product_id, title in self._execute("SELECT id, title FROM products WHERE merchant_id = ?",
                                               (self.merchant_id,)):  # fmt: skip
            self._products.add(product_id)
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
                "SELECT id, title, category, tags, price, cost, stock, description FROM products "
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
                                self._money(r.cost or Decimal("0.00")), r.stock or 0, now, r.description))  # fmt: skip
                counts.imported += 1
                continue
            cost = r.cost if r.cost is not None else _cents(old[4])
            stock = r.stock if r.stock is not None else int(old[5])
            new = (r.title, r.category, r.tags, r.price, cost, stock, r.description)
            stored = (old[0], old[1], old[2], _cents(old[3]), _cents(old[4]), int(old[5]), old[6])
            if new == stored:
                counts.skipped += 1
                continue
            updates.append((r.title, r.category, r.tags, self._money(r.price), self._money(cost), stock,
                            r.description, pid))  # fmt: skip
            counts.updated += 1
        self._many(
            "INSERT INTO products (id, merchant_id, title, title_en, category, tags, price, cost, stock, "
            "launched_at, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
        self._many(
            "UPDATE products SET title = ?, category = ?, tags = ?, price = ?, cost = ?, stock = ?, "
            "description = ? WHERE id = ?",
            updates,
        )
        for pid, r in by_id.items():
            self._products.add(pid)
            self._titles.setdefault(_title_key(r.title), pid)
        return counts

    def _line_product(self, line: OrderLine, at: str, new: dict[str, tuple[Any, ...]]) -> str:
        """The product of an order line: by SKU, else by title (whole, then before " - "); created if unknown."""
        if line.sku:
            pid = scoped_id(self.merchant_id, "sku", line.sku)
        else:
            key = _title_key(line.title)
            pid = (
                self._titles.get(key)
                or self._titles.get(key.rsplit(" - ", 1)[0])
                or scoped_id(self.merchant_id, "title", hashlib.sha256(key.encode()).hexdigest()[:16])
            )
        if pid not in self._products and pid not in new:
            new[pid] = (pid, self.merchant_id, redact(line.title), None, UNCATEGORIZED, None,
                        self._money(line.unit_price), self._money(Decimal("0.00")), 0, at, None)  # fmt: skip
        return pid

    # -- orders --------------------------------------------------------------------------------------------

    def order_id(self, record: OrderRecord) -> str:
        return scoped_id(self.merchant_id, record.external_id)

    def write_orders(self, records: list[OrderRecord]) -> BatchCounts:
        """Insert new orders, update changed ones, skip identical ones (ids unique within the batch); the
        caller commits. Customers are created or their first-seen date moved earlier."""
        counts = BatchCounts()
        new_products: dict[str, tuple[Any, ...]] = {}
        first_sale: dict[str, str] = {}
        rows: dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = {}
        for r in records:
            oid = self.order_id(r)
            at = stamp(r.created_at)
            items = []
            for line in r.lines:
                pid = self._line_product(line, at, new_products)
                if first_sale.get(pid, at) >= at:
                    first_sale[pid] = at
                items.append((pid, line.quantity, line.unit_price.quantize(CENT), line.amount.quantize(CENT)))
            order = (r.customer_id, at, r.status, r.channel, r.total_amount)
            rows[oid] = (order, items)
        self._write_customers(records, counts.customers)
        self._many(
            "INSERT INTO products (id, merchant_id, title, title_en, category, tags, price, cost, stock, "
            "launched_at, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            list(new_products.values()),
        )
        counts.products.imported += len(new_products)
        self._products.update(new_products)
        for pid, product in new_products.items():
            self._titles.setdefault(_title_key(product[2]), pid)
        stored = self._stored_orders(list(rows))
        inserts, updates, changed_ids, item_rows = [], [], [], []
        for oid, (order, items) in rows.items():
            old = stored.get(oid)
            if old is not None and old[0] == order and sorted(old[1]) == sorted(items):
                counts.orders.skipped += 1
                counts.order_items.skipped += len(items)
                continue
            customer, at, status, channel, total = order
            if old is None:
                inserts.append((oid, self.merchant_id, customer, at, status, channel, self._money(total)))
                counts.orders.imported += 1
                counts.order_items.imported += len(items)
            else:
                updates.append((customer, at, status, channel, self._money(total), oid))
                changed_ids.append((oid,))
                counts.orders.updated += 1
                counts.order_items.updated += len(items)
            item_rows.extend(
                (_item_id(oid, n), self.merchant_id, oid, pid, qty, self._money(unit), self._money(amount))
                for n, (pid, qty, unit, amount) in enumerate(items, 1)
            )
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
        self._many(
            "UPDATE products SET launched_at = ? WHERE id = ? AND launched_at > ?",
            [(at, pid, at) for pid, at in first_sale.items()],
        )
        return counts

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

    def _write_customers(self, records: list[OrderRecord], counts: Counts) -> None:
        seen: dict[str, tuple[str, str | None]] = {}
        for r in records:
            if r.customer_id is None:
                continue
            at = stamp(r.created_at)
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

    def analyze(self) -> None:
        """Refresh the planner's statistics of the tables an import fills."""
        for table in ("orders", "order_items", "customers", "products"):
            self._execute(f"ANALYZE {table}")
        self.commit()


def _item_id(order_id: str, n: int) -> str:
    text = f"{order_id}/{n}"
    return text if len(text) <= ID_LIMIT else "h_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


__all__ = ["BatchCounts", "Counts", "CurrencyError", "StoreWriter", "scoped_id", "stamp"]
