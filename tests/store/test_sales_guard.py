"""The parsing half of the safe sales runner: what `guard()` refuses and how it scopes what it keeps."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlglot
from sqlglot import exp

from copilot.store.models import SALES_TABLES
from copilot.store.sql_guard import SqlRefused, guard, load_policy, sqlglot_dialect

DIALECTS = ["sqlite", "postgres"]


def _refusal(sql: str, dialect: str = "sqlite", **kwargs: object) -> SqlRefused:
    with pytest.raises(SqlRefused) as info:
        guard(sql, "m_a", dialect=dialect, **kwargs)  # type: ignore[arg-type]
    assert str(info.value), "a refusal must explain itself"
    return info.value


def _merchant_placeholder(dialect: str) -> str:
    return "$1" if dialect == "postgres" else ":p0"


def _is_scoped(table: exp.Table, dialect: str) -> bool:
    """True when `table` is the FROM of `SELECT * FROM t WHERE t.<merchant col> = <merchant param>`."""
    select = table.find_ancestor(exp.Select)
    where = select.args.get("where") if select else None
    if select is None or where is None or not isinstance(where.this, exp.EQ):
        return False
    column, value = where.this.this, where.this.expression
    return (
        isinstance(column, exp.Column)
        and column.name == SALES_TABLES[table.name]
        and column.table == table.name
        and value.sql(dialect) == _merchant_placeholder(dialect)
        and select.args["from_"].this is table
        and not select.args.get("joins")
    )


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("DROP TABLE orders", "statement"),
        ("DELETE FROM orders", "statement"),
        ("UPDATE orders SET total_amount = 0", "statement"),
        ("INSERT INTO orders (id) VALUES ('x')", "statement"),
        ("CREATE TABLE x AS SELECT * FROM orders", "statement"),
        ("ALTER TABLE orders ADD COLUMN x int", "statement"),
        ("WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d", "statement"),
        ("WITH u AS (UPDATE orders SET status = 'paid' RETURNING id) SELECT count(*) FROM u", "statement"),
        ("WITH i AS (INSERT INTO merchants (id) VALUES ('x') RETURNING id) SELECT * FROM i", "statement"),
        ("SELECT * INTO stolen FROM orders", "into"),
        ("SELECT * FROM orders FOR UPDATE", "lock"),
        ("SELECT * FROM orders FOR SHARE", "lock"),
        ("SELECT 1; SELECT 2", "statements"),
        ("SELECT 1 /* ; */; DROP TABLE orders", "statements"),
        ("SELECT 1 -- comment\n; DELETE FROM orders", "statements"),
        ("", "parse"),
        ("   -- only a comment", "parse"),
        ("SELEC * FROM orders", "parse"),
        ("SELECT * FROM main.orders", "schema"),
        ("SELECT * FROM pg_catalog.pg_tables", "schema"),
        ("SELECT * FROM information_schema.tables", "schema"),
        ("SELECT o.id FROM orders AS o WHERE main.orders.id = o.id", "schema"),
        ("SELECT * FROM sqlite_master", "table"),
        ("SELECT * FROM demo_truth_scenes", "table"),
        ("SELECT * FROM DEMO_TRUTH_ANOMALIES", "table"),
        ("SELECT * FROM alembic_version", "table"),
        ("SELECT * FROM audit_log", "table"),
        ('SELECT * FROM "demo_truth_scenes"', "table"),
        ("SELECT * FROM orders WHERE id IN (SELECT customer_id FROM demo_truth_scenes)", "table"),
        ("SELECT (SELECT count(*) FROM demo_truth_anomalies) FROM orders", "table"),
        ("SELECT * FROM pragma_table_info('orders')", "function"),
        ("SELECT load_extension('/tmp/evil.so')", "function"),
        ("SELECT readfile('/etc/passwd')", "function"),
        ("SELECT writefile('/tmp/x', 'y')", "function"),
        ("SELECT pg_sleep(10)", "function"),
        ("SELECT pg_read_file('/etc/passwd')", "function"),
        ("SELECT setval('s', 1)", "function"),
        ("SELECT nextval('s')", "function"),
        ("SELECT lo_import('/etc/passwd')", "function"),
        ("SELECT randomblob(1000000000)", "function"),
        ("SELECT zeroblob(1000000000)", "function"),
        ("SELECT set_config('role', 'postgres', false)", "function"),
        ("SELECT sqlite_version()", "function"),
        ("SELECT LoAd_ExTeNsIoN('x')", "function"),
        ("SELECT CAST(id AS regclass) FROM orders", "cast"),
        ("WITH orders AS (SELECT 1 AS id) SELECT * FROM orders", "cte"),
        ("WITH Demo_Truth_Scenes AS (SELECT 1) SELECT 1", "cte"),
        ("WITH sqlite_x AS (SELECT 1) SELECT * FROM sqlite_x", "cte"),
        ("WITH q AS (SELECT * FROM q) SELECT * FROM q", "table"),
        ("WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a", "table"),
        ("SELECT * FROM q", "table"),
        ("SELECT * FROM оrders", "table"),  # Cyrillic о
        ("SELECT * FROM orders\u200b", "table"),
        ("SELECT * FROM orders WHERE id = ?", "params"),
        ("SELECT * FROM orders WHERE id = :missing", "params"),
    ],
)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_refusals_name_what_was_refused(sql: str, reason: str, dialect: str) -> None:
    assert _refusal(sql, dialect).reason == reason


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    ("sql", "needle"),
    [
        ("SELECT load_extension('x')", "load_extension"),
        ("SELECT * FROM demo_truth_scenes", "demo_truth_scenes"),
        ("DROP TABLE orders", "DROP"),
        ("SELECT * FROM main.orders", "main.orders"),
        ("SELECT 1; SELECT 2", "2"),
    ],
)
def test_refusal_messages_name_the_offender(sql: str, needle: str, dialect: str) -> None:
    assert needle.lower() in str(_refusal(sql, dialect)).lower()


def test_refused_table_message_lists_the_tables_that_can_be_read() -> None:
    message = str(_refusal("SELECT * FROM demo_truth_scenes"))
    assert all(table in message for table in SALES_TABLES)


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM orders",
        "SELECT o.id FROM orders o JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id",
        "SELECT * FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE region = 'x')",
        "SELECT (SELECT count(*) FROM events) AS n, (SELECT max(price) FROM products)",
        "WITH q AS (SELECT * FROM orders) SELECT * FROM q JOIN customers c ON c.id = q.customer_id",
        "SELECT id FROM orders UNION ALL SELECT id FROM products EXCEPT SELECT id FROM campaigns",
        "SELECT * FROM merchants",
        "SELECT * FROM (orders) JOIN (SELECT * FROM (SELECT * FROM creatives) x) y ON 1 = 1",
        "SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)",
        'SELECT * FROM ORDERS AS O, "order_items" AS "I"',
    ],
)
def test_every_table_reference_is_scoped_to_the_merchant(sql: str, dialect: str) -> None:
    guarded = guard(sql, "m_a", dialect=dialect)
    tree = sqlglot.parse_one(guarded.sql, read=dialect)
    tables = [t for t in tree.find_all(exp.Table) if t.name in SALES_TABLES]
    assert tables
    assert all(_is_scoped(t, dialect) for t in tables), guarded.sql
    first = guarded.params[0] if isinstance(guarded.params, list) else guarded.params["p0"]
    assert first == "m_a"
    assert guarded.tables == {t.name for t in tables}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_user_aliases_survive_scoping(dialect: str) -> None:
    guarded = guard("SELECT o.id, orders2.id FROM orders AS o, products AS orders2", "m_a", dialect=dialect)
    tree = sqlglot.parse_one(guarded.sql, read=dialect)
    aliases = {s.alias for s in tree.find_all(exp.Subquery)}
    assert aliases == {"o", "orders2"}


def test_unaliased_table_keeps_its_name_as_alias() -> None:
    guarded = guard("SELECT orders.id FROM orders", "m_a", dialect="sqlite")
    assert guarded.sql == ("SELECT orders.id FROM (SELECT * FROM orders WHERE orders.merchant_id = :p0) AS orders")


def test_merchants_table_is_scoped_on_its_id() -> None:
    guarded = guard("SELECT name FROM merchants", "m_a", dialect="postgres")
    assert "merchants.id = $1" in guarded.sql


def test_a_merchant_predicate_in_the_query_never_replaces_the_scope() -> None:
    guarded = guard("SELECT * FROM orders WHERE merchant_id = 'm_b' OR 1 = 1", "m_a", dialect="sqlite")
    assert "orders.merchant_id = :p0" in guarded.sql
    assert guarded.params == {"p0": "m_a"}


def test_recursive_cte_may_refer_to_itself_and_is_not_a_table() -> None:
    sql = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 5) SELECT * FROM r"
    guarded = guard(sql, "m_a", dialect="sqlite")
    assert guarded.tables == frozenset()


def test_comments_are_dropped_from_the_sql_that_runs() -> None:
    sql = "SELECT id -- */ DROP TABLE orders; /*\nFROM orders /* DELETE FROM orders */"
    guarded = guard(sql, "m_a", dialect="sqlite")
    assert "DROP" not in guarded.sql and "DELETE" not in guarded.sql and "--" not in guarded.sql


@pytest.mark.parametrize("dialect", DIALECTS)
def test_named_params_are_renumbered_after_the_merchant(dialect: str) -> None:
    guarded = guard(
        "SELECT * FROM orders WHERE created_at >= :start AND created_at < :end AND status = :start",
        "m_a",
        dialect=dialect,
        params={"start": "2026-10-01", "end": "2026-11-01"},
    )
    if dialect == "postgres":
        assert guarded.params == ["m_a", "2026-10-01", "2026-11-01"]
        assert "created_at >= $2 AND created_at < $3 AND status = $2" in guarded.sql
    else:
        assert guarded.params == {"p0": "m_a", "p1": "2026-10-01", "p2": "2026-11-01"}
        assert "created_at >= :p1 AND created_at < :p2 AND status = :p1" in guarded.sql


def test_merchant_placeholder_is_the_runtime_merchant() -> None:
    guarded = guard("SELECT * FROM orders WHERE merchant_id = :merchant", "m_a", dialect="sqlite")
    assert guarded.params == {"p0": "m_a"}
    assert guard("SELECT :merchant", "m_a", dialect="sqlite", params={"merchant": "m_a"}).params == {"p0": "m_a"}
    assert _refusal("SELECT :merchant", params={"merchant": "m_b"}).reason == "params"


def test_param_values_must_be_scalars() -> None:
    assert _refusal("SELECT :x", params={"x": ["a", "b"]}).reason == "params"
    assert _refusal("SELECT :x", params={"x": {"a": 1}}).reason == "params"


def test_sqlite_dates_are_bound_as_stored_text() -> None:
    guarded = guard(
        "SELECT :d, :t FROM orders",
        "m_a",
        dialect="sqlite",
        params={"d": dt.date(2026, 10, 1), "t": dt.datetime(2026, 10, 1, 8, 30)},
    )
    assert guarded.params == {"p0": "m_a", "p1": "2026-10-01", "p2": "2026-10-01 08:30:00"}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    "sql",
    [
        "SeLeCt CoUnT(*) fRoM OrDeRs",
        "SELECT strftime('%Y-%m', created_at) AS m, SUM(total_amount) FROM orders GROUP BY 1",
        "SELECT date_trunc('month', created_at), to_char(created_at, 'YYYY-MM') FROM orders",
        "SELECT EXTRACT(YEAR FROM created_at), CAST(total_amount AS REAL), NULLIF(stock, 0) FROM orders, products",
        "SELECT ROW_NUMBER() OVER (PARTITION BY category ORDER BY price DESC) FROM products",
        "SELECT LAG(x) OVER (ORDER BY x), x / NULLIF(LAG(x) OVER (ORDER BY x), 0) - 1 "
        "FROM (SELECT COUNT(*) AS x FROM orders GROUP BY status) t",
        "SELECT CASE WHEN status = 'paid' THEN 1 ELSE 0 END, COALESCE(channel, '?'), ROUND(AVG(total_amount), 2) "
        "FROM orders GROUP BY 1, 2 HAVING COUNT(*) > 1 ORDER BY 3 DESC LIMIT 10 OFFSET 1",
        "SELECT lower(title), upper(title), substr(title, 1, 3), length(title), replace(title, 'a', 'b'), "
        "trim(title), abs(price) FROM products WHERE title LIKE '%x%'",
        "SELECT COUNT(*) FILTER (WHERE status = 'refunded') FROM orders",
        "SELECT julianday(created_at), datetime(created_at), date(created_at, '-1 month') FROM orders",
    ],
)
def test_analyst_queries_are_accepted(sql: str, dialect: str) -> None:
    if dialect == "postgres" and "julianday" in sql:
        pytest.skip("SQLite-only date functions")
    guarded = guard(sql, "m_a", dialect=dialect)
    assert guarded.tables


def test_policy_lists_are_consistent() -> None:
    policy = load_policy()
    assert not policy.functions & set(policy.refused_functions)
    assert set(SALES_TABLES) <= policy.reserved_names
    assert {"load_extension", "readfile", "pg_sleep", "pg_read_file", "dblink", "setval"} <= set(
        policy.refused_functions
    )
    assert {"count", "sum", "strftime", "date", "julianday", "coalesce"} <= policy.sqlite_functions


def test_unsupported_databases_are_rejected() -> None:
    assert sqlglot_dialect("sqlite") == "sqlite"
    assert sqlglot_dialect("postgresql") == "postgres"
    with pytest.raises(ValueError, match="mysql"):
        sqlglot_dialect("mysql")


@pytest.mark.parametrize(
    ("sql", "expected_tail"),
    [
        ("SELECT id FROM orders", "LIMIT 11"),
        ("SELECT id FROM orders LIMIT 3", "LIMIT 3"),
        ("SELECT id FROM orders ORDER BY id LIMIT 500", "AS capped_rows LIMIT 11"),
        ("SELECT id FROM orders LIMIT :n", "AS capped_rows LIMIT 11"),
        ("SELECT id FROM orders UNION SELECT id FROM products", "UNION SELECT id FROM "),
    ],
)
def test_row_limit_bounds_what_the_database_returns(sql: str, expected_tail: str) -> None:
    guarded = guard(sql, "m_a", dialect="sqlite", params={"n": 1000}, limit=11)
    assert expected_tail in guarded.sql
    tree = sqlglot.parse_one(guarded.sql, read="sqlite")
    assert tree.args["limit"].expression.name in ("3", "11")


def test_cached_templates_bind_each_call_s_own_merchant_and_values() -> None:
    sql = "SELECT count(*) FROM orders WHERE status = :status"
    first = guard(sql, "m_a", dialect="postgres", params={"status": "paid"})
    second = guard(sql, "m_b", dialect="postgres", params={"status": "refunded"})
    assert first.sql == second.sql
    assert first.params == ["m_a", "paid"] and second.params == ["m_b", "refunded"]
    assert _refusal(sql, "postgres").reason == "params"
