"""``query_store_sales``: the merchant's sales analyst over the store database.

Two ways in, one way to the data: free-form read-only SQL written by the model, or a named metric
compiled by ``copilot.analytics.metrics``. Both run only through ``SqlSalesRunner`` (sqlglot guard, merchant scoping by
construction, read-only connection, row cap, time limit). The merchant always comes from the runtime
context, never from the model. The work is done by ``copilot.analytics``.
"""

from __future__ import annotations

from typing import Any, Literal

from langchain.tools import ToolRuntime, tool

from copilot.analytics.metrics import Breakdown, MetricName
from copilot.analytics.service import run_query_store_sales
from copilot.calendar.periods import Compare
from copilot.context import Context
from tools.read_only import read_only


@read_only
@tool("query_store_sales", response_format="content_and_artifact", parse_docstring=True)
def query_store_sales(
    runtime: ToolRuntime[Context],
    sql: str | None = None,
    metric: MetricName | None = None,
    by: Breakdown | None = None,
    period: str | None = None,
    compare: Compare | None = None,
    top: int | None = None,
    order: Literal["desc", "asc"] = "desc",
    product: str | None = None,
    category: str | None = None,
    channel: str | None = None,
    region: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Exact sales figures, charted for series and rankings.

    Prefer a metric to sql.

    Args:
        sql: One read-only SELECT.
        by: Series or ranking.
        period: e.g. last_month, last_7_days, this_year, 2026-10, 2026-09-01..2026-09-30, double11.
        compare: previous_period or year_over_year.
        top: N best (worst with order=asc).
        order: desc or asc.
        product: Product id or title words.
        category: Category; several comma-separated.
        channel: search, recommend, live or direct; several comma-separated.
        region: Customer region(s), comma-separated.
    """
    return run_query_store_sales(
        runtime.context,
        sql=sql,
        metric=metric,
        by=by,
        period=period,
        compare=compare,
        top=top,
        order=order,
        product=product,
        category=category,
        channel=channel,
        region=region,
    ).as_tuple()
