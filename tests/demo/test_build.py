"""The demo store generator: the data contract's invariants, seasonality, scenes, planted anomalies,
determinism, and the same data on PostgreSQL."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import statistics
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from copilot.clock import DEMO_TODAY
from copilot.demo.build import DemoSummary, build_demo
from copilot.demo.spec import CHANNELS, EVENT_KINDS, MERCHANTS, STATUSES, load_spec
from copilot.demo.truth import create_truth_tables
from copilot.store import Store
from copilot.store.models import Base

TODAY = DEMO_TODAY.isoformat()
NOW = f"{TODAY} 12:00:00"
FIRST_DAY = "2025-10-01"


@pytest.fixture(scope="module")
def db(demo_template: Path) -> Iterator[sqlite3.Connection]:
    """The session's default demo store, read-only."""
    connection = sqlite3.connect(f"file:{demo_template}?mode=ro", uri=True)
    yield connection
    connection.close()


def one(db: sqlite3.Connection, sql: str, *params: object) -> Any:
    return db.execute(sql, params).fetchone()[0]


def column(db: sqlite3.Connection, sql: str, *params: object) -> list:
    return [row[0] for row in db.execute(sql, params)]


def product_orders(db: sqlite3.Connection, product: str, first: str, last: str) -> int:
    """Orders holding the product with first <= day <= last."""
    return one(
        db,
        "SELECT COUNT(*) FROM order_items oi JOIN orders o ON o.id = oi.order_id "
        "WHERE oi.product_id = ? AND date(o.created_at) BETWEEN ? AND ?",
        product,
        first,
        last,
    )


def days_before(day: str, n: int) -> str:
    return (date.fromisoformat(day) - timedelta(days=n)).isoformat()


# -- the data contract ------------------------------------------------------------------------------------


def test_vocabulary_and_outcome_rates(db: sqlite3.Connection) -> None:
    assert set(column(db, "SELECT id FROM merchants")) == set(MERCHANTS)
    assert set(column(db, "SELECT DISTINCT status FROM orders")) == set(STATUSES)
    assert set(column(db, "SELECT DISTINCT channel FROM orders")) == set(CHANNELS)
    assert set(column(db, "SELECT DISTINCT kind FROM events")) == set(EVENT_KINDS)
    assert set(column(db, "SELECT DISTINCT currency FROM merchants")) == {"CNY"}
    share = dict(db.execute("SELECT status, COUNT(*) * 1.0 / (SELECT COUNT(*) FROM orders) FROM orders GROUP BY 1"))
    assert 0.87 < share["paid"] < 0.93
    assert 0.045 < share["refunded"] < 0.08
    assert 0.03 < share["cancelled"] < 0.05


def test_default_size_is_skewed_towards_outdoor(db: sqlite3.Connection) -> None:
    orders = dict(db.execute("SELECT merchant_id, COUNT(*) FROM orders GROUP BY 1"))
    assert sum(orders.values()) == load_spec().population.default_orders
    assert orders["m_outdoor"] > orders["m_baby"] > orders["m_pet"]
    gmv = dict(db.execute("SELECT merchant_id, SUM(total_amount) FROM orders WHERE status = 'paid' GROUP BY 1"))
    assert max(gmv, key=gmv.__getitem__) == "m_outdoor"
    events_per_order = one(db, "SELECT COUNT(*) FROM events") / sum(orders.values())
    assert 8 <= events_per_order <= 14


def test_order_totals_are_the_sum_of_their_items(db: sqlite3.Connection) -> None:
    assert one(db, "SELECT COUNT(*) FROM order_items WHERE ABS(amount - quantity * unit_price) > 0.005") == 0
    assert one(db, "SELECT COUNT(*) FROM order_items WHERE quantity < 1 OR unit_price <= 0") == 0
    mismatched = one(
        db,
        "SELECT COUNT(*) FROM orders o JOIN (SELECT order_id, SUM(amount) AS s, COUNT(*) AS n "
        "FROM order_items GROUP BY order_id) i ON i.order_id = o.id "
        "WHERE ABS(o.total_amount - i.s) > 0.005 OR i.n NOT BETWEEN 1 AND 3",
    )
    assert mismatched == 0
    assert one(db, "SELECT COUNT(*) FROM orders WHERE id NOT IN (SELECT order_id FROM order_items)") == 0
    assert (
        one(db, "SELECT COUNT(*) FROM (SELECT 1 FROM order_items GROUP BY order_id, product_id HAVING COUNT(*) > 1)")
        == 0
    )


def test_timestamps_are_in_range_and_after_registration(db: sqlite3.Connection) -> None:
    for table in ("orders", "events"):
        low, high = db.execute(f"SELECT MIN(created_at), MAX(created_at) FROM {table}").fetchone()
        assert low >= FIRST_DAY and low < "2025-10-02"
        assert high < NOW and high >= TODAY
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", high)
    assert one(db, "SELECT MAX(registered_at) FROM customers") < NOW
    late = one(
        db,
        "SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.registered_at > o.created_at",
    )
    late += one(
        db,
        "SELECT COUNT(*) FROM events e JOIN customers c ON c.id = e.customer_id WHERE c.registered_at > e.created_at",
    )
    assert late == 0


def test_merchant_ids_agree_across_joins(db: sqlite3.Connection) -> None:
    checks = [
        "SELECT COUNT(*) FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE oi.merchant_id != o.merchant_id",
        "SELECT COUNT(*) FROM order_items oi JOIN products p ON p.id = oi.product_id "
        "WHERE p.merchant_id != oi.merchant_id",
        "SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.merchant_id != o.merchant_id",
        "SELECT COUNT(*) FROM events e JOIN customers c ON c.id = e.customer_id WHERE c.merchant_id != e.merchant_id",
        "SELECT COUNT(*) FROM events e JOIN products p ON p.id = e.product_id WHERE p.merchant_id != e.merchant_id",
        "SELECT COUNT(*) FROM demo_truth_scenes s JOIN customers c ON c.id = s.customer_id "
        "WHERE c.merchant_id != s.merchant_id",
        "SELECT COUNT(*) FROM events WHERE customer_id NOT IN (SELECT id FROM customers)",
        "SELECT COUNT(*) FROM order_items WHERE product_id NOT IN (SELECT id FROM products)",
    ]
    assert [one(db, sql) for sql in checks] == [0] * len(checks)


def test_catalog_is_bilingual_and_priced_like_a_shop(db: sqlite3.Connection) -> None:
    sizes = dict(db.execute("SELECT merchant_id, COUNT(*) FROM products GROUP BY 1"))
    assert all(25 <= n <= 40 for n in sizes.values()) and set(sizes) == set(MERCHANTS)
    rows = db.execute("SELECT title, title_en, category, tags, price, cost, description FROM products").fetchall()
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for title, title_en, category, tags, price, cost, description in rows:
        assert cjk.search(title) and title_en and not cjk.search(title_en)
        assert cjk.search(category) and not re.search(r"[A-Za-z]", category)
        assert cjk.search(tags) and re.search(r"[A-Za-z]", tags)
        assert cjk.search(description) and re.search(r"[A-Za-z]{4}", description)
        assert 0.35 <= cost / price <= 0.65
    assert set(column(db, "SELECT daily_budget_cap FROM merchants")) == {5000, 4000, 3000}


# -- customers, scenes and behaviour -------------------------------------------------------------------------


def test_every_customer_has_one_or_two_scenes_of_its_merchant(db: sqlite3.Connection) -> None:
    spec = load_spec()
    assert one(db, "SELECT COUNT(*) FROM customers WHERE id NOT IN (SELECT customer_id FROM demo_truth_scenes)") == 0
    assert one(db, "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM demo_truth_scenes GROUP BY customer_id)") == 2
    for merchant, scene in db.execute("SELECT DISTINCT merchant_id, scene FROM demo_truth_scenes"):
        assert scene in spec.scenes.audiences[merchant]
    regions = set(column(db, "SELECT DISTINCT region FROM customers"))
    assert {"广东", "浙江", "北京", "上海"} <= regions
    assert one(db, "SELECT COUNT(*) FROM customers WHERE age_band IS NULL OR region IS NULL") == 0


def test_hidden_scenes_appear_in_no_copilot_table(db: sqlite3.Connection) -> None:
    from copilot.store.models import SALES_TABLES

    assert "demo_truth_scenes" not in SALES_TABLES and "demo_truth_anomalies" not in SALES_TABLES
    for table in SALES_TABLES:
        names = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        assert "scene" not in names


def test_cold_start_products_have_no_sales_and_no_events(db: sqlite3.Connection) -> None:
    week_ago = days_before(TODAY, 7)
    new = dict(db.execute("SELECT id, merchant_id FROM products WHERE launched_at >= ?", (week_ago,)))
    assert set(new.values()) == set(MERCHANTS)
    assert "新款轻量防风冲锋衣" in column(db, "SELECT title FROM products WHERE launched_at >= ?", week_ago)
    marks = ",".join("?" * len(new))
    assert one(db, f"SELECT COUNT(*) FROM order_items WHERE product_id IN ({marks})", *new) == 0
    assert one(db, f"SELECT COUNT(*) FROM events WHERE product_id IN ({marks})", *new) == 0
    assert one(db, "SELECT MIN(stock) FROM products WHERE launched_at >= ?", week_ago) > 0


def test_every_order_item_has_its_purchase_event(db: sqlite3.Connection) -> None:
    purchases = one(db, "SELECT COUNT(*) FROM events WHERE kind = 'purchase'")
    assert purchases == one(db, "SELECT COUNT(*) FROM order_items")
    unmatched = one(
        db,
        "SELECT COUNT(*) FROM (SELECT o.customer_id, oi.product_id, o.created_at FROM order_items oi "
        "JOIN orders o ON o.id = oi.order_id EXCEPT "
        "SELECT customer_id, product_id, created_at FROM events WHERE kind = 'purchase')",
    )
    assert unmatched == 0


def test_funnel_narrows_from_views_to_purchases(db: sqlite3.Connection) -> None:
    kinds = dict(db.execute("SELECT kind, COUNT(*) FROM events GROUP BY 1"))
    assert kinds["view"] > 3 * kinds["click"] and kinds["click"] > kinds["cart"] > kinds["purchase"]
    assert 0.05 < kinds["purchase"] / kinds["view"] < 0.25
    buyers = one(db, "SELECT COUNT(DISTINCT customer_id) FROM orders")
    viewers = one(db, "SELECT COUNT(DISTINCT customer_id) FROM events WHERE kind = 'view'")
    assert viewers > buyers


def test_searches_carry_their_scene_queries(db: sqlite3.Connection) -> None:
    audiences = load_spec().scenes.audiences
    assert (
        one(db, "SELECT COUNT(*) FROM events WHERE kind = 'search' AND (query IS NULL OR product_id IS NOT NULL)") == 0
    )
    assert (
        one(db, "SELECT COUNT(*) FROM events WHERE kind != 'search' AND (query IS NOT NULL OR product_id IS NULL)") == 0
    )
    for merchant, query in db.execute("SELECT DISTINCT merchant_id, query FROM events WHERE kind = 'search'"):
        assert any(query in a.queries for a in audiences[merchant].values())
    mine = one(
        db,
        "SELECT AVG(e.query IN ('一个人带娃神器', '腰凳背带', '安抚摇椅', '溜娃神器 推车', 'solo parenting gadgets', "
        "'baby rocker')) FROM events e JOIN demo_truth_scenes s ON s.customer_id = e.customer_id "
        "WHERE e.kind = 'search' AND s.scene = 'solo_parenting'",
    )
    others = one(
        db,
        "SELECT AVG(e.query IN ('一个人带娃神器', '腰凳背带', '安抚摇椅', '溜娃神器 推车', 'solo parenting gadgets', "
        "'baby rocker')) FROM events e WHERE e.kind = 'search' AND e.merchant_id = 'm_baby' AND e.customer_id NOT IN "
        "(SELECT customer_id FROM demo_truth_scenes WHERE scene = 'solo_parenting')",
    )
    assert mine > 0.4 and others == 0


def _bought(category: str) -> str:
    return (
        "SELECT DISTINCT o.customer_id FROM orders o JOIN order_items oi ON oi.order_id = o.id "
        f"JOIN products p ON p.id = oi.product_id WHERE p.category = '{category}'"
    )


def _rate(db: sqlite3.Connection, category: str, among: str) -> float:
    """Share of m_outdoor customers matching `among` (a SQL condition on id) who bought the category."""
    return one(
        db, f"SELECT AVG(id IN ({_bought(category)})) FROM customers WHERE merchant_id = 'm_outdoor' AND {among}"
    )


def test_scenes_drive_cross_category_purchases(db: sqlite3.Connection) -> None:
    hikers = "SELECT customer_id FROM demo_truth_scenes WHERE scene = 'hiking'"
    assert _rate(db, "防晒霜", f"id IN ({hikers})") > 1.15 * _rate(db, "防晒霜", f"id NOT IN ({hikers})")
    pole_buyers = _bought("登山杖")
    assert _rate(db, "防晒霜", f"id IN ({pole_buyers})") > 1.2 * _rate(db, "防晒霜", f"id NOT IN ({pole_buyers})")
    assert _rate(db, "冲锋衣", f"id IN ({pole_buyers})") > 1.2 * _rate(db, "冲锋衣", "1 = 1")


# -- seasonality ---------------------------------------------------------------------------------------------


def _daily_gmv(db: sqlite3.Connection) -> dict[str, float]:
    return dict(
        db.execute(
            "SELECT date(created_at), SUM(total_amount) FROM orders WHERE status = 'paid' "
            "AND created_at < ? GROUP BY 1",
            (TODAY,),
        )
    )


def test_double_eleven_618_and_spring_festival(db: sqlite3.Connection) -> None:
    gmv = _daily_gmv(db)
    median = statistics.median(gmv.values())
    assert gmv["2026-11-11"] > 2.5 * median and gmv["2025-11-11"] > 2.5 * median
    assert gmv["2026-06-18"] > 1.8 * median
    spring = [gmv[d] for d in gmv if "2026-02-12" <= d <= "2026-02-22"]
    assert statistics.mean(spring) < 0.6 * median


def test_weekends_sell_more_than_weekdays(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT strftime('%w', created_at) IN ('0', '6'), COUNT(*) * 1.0 / COUNT(DISTINCT date(created_at)) "
        "FROM orders WHERE created_at < ? GROUP BY 1",
        (TODAY,),
    )
    per_day = dict(rows)
    assert per_day[1] > 1.08 * per_day[0]


def test_category_seasons(db: sqlite3.Connection) -> None:
    def units(category: str, first: str, last: str) -> int:
        return one(
            db,
            "SELECT SUM(oi.quantity) FROM order_items oi JOIN orders o ON o.id = oi.order_id "
            "JOIN products p ON p.id = oi.product_id WHERE p.category = ? AND o.created_at BETWEEN ? AND ?",
            category,
            first,
            last,
        )

    assert units("防晒霜", "2026-06-01", "2026-08-31") > 3 * units("防晒霜", "2025-12-01", "2026-02-28")
    assert units("冲锋衣", "2025-12-01", "2026-02-28") > 2 * units("冲锋衣", "2026-06-01", "2026-08-31")


# -- planted anomalies ---------------------------------------------------------------------------------------


def _anomalies(db: sqlite3.Connection) -> list[tuple[str, str, str, str, str, str]]:
    return db.execute(
        "SELECT merchant_id, product_id, kind, cause, start_date, end_date FROM demo_truth_anomalies"
    ).fetchall()


def test_anomalies_are_recent_and_cover_every_merchant(db: sqlite3.Connection) -> None:
    found = _anomalies(db)
    for merchant in MERCHANTS:
        causes = {(kind, cause) for m, _, kind, cause, _, _ in found if m == merchant}
        assert ("drop", "stock_out") in causes and any(kind == "spike" for kind, _ in causes)
    assert sum(cause == "refunds" for *_, cause, _, _ in found) == 1
    assert all(start >= days_before(TODAY, 75) and end <= TODAY for *_, start, end in found)
    products = dict(db.execute("SELECT id, merchant_id FROM products"))
    assert all(products[p] == m for m, p, *_ in found)


def test_stock_outs_stop_orders_but_not_views(db: sqlite3.Connection) -> None:
    for _, product, _, cause, start, end in _anomalies(db):
        if cause != "stock_out":
            continue
        days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
        assert days >= 10
        assert product_orders(db, product, start, end) == 0
        before = product_orders(db, product, days_before(start, days), days_before(start, 1))
        assert before >= 2 * days
        views = one(
            db,
            "SELECT COUNT(*) FROM events WHERE product_id = ? AND kind = 'view' AND date(created_at) BETWEEN ? AND ?",
            product,
            start,
            end,
        )
        assert views >= 5 * days
        stock = one(db, "SELECT stock FROM products WHERE id = ?", product)
        assert (stock == 0) == (end == TODAY)


def test_spikes_and_their_causes_are_visible(db: sqlite3.Connection) -> None:
    for _, product, kind, cause, start, end in _anomalies(db):
        days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
        window = (product, start, end)
        before = (product, days_before(start, 28), days_before(start, 1))
        if kind == "spike":
            assert product_orders(db, *window) / days > 3 * product_orders(db, *before) / 28
        unit = (
            "SELECT AVG(oi.unit_price) FROM order_items oi JOIN orders o ON o.id = oi.order_id "
            "WHERE oi.product_id = ? AND date(o.created_at) BETWEEN ? AND ?"
        )
        orders_of = (
            "FROM orders o WHERE o.id IN (SELECT order_id FROM order_items WHERE product_id = ?) "
            "AND date(o.created_at) BETWEEN ? AND ?"
        )
        if cause == "price_cut":
            assert one(db, unit, *window) < 0.8 * one(db, unit, *before)
        if cause == "channel_shift":
            assert one(db, f"SELECT AVG(o.channel = 'live') {orders_of}", *window) > 0.6
            assert one(db, f"SELECT AVG(o.channel = 'live') {orders_of}", *before) < 0.35
        if cause == "refunds":
            assert one(db, f"SELECT AVG(o.status = 'refunded') {orders_of}", *window) > 0.45
            assert one(db, f"SELECT AVG(o.status = 'refunded') {orders_of}", *before) < 0.15


# -- building: determinism, rebuilds, progress, other days, PostgreSQL ---------------------------------------


def table_digest(store: Store) -> str:
    digest = hashlib.sha256()
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(text(f"SELECT * FROM {table.name} ORDER BY 1, 2")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.mark.slow
def test_same_seed_gives_identical_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stores = [Store.open(f"sqlite:///{tmp_path / f'{name}.db'}") for name in ("a", "b", "c")]
    try:
        build_demo(stores[0], orders=1500)
        build_demo(stores[1], orders=1500)
        # the forecasts are fitted on the rows: another seed's rows differ already (and the fits cost 8 s a build)
        monkeypatch.setattr("copilot.demo.build.write_demo_forecasts", lambda *args: 0)
        build_demo(stores[2], orders=1500, seed=7)
        digests = [table_digest(s) for s in stores]
    finally:
        for store in stores:
            store.close()
    assert digests[0] == digests[1] != digests[2]


def _sqlite_only(store: Store) -> None:
    if store.dialect != "sqlite":
        pytest.skip("reads SQLite catalogue and text timestamps; test_postgres_build_matches_sqlite covers PostgreSQL")


@pytest.mark.slow
def test_rebuild_replaces_every_row_and_reports_progress(empty_store: Store) -> None:
    _sqlite_only(empty_store)
    build_demo(empty_store, orders=2000)
    with empty_store.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO audit_log (merchant_id, actor, action, created_at) VALUES ('m_pet', 't', 'x', :t)"),
            {"t": NOW},
        )
    calls: list[tuple[str, int, int]] = []
    summary = build_demo(empty_store, orders=600, progress=lambda *call: calls.append(call))
    with empty_store.engine.connect() as connection:
        counts = {t: connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in summary.counts}
        assert connection.execute(text("SELECT COUNT(*) FROM audit_log")).scalar_one() == 0
        indexes = connection.execute(text("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'")).scalar_one()
        foreign_keys = connection.execute(text("PRAGMA foreign_keys")).scalar_one()
    assert counts == summary.counts and summary.counts["orders"] == 600
    assert indexes >= 25 and foreign_keys == 1
    finished = {stage for stage, done, total in calls if done == total}
    assert {"generate", "catalog", "customers", "orders", "order items", "events", "indexes"} <= finished
    assert all(0 <= done <= total for _, done, total in calls)
    assert isinstance(summary, DemoSummary) and "600 orders" in str(summary) and "2025-10-01" in str(summary)


def test_today_moves_the_whole_history(empty_store: Store) -> None:
    _sqlite_only(empty_store)
    summary = build_demo(empty_store, orders=800, today=date(2026, 6, 30))
    with empty_store.engine.connect() as connection:
        low, high = connection.execute(text("SELECT MIN(created_at), MAX(created_at) FROM events")).one()
        launched = connection.execute(text("SELECT MAX(launched_at) FROM products")).scalar_one()
    assert summary.first_day == date(2025, 5, 11) and summary.last_day == date(2026, 6, 30)
    assert "2025-05-11" <= low < "2025-05-12" and "2026-06-30" <= high < "2026-06-30 12:00:00"
    assert launched < "2026-06-30"


def test_too_small_a_store_is_refused(empty_store: Store) -> None:
    with pytest.raises(ValueError, match="at least 100 orders"):
        build_demo(empty_store, orders=10)


def _aggregates(store: Store) -> dict[str, Any]:
    with store.engine.connect() as connection:

        def rows(sql: str) -> list[tuple]:
            return [tuple(r) for r in connection.execute(text(sql))]

        counts = {t.name: rows(f"SELECT COUNT(*) FROM {t.name}")[0][0] for t in Base.metadata.sorted_tables}
        gmv = {
            m: round(float(v), 2)
            for m, v in rows("SELECT merchant_id, SUM(total_amount) FROM orders WHERE status = 'paid' GROUP BY 1")
        }
        kinds = dict(rows("SELECT kind, COUNT(*) FROM events GROUP BY 1"))
        first = rows("SELECT id, customer_id, created_at, total_amount FROM orders ORDER BY id LIMIT 1")[0]
        last_event = rows("SELECT id, product_id, query, created_at FROM events ORDER BY id DESC LIMIT 1")[0]
        stock = dict(rows("SELECT id, stock FROM products"))
    at = str(first[2])[:19]
    return {"counts": counts, "gmv": gmv, "kinds": kinds, "first": (*first[:2], at, float(first[3])),
            "last_event": (*last_event[:3], str(last_event[3])[:19]), "stock": stock}  # fmt: skip


@pytest.mark.slow
@pytest.mark.postgres
def test_postgres_build_matches_sqlite(pg_empty_url: str, empty_store: Store) -> None:
    pg = Store.open(pg_empty_url, migrate=False)
    try:
        create_truth_tables(pg.engine)  # the build adds these; what it drops for the load it must restore
        with pg.engine.connect() as connection:
            constraints = connection.execute(text("SELECT COUNT(*) FROM pg_constraint")).scalar_one()
            indexes = connection.execute(text("SELECT COUNT(*) FROM pg_indexes")).scalar_one()
        build_demo(pg, orders=3000)
        build_demo(empty_store, orders=3000)
        with pg.engine.connect() as connection:
            assert connection.execute(text("SELECT COUNT(*) FROM pg_constraint")).scalar_one() == constraints
            assert connection.execute(text("SELECT COUNT(*) FROM pg_indexes")).scalar_one() == indexes
            zone = connection.execute(text("SELECT MIN(created_at) AT TIME ZONE 'UTC' FROM orders")).scalar_one()
        pg_aggregates, sqlite_aggregates = _aggregates(pg), _aggregates(empty_store)
    finally:
        pg.close()
    assert pg_aggregates == sqlite_aggregates
    assert str(zone)[:19] == sqlite_aggregates["first"][2]
