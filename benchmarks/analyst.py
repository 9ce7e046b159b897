"""Typical analyst questions on a 1,000,000-order store: the safe sales runner against the same SQL run bare.

Usage: `python benchmarks/analyst.py [--orders N] [--repeat K] [--merchant ID] [--no-postgres] [--record]`

Builds the demo store once (`build_demo(store, orders=N)`, cached under ./data/bench) on SQLite and, when
the server answers, on PostgreSQL; runs each question K times through `SqlSalesRunner` and K times bare (the
same SQL with an explicit merchant filter), prints medians and p95 with the overhead of the safety layer, and
writes the table with date, machine and commit to reports/bench/ (`--record`: also BENCHMARKS.md).
Fair to the bare query: a model writes new SQL each time, so every call's text is new (a different constant in
its select list, `fresh`): the guard's parse cache never helps it, and neither does the driver's statement
cache help either side. The bare query goes through the same driver as the runner (sqlite3 on a read-only
connection; psycopg on the engine's pooled connection, in a transaction), and the two alternate call by call
(guarded first on even runs, bare first on odd ones), so neither profits from the other's caches or the
machine's moments. Each call's CPU time (this process's) is taken too: on a machine others share, wall time
is mostly waiting for a CPU. The guard alone (`guard()`: parse, check, rewrite) is timed in CPU on fresh texts
and on one repeated text (warm cache) for contrast.
Goal: median < 300 ms per question, overhead < 10 %.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, text

try:
    from copilot.demo.build import build_demo
except ModuleNotFoundError:  # a tree from before the demo package (benchmarks/side_by_side.py runs those)
    from copilot.store.demo import build_demo  # type: ignore[no-redef]
from copilot.store import Store
from copilot.store.sales import SqlSalesRunner
from copilot.store.sql_guard import guard

try:
    from benchmarks._report import add_record_flag, git_commit, machine, save
except ImportError:  # run as a script from benchmarks/
    from _report import add_record_flag, git_commit, machine, save  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "data" / "bench"
PG_ADMIN_URL = os.environ.get("COPILOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
LAST_MONTH = ("2026-10-01", "2026-11-01")
LAST_30_DAYS = ("2026-10-22", "2026-11-21")


@dataclass(frozen=True)
class Question:
    """One analyst question: the SQL the model would write (no merchant filter) per dialect, and the
    same SQL with the merchant filter written by hand (`:merchant`) for the bare run."""

    name: str
    guarded: dict[str, str]
    bare: dict[str, str]


def _both(sql: str) -> dict[str, str]:
    return {"sqlite": sql, "postgresql": sql}


QUESTIONS = [
    Question(
        "GMV last month",
        _both(
            "SELECT SUM(total_amount) FROM orders WHERE status = 'paid' "
            f"AND created_at >= '{LAST_MONTH[0]}' AND created_at < '{LAST_MONTH[1]}'"
        ),
        _both(
            "SELECT SUM(total_amount) FROM orders WHERE merchant_id = :merchant AND status = 'paid' "
            f"AND created_at >= '{LAST_MONTH[0]}' AND created_at < '{LAST_MONTH[1]}'"
        ),
    ),
    Question(
        "top 10 products last month",
        _both(
            "SELECT p.title, SUM(oi.amount) AS revenue FROM order_items oi JOIN orders o ON o.id = oi.order_id "
            "JOIN products p ON p.id = oi.product_id WHERE o.status = 'paid' "
            f"AND o.created_at >= '{LAST_MONTH[0]}' AND o.created_at < '{LAST_MONTH[1]}' "
            "GROUP BY p.id, p.title ORDER BY revenue DESC LIMIT 10"
        ),
        _both(
            "SELECT p.title, SUM(oi.amount) AS revenue FROM order_items oi JOIN orders o ON o.id = oi.order_id "
            "JOIN products p ON p.id = oi.product_id WHERE o.merchant_id = :merchant "
            "AND oi.merchant_id = :merchant AND p.merchant_id = :merchant AND o.status = 'paid' "
            f"AND o.created_at >= '{LAST_MONTH[0]}' AND o.created_at < '{LAST_MONTH[1]}' "
            "GROUP BY p.id, p.title ORDER BY revenue DESC LIMIT 10"
        ),
    ),
    Question(
        "daily GMV last 30 days",
        {
            "sqlite": "SELECT date(created_at) AS day, SUM(total_amount) FROM orders WHERE status = 'paid' "
            f"AND created_at >= '{LAST_30_DAYS[0]}' AND created_at < '{LAST_30_DAYS[1]}' GROUP BY 1 ORDER BY 1",
            "postgresql": "SELECT date_trunc('day', created_at) AS day, SUM(total_amount) FROM orders "
            f"WHERE status = 'paid' AND created_at >= '{LAST_30_DAYS[0]}' AND created_at < '{LAST_30_DAYS[1]}' "
            "GROUP BY 1 ORDER BY 1",
        },
        {
            "sqlite": "SELECT date(created_at) AS day, SUM(total_amount) FROM orders WHERE merchant_id = :merchant "
            f"AND status = 'paid' AND created_at >= '{LAST_30_DAYS[0]}' AND created_at < '{LAST_30_DAYS[1]}' "
            "GROUP BY 1 ORDER BY 1",
            "postgresql": "SELECT date_trunc('day', created_at) AS day, SUM(total_amount) FROM orders "
            "WHERE merchant_id = :merchant AND status = 'paid' "
            f"AND created_at >= '{LAST_30_DAYS[0]}' AND created_at < '{LAST_30_DAYS[1]}' GROUP BY 1 ORDER BY 1",
        },
    ),
    Question(
        "GMV by channel last month",
        _both(
            "SELECT channel, SUM(total_amount) AS gmv FROM orders WHERE status = 'paid' "
            f"AND created_at >= '{LAST_MONTH[0]}' AND created_at < '{LAST_MONTH[1]}' GROUP BY channel ORDER BY gmv DESC"
        ),
        _both(
            "SELECT channel, SUM(total_amount) AS gmv FROM orders WHERE merchant_id = :merchant AND status = 'paid' "
            f"AND created_at >= '{LAST_MONTH[0]}' AND created_at < '{LAST_MONTH[1]}' GROUP BY channel ORDER BY gmv DESC"
        ),
    ),
    Question(
        "refund rate by category last month",
        _both(
            "SELECT p.category, 1.0 * COUNT(DISTINCT CASE WHEN o.status = 'refunded' THEN o.id END) / "
            "NULLIF(COUNT(DISTINCT CASE WHEN o.status IN ('paid', 'refunded') THEN o.id END), 0) AS refund_rate "
            "FROM orders o JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id "
            f"WHERE o.created_at >= '{LAST_MONTH[0]}' AND o.created_at < '{LAST_MONTH[1]}' "
            "GROUP BY p.category ORDER BY refund_rate DESC"
        ),
        _both(
            "SELECT p.category, 1.0 * COUNT(DISTINCT CASE WHEN o.status = 'refunded' THEN o.id END) / "
            "NULLIF(COUNT(DISTINCT CASE WHEN o.status IN ('paid', 'refunded') THEN o.id END), 0) AS refund_rate "
            "FROM orders o JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id "
            "WHERE o.merchant_id = :merchant AND oi.merchant_id = :merchant AND p.merchant_id = :merchant "
            f"AND o.created_at >= '{LAST_MONTH[0]}' AND o.created_at < '{LAST_MONTH[1]}' "
            "GROUP BY p.category ORDER BY refund_rate DESC"
        ),
    ),
    Question(
        "month over month GMV (last 12 months)",
        {
            "sqlite": "WITH m AS (SELECT strftime('%Y-%m', created_at) AS month, SUM(total_amount) AS gmv "
            "FROM orders WHERE status = 'paid' AND created_at >= '2025-11-01' AND created_at < '2026-11-01' "
            "GROUP BY 1) SELECT month, gmv, gmv / LAG(gmv) OVER (ORDER BY month) - 1 AS mom FROM m ORDER BY month",
            "postgresql": "WITH m AS (SELECT date_trunc('month', created_at) AS month, SUM(total_amount) AS gmv "
            "FROM orders WHERE status = 'paid' AND created_at >= '2025-11-01' AND created_at < '2026-11-01' "
            "GROUP BY 1) SELECT month, gmv, gmv / LAG(gmv) OVER (ORDER BY month) - 1 AS mom FROM m ORDER BY month",
        },
        {
            "sqlite": "WITH m AS (SELECT strftime('%Y-%m', created_at) AS month, SUM(total_amount) AS gmv "
            "FROM orders WHERE merchant_id = :merchant AND status = 'paid' AND created_at >= '2025-11-01' "
            "AND created_at < '2026-11-01' GROUP BY 1) "
            "SELECT month, gmv, gmv / LAG(gmv) OVER (ORDER BY month) - 1 AS mom FROM m ORDER BY month",
            "postgresql": "WITH m AS (SELECT date_trunc('month', created_at) AS month, SUM(total_amount) AS gmv "
            "FROM orders WHERE merchant_id = :merchant AND status = 'paid' AND created_at >= '2025-11-01' "
            "AND created_at < '2026-11-01' GROUP BY 1) "
            "SELECT month, gmv, gmv / LAG(gmv) OVER (ORDER BY month) - 1 AS mom FROM m ORDER BY month",
        },
    ),
]


def fresh(sql: str, run: int) -> str:
    """`sql` with a new constant in its first select list: new text for the guard and the driver alike."""
    return sql.replace(" FROM ", f", {run} AS run FROM ", 1)


def _ms(call: Callable[[], Any], cpu: list[float] | None = None) -> tuple[float, Any]:
    """Wall ms of `call` and its result; with `cpu`, the process's CPU ms of it are appended there."""
    started, used = time.perf_counter(), time.process_time()
    result = call()
    if cpu is not None:
        cpu.append((time.process_time() - used) * 1000)
    return (time.perf_counter() - started) * 1000, result


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 2 else samples[0]


def _sqlite_store(orders: int) -> Store:
    path = BENCH_DIR / f"demo_{orders}.db"
    if path.exists():
        return Store.open(f"sqlite:///{path}")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".building")
    partial.unlink(missing_ok=True)
    store = Store.open(f"sqlite:///{partial}")
    print(f"building a {orders:,}-order SQLite demo store (cached at {path}) ...", flush=True)
    build_demo(store, orders=orders)
    store.close()
    partial.rename(path)
    return Store.open(f"sqlite:///{path}")


def _postgres_store(orders: int) -> Store | None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    name = f"copilot_bench_{orders}"
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            built = exists is not None and _pg_has_orders(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
            if not built:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the server is optional: report why it is skipped
        print(f"PostgreSQL skipped: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        return None
    finally:
        admin.dispose()
    store = Store.open(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    if not built:
        print(f"building a {orders:,}-order PostgreSQL demo store (database {name}) ...", flush=True)
        build_demo(store, orders=orders)
    return store


def _pg_has_orders(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT EXISTS (SELECT 1 FROM orders)")).scalar())
    except Exception:
        return False
    finally:
        engine.dispose()


def _analyzed(store: Store) -> bool:
    """Whether SQLite has planner statistics; ANALYZE them when missing (both runs profit equally)."""
    if store.dialect != "sqlite":
        return True
    with store.engine.begin() as conn:
        has = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar()
        if not has:
            conn.exec_driver_sql("ANALYZE")
    return bool(has)


class BareDriver:
    """The bare query through the runner's own driver: sqlite3 on a read-only connection of the store's file,
    or psycopg on one of the engine's pooled connections (each query in a transaction, rolled back)."""

    def __init__(self, store: Store) -> None:
        self.dialect = store.dialect
        if self.dialect == "sqlite":
            uri = f"{Path(store.engine.url.database or '').resolve().as_uri()}?mode=ro"
            self._sqlite = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            self._raw = store.engine.raw_connection()

    def fetch(self, sql: str, merchant: str) -> list[tuple[Any, ...]]:
        if self.dialect == "sqlite":
            with closing(self._sqlite.execute(sql, {"merchant": merchant})) as cursor:
                return [tuple(row) for row in cursor.fetchall()]
        conn: psycopg.Connection[Any] = self._raw.driver_connection  # type: ignore[assignment]
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql.replace(":merchant", "%(merchant)s"), {"merchant": merchant})
                return [tuple(row) for row in cursor.fetchall()]
        finally:
            conn.rollback()

    def close(self) -> None:
        if self.dialect == "sqlite":
            self._sqlite.close()
        else:
            self._raw.close()


def bench(store: Store, merchant: str, repeat: int) -> list[dict[str, Any]]:
    """Median and p95 of every question, guarded and bare on fresh text each call, interleaved, with the
    overhead of the safety layer and the guard's own cost (cold and warm parse cache)."""
    runner = SqlSalesRunner(store.engine, timeout_s=60)
    bare_driver = BareDriver(store)
    dialect = store.dialect
    rows = []

    def check(sql: str) -> object:
        return guard(sql, merchant, dialect=runner.dialect, limit=runner.row_cap + 1, policy=runner.policy)

    run = 0
    try:
        for question in QUESTIONS:
            guarded: list[float] = []
            bare: list[float] = []
            cpu: dict[int, list[float]] = {id(guarded): [], id(bare): []}
            cold: list[float] = []
            warm: list[float] = []
            for n in range(repeat + 1):  # the first pair warms the data pages and is not counted
                run += 1
                guarded_sql, bare_sql = fresh(question.guarded[dialect], run), fresh(question.bare[dialect], run)
                calls = [
                    (guarded, lambda sql=guarded_sql: runner.run(sql, merchant)),
                    (bare, lambda sql=bare_sql: bare_driver.fetch(sql, merchant)),
                ]
                results = {}
                for samples, call in calls if n % 2 == 0 else calls[::-1]:
                    took, results[id(samples)] = _ms(call, cpu[id(samples)] if n else None)
                    if n:
                        samples.append(took)
                if [tuple(r) for r in results[id(bare)]] != results[id(guarded)].rows:
                    raise AssertionError(f"{question.name}: guarded and bare results differ on {dialect}")
                if n:
                    new_text = fresh(question.guarded[dialect], -run)
                    _ms(lambda sql=new_text: check(sql), cold)
                    _ms(lambda sql=question.guarded[dialect]: check(sql), warm)
            g_med, b_med = statistics.median(guarded), statistics.median(bare)
            rows.append(
                {
                    "db": dialect,
                    "question": question.name,
                    "guarded_median": g_med,
                    "guarded_p95": _p95(guarded),
                    "bare_median": b_med,
                    "bare_p95": _p95(bare),
                    "overhead_ms": g_med - b_med,
                    "guarded_cpu": statistics.median(cpu[id(guarded)]),
                    "bare_cpu": statistics.median(cpu[id(bare)]),
                    "overhead": (g_med - b_med) / b_med * 100 if b_med else 0.0,
                    "guard_cold": statistics.median(cold),
                    "guard_warm": statistics.median(warm),
                    "rows": len(results[id(guarded)].rows),
                }
            )
    finally:
        runner.close()
        bare_driver.close()
    return rows


def _table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| db | question | guarded median ms | guarded p95 ms | bare median ms | bare p95 ms | overhead ms "
        "| overhead | guarded CPU ms | bare CPU ms | CPU overhead | guard alone, fresh text CPU ms "
        "| guard alone, repeated text CPU ms | rows |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['db']} | {r['question']} | {r['guarded_median']:.1f} | {r['guarded_p95']:.1f} | "
            f"{r['bare_median']:.1f} | {r['bare_p95']:.1f} | {r['overhead_ms']:+.1f} | {r['overhead']:+.1f}% | "
            f"{r['guarded_cpu']:.2f} | {r['bare_cpu']:.2f} | {r['guarded_cpu'] / max(r['bare_cpu'], 1e-3):.1f}x | "
            f"{r['guard_cold']:.2f} | {r['guard_warm']:.3f} | {r['rows']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--merchant", default="m_outdoor")
    parser.add_argument("--no-postgres", action="store_true")
    add_record_flag(parser)
    args = parser.parse_args()

    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    stores = [_sqlite_store(args.orders)]
    if not args.no_postgres:
        pg = _postgres_store(args.orders)
        if pg is not None:
            stores.append(pg)
    for store in stores:
        if not _analyzed(store):
            notes.append("SQLite store had no planner statistics: ran ANALYZE before measuring.")
        rows += bench(store, args.merchant, args.repeat)
        store.close()

    table = _table(rows)
    print(table)
    for note in notes:
        print(note)
    slow = [r["question"] for r in rows if r["guarded_median"] >= 300]
    heavy = [r["question"] for r in rows if r["overhead"] >= 10]
    verdict = (
        f"Goal (< 300 ms median, < 10% overhead): {'met' if not slow and not heavy else 'NOT met'}"
        + (f"; slow: {', '.join(slow)}" if slow else "")
        + (f"; overhead >= 10%: {', '.join(heavy)}" if heavy else "")
    )
    print(verdict)
    header = (
        f"## Sales analyst: safe runner vs bare SQL, new SQL text every call, interleaved ({args.orders:,} orders, "
        f"merchant {args.merchant}, {args.repeat} runs each)\n\n"
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n- machine: {machine()}\n- commit: {git_commit()}\n"
        + "".join(f"- note: {n}\n" for n in notes)
        + f"- {verdict}\n\n"
    )
    save("analyst", header + table, record=args.record)


if __name__ == "__main__":
    main()
