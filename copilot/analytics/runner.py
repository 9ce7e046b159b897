"""The store's read-only SQL runner per engine and limits, and running a query as the merchant."""

from __future__ import annotations

import re
import threading
import weakref
from typing import Any

from sqlalchemy import Engine, event

from copilot.context import Context
from copilot.store.sales import QueryResult, SqlBounds, SqlRefused, SqlSalesRunner
from tools.result import ToolRefusal

DEFAULT_PERIOD = "last_30_days"
TEXT_ROWS = 20
CELL_CHARS = 200
MAX_FILTER_MATCHES = 50
_RunnerKey = tuple[int, float, SqlBounds]
_RUNNERS: weakref.WeakKeyDictionary[Engine, dict[_RunnerKey, SqlSalesRunner]] = weakref.WeakKeyDictionary()
_RUNNERS_LOCK = threading.Lock()
DATE_LIKE = re.compile(r"^\d{4}-\d{2}(-\d{2})?([ T].*)?$")


def sales_runner(ctx: Context) -> SqlSalesRunner:
    """The store's runner for these limits, built once per engine (building one inspects the schema and
    opens a read-only pool); dropped with the engine. One runner per engine also means one count of each
    merchant's queries running."""
    settings = ctx.settings
    bounds = SqlBounds(
        result_max_bytes=settings.sql_result_max_bytes,
        max_value_bytes=settings.sql_max_value_bytes,
        max_pattern_chars=settings.sql_max_pattern_chars,
        max_query_chars=settings.sql_max_query_chars,
        per_merchant=settings.sql_max_concurrent_per_merchant,
    )
    key = (settings.sql_row_cap, settings.sql_timeout_s, bounds)
    with _RUNNERS_LOCK:
        runners = _RUNNERS.get(ctx.store.engine)
        if runners is None:
            runners = _RUNNERS[ctx.store.engine] = {}
            event.listen(ctx.store.engine, "engine_disposed", _close_runners)
        if key not in runners:
            runners[key] = SqlSalesRunner(ctx.store.engine, row_cap=key[0], timeout_s=key[1], bounds=bounds)
        return runners[key]


def _close_runners(engine: Engine) -> None:
    """Close the read-only pools of a store whose engine was disposed (Store.close): they hold the database file
    open, and a process that opens many stores in turn (the eval runner, one copy per scenario) kept every copy's
    space on disk after the copy was deleted, until the disk was full."""
    with _RUNNERS_LOCK:
        runners = _RUNNERS.pop(engine, {})
    for runner in runners.values():
        runner.close()


def run_query(runner: SqlSalesRunner, ctx: Context, sql: str, params: dict[str, Any] | None = None) -> QueryResult:
    try:
        return runner.run(sql, ctx.merchant_id, params=params)
    except SqlRefused as exc:
        raise ToolRefusal(f"SQL refused ({exc.reason}): {exc}") from exc
