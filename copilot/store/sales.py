"""The safe SQL runner behind the sales analyst (`query_store_sales`).

Three independent layers keep a merchant's query read-only and inside its own data:

1. `sql_guard.guard` parses the query with sqlglot, refuses anything but one SELECT built from
   allow-listed constructs, functions and tables, and rewrites every table into a subquery filtered
   on the runtime's merchant (by construction, whatever the query's own predicates say).
2. The database connection cannot do more. SQLite: a separate read-only connection
   (`mode=ro`), no attachable databases, an authorizer that allows only reads of the sales tables
   and allow-listed functions, caps on value sizes, LIKE patterns and result columns, and a timer
   that interrupts the query at the time limit. PostgreSQL: a READ ONLY transaction with
   `statement_timeout`, under the `copilot_reader` role (SELECT on the sales tables only, row-level
   security on the merchant), with the value size limit the guard's BOUNDED_TEXT casts check.
3. Result caps: the query is limited to one row more than the cap (to report truncation), rows are
   streamed, and fetching stops at the row cap or the result's byte budget, whichever comes first.

Both databases check their time limit between rows, never inside one function call; the guard's
pattern budget and the value size limit keep each row's calls short, so the limit stops any query.
`SqlBounds.per_merchant` bounds how many queries one merchant runs at once: one more is refused at
once ("busy") rather than waiting for a connection that others need.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine, inspect
from sqlalchemy.pool import QueuePool

from copilot.store import watchdog
from copilot.store.sql_guard import (
    BOUNDED_TEXT,
    BOUNDED_TEXT_CHECK,
    MAX_PATTERN_CHARS,
    MAX_QUERY_CHARS,
    GuardedSql,
    SqlPolicy,
    SqlRefused,
    guard,
    load_policy,
    sqlglot_dialect,
)

if TYPE_CHECKING:
    import psycopg

READER_ROLE = "copilot_reader"
MERCHANT_SETTING = "copilot.merchant_id"
TEXT_LIMIT_SETTING = "copilot.max_text_bytes"
SQLITE_MAX_COLUMNS = 100
KiB = 1 << 10
MiB = 1 << 20

__all__ = [
    "MERCHANT_SETTING",
    "READER_ROLE",
    "QueryResult",
    "SalesRunner",
    "SqlBounds",
    "SqlRefused",
    "SqlSalesRunner",
    "begin_reader_transaction",
    "is_superuser",
]


@dataclass(frozen=True)
class SqlBounds:
    """What one merchant query may cost besides rows and time (COPILOT_SQL_* settings).

    `result_max_bytes`: the rows fetched, measured as their texts' UTF-8 bytes (8 per other value);
    `max_value_bytes`: any one text or blob the query computes or reads; `max_pattern_chars`: all the
    query's LIKE/GLOB patterns and searched-for texts together; `max_query_chars`: the SQL text;
    `per_merchant`: queries of one merchant running at once in this process.
    """

    result_max_bytes: int = MiB
    max_value_bytes: int = 128 * KiB
    max_pattern_chars: int = MAX_PATTERN_CHARS
    max_query_chars: int = MAX_QUERY_CHARS
    per_merchant: int = 2

    def __post_init__(self) -> None:
        if min(self.result_max_bytes, self.max_value_bytes, self.max_pattern_chars, self.max_query_chars) < 1:
            raise ValueError("SQL bounds must be positive")
        if self.per_merchant < 1:
            raise ValueError("per_merchant must be at least 1")


@dataclass
class QueryResult:
    """Rows of one query. `sql` is the merchant-scoped SQL that ran (driver placeholders).

    `truncated`: more rows exist than were returned; `bytes_capped`: fetching stopped at the byte budget
    (then `truncated` is true too)."""

    columns: list[str]
    rows: list[tuple]
    truncated: bool
    elapsed_ms: float
    sql: str
    bytes_capped: bool = False


class SalesRunner(Protocol):
    """Runs one read-only query for one merchant; raises SqlRefused for anything it will not run."""

    def run(
        self,
        sql: str,
        merchant_id: str,
        *,
        params: dict[str, Any] | None = None,
        row_cap: int | None = None,
    ) -> QueryResult: ...


@dataclass
class _Fetched:
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    bytes_capped: bool = False


class _Backend(Protocol):
    def fetch(self, guarded: GuardedSql, merchant_id: str, limit: int, timeout_s: float, max_bytes: int) -> _Fetched:
        """Run `guarded`, taking at most `limit` rows and `max_bytes` of them (see `_take`)."""
        ...

    def close(self) -> None: ...


def _value_bytes(value: Any) -> int:
    if isinstance(value, str):
        return len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    return 8


def _take(rows: Iterable[Any], fetched: _Fetched, limit: int, max_bytes: int) -> None:
    """Append rows to `fetched` until `limit` rows, or until the next row would pass `max_bytes`."""
    if limit < 1:
        return
    total = 0
    for row in rows:
        total += sum(_value_bytes(value) for value in row)
        if total > max_bytes:
            fetched.bytes_capped = True
            return
        fetched.rows.append(tuple(row))
        if len(fetched.rows) >= limit:
            return


def _timeout_refusal(timeout_s: float) -> SqlRefused:
    return SqlRefused(
        f"The query was stopped after {timeout_s:g} s (time limit). Narrow the date range, aggregate "
        "before joining, or avoid cross joins and unbounded recursion.",
        reason="timeout",
    )


def _denied_refusal(detail: str) -> SqlRefused:
    return SqlRefused(
        f"The database refused the query ({detail}): only reads of the sales tables with allow-listed "
        "functions are permitted.",
        reason="denied",
    )


def _size_refusal(max_value_bytes: int) -> SqlRefused:
    return SqlRefused(
        f"A text in the query grew past {max_value_bytes:,} bytes, the limit for one value. Aggregate numbers or "
        "cut texts (substr) instead of building long texts.",
        reason="size",
    )


def _database_refusal(detail: str) -> SqlRefused:
    first = detail.strip().splitlines()[0][:300] if detail.strip() else "unknown error"
    return SqlRefused(
        f"The database rejected the query: {first}. Check table and column names and fix the SQL.",
        reason="database",
    )


def _sqlite_authorizer(policy: SqlPolicy) -> Callable[[int, str | None, str | None, str | None, str | None], int]:
    """Allow only SELECT, recursive CTEs, reads of the sales tables and allow-listed functions.

    SQLite reports reads of a query's own CTEs with no database name; every real table has one.
    """
    tables = frozenset(policy.tables)
    functions = policy.sqlite_functions

    def authorize(action: int, arg1: str | None, arg2: str | None, db_name: str | None, _source: str | None) -> int:
        if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_RECURSIVE):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ and db_name is None:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ and db_name == "main" and (arg1 or "").lower() in tables:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in functions:
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY

    return authorize


@contextmanager
def _interrupt_after(conn: sqlite3.Connection, timeout_s: float) -> Iterator[threading.Event]:
    """Interrupt `conn`'s running statement once `timeout_s` has passed; the event tells whether it did.

    sqlite3_interrupt from the watchdog thread is checked at every row, where a progress handler runs only
    every so many VM steps (a step may be one long function call). Nothing is interrupted once the
    block has left, so the pooled connection's next query is never hit.
    """
    alarm = watchdog.arm(conn, timeout_s)
    try:
        yield alarm.fired
    finally:
        alarm.disarm()


class _SqliteBackend:
    """Pooled read-only connections to the store's SQLite file, locked down at connect time."""

    def __init__(self, database: str, policy: SqlPolicy, bounds: SqlBounds, *, pool_size: int = 4) -> None:
        if not database or database == ":memory:" or database.startswith("file:"):
            raise ValueError("the SQLite sales runner needs a database file path (not :memory:)")
        path = Path(database).resolve()
        if not path.is_file():
            raise ValueError(f"no SQLite database at {path}")
        self._uri = f"{path.as_uri()}?mode=ro"
        self._authorize = _sqlite_authorizer(policy)
        self._bounds = bounds
        self._pool = QueuePool(self._connect, pool_size=pool_size, max_overflow=pool_size * 2)  # type: ignore[arg-type]

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, self._bounds.max_value_bytes)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, self._bounds.max_pattern_chars)
        conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, SQLITE_MAX_COLUMNS)
        if hasattr(conn, "enable_load_extension"):
            conn.enable_load_extension(False)
        conn.set_authorizer(self._authorize)
        return conn

    def fetch(self, guarded: GuardedSql, merchant_id: str, limit: int, timeout_s: float, max_bytes: int) -> _Fetched:
        """Run `guarded` and fetch at most `limit` rows and `max_bytes`, interrupting it after `timeout_s`."""
        pooled = self._pool.connect()
        try:
            conn: sqlite3.Connection = pooled.driver_connection  # type: ignore[assignment]
            with _interrupt_after(conn, timeout_s) as timed_out:
                try:
                    with closing(conn.execute(guarded.sql, guarded.params)) as cursor:
                        fetched = _Fetched(columns=[d[0] for d in cursor.description or ()])
                        _take(cursor, fetched, limit, max_bytes)
                except sqlite3.Error as exc:
                    raise self._refusal(exc, timed_out.is_set(), timeout_s) from exc
        finally:
            pooled.close()
        return fetched

    def _refusal(self, exc: sqlite3.Error, timed_out: bool, timeout_s: float) -> SqlRefused:
        text = str(exc).lower()
        if timed_out and "interrupt" in text:
            return _timeout_refusal(timeout_s)
        if "not authorized" in text:
            return _denied_refusal(str(exc))
        if "too big" in text:
            return _size_refusal(self._bounds.max_value_bytes)
        return _database_refusal(str(exc))

    def close(self) -> None:
        self._pool.dispose()


def begin_reader_transaction(
    cursor: psycopg.Cursor[Any],
    merchant_id: str,
    timeout_s: float,
    *,
    superuser: bool,
    max_value_bytes: int = SqlBounds.max_value_bytes,
) -> None:
    """Open the reader's transaction on PostgreSQL: READ ONLY, time-limited, as READER_ROLE.

    Must be the first statements of a transaction; the caller rolls it back when done. The merchant
    is also set for the row-level security policies of migration 0002, and `max_value_bytes` for the
    check of the BOUNDED_TEXT domain (migration 0015). A superuser connection
    switches the session authorization too (SET LOCAL SESSION AUTHORIZATION), so that nothing in
    the transaction can SET ROLE back to a privileged role; other users switch with SET LOCAL ROLE.
    JIT compilation is off for the transaction: on the analyst's aggregates it costs more than it saves
    (about 11 ms of compilation on the 12-month trend of a 1M-order store, per EXPLAIN ANALYZE).
    """
    from psycopg import sql as pgsql

    switch = "SESSION AUTHORIZATION" if superuser else "ROLE"
    setup = pgsql.SQL(
        "SET TRANSACTION READ ONLY; "
        "SELECT set_config('statement_timeout', {timeout}, true), set_config({setting}, {merchant}, true), "
        "set_config({text_setting}, {text_limit}, true), set_config('jit', 'off', true); "
        "SET LOCAL {switch} {role}"
    ).format(
        timeout=pgsql.Literal(str(max(1, round(timeout_s * 1000)))),
        setting=pgsql.Literal(MERCHANT_SETTING),
        merchant=pgsql.Literal(merchant_id),
        text_setting=pgsql.Literal(TEXT_LIMIT_SETTING),
        text_limit=pgsql.Literal(str(max_value_bytes)),
        switch=pgsql.SQL(switch),
        role=pgsql.Identifier(READER_ROLE),
    )
    cursor.execute(setup)


def is_superuser(cursor: psycopg.Cursor[Any]) -> bool:
    """Whether the connection's user is a PostgreSQL superuser."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    return bool(row and row[0])


def _stream(cursor: psycopg.RawCursor[Any], guarded: GuardedSql) -> Generator[Any, None, None]:
    """The query's rows as the server sends them (closing it early cancels the query)."""
    yield from cursor.stream(guarded.sql, guarded.params)


class _PostgresBackend:
    """Runs on the engine's pooled connections, each query in its own read-only reader transaction."""

    def __init__(self, engine: Engine, bounds: SqlBounds) -> None:
        self._engine = engine
        self._bounds = bounds
        raw = engine.raw_connection()
        try:
            conn: psycopg.Connection[Any] = raw.driver_connection  # type: ignore[assignment]
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (READER_ROLE,))
                found = cursor.fetchone() is not None
                cursor.execute("SELECT 1 FROM pg_type WHERE typname = %s", (BOUNDED_TEXT,))
                bounded = cursor.fetchone() is not None
                self._superuser = is_superuser(cursor)
            conn.rollback()
        finally:
            raw.close()
        if not found:
            raise RuntimeError(f"the PostgreSQL role {READER_ROLE} is missing: upgrade the store (migration 0002)")
        if not bounded:
            raise RuntimeError(f"the PostgreSQL domain {BOUNDED_TEXT} is missing: upgrade the store (migration 0015)")

    def fetch(self, guarded: GuardedSql, merchant_id: str, limit: int, timeout_s: float, max_bytes: int) -> _Fetched:
        """Stream `guarded` (which carries its own LIMIT) row by row, taking at most `limit` rows and
        `max_bytes`; leaving the stream early cancels the rest on the server."""
        import psycopg

        raw = self._engine.raw_connection()
        try:
            conn: psycopg.Connection[Any] = raw.driver_connection  # type: ignore[assignment]
            try:
                with conn.cursor() as setup:
                    begin_reader_transaction(
                        setup,
                        merchant_id,
                        timeout_s,
                        superuser=self._superuser,
                        max_value_bytes=self._bounds.max_value_bytes,
                    )
                with psycopg.RawCursor(conn) as cursor, closing(_stream(cursor, guarded)) as rows:
                    fetched = _Fetched(columns=[])
                    _take(rows, fetched, limit, max_bytes)
                    fetched.columns = [c.name for c in cursor.description or ()]
            except psycopg.errors.QueryCanceled as exc:
                raise _timeout_refusal(timeout_s) from exc
            except psycopg.errors.InsufficientPrivilege as exc:
                raise _denied_refusal(str(exc).splitlines()[0]) from exc
            except psycopg.errors.CheckViolation as exc:
                if exc.diag.constraint_name == BOUNDED_TEXT_CHECK:
                    raise _size_refusal(self._bounds.max_value_bytes) from exc
                raise _database_refusal(str(exc)) from exc
            except psycopg.Error as exc:
                raise _database_refusal(str(exc)) from exc
            finally:
                conn.rollback()
        finally:
            raw.close()
        return fetched

    def close(self) -> None:
        """Nothing of its own to release: the connections belong to the engine's pool."""


class _MerchantSlots:
    """How many queries each merchant has running; one more than `limit` is refused at once."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._running: Counter[str] = Counter()

    @contextmanager
    def hold(self, merchant_id: str) -> Iterator[None]:
        with self._lock:
            if self._running[merchant_id] >= self._limit:
                raise SqlRefused(
                    f"This store already has {self._limit} {'query' if self._limit == 1 else 'queries'} running, the "
                    "most one store may run at once. "
                    "Wait for them to finish (each stops at the time limit at the latest), then try again.",
                    reason="busy",
                )
            self._running[merchant_id] += 1
        try:
            yield
        finally:
            with self._lock:
                self._running[merchant_id] -= 1
                if not self._running[merchant_id]:
                    del self._running[merchant_id]


class SqlSalesRunner:
    """The SalesRunner for a SQLAlchemy engine on SQLite or PostgreSQL.

    `row_cap` is the hard maximum of rows returned (a call may ask for fewer, never more);
    `timeout_s` interrupts a query that runs longer (raised as SqlRefused, reason "timeout");
    `bounds` caps the result's bytes, values, patterns, the SQL's length and each merchant's
    queries running at once.
    """

    def __init__(
        self, engine: Engine, *, row_cap: int = 500, timeout_s: float = 5.0, bounds: SqlBounds | None = None
    ) -> None:
        if row_cap < 1:
            raise ValueError("row_cap must be at least 1")
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.row_cap = row_cap
        self.timeout_s = timeout_s
        self.bounds = bounds or SqlBounds()
        self.dialect = sqlglot_dialect(engine.dialect.name)
        policy = load_policy()
        existing = {name.lower() for name in inspect(engine).get_table_names()}
        self.policy = replace(
            policy,
            reserved_names=policy.reserved_names | existing,
            max_query_chars=self.bounds.max_query_chars,
            max_pattern_chars=self.bounds.max_pattern_chars,
        )
        self._slots = _MerchantSlots(self.bounds.per_merchant)
        self._backend: _Backend
        if self.dialect == "sqlite":
            self._backend = _SqliteBackend(engine.url.database or "", self.policy, self.bounds)
        else:
            self._backend = _PostgresBackend(engine, self.bounds)

    def run(
        self,
        sql: str,
        merchant_id: str,
        *,
        params: dict[str, Any] | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        """Run one read-only query scoped to `merchant_id`; SqlRefused for anything refused."""
        started = time.perf_counter()
        cap = self._cap(row_cap)
        guarded = guard(sql, merchant_id, dialect=self.dialect, params=params, limit=cap + 1, policy=self.policy)
        with self._slots.hold(merchant_id):
            fetched = self._backend.fetch(guarded, merchant_id, cap + 1, self.timeout_s, self.bounds.result_max_bytes)
        return QueryResult(
            columns=fetched.columns,
            rows=fetched.rows[:cap],
            truncated=len(fetched.rows) > cap or fetched.bytes_capped,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            sql=guarded.sql,
            bytes_capped=fetched.bytes_capped,
        )

    def _cap(self, row_cap: int | None) -> int:
        if row_cap is None:
            return self.row_cap
        if row_cap < 1:
            raise SqlRefused("row_cap must be at least 1.", reason="params")
        return min(row_cap, self.row_cap)

    def close(self) -> None:
        """Release the runner's own connections (the SQLite read-only pool)."""
        self._backend.close()
