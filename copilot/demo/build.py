"""Writing the demo store: one transaction on the raw DBAPI connection (sqlite3 executemany, PostgreSQL COPY)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from copilot.clock import DEMO_TODAY
from copilot.demo.generate import generate_merchant, split_orders
from copilot.demo.rows import COLUMNS, Assembled, RowMaker, Rows, assemble, catalog_rows
from copilot.demo.spec import DemoSpec, load_spec
from copilot.demo.timeline import Timeline
from copilot.demo.truth import DemoTruthBase, create_truth_tables
from copilot.promotion.demo_forecasts import write_demo_forecasts
from copilot.promotion.demo_rows import promotion_rows
from copilot.store import Store
from copilot.store.models import Base

BULK_TABLES: tuple[str, ...] = ("customers", "orders", "order_items", "events", "demo_truth_scenes")

Progress = Callable[[str, int, int], None]


class BulkLoader:
    """Bulk writes over one raw DBAPI connection: sqlite3 executemany or psycopg COPY."""

    def __init__(self, connection: Any, dialect: str, progress: Progress) -> None:
        self.connection = connection
        self.dialect = dialect
        self.progress = progress
        self._restore: list[str] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            cursor.close()

    def delete_all(self) -> None:
        for table in [*reversed(Base.metadata.sorted_tables), *DemoTruthBase.metadata.sorted_tables]:
            self.execute(f'DELETE FROM "{table.name}"')

    def drop_secondary_structures(self, tables: Sequence[str]) -> None:
        """Drop secondary indexes (and, on PostgreSQL, foreign keys) of tables; `restore` rebuilds them."""
        if self.dialect == "sqlite":
            marks = ",".join("?" * len(tables))
            found = self.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks}) ORDER BY name",
                tables,
            )
            for name, sql in found:
                self.execute(f'DROP INDEX "{name}"')
                self._restore.append(sql)
            return
        found = self.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
            (list(tables),),
        )
        for table, name, definition in found:
            self.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            self._restore.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        indexes = self.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname) ORDER BY 1",
            (list(tables),),
        )
        for name, definition in indexes:
            self.execute(f'DROP INDEX "{name}"')
            self._restore.insert(0, definition)

    def restore(self) -> None:
        for step, sql in enumerate(self._restore, 1):
            self.execute(sql)
            self.progress("indexes", step, len(self._restore))
        self._restore.clear()

    def insert(self, table: str, rows: Rows) -> None:
        """Insert a few rows (no progress)."""
        self.write(table, [rows], len(rows), "")

    def write(self, table: str, batches: Iterator[Rows] | list[Rows], total: int, stage: str) -> None:
        columns = ", ".join(COLUMNS[table])
        done = 0
        report = self.progress if stage else _no_progress
        report(stage, 0, total)
        if self.dialect == "sqlite":
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(COLUMNS[table]))})"
            cursor = self.connection.cursor()
            for rows in batches:
                cursor.executemany(sql, rows)
                done += len(rows)
                report(stage, done, total)
            cursor.close()
            return
        with self.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for rows in batches:
                for row in rows:
                    copy.write_row(row)
                done += len(rows)
                report(stage, done, total)


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` wrote: rows per table, the covered days, the seed and the build time."""

    counts: dict[str, int]
    first_day: date
    last_day: date
    seed: int
    seconds: float

    def __str__(self) -> str:
        shown = ("merchants", "products", "customers", "orders", "order_items", "events")
        parts = ", ".join(f"{self.counts[t]:,} {t.replace('_', ' ')}" for t in shown)
        return f"{parts}; {self.first_day} to {self.last_day}; seed {self.seed}; built in {self.seconds:.1f} s"


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def build_demo(
    store: Store,
    *,
    orders: int | None = None,
    seed: int = 20261120,
    progress: Progress | None = None,
    today: date = DEMO_TODAY,
) -> DemoSummary:
    """Replace every row of the store with the deterministic demo history ending on `today`.

    `orders` is the total number of orders (default: population.yaml default_orders); customers and events
    scale with it. `progress(stage, done, total)` is called as each stage advances. Raises ValueError for
    fewer than 100 orders. All-or-nothing: on any error the store keeps its previous rows.
    """
    began = time.perf_counter()
    spec = load_spec()
    report = progress or _no_progress
    total = spec.population.default_orders if orders is None else orders
    if total < 100:
        raise ValueError(f"the demo store needs at least 100 orders, got {total}")
    timeline = Timeline.of(today, spec.calendar.history_days)

    parts = []
    shares = split_orders(total, spec.catalog.merchants)
    for index, count in enumerate(shares):
        report("generate", index, len(shares))
        parts.append(generate_merchant(spec, index, count, total, seed, timeline, today))
    report("generate", len(shares), len(shares))
    data = assemble(parts)
    ads = promotion_rows([(m.id, p.ads) for m, p in zip(spec.catalog.merchants, parts, strict=True)], timeline.start)
    counts = _write(store, spec, data, timeline, today, report, ads)
    counts["campaign_forecasts"] = write_demo_forecasts(store.engine, [m.id for m in spec.catalog.merchants], today)
    return DemoSummary(counts, timeline.start, today, seed, time.perf_counter() - began)


def _write(
    store: Store,
    spec: DemoSpec,
    data: Assembled,
    timeline: Timeline,
    today: date,
    report: Progress,
    ads: dict[str, Rows],
) -> dict[str, int]:
    small = {**catalog_rows(spec, timeline, today), **ads}
    maker = RowMaker(data, spec)
    counts = {
        "merchants": len(small["merchants"]),
        "products": len(small["products"]),
        "customers": len(data.customer_registered),
        "orders": len(data.order_at),
        "order_items": len(data.item_order),
        "events": len(data.event.at),
        "demo_truth_scenes": len(data.truth_customer),
        "demo_truth_anomalies": len(small["demo_truth_anomalies"]),
        **{table: len(rows) for table, rows in ads.items()},
    }
    bulk = [
        ("customers", maker.customers(), "customers"),
        ("orders", maker.orders(), "orders"),
        ("order_items", maker.order_items(), "order items"),
        ("events", maker.events(), "events"),
        ("demo_truth_scenes", maker.truth_scenes(), "ground truth"),
    ]
    create_truth_tables(store.engine)
    raw = store.engine.raw_connection()
    connection: Any = raw.driver_connection
    sqlite = store.dialect == "sqlite"
    cache_size = connection.execute("PRAGMA cache_size").fetchone()[0] if sqlite else 0
    try:
        if sqlite:
            connection.execute("PRAGMA foreign_keys = OFF")
            connection.execute("PRAGMA cache_size = -262144")
        loader = BulkLoader(connection, store.dialect, report)
        if not sqlite:
            loader.execute("SET LOCAL TIME ZONE 'UTC'")
        report("clear", 0, 1)
        loader.delete_all()
        loader.drop_secondary_structures(BULK_TABLES)
        report("clear", 1, 1)
        for step, (table, rows) in enumerate(small.items(), 1):
            loader.insert(table, rows)
            report("catalog", step, len(small))
        for table, batches, stage in bulk:
            loader.write(table, batches, counts[table], stage)
        loader.restore()
        # PostgreSQL's triggers mark every loaded customer for a profile update; with no profiles stored yet the
        # first refresh computes everyone, so the marks only cost space (and made the two databases' builds differ).
        loader.execute("DELETE FROM profile_dirty")
        loader.execute("ANALYZE")  # without statistics SQLite picks full scans for the analyst's joins
        connection.commit()
        if not sqlite:
            _vacuum(connection, [table for table, _, _ in bulk])
    except BaseException:
        connection.rollback()
        raise
    finally:
        if sqlite:
            connection.execute(f"PRAGMA cache_size = {int(cache_size)}")
            connection.execute("PRAGMA foreign_keys = ON")
        raw.close()
    return counts


def _vacuum(connection: Any, tables: list[str]) -> None:
    """VACUUM freshly bulk-loaded PostgreSQL tables: it sets their visibility map, without which the covering
    indexes cannot answer by index-only scans until autovacuum gets round to them (measured on the 12-month
    trend of a 1M-order store: a sequential scan of the table instead of an index-only scan)."""
    connection.autocommit = True
    try:
        for table in tables:
            connection.execute(f"VACUUM (ANALYZE) {table}")
    finally:
        connection.autocommit = False
