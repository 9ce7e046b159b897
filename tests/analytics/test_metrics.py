"""Named metrics: the compiled SQL, run through the safe runner, equals hand-written SQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from copilot.analytics.metrics import MetricError, MetricRequest, compile_metric, is_additive
from copilot.calendar.periods import resolve_period
from copilot.store import Store
from copilot.store.sales import SqlSalesRunner
from tests.tools.sales_data import build_sales_store

TODAY = date(2026, 11, 20)
MERCHANT = "m_a"


@pytest.fixture(scope="module")
def sales_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("sales") / "sales.db"
    store = Store.open(f"sqlite:///{path}")
    build_sales_store(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def runner(sales_store: Store) -> Iterator[SqlSalesRunner]:
    runner = SqlSalesRunner(sales_store.engine)
    yield runner
    runner.close()


PAID = "o.merchant_id = :m AND o.status = 'paid' AND o.created_at >= :s AND o.created_at < :e"
ITEMS = "FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id"
EVENTS = "e.merchant_id = :m AND e.created_at >= :s AND e.created_at < :e"
CONVERSION = (
    "1.0 * SUM(CASE WHEN e.kind = 'purchase' THEN 1 ELSE 0 END) / SUM(CASE WHEN e.kind = 'view' THEN 1 ELSE 0 END)"
)

# (metric, by, hand-written SQL returning (key..., value) rows for merchant :m and days :s <= t < :e)
CASES: list[tuple[str, str | None, str]] = [
    ("gmv", None, f"SELECT SUM(o.total_amount) FROM orders o WHERE {PAID}"),
    ("paid_orders", None, f"SELECT COUNT(*) FROM orders o WHERE {PAID}"),
    ("aov", None, f"SELECT SUM(o.total_amount) * 1.0 / COUNT(*) FROM orders o WHERE {PAID}"),
    ("units", None, f"SELECT SUM(oi.quantity) {ITEMS} WHERE {PAID}"),
    ("revenue", None, f"SELECT SUM(oi.amount) {ITEMS} WHERE {PAID}"),
    (
        "refund_rate",
        None,
        "SELECT 1.0 * SUM(o.status = 'refunded') / SUM(o.status IN ('paid', 'refunded')) FROM orders o "
        "WHERE o.merchant_id = :m AND o.created_at >= :s AND o.created_at < :e",
    ),
    (
        "gross_margin",
        None,
        f"SELECT 1.0 * (SUM(oi.amount) - SUM(oi.quantity * p.cost)) / SUM(oi.amount) {ITEMS} WHERE {PAID}",
    ),
    ("conversion", None, f"SELECT {CONVERSION} FROM events e WHERE {EVENTS}"),
    (
        "gmv",
        "product",
        f"SELECT p.id, p.title, SUM(oi.amount) {ITEMS} WHERE {PAID} GROUP BY p.id, p.title",
    ),
    (
        "paid_orders",
        "category",
        f"SELECT p.category, COUNT(DISTINCT o.id) {ITEMS} WHERE {PAID} GROUP BY p.category",
    ),
    (
        "gmv",
        "month",
        f"SELECT strftime('%Y-%m', o.created_at), SUM(o.total_amount) FROM orders o WHERE {PAID} GROUP BY 1",
    ),
    (
        "units",
        "week",
        f"SELECT date(o.created_at, 'weekday 0', '-6 days'), SUM(oi.quantity) {ITEMS} WHERE {PAID} GROUP BY 1",
    ),
    (
        "revenue",
        "day",
        f"SELECT strftime('%Y-%m-%d', o.created_at), SUM(oi.amount) {ITEMS} WHERE {PAID} GROUP BY 1",
    ),
    (
        "aov",
        "channel",
        f"SELECT o.channel, SUM(o.total_amount) * 1.0 / COUNT(*) FROM orders o WHERE {PAID} GROUP BY o.channel",
    ),
    (
        "refund_rate",
        "region",
        "SELECT c.region, 1.0 * SUM(o.status = 'refunded') / SUM(o.status IN ('paid', 'refunded')) "
        "FROM orders o JOIN customers c ON c.id = o.customer_id "
        "WHERE o.merchant_id = :m AND o.created_at >= :s AND o.created_at < :e GROUP BY c.region",
    ),
    (
        "gross_margin",
        "category",
        f"SELECT p.category, 1.0 * (SUM(oi.amount) - SUM(oi.quantity * p.cost)) / SUM(oi.amount) {ITEMS} "
        f"WHERE {PAID} GROUP BY p.category",
    ),
    (
        "conversion",
        "product",
        f"SELECT p.id, p.title, {CONVERSION} FROM events e JOIN products p ON p.id = e.product_id "
        f"WHERE {EVENTS} GROUP BY p.id, p.title",
    ),
    (
        "conversion",
        "region",
        f"SELECT c.region, {CONVERSION} FROM events e JOIN customers c ON c.id = e.customer_id "
        f"WHERE {EVENTS} GROUP BY c.region",
    ),
]


def _norm(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value), 6)
    return value


def _hand(store: Store, sql: str, spec: str) -> dict[tuple, Any]:
    period = resolve_period(spec, TODAY)
    params = {"m": MERCHANT, "s": period.start.isoformat(), "e": period.end.isoformat()}
    with store.engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
    return {tuple(row[:-1]): _norm(row[-1]) for row in rows if row[-1] is not None}


def _compiled(runner: SqlSalesRunner, metric: str, by: str | None, spec: str, **kwargs: Any) -> dict[tuple, Any]:
    request = MetricRequest(metric, resolve_period(spec, TODAY), by=by, **kwargs)
    query = compile_metric(request, dialect="sqlite")
    result = runner.run(query.sql, MERCHANT, params=query.params)
    value = result.columns.index(query.value_column)
    rows = {tuple(row[:value]): _norm(row[value]) for row in result.rows}
    if is_additive(metric):
        return {key: number for key, number in rows.items() if number}
    return {key: number for key, number in rows.items() if number is not None}


@pytest.mark.parametrize("spec", ["last_month", "2026-06", "last_90_days"])
@pytest.mark.parametrize(("metric", "by", "sql"), CASES, ids=[f"{m}-{b}" for m, b, _ in CASES])
def test_metric_equals_hand_written_sql(
    sales_store: Store, runner: SqlSalesRunner, metric: str, by: str | None, sql: str, spec: str
) -> None:
    expected = _hand(sales_store, sql, spec)
    assert expected, "the hand-written query must find data in this period"
    assert _compiled(runner, metric, by, spec) == expected


def test_filters_match_hand_written_sql(sales_store: Store, runner: SqlSalesRunner) -> None:
    expected = _hand(
        sales_store,
        f"SELECT SUM(oi.amount) {ITEMS} WHERE {PAID} AND p.category = '防晒' AND o.channel = 'live'",
        "2026",
    )
    got = _compiled(runner, "gmv", None, "2026", categories=("防晒",), channels=("live",))
    assert got == expected
    expected = _hand(
        sales_store,
        f"SELECT {CONVERSION} FROM events e WHERE {EVENTS} AND e.product_id IN ('m_a_p1', 'm_a_p2')",
        "last_year",
    )
    assert _compiled(runner, "conversion", None, "last_year", product_ids=("m_a_p1", "m_a_p2")) == expected


def test_top_and_bottom_rank_by_the_metric(runner: SqlSalesRunner) -> None:
    everything = _compiled(runner, "revenue", "product", "last_year")
    ranked = sorted(everything.items(), key=lambda item: (-item[1], item[0]))
    top = _compiled(runner, "revenue", "product", "last_year", top=3)
    assert list(top.items()) == ranked[:3]
    bottom = _compiled(runner, "revenue", "product", "last_year", top=2, order="asc")
    assert list(bottom.items()) == sorted(everything.items(), key=lambda item: (item[1], item[0]))[:2]


def test_comparison_columns_hold_the_other_period(runner: SqlSalesRunner) -> None:
    period = resolve_period("last_month", TODAY)
    request = MetricRequest("gmv", period, by="channel", compare_period=period.previous())
    query = compile_metric(request, dialect="sqlite")
    result = runner.run(query.sql, MERCHANT, params=query.params)
    previous = {row[0]: _norm(row[2]) for row in result.rows}
    assert previous == {key[0]: value for key, value in _compiled(runner, "gmv", "channel", "2026-09").items()}
    current = {row[0]: _norm(row[1]) for row in result.rows}
    assert current == {key[0]: value for key, value in _compiled(runner, "gmv", "channel", "2026-10").items()}


def test_other_merchant_numbers_never_leak(sales_store: Store, runner: SqlSalesRunner) -> None:
    mine = _compiled(runner, "gmv", None, "last_year")
    everyone = _hand(
        sales_store,
        "SELECT SUM(total_amount) FROM orders WHERE status = 'paid' AND created_at >= :s AND created_at < :e",
        "last_year",
    )
    assert mine != everyone
    assert mine == _hand(sales_store, CASES[0][2], "last_year")


def test_values_are_bound_parameters_not_sql_text() -> None:
    hostile = "x') OR 1=1 --"
    query = compile_metric(
        MetricRequest("gmv", resolve_period("last_month", TODAY), product_ids=(hostile,), categories=(hostile,)),
        dialect="sqlite",
    )
    assert hostile not in query.sql
    assert hostile in query.params.values()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"metric": "conversion", "by": "channel"}, "carry no channel"),
        ({"metric": "conversion", "channels": ("live",)}, "carry no channel"),
        ({"metric": "profit"}, "unknown metric"),
        ({"metric": "gmv", "by": "weekday"}, "unknown breakdown"),
        ({"metric": "gmv", "by": "product", "top": 0}, "positive"),
    ],
)
def test_impossible_requests_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(MetricError, match=message):
        compile_metric(MetricRequest(period=resolve_period("last_month", TODAY), **kwargs), dialect="sqlite")


def test_time_series_compare_through_their_total() -> None:
    period = resolve_period("last_month", TODAY)
    with pytest.raises(MetricError, match="total"):
        compile_metric(MetricRequest("gmv", period, by="day", compare_period=period.previous()), dialect="sqlite")


def test_postgres_buckets_use_postgres_functions() -> None:
    query = compile_metric(MetricRequest("gmv", resolve_period("2026", TODAY), by="week"), dialect="postgresql")
    assert "date_trunc('week'" in query.sql
    assert "strftime" not in query.sql


@pytest.mark.postgres
def test_postgres_gives_the_same_numbers_as_sqlite(pg_empty_url: str, runner: SqlSalesRunner) -> None:
    pg_store = Store.open(pg_empty_url, migrate=False)
    build_sales_store(pg_store)
    pg_runner = SqlSalesRunner(pg_store.engine)
    try:
        for metric, by, _ in CASES:
            for spec in ("last_month", "last_3_weeks"):
                request = MetricRequest(metric, resolve_period(spec, TODAY), by=by)
                query = compile_metric(request, dialect="postgresql")
                result = pg_runner.run(query.sql, MERCHANT, params=query.params)
                value = result.columns.index(query.value_column)
                got = {tuple(row[:value]): _norm(float(row[value])) for row in result.rows if row[value] is not None}
                if is_additive(metric):
                    got = {key: number for key, number in got.items() if number}
                assert got == _compiled(runner, metric, by, spec), (metric, by, spec)
    finally:
        pg_runner.close()
        pg_store.close()
