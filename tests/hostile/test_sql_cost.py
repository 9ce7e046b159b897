"""Merchant SQL that would cost more than its time limit, and one merchant's queries crowding out the others.

Both databases check their time limit between rows, never inside one function call: a LIKE of a 32k-character
pattern over a 2 MB text built by a recursive CTE ran 108 s on SQLite and 74 s on PostgreSQL against a 5 s limit.
Each query here is refused before it runs (pattern or size bounds) or stopped by the limit; none returns rows.
The tests assert how a query ends, never how long it took.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from copilot.store import Store
from copilot.store.sales import SqlBounds, SqlRefused, SqlSalesRunner
from tests.case_counts import CaseCount

MERCHANT = "m_outdoor"
OTHER = "m_pet"
TIMEOUT_S = 1.0
COUNT_ORDERS = "SELECT count(*) FROM orders"


def _texts(chars: int) -> str:
    """A CTE `d(s, k)` of texts of 'x' doubling up to `chars` characters (a power of two)."""
    return f"WITH RECURSIVE d(s, k) AS (SELECT 'x', 1 UNION ALL SELECT s || s, k * 2 FROM d WHERE k < {chars})"


def _rows(n: int) -> str:
    return f"r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < {n})"


# (what it tries, the SQL, the refusal reasons that may end it)
COSTLY: list[tuple[str, str, set[str]]] = [
    (
        "the red team's LIKE: a 32k-character pattern against a 2 MB text",
        "WITH RECURSIVE r(s, n) AS (SELECT 'a', 1 UNION ALL SELECT s || s, n * 2 FROM r WHERE n < 2097152) "
        f"SELECT count(*) FROM r WHERE s LIKE '%' || '{'a' * 32_000}' || 'b'",
        {"size"},
    ),
    (
        "the same LIKE with a pattern short enough for the query length limit",
        f"{_texts(2_097_152)} SELECT count(*) FROM d WHERE s LIKE '%' || '{'x' * 9_000}' || 'b'",
        {"pattern"},
    ),
    (
        "a LIKE pattern computed by the query",
        f"{_texts(2_097_152)} SELECT count(*) FROM d WHERE s LIKE '%' || substr(s, 1, 30000) || 'b'",
        {"pattern"},
    ),
    (
        "a search text of instr/strpos computed by the query",
        f"{_texts(2_097_152)} SELECT max(instr(s, substr(s, 1, 30000) || 'b')) FROM d",
        {"pattern"},
    ),
    (
        "a search text of replace computed by the query",
        f"{_texts(2_097_152)} SELECT max(length(replace(s, substr(s, 1, 30000) || 'b', ''))) FROM d",
        {"pattern"},
    ),
    (
        "a character set of trim computed by the query",
        f"{_texts(2_097_152)} SELECT max(length(trim(s, replace(substr(s, 1, 30000), 'x', 'y') || 'x'))) FROM d",
        {"pattern"},
    ),
    (
        "forty short LIKEs in one row",
        f"{_texts(2_097_152)} SELECT count(*) FROM d WHERE "
        + " OR ".join(f"s LIKE '%{'x' * 8}{i}b'" for i in range(40)),
        {"pattern"},
    ),
    (
        "a text doubled by a recursive CTE without end",
        "WITH RECURSIVE r(s) AS (SELECT 'xxxxxxxxxx' UNION ALL SELECT s || s FROM r) "
        "SELECT length(s) FROM r ORDER BY length(s) DESC LIMIT 1",
        {"size"},
    ),
    (
        "a short LIKE over a text doubled past the value size limit",
        f"{_texts(4_194_304)} SELECT count(*) FROM d WHERE s LIKE '%{'x' * 200}b'",
        {"size"},
    ),
    (
        "replace() multiplying a text tenfold per step",
        "WITH RECURSIVE r(s, n) AS (SELECT 'x', 0 UNION ALL SELECT replace(s, 'x', 'xxxxxxxxxx'), n + 1 FROM r "
        "WHERE n < 8) SELECT max(length(s)) FROM r",
        {"size"},
    ),
    (
        "concatenation multiplying a text eightfold per CTE",
        "WITH a0 AS (SELECT 'xxxxxxxx' AS s), "
        + ", ".join(f"a{i} AS (SELECT {' || '.join(['s'] * 8)} AS s FROM a{i - 1})" for i in range(1, 8))
        + " SELECT length(s) FROM a7",
        {"size"},
    ),
    (
        "CTEs that inline into 4**11 copies of one column while the query is prepared",
        "WITH a0 AS (SELECT 'x' AS s), "
        + ", ".join(f"a{i} AS (SELECT s || s || s || s AS s FROM a{i - 1})" for i in range(1, 12))
        + " SELECT length(s) FROM a11",
        {"size"},
    ),
    (
        "group_concat/string_agg over a million generated rows",
        f"WITH RECURSIVE {_rows(1_000_000)} SELECT length(group_concat(CAST(n AS TEXT), ',')) FROM r",
        {"size", "timeout"},
    ),
    ("printf building a gigabyte", "SELECT length(printf('%.*c', 1000000000, 'x'))", {"function"}),
    ("repeat building a gigabyte", "SELECT length(repeat('x', 1000000000))", {"function"}),
    ("a 20k-character query", "SELECT " + " + ".join(["1"] * 5_000), {"size"}),
]


@pytest.fixture
def runner(shared_demo_store: Store) -> Iterator[SqlSalesRunner]:
    made = SqlSalesRunner(shared_demo_store.engine, timeout_s=TIMEOUT_S)
    yield made
    made.close()


def _count(runner: SqlSalesRunner, merchant: str) -> Any:
    return runner.run(COUNT_ORDERS, merchant).rows[0][0]


@pytest.mark.parametrize(("attempt", "sql", "reasons"), COSTLY, ids=[attempt for attempt, _, _ in COSTLY])
def test_costly_sql_is_refused_or_stopped_never_run_to_the_end(
    runner: SqlSalesRunner, attempt: str, sql: str, reasons: set[str], case_count: CaseCount
) -> None:
    with pytest.raises(SqlRefused) as refused:
        runner.run(sql, MERCHANT)
    case_count("costly SQL")
    assert refused.value.reason in reasons, f"{attempt}: {refused.value.reason}: {refused.value}"
    assert _count(runner, MERCHANT) > 0


def test_the_time_limit_stops_a_query_of_few_slow_steps(runner: SqlSalesRunner, case_count: CaseCount) -> None:
    """300 rows, each one LIKE of a bounded pattern over a 64 KiB text: fewer VM steps in all than a SQLite
    progress handler counts before it looks at the clock, each step long. The limit stops it between two rows."""
    sql = (
        f"{_texts(65_536)}, big AS (SELECT s FROM d WHERE k = 65536), {_rows(300)} "
        f"SELECT count(*) FROM r, big WHERE big.s || r.n LIKE '%{'x' * 240}b'"
    )
    with pytest.raises(SqlRefused) as refused:
        runner.run(sql, MERCHANT)
    case_count("costly SQL")
    assert refused.value.reason == "timeout", str(refused.value)
    assert "stopped after 1 s" in str(refused.value)


def test_a_merchant_over_its_concurrency_limit_is_refused_while_another_merchant_runs(
    shared_demo_store: Store, monkeypatch: pytest.MonkeyPatch, case_count: CaseCount
) -> None:
    runner = SqlSalesRunner(shared_demo_store.engine, timeout_s=TIMEOUT_S, bounds=SqlBounds(per_merchant=1))
    expected = {merchant: _count(runner, merchant) for merchant in (MERCHANT, OTHER)}
    inside, release = threading.Event(), threading.Event()
    fetch = runner._backend.fetch

    def held_fetch(guarded: Any, merchant_id: str, *args: Any) -> Any:
        """The first query of MERCHANT holds its connection until the test releases it."""
        if merchant_id == MERCHANT and not inside.is_set():
            inside.set()
            release.wait(30)
        return fetch(guarded, merchant_id, *args)

    monkeypatch.setattr(runner._backend, "fetch", held_fetch)
    first: list[Any] = []
    worker = threading.Thread(target=lambda: first.append(_count(runner, MERCHANT)))
    worker.start()
    try:
        assert inside.wait(30)
        with pytest.raises(SqlRefused) as refused:
            runner.run(COUNT_ORDERS, MERCHANT)
        case_count("concurrent SQL")
        assert refused.value.reason == "busy"
        assert "already has 1 query running" in str(refused.value)
        assert _count(runner, OTHER) == expected[OTHER]
    finally:
        release.set()
        worker.join(30)
        runner.close()
    assert first == [expected[MERCHANT]]
