"""A named metric question answered: resolved, compiled, run (with its total), described."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from copilot.analytics.coverage import before_history, first_order_day, history_note
from copilot.analytics.filters import resolve_categories, resolve_channels, resolve_products, resolve_regions
from copilot.analytics.metric_text import MetricAsk, metric_output
from copilot.analytics.metrics import (
    TIME_BREAKDOWNS,
    MetricError,
    MetricRequest,
    Order,
    metric_info,
)
from copilot.analytics.runner import DEFAULT_PERIOD, run_query, sales_runner
from copilot.analytics.series import compile_request
from copilot.calendar.periods import Compare, PeriodError, resolve_period
from copilot.context import Context
from copilot.store.sales import SqlSalesRunner
from tools.result import ToolOutput, ToolRefusal


def _currency(runner: SqlSalesRunner, ctx: Context) -> str | None:
    rows = run_query(runner, ctx, "SELECT currency FROM merchants").rows
    return str(rows[0][0]) if rows and rows[0][0] else None


def run_metric(
    ctx: Context,
    *,
    metric: str,
    by: str | None,
    period: str | None,
    compare: Compare | None,
    top: int | None,
    order: Order,
    product: str | None,
    category: str | None,
    channel: str | None,
    region: str | None = None,
) -> ToolOutput:
    try:
        info = metric_info(metric)
        window = resolve_period(period or DEFAULT_PERIOD, ctx.clock.now().date())
        compare_window = window.compared(compare) if compare else None
    except (MetricError, PeriodError) as exc:
        raise ToolRefusal(str(exc)) from exc
    if top is not None and by is None:
        raise ToolRefusal("top ranks the rows of a breakdown: add by=product (or category, channel, region, day...)")
    if top is not None and not 1 <= top <= ctx.settings.sql_row_cap:
        raise ToolRefusal(f"top must be between 1 and {ctx.settings.sql_row_cap}")
    dialect = ctx.store.dialect
    runner = sales_runner(ctx)
    filters: dict[str, Any] = {}
    products = resolve_products(runner, ctx, product) if product is not None else []
    categories = resolve_categories(runner, ctx, category) if category is not None else []
    channels = resolve_channels(channel) if channel is not None else []
    regions, absent = resolve_regions(runner, ctx, region) if region is not None else ([], [])
    if products:
        filters["product"] = [{"id": pid, "title": title} for pid, title in products]
    if categories:
        filters["category"] = categories
    if channels:
        filters["channel"] = channels
    if regions:
        filters["region"] = regions
    request = MetricRequest(
        metric=info.name,
        period=window,
        by=by,
        compare_period=None if by in TIME_BREAKDOWNS else compare_window,
        product_ids=tuple(pid for pid, _ in products),
        categories=tuple(categories),
        channels=tuple(channels),
        regions=tuple(regions),
        top=top,
        order=order,
    )
    query = compile_request(request, dialect)
    result = run_query(runner, ctx, query.sql, query.params)
    total_query, total_result = query, result
    if by is not None:
        total_request = MetricRequest(
            metric=info.name,
            period=window,
            compare_period=compare_window,
            product_ids=request.product_ids,
            categories=request.categories,
            channels=request.channels,
            regions=request.regions,
        )
        total_query = compile_request(total_request, dialect)
        total_result = run_query(runner, ctx, total_query.sql, total_query.params)
    ask = MetricAsk(info, by, top, order, window, compare_window, filters, _currency(runner, ctx))
    output = metric_output(ctx, ask, query=query, result=result, total_query=total_query, total_result=total_result)
    if "product_id" in query.key_columns:
        at = query.key_columns.index("product_id")
        output.payload["title_en"] = _english_titles(runner, ctx, [row[at] for row in result.rows])
    gap = before_history(first_order_day(runner, ctx), {"period": window, "compared": compare_window})
    if gap is not None:
        output.payload["summary"]["before_history"] = gap
        output.text += history_note(gap)
    if absent:
        output.payload["summary"]["regions_without_customers"] = absent
        output.text += f"\nNote: no customer lives in {', '.join(absent)}: nothing was counted there."
    if info.name == "gross_margin" and (share := _cost_unknown_share(runner, ctx, request)) is not None:
        output.payload["summary"]["cost_unknown_share"] = share
        output.text += (
            f"\nNote: products making {share:.0%} of this revenue have no cost on record (cost 0: not given, e.g. "
            "imported without one); "
            + ("the gross margin is unknown, not 100%." if share >= 1 else "the gross margin covers the rest only.")
        )
    return output


def _cost_unknown_share(runner: SqlSalesRunner, ctx: Context, request: MetricRequest) -> float | None:
    """The share of the scope's revenue from products without a known cost; None when every one has a cost."""
    totals = []
    for metric in ("revenue", "costed_revenue"):
        whole = replace(request, metric=metric, by=None, compare_period=None, top=None)
        query = compile_request(whole, ctx.store.dialect)
        result = run_query(runner, ctx, query.sql, query.params)
        value = result.rows[0][result.columns.index(query.value_column)] if result.rows else None
        totals.append(float(value or 0))
    revenue, costed = totals
    if revenue <= 0 or costed >= revenue:
        return None
    return round(1 - costed / revenue, 4)


def _english_titles(runner: SqlSalesRunner, ctx: Context, product_ids: list[Any]) -> dict[str, str]:
    """The English titles of these products (those that have one), for answers in English."""
    ids = sorted({str(pid) for pid in product_ids if pid is not None})
    if not ids:
        return {}
    names = [f":p{i}" for i in range(len(ids))]
    sql = f"SELECT id, title_en FROM products WHERE id IN ({', '.join(names)}) AND title_en IS NOT NULL"
    rows = run_query(runner, ctx, sql, {name[1:]: pid for name, pid in zip(names, ids, strict=True)}).rows
    return {str(pid): str(title) for pid, title in rows if title}
