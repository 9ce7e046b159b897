"""The safe sales runner on real databases: hostile SQL is refused or cut off, no merchant ever sees
another merchant's rows, and analyst queries return the numbers of the same SQL run bare.

Each test runs on SQLite and PostgreSQL (skipped with a reason when the server is absent), on a small
store of three merchants inserted here and, once the demo generator exists, on the demo store.
"""

from __future__ import annotations

import importlib.util
import os
import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.exc import OperationalError

from copilot.store import Store
from copilot.store.models import Customer, Event, Merchant, Order, OrderItem, Product
from copilot.store.sales import READER_ROLE, SqlRefused, SqlSalesRunner, begin_reader_transaction, is_superuser
from copilot.store.sql_guard import GuardedSql

PG_ADMIN_URL = os.environ.get("COPILOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SMALL = {"m_a": (40, 60), "m_b": (55, 45), "m_c": (12, 20)}  # merchant -> (orders, events)
HOSTILE_TIMEOUT_S = 1.0
ANALYST_TIMEOUT_S = 10.0
START = datetime(2026, 8, 1, tzinfo=UTC)


@dataclass
class Target:
    """A store to attack: its engine, a runner on it and its merchants (the first one runs the queries)."""

    engine: Engine
    runner: SqlSalesRunner
    merchants: list[str]
    large: bool = False

    @property
    def merchant(self) -> str:
        return self.merchants[0]

    @property
    def other(self) -> str:
        return self.merchants[1]

    def bare(self, sql: str, **params: Any) -> list[tuple]:
        """Trusted SQL run directly on the store (no guard), with :merchant bound to the merchant."""
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), {"merchant": self.merchant, **params})]

    def leaked(self, rows: list[tuple]) -> list[Any]:
        """Cells naming another merchant (its id, or an id of its rows in the small store)."""
        others = set(self.merchants[1:])
        return [
            cell
            for row in rows
            for cell in row
            if isinstance(cell, str) and (cell in others or cell.split(":", 1)[0] in others)
        ]


def _rows(merchant: str, orders: int, events: int) -> dict[Any, list[dict[str, Any]]]:
    """A small, deterministic store for one merchant: ids are prefixed with the merchant."""
    rng = random.Random(merchant)
    products = [
        {
            "id": f"{merchant}:p{i}",
            "merchant_id": merchant,
            "title": f"商品 {merchant} {i}",
            "title_en": f"Product {i}",
            "category": ["tents", "jackets", "poles"][i % 3],
            "tags": "a,b",
            "price": Decimal(f"{50 + 10 * i}.00"),
            "cost": Decimal(f"{20 + 5 * i}.00"),
            "stock": 10 * i,
            "launched_at": START,
            "description": None,
        }
        for i in range(5)
    ]
    customers = [
        {
            "id": f"{merchant}:c{i}",
            "merchant_id": merchant,
            "region": ["华东", "华北", "华南"][i % 3],
            "age_band": "25-34",
            "registered_at": START,
        }
        for i in range(6)
    ]
    order_rows, items = [], []
    for i in range(orders):
        created = START + timedelta(days=rng.randrange(110), hours=rng.randrange(24))
        lines = [(rng.choice(products), rng.randint(1, 3)) for _ in range(rng.randint(1, 2))]
        order_rows.append(
            {
                "id": f"{merchant}:o{i}",
                "merchant_id": merchant,
                "customer_id": rng.choice(customers)["id"],
                "created_at": created,
                "status": rng.choice(["paid", "paid", "paid", "refunded", "cancelled"]),
                "channel": rng.choice(["search", "recommend", "live", "direct"]),
                "total_amount": sum((p["price"] * q for p, q in lines), Decimal(0)),
            }
        )
        for j, (product, quantity) in enumerate(lines):
            items.append(
                {
                    "id": f"{merchant}:i{i}.{j}",
                    "merchant_id": merchant,
                    "order_id": f"{merchant}:o{i}",
                    "product_id": product["id"],
                    "quantity": quantity,
                    "unit_price": product["price"],
                    "amount": product["price"] * quantity,
                }
            )
    event_rows = [
        {
            "id": f"{merchant}:e{i}",
            "merchant_id": merchant,
            "customer_id": rng.choice(customers)["id"],
            "product_id": rng.choice(products)["id"],
            "kind": rng.choice(["view", "click", "cart", "purchase", "search"]),
            "query": None,
            "created_at": START + timedelta(days=rng.randrange(110)),
        }
        for i in range(events)
    ]
    merchant_row = {
        "id": merchant,
        "name": f"Shop {merchant}",
        "currency": "CNY",
        "daily_budget_cap": Decimal("1000"),
        "created_at": START,
    }
    return {
        Merchant: [merchant_row],
        Product: products,
        Customer: customers,
        Order: order_rows,
        OrderItem: items,
        Event: event_rows,
    }


def fill_small_store(engine: Engine) -> None:
    with engine.begin() as conn:
        for merchant, (orders, events) in SMALL.items():
            for model, rows in _rows(merchant, orders, events).items():
                conn.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def sqlite_small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    path = tmp_path_factory.mktemp("sales") / "small.db"
    store = Store.open(f"sqlite:///{path}")
    fill_small_store(store.engine)
    runner = SqlSalesRunner(store.engine, timeout_s=HOSTILE_TIMEOUT_S)
    yield Target(store.engine, runner, list(SMALL))
    runner.close()
    store.close()


@pytest.fixture(scope="module")
def pg_small() -> Iterator[Target]:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}")
    name = f"copilot_sales_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    store = Store.open(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    fill_small_store(store.engine)
    runner = SqlSalesRunner(store.engine, timeout_s=HOSTILE_TIMEOUT_S)
    yield Target(store.engine, runner, list(SMALL))
    store.close()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _need_demo() -> None:
    if importlib.util.find_spec("copilot.demo.build") is None:
        pytest.skip("the demo store generator (copilot/demo/build.py) does not exist yet")


@pytest.fixture(scope="module")
def sqlite_demo(request: pytest.FixtureRequest) -> Iterator[Target]:
    _need_demo()
    path: Path = request.getfixturevalue("demo_template")
    store = Store.open(f"sqlite:///{path}", migrate=False)
    runner = SqlSalesRunner(store.engine, timeout_s=HOSTILE_TIMEOUT_S)
    yield Target(store.engine, runner, ["m_outdoor", "m_baby", "m_pet"], large=True)
    runner.close()
    store.close()


@pytest.fixture(scope="module")
def pg_demo(request: pytest.FixtureRequest) -> Iterator[Target]:
    _need_demo()
    url: str = request.getfixturevalue("pg_demo_url")
    store = Store.open(url, migrate=False)
    runner = SqlSalesRunner(store.engine, timeout_s=HOSTILE_TIMEOUT_S)
    yield Target(store.engine, runner, ["m_outdoor", "m_baby", "m_pet"], large=True)
    store.close()


@pytest.fixture(params=["sqlite_small", "pg_small", "sqlite_demo", "pg_demo"])
def target(request: pytest.FixtureRequest) -> Target:
    return request.getfixturevalue(request.param)


@pytest.fixture(params=["sqlite_small", "pg_small"])
def small(request: pytest.FixtureRequest) -> Target:
    return request.getfixturevalue(request.param)


def _dialect_of(target: Target) -> str:
    return target.engine.dialect.name


REFUSE = "refuse"
CUT = "cut"

# (sql, expectation): REFUSE (any refusal), CUT (stopped by the time or size limits), or the trusted
# SQL (explicit merchant filter, run bare) whose rows the query must return exactly. {other} is
# another merchant's id.
HOSTILE: list[tuple[str, str]] = [
    # DDL and DML
    ("DROP TABLE orders", REFUSE),
    ("DROP VIEW IF EXISTS v", REFUSE),
    ("CREATE TABLE stolen AS SELECT * FROM orders", REFUSE),
    ("CREATE VIEW v AS SELECT * FROM orders", REFUSE),
    ("CREATE INDEX ix_x ON orders (status)", REFUSE),
    ("CREATE TRIGGER t AFTER INSERT ON orders BEGIN DELETE FROM orders; END", REFUSE),
    ("ALTER TABLE orders RENAME TO o2", REFUSE),
    ("TRUNCATE TABLE orders", REFUSE),
    ("DELETE FROM orders", REFUSE),
    ("UPDATE orders SET total_amount = 0", REFUSE),
    ("INSERT INTO merchants (id, name) VALUES ('evil', 'x')", REFUSE),
    ("REPLACE INTO merchants (id, name) VALUES ('evil', 'x')", REFUSE),
    ("INSERT OR REPLACE INTO orders SELECT * FROM orders", REFUSE),
    ("WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d", REFUSE),
    ("WITH u AS (UPDATE orders SET status = 'paid' RETURNING id) SELECT * FROM u", REFUSE),
    ("WITH i AS (INSERT INTO merchants (id) VALUES ('x') RETURNING id) SELECT * FROM i", REFUSE),
    ("SELECT * INTO stolen FROM orders", REFUSE),
    ("SELECT * FROM orders FOR UPDATE", REFUSE),
    ("SELECT * FROM orders FOR SHARE", REFUSE),
    ("SELECT * FROM orders FOR NO KEY UPDATE", REFUSE),
    # PRAGMA, ATTACH and other administrative statements
    ("PRAGMA query_only = OFF", REFUSE),
    ("PRAGMA writable_schema = ON", REFUSE),
    ("PRAGMA table_info(orders)", REFUSE),
    ("SELECT * FROM pragma_table_info('orders')", REFUSE),
    ("ATTACH DATABASE '/tmp/copilot_evil.db' AS evil", REFUSE),
    ("ATTACH 'file:/tmp/copilot_evil.db?mode=rwc' AS evil", REFUSE),
    ("DETACH DATABASE main", REFUSE),
    ("VACUUM INTO '/tmp/copilot_copy.db'", REFUSE),
    ("BEGIN; DELETE FROM orders; COMMIT", REFUSE),
    ("SET ROLE postgres", REFUSE),
    ("RESET ROLE", REFUSE),
    ("SET statement_timeout = 0", REFUSE),
    ("COPY orders TO '/tmp/copilot_orders.csv'", REFUSE),
    ("COPY (SELECT 1) TO PROGRAM 'id'", REFUSE),
    ("DO $$ BEGIN DELETE FROM orders; END $$", REFUSE),
    ("GRANT ALL ON orders TO PUBLIC", REFUSE),
    ("EXPLAIN ANALYZE DELETE FROM orders", REFUSE),
    # Functions that touch files, the server or memory
    ("SELECT load_extension('/tmp/evil.so')", REFUSE),
    ("SELECT readfile('/etc/passwd')", REFUSE),
    ("SELECT writefile('/tmp/copilot_x', 'y')", REFUSE),
    ("SELECT pg_sleep(30)", REFUSE),
    ("SELECT pg_read_file('/etc/passwd')", REFUSE),
    ("SELECT * FROM pg_ls_dir('.')", REFUSE),
    ("SELECT dblink('dbname=postgres', 'SELECT 1')", REFUSE),
    ("SELECT setval('seq', 1)", REFUSE),
    ("SELECT nextval('seq')", REFUSE),
    ("SELECT lo_import('/etc/passwd')", REFUSE),
    ("SELECT length(randomblob(1000000000))", REFUSE),
    ("SELECT zeroblob(1000000000)", REFUSE),
    ("SELECT printf('%.*c', 1000000000, 'x')", REFUSE),
    ("SELECT repeat('x', 1000000000)", REFUSE),
    ("SELECT set_config('copilot.merchant_id', '{other}', false)", REFUSE),
    ("SELECT current_setting('copilot.merchant_id')", REFUSE),
    ("SELECT query_to_xml('SELECT * FROM demo_truth_scenes', true, true, '')", REFUSE),
    ("SELECT version()", REFUSE),
    ("SELECT sqlite_version()", REFUSE),
    ("SELECT pg_terminate_backend(1)", REFUSE),
    # Several statements, some hidden behind comments
    ("SELECT 1; DROP TABLE orders", REFUSE),
    ("SELECT 1;DELETE FROM orders;", REFUSE),
    ("SELECT 1 /* harmless */; DELETE FROM orders", REFUSE),
    ("SELECT 1 -- harmless\n; DROP TABLE orders", REFUSE),
    ("/* SELECT */ DELETE FROM orders", REFUSE),
    ("-- just a report\nDROP TABLE orders", REFUSE),
    ("SELECT count(*) FROM orders; SELECT * FROM demo_truth_scenes", REFUSE),
    # Tables outside the allow-list, qualified names, UNION into other tables
    ("SELECT * FROM demo_truth_scenes", REFUSE),
    ("SELECT * FROM demo_truth_anomalies", REFUSE),
    ("SELECT * FROM alembic_version", REFUSE),
    ("SELECT * FROM audit_log", REFUSE),
    ("SELECT * FROM sqlite_master", REFUSE),
    ("SELECT * FROM sqlite_schema", REFUSE),
    ("SELECT * FROM pg_tables", REFUSE),
    ("SELECT * FROM pg_catalog.pg_authid", REFUSE),
    ("SELECT * FROM information_schema.tables", REFUSE),
    ("SELECT * FROM main.orders", REFUSE),
    ("SELECT * FROM public.orders", REFUSE),
    ("SELECT * FROM temp.orders", REFUSE),
    ("SELECT id FROM orders UNION SELECT customer_id FROM demo_truth_scenes", REFUSE),
    ("SELECT id FROM orders UNION ALL SELECT name FROM sqlite_master", REFUSE),
    ("SELECT id FROM orders UNION SELECT tablename FROM pg_catalog.pg_tables", REFUSE),
    ("SELECT id FROM orders UNION SELECT rolname FROM pg_roles", REFUSE),
    ("SELECT id FROM orders WHERE id IN (SELECT customer_id FROM demo_truth_scenes)", REFUSE),
    ("SELECT (SELECT count(*) FROM demo_truth_anomalies) AS n", REFUSE),
    ("SELECT status FROM orders GROUP BY status HAVING count(*) > (SELECT count(*) FROM audit_log)", REFUSE),
    ("WITH orders AS (SELECT * FROM demo_truth_scenes) SELECT * FROM orders", REFUSE),
    ("WITH q AS (SELECT * FROM q) SELECT * FROM q", REFUSE),
    ('SELECT * FROM "demo_truth_scenes"', REFUSE),
    ("SeLeCt * FrOm DeMo_TrUtH_sCeNeS", REFUSE),
    ("DrOp TaBlE orders", REFUSE),
    ("SELECT * FROM оrders", REFUSE),  # Cyrillic о
    ("SELECT * FROM orders\u200b", REFUSE),
    ("SELECT 1；DROP TABLE orders", REFUSE),  # fullwidth semicolon
    ("SELECT * FROM demo_truth_scenes\u0000", REFUSE),
    ("SELECT CAST(1 AS regclass)", REFUSE),
    # Other merchants' ids in predicates: the query runs and sees only its own merchant
    ("SELECT count(*) FROM orders WHERE merchant_id = '{other}'", "SELECT 0"),
    (
        "SELECT count(*) FROM orders WHERE merchant_id = '{other}' OR 1 = 1",
        "SELECT count(*) FROM orders WHERE merchant_id = :merchant",
    ),
    (
        "SELECT merchant_id, count(*) FROM orders GROUP BY merchant_id",
        "SELECT merchant_id, count(*) FROM orders WHERE merchant_id = :merchant GROUP BY merchant_id",
    ),
    ("SELECT id, name FROM merchants ORDER BY id", "SELECT id, name FROM merchants WHERE id = :merchant"),
    ("SELECT * FROM orders WHERE merchant_id IN ('{other}', 'nobody')", "SELECT 1 WHERE 1 = 0"),
    (
        "SELECT count(*) FROM orders o JOIN customers c ON c.merchant_id = '{other}'",
        "SELECT 0",
    ),
    (
        "SELECT count(*) FROM order_items oi JOIN orders o ON oi.order_id = o.id OR oi.merchant_id <> o.merchant_id",
        "SELECT count(*) FROM order_items oi JOIN orders o ON (oi.order_id = o.id OR oi.merchant_id <> "
        "o.merchant_id) WHERE oi.merchant_id = :merchant AND o.merchant_id = :merchant",
    ),
    (
        "SELECT (SELECT count(*) FROM orders WHERE merchant_id = '{other}') AS theirs, "
        "(SELECT count(*) FROM events) AS events",
        "SELECT 0, (SELECT count(*) FROM events WHERE merchant_id = :merchant)",
    ),
    (
        "SELECT count(*) FROM products WHERE id IN (SELECT product_id FROM order_items WHERE merchant_id = '{other}')",
        "SELECT 0",
    ),
    (
        "SELECT status, count(*) FROM orders GROUP BY status "
        "HAVING count(*) <= (SELECT count(*) FROM events) ORDER BY status",
        "SELECT status, count(*) FROM orders WHERE merchant_id = :merchant GROUP BY status "
        "HAVING count(*) <= (SELECT count(*) FROM events WHERE merchant_id = :merchant) ORDER BY status",
    ),
    (
        "SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) FROM customers c ORDER BY c.id",
        "SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id AND o.merchant_id = :merchant) "
        "FROM customers c WHERE c.merchant_id = :merchant ORDER BY c.id",
    ),
    (
        "WITH RECURSIVE r(id) AS (SELECT id FROM orders UNION SELECT o.id FROM orders o JOIN r ON 1 = 1) "
        "SELECT count(*) FROM r",
        "SELECT count(*) FROM orders WHERE merchant_id = :merchant",
    ),
    (
        "SELECT count(*) FROM orders WHERE id NOT IN (SELECT id FROM orders WHERE merchant_id = '{other}')",
        "SELECT count(*) FROM orders WHERE merchant_id = :merchant",
    ),
    (
        "SELECT count(*) FROM orders UNION ALL SELECT count(*) FROM events",
        "SELECT count(*) FROM orders WHERE merchant_id = :merchant UNION ALL "
        "SELECT count(*) FROM events WHERE merchant_id = :merchant",
    ),
    (
        'SELECT count(*) FROM "orders" AS "x" WHERE "x"."merchant_id" <> \'{other}\'',
        "SELECT count(*) FROM orders WHERE merchant_id = :merchant",
    ),
    (
        "sElEcT CoUnT(*) fRoM oRdErS",
        "SELECT count(*) FROM orders WHERE merchant_id = :merchant",
    ),
    (
        "SELECT count(*) FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE merchant_id = '{other}') "
        "OR merchant_id = '{other}'",
        "SELECT 0",
    ),
    # Bombs: cut off by the time limit (or the value size limit)
    ("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r", CUT),
    ("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT max(x) FROM r", CUT),
    (
        "WITH RECURSIVE r(s) AS (SELECT 'xxxxxxxxxx' UNION ALL SELECT s || s FROM r) SELECT length(s) FROM r "
        "ORDER BY length(s) DESC LIMIT 1",
        CUT,
    ),
    ("SELECT count(*) FROM events a, events b, events c, events d, events e, events f", CUT),
    (
        "SELECT count(*) FROM events a CROSS JOIN events b CROSS JOIN events c CROSS JOIN events d "
        "CROSS JOIN events e CROSS JOIN events f CROSS JOIN events g",
        CUT,
    ),
]


def _check_hostile(target: Target, sql: str, expectation: str) -> None:
    sql = sql.replace("{other}", target.other)
    started = time.monotonic()
    try:
        result = target.runner.run(sql, target.merchant)
    except SqlRefused as refused:
        assert expectation != CUT or refused.reason in ("timeout", "size", "database"), str(refused)
        assert time.monotonic() - started < HOSTILE_TIMEOUT_S + 4, "the time limit did not stop the query"
        slow_on_large = target.large and refused.reason == "timeout"
        assert expectation in (REFUSE, CUT) or slow_on_large, f"a legitimate query was refused: {refused}"
        return
    assert expectation not in (REFUSE, CUT), f"ran instead of being refused: {result.sql}"
    assert not target.leaked(result.rows)
    trusted = target.bare(expectation)
    assert result.rows == trusted[: len(result.rows)], result.sql
    assert result.truncated == (len(trusted) > len(result.rows))


@pytest.mark.parametrize(("sql", "expectation"), HOSTILE)
def test_hostile_query_is_refused_cut_off_or_sees_only_its_merchant(target: Target, sql: str, expectation: str) -> None:
    _check_hostile(target, sql, expectation)


def test_hostile_corpus_is_large_and_varied() -> None:
    assert len(HOSTILE) >= 60
    assert sum(e == REFUSE for _, e in HOSTILE) >= 60
    assert sum(e == CUT for _, e in HOSTILE) >= 3
    assert sum(e not in (REFUSE, CUT) for _, e in HOSTILE) >= 10


def test_each_merchant_counts_exactly_its_own_rows(target: Target) -> None:
    for merchant in target.merchants:
        for table in ("orders", "order_items", "events", "products", "customers"):
            result = target.runner.run(f"SELECT merchant_id, count(*) FROM {table} GROUP BY merchant_id", merchant)
            with target.engine.connect() as conn:
                trusted = conn.execute(
                    text(f"SELECT count(*) FROM {table} WHERE merchant_id = :m"), {"m": merchant}
                ).scalar_one()
            assert result.rows == ([(merchant, trusted)] if trusted else []), (merchant, table)


def test_small_store_counts_match_what_was_inserted(small: Target) -> None:
    for merchant, (orders, events) in SMALL.items():
        assert small.runner.run("SELECT count(*) FROM orders", merchant).rows == [(orders,)]
        assert small.runner.run("SELECT count(*) FROM events", merchant).rows == [(events,)]
        rows = small.runner.run("SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id", merchant)
        assert rows.rows and all(cell.startswith(merchant) for row in rows.rows for cell in row[:2])


# Analyst queries: (SQLite, PostgreSQL) versions of the same question, and the trusted bare SQL with an
# explicit merchant filter on every table. Both must return the same rows.
ANALYST: list[tuple[str, str, str]] = [
    (
        "SELECT SUM(total_amount) FROM orders WHERE status = 'paid' "
        "AND created_at >= '2026-10-01' AND created_at < '2026-11-01'",
        "SELECT SUM(total_amount) FROM orders WHERE status = 'paid' "
        "AND created_at >= '2026-10-01' AND created_at < '2026-11-01'",
        "SELECT SUM(total_amount) FROM orders WHERE merchant_id = :merchant AND status = 'paid' "
        "AND created_at >= '2026-10-01' AND created_at < '2026-11-01'",
    ),
    (
        "SELECT p.id, p.title, SUM(oi.amount) AS revenue, SUM(oi.quantity) AS units FROM order_items oi "
        "JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id WHERE o.status = 'paid' "
        "GROUP BY p.id, p.title ORDER BY revenue DESC, p.id LIMIT 3",
        "SELECT p.id, p.title, SUM(oi.amount) AS revenue, SUM(oi.quantity) AS units FROM order_items oi "
        "JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id WHERE o.status = 'paid' "
        "GROUP BY p.id, p.title ORDER BY revenue DESC, p.id LIMIT 3",
        "SELECT p.id, p.title, SUM(oi.amount) AS revenue, SUM(oi.quantity) AS units FROM order_items oi "
        "JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id WHERE o.status = 'paid' "
        "AND oi.merchant_id = :merchant AND o.merchant_id = :merchant AND p.merchant_id = :merchant "
        "GROUP BY p.id, p.title ORDER BY revenue DESC, p.id LIMIT 3",
    ),
    (
        "SELECT strftime('%Y-%m', created_at) AS month, SUM(total_amount), COUNT(*) FROM orders "
        "WHERE status = 'paid' GROUP BY 1 ORDER BY 1",
        "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, SUM(total_amount), COUNT(*) "
        "FROM orders WHERE status = 'paid' GROUP BY 1 ORDER BY 1",
        "",
    ),
    (
        "SELECT date(created_at) AS day, SUM(total_amount) FROM orders WHERE status = 'paid' GROUP BY day ORDER BY day",
        "SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AS day, SUM(total_amount) FROM orders "
        "WHERE status = 'paid' GROUP BY day ORDER BY day",
        "",
    ),
    (
        "SELECT channel, SUM(total_amount) AS gmv, ROUND(AVG(total_amount), 2) AS aov FROM orders "
        "WHERE status = 'paid' GROUP BY channel ORDER BY gmv DESC, channel",
        "SELECT channel, SUM(total_amount) AS gmv, ROUND(AVG(total_amount), 2) AS aov FROM orders "
        "WHERE status = 'paid' GROUP BY channel ORDER BY gmv DESC, channel",
        "SELECT channel, SUM(total_amount) AS gmv, ROUND(AVG(total_amount), 2) AS aov FROM orders "
        "WHERE merchant_id = :merchant AND status = 'paid' GROUP BY channel ORDER BY gmv DESC, channel",
    ),
    (
        "SELECT p.category, ROUND(1.0 * COUNT(DISTINCT CASE WHEN o.status = 'refunded' THEN o.id END) / "
        "NULLIF(COUNT(DISTINCT CASE WHEN o.status IN ('paid', 'refunded') THEN o.id END), 0), 4) AS refund_rate "
        "FROM orders o JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id "
        "GROUP BY p.category ORDER BY p.category",
        "SELECT p.category, ROUND(1.0 * COUNT(DISTINCT CASE WHEN o.status = 'refunded' THEN o.id END) / "
        "NULLIF(COUNT(DISTINCT CASE WHEN o.status IN ('paid', 'refunded') THEN o.id END), 0), 4) AS refund_rate "
        "FROM orders o JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id "
        "GROUP BY p.category ORDER BY p.category",
        "SELECT p.category, ROUND(1.0 * COUNT(DISTINCT CASE WHEN o.status = 'refunded' THEN o.id END) / "
        "NULLIF(COUNT(DISTINCT CASE WHEN o.status IN ('paid', 'refunded') THEN o.id END), 0), 4) AS refund_rate "
        "FROM orders o JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id "
        "WHERE o.merchant_id = :merchant AND oi.merchant_id = :merchant AND p.merchant_id = :merchant "
        "GROUP BY p.category ORDER BY p.category",
    ),
    (
        "WITH m AS (SELECT strftime('%Y-%m', created_at) AS month, SUM(total_amount) AS gmv FROM orders "
        "WHERE status = 'paid' GROUP BY 1) SELECT month, gmv, LAG(gmv) OVER (ORDER BY month) AS prev, "
        "ROW_NUMBER() OVER (ORDER BY gmv DESC) AS rank FROM m ORDER BY month",
        "WITH m AS (SELECT date_trunc('month', created_at AT TIME ZONE 'UTC') AS month, SUM(total_amount) AS gmv "
        "FROM orders WHERE status = 'paid' GROUP BY 1) SELECT month, gmv, LAG(gmv) OVER (ORDER BY month) AS prev, "
        "ROW_NUMBER() OVER (ORDER BY gmv DESC) AS rank FROM m ORDER BY month",
        "",
    ),
    (
        "SELECT c.region, COUNT(DISTINCT o.customer_id) AS buyers, SUM(o.total_amount) AS gmv FROM orders o "
        "JOIN customers c ON c.id = o.customer_id WHERE o.status = 'paid' GROUP BY c.region ORDER BY c.region",
        "SELECT c.region, COUNT(DISTINCT o.customer_id) AS buyers, SUM(o.total_amount) AS gmv FROM orders o "
        "JOIN customers c ON c.id = o.customer_id WHERE o.status = 'paid' GROUP BY c.region ORDER BY c.region",
        "SELECT c.region, COUNT(DISTINCT o.customer_id) AS buyers, SUM(o.total_amount) AS gmv FROM orders o "
        "JOIN customers c ON c.id = o.customer_id WHERE o.status = 'paid' AND o.merchant_id = :merchant "
        "AND c.merchant_id = :merchant GROUP BY c.region ORDER BY c.region",
    ),
    (
        "SELECT kind, COUNT(*) FROM events WHERE product_id IN (SELECT id FROM products WHERE stock > 0) "
        "GROUP BY kind ORDER BY kind",
        "SELECT kind, COUNT(*) FROM events WHERE product_id IN (SELECT id FROM products WHERE stock > 0) "
        "GROUP BY kind ORDER BY kind",
        "SELECT kind, COUNT(*) FROM events WHERE merchant_id = :merchant AND product_id IN "
        "(SELECT id FROM products WHERE stock > 0 AND merchant_id = :merchant) GROUP BY kind ORDER BY kind",
    ),
    (
        "SELECT p.title, SUM(oi.quantity * p.cost) AS cogs, SUM(oi.amount) - SUM(oi.quantity * p.cost) AS margin "
        "FROM order_items oi JOIN products p ON p.id = oi.product_id GROUP BY p.title ORDER BY margin DESC, p.title",
        "SELECT p.title, SUM(oi.quantity * p.cost) AS cogs, SUM(oi.amount) - SUM(oi.quantity * p.cost) AS margin "
        "FROM order_items oi JOIN products p ON p.id = oi.product_id GROUP BY p.title ORDER BY margin DESC, p.title",
        "SELECT p.title, SUM(oi.quantity * p.cost) AS cogs, SUM(oi.amount) - SUM(oi.quantity * p.cost) AS margin "
        "FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.merchant_id = :merchant "
        "AND p.merchant_id = :merchant GROUP BY p.title ORDER BY margin DESC, p.title",
    ),
]


def _explicit_filter(sql: str) -> str:
    """The trusted version of a single-table orders query: the merchant filter added by hand."""
    return sql.replace("FROM orders WHERE ", "FROM orders WHERE merchant_id = :merchant AND ")


@pytest.mark.parametrize(("sqlite_sql", "pg_sql", "trusted"), ANALYST)
def test_analyst_query_matches_bare_sql_with_explicit_filter(
    target: Target, sqlite_sql: str, pg_sql: str, trusted: str
) -> None:
    sql = sqlite_sql if _dialect_of(target) == "sqlite" else pg_sql
    trusted = trusted or _explicit_filter(sql)
    assert trusted != sql
    runner = SqlSalesRunner(target.engine, timeout_s=ANALYST_TIMEOUT_S)
    try:
        results = [runner.run(sql, merchant) for merchant in target.merchants]
    finally:
        runner.close()
    for merchant, result in zip(target.merchants, results, strict=True):
        with target.engine.connect() as conn:
            bare = [tuple(r) for r in conn.execute(text(trusted), {"merchant": merchant})]
        assert result.rows == bare, (merchant, result.sql)
        assert not result.truncated
    assert any(result.rows not in ([], [(None,)]) for result in results)


def test_params_bind_like_the_metrics_compiler_does(small: Target) -> None:
    start, end = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    if _dialect_of(small) == "sqlite":
        bounds: dict[str, Any] = {"start": "2026-10-01", "end": "2026-11-01"}
    else:
        bounds = {"start": start, "end": end}
    sql = "SELECT count(*) FROM orders WHERE created_at >= :start AND created_at < :end"
    result = small.runner.run(sql, small.merchant, params=bounds)
    trusted = small.bare(
        "SELECT count(*) FROM orders WHERE merchant_id = :merchant AND created_at >= :start AND created_at < :end",
        **bounds,
    )
    assert result.rows == trusted and trusted[0][0] > 0


def test_row_cap_fetches_one_more_row_to_report_truncation(small: Target) -> None:
    every = small.runner.run("SELECT id FROM orders ORDER BY id", small.merchant)
    assert len(every.rows) == SMALL[small.merchant][0] and not every.truncated
    capped = small.runner.run("SELECT id FROM orders ORDER BY id", small.merchant, row_cap=5)
    assert capped.rows == every.rows[:5] and capped.truncated
    exact = small.runner.run("SELECT id FROM orders ORDER BY id LIMIT 5", small.merchant, row_cap=5)
    assert len(exact.rows) == 5 and not exact.truncated
    assert capped.columns == ["id"] and capped.elapsed_ms > 0
    assert "merchant_id" in capped.sql


def test_row_cap_never_exceeds_the_runner_cap(small: Target) -> None:
    runner = SqlSalesRunner(small.engine, row_cap=7)
    try:
        result = runner.run("SELECT id FROM orders", small.merchant, row_cap=10_000)
        assert len(result.rows) == 7 and result.truncated
        with pytest.raises(SqlRefused):
            runner.run("SELECT id FROM orders", small.merchant, row_cap=0)
    finally:
        runner.close()


def test_timeout_interrupts_a_runaway_query_and_says_so(small: Target) -> None:
    runner = SqlSalesRunner(small.engine, timeout_s=0.3)
    try:
        started = time.monotonic()
        with pytest.raises(SqlRefused) as refused:
            runner.run("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT max(x) FROM r", "m_a")
        assert time.monotonic() - started < 2.5
        assert refused.value.reason == "timeout"
        assert "stopped after 0.3 s" in str(refused.value)
        assert runner.run("SELECT count(*) FROM orders", "m_a").rows == [(SMALL["m_a"][0],)]
    finally:
        runner.close()


@pytest.mark.parametrize("small", ["sqlite_small"], indirect=True)
def test_time_limits_start_no_thread_per_query(small: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting a thread waits until it runs (tens of ms on a busy machine): one watchdog serves every query."""
    small.runner.run("SELECT count(*) FROM orders", small.merchant)
    started: list[str] = []
    original = threading.Thread.start

    def counted(thread: threading.Thread) -> None:
        started.append(thread.name)
        original(thread)

    monkeypatch.setattr(threading.Thread, "start", counted)
    for _ in range(5):
        small.runner.run("SELECT count(*) FROM orders", small.merchant)
    assert started == []


def test_refused_queries_leave_the_store_unchanged(small: Target) -> None:
    before = small.bare("SELECT count(*) FROM orders")
    for sql, expectation in HOSTILE:
        if expectation == REFUSE:
            with pytest.raises(SqlRefused):
                small.runner.run(sql.replace("{other}", small.other), small.merchant)
    assert small.bare("SELECT count(*) FROM orders") == before


def test_database_errors_become_refusals(small: Target) -> None:
    with pytest.raises(SqlRefused) as refused:
        small.runner.run("SELECT no_such_column FROM orders", small.merchant)
    assert refused.value.reason == "database"
    assert "no_such_column" in str(refused.value)


def _raw(target: Target, sql: str) -> list[tuple]:
    """Run SQL on the runner's database layer directly, skipping the parser: the second line of defence."""
    params: dict[str, Any] | list[Any] = [] if _dialect_of(target) == "postgresql" else {}
    guarded = GuardedSql(sql=sql, params=params, tables=frozenset())
    return target.runner._backend.fetch(guarded, target.merchant, 10, 1.0, 1 << 20).rows


@pytest.mark.parametrize(
    "sql",
    [
        "ATTACH DATABASE '/tmp/copilot_evil_attach.db' AS evil",
        "PRAGMA query_only = OFF",
        "PRAGMA table_info(orders)",
        "SELECT * FROM demo_truth_scenes",
        "SELECT * FROM alembic_version",
        "SELECT name FROM sqlite_master",
        "SELECT * FROM pragma_table_info('orders')",
        "SELECT load_extension('/tmp/evil.so')",
        "SELECT randomblob(10)",
        "SELECT sqlite_version()",
        "DELETE FROM orders",
        "INSERT INTO merchants (id, name, currency, daily_budget_cap, created_at) VALUES ('x', 'x', 'x', 1, 'x')",
        "CREATE TABLE evil (x)",
    ],
)
def test_sqlite_connection_refuses_even_without_the_parser(sqlite_small: Target, sql: str) -> None:
    with pytest.raises(SqlRefused) as refused:
        _raw(sqlite_small, sql)
    assert refused.value.reason in ("denied", "database")
    assert not Path("/tmp/copilot_evil_attach.db").exists()
    assert sqlite_small.bare("SELECT count(*) FROM orders") == [(sum(o for o, _ in SMALL.values()),)]


def test_sqlite_connection_is_read_only_and_cannot_attach(sqlite_small: Target) -> None:
    pooled = sqlite_small.runner._backend._pool.connect()  # type: ignore[attr-defined]
    try:
        conn: sqlite3.Connection = pooled.driver_connection
        assert conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED) == 0
        conn.set_authorizer(None)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM orders")
        with pytest.raises(sqlite3.OperationalError, match="too many attached"):
            conn.execute("ATTACH ':memory:' AS x")
    finally:
        pooled.invalidate()


def test_sqlite_runner_reuses_its_pooled_connections(sqlite_small: Target) -> None:
    pool = sqlite_small.runner._backend._pool  # type: ignore[attr-defined]
    for _ in range(20):
        sqlite_small.runner.run("SELECT count(*) FROM products", "m_b")
    with pytest.raises(SqlRefused):
        sqlite_small.runner.run("SELECT no_such FROM products", "m_b")
    assert pool.checkedout() == 0
    assert pool.checkedin() <= 4


@pytest.mark.parametrize(
    ("sql", "error"),
    [
        ("SELECT * FROM audit_log", "permission denied"),
        ("SELECT * FROM alembic_version", "permission denied"),
        ("DELETE FROM orders", "read-only transaction"),
        ("CREATE TABLE evil (x int)", "read-only transaction"),
        ("SET ROLE postgres", "permission denied"),
        ("SELECT set_config('role', 'postgres', true)", "permission denied"),
        ("SELECT pg_read_file('/etc/passwd')", "permission denied"),
    ],
)
def test_pg_reader_transaction_refuses_even_without_the_parser(pg_small: Target, sql: str, error: str) -> None:
    raw = pg_small.engine.raw_connection()
    try:
        conn = raw.driver_connection
        with conn.cursor() as cursor:
            begin_reader_transaction(cursor, pg_small.merchant, 1.0, superuser=is_superuser(cursor))
            with pytest.raises(Exception, match=error):
                cursor.execute(sql)
        conn.rollback()
    finally:
        raw.close()


def test_pg_row_level_security_hides_other_merchants_without_the_parser(pg_small: Target) -> None:
    raw = pg_small.engine.raw_connection()
    try:
        conn = raw.driver_connection
        with conn.cursor() as cursor:
            begin_reader_transaction(cursor, "m_b", 1.0, superuser=is_superuser(cursor))
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (READER_ROLE,)
            for table, column in (("orders", "merchant_id"), ("merchants", "id"), ("order_items", "merchant_id")):
                cursor.execute(f"SELECT DISTINCT {column} FROM {table}")
                assert cursor.fetchall() == [("m_b",)], table
        conn.rollback()
    finally:
        raw.close()


def test_pg_timeout_is_enforced_by_the_server(pg_small: Target) -> None:
    started = time.monotonic()
    with pytest.raises(SqlRefused) as refused:
        _raw(pg_small, "SELECT pg_sleep(5)")
    assert refused.value.reason == "timeout"
    assert time.monotonic() - started < 3


def test_runner_refuses_in_memory_sqlite() -> None:
    engine = create_engine("sqlite://")
    with pytest.raises(ValueError, match="memory"):
        SqlSalesRunner(engine)
