"""``query_store_sales``: the merchant's sales analyst over the store database.

Two ways in, one way to the data: free-form read-only SQL written by the model, or a named metric
compiled by ``tools.metrics``. Both run only through ``SqlSalesRunner`` (sqlglot guard, merchant scoping by
construction, read-only connection, row cap, time limit). The merchant always comes from the runtime
context, never from the model.
"""

from __future__ import annotations

import difflib
import re
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from langchain.tools import ToolRuntime, tool
from sqlalchemy import Engine

from copilot.context import Context
from copilot.i18n.money import DEFAULT_CURRENCY
from copilot.store.sales import QueryResult, SqlBounds, SqlRefused, SqlSalesRunner
from tools.charts import chart_file
from tools.metrics import (
    TIME_BREAKDOWNS,
    Breakdown,
    MetricError,
    MetricInfo,
    MetricName,
    MetricQuery,
    MetricRequest,
    Order,
    channel_value,
    compile_metric,
    definitions,
    is_additive,
    metric_info,
)
from tools.periods import Compare, Period, PeriodError, resolve_period
from tools.result import ToolOutput, ToolRefusal

DEFAULT_PERIOD = "last_30_days"
TEXT_ROWS = 20
CELL_CHARS = 200
MAX_FILTER_MATCHES = 50
_RunnerKey = tuple[int, float, SqlBounds]
_RUNNERS: weakref.WeakKeyDictionary[Engine, dict[_RunnerKey, SqlSalesRunner]] = weakref.WeakKeyDictionary()
_RUNNERS_LOCK = threading.Lock()
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}(-\d{2})?([ T].*)?$")


def _runner(ctx: Context) -> SqlSalesRunner:
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
        runners = _RUNNERS.setdefault(ctx.store.engine, {})
        if key not in runners:
            runners[key] = SqlSalesRunner(ctx.store.engine, row_cap=key[0], timeout_s=key[1], bounds=bounds)
        return runners[key]


def _run(runner: SqlSalesRunner, ctx: Context, sql: str, params: dict[str, Any] | None = None) -> QueryResult:
    try:
        return runner.run(sql, ctx.merchant_id, params=params)
    except SqlRefused as exc:
        raise ToolRefusal(f"SQL refused ({exc.reason}): {exc}") from exc


# ---------------------------------------------------------------- values and text


def _json_value(value: Any) -> Any:
    """A JSON-ready value: Decimal -> float, dates -> ISO text, other non-scalars -> text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _round(value: Any, unit: str) -> Any:
    if not _is_number(value):
        return value
    if unit == "count":
        return round(float(value))
    return round(float(value), 4 if unit == "ratio" else 2)


def _show(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if not _is_number(value):
        return str(value)
    if unit == "ratio":
        return f"{float(value) * 100:.2f}%"
    if unit == "count" or (isinstance(value, int) and not unit):
        return str(round(float(value)))
    return f"{float(value):.2f}"


def _show_free(value: Any) -> str:
    """A value of a free-form result: 2 decimals, 4 below 1 (ratios stay readable), text cut at CELL_CHARS."""
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) >= 1 else f"{value:.4f}"
    text = _show(value)
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"


def _delta(current: Any, previous: Any) -> tuple[float | None, float | None]:
    """(current - previous, percent change), None where undefined."""
    if not (_is_number(current) and _is_number(previous)):
        return None, None
    change = float(current) - float(previous)
    percent = change / float(previous) * 100 if float(previous) else None
    return change, percent


def _show_delta(change: float | None, percent: float | None, unit: str) -> str:
    if change is None:
        return "-"
    if unit == "ratio":
        text = f"{change * 100:+.2f} pp"
    elif unit == "count":
        text = f"{round(change):+d}"
    else:
        text = f"{change:+.2f}"
    return text + (f" ({percent:+.2f}%)" if percent is not None else " (n/a: previous is 0)")


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [" | ".join(columns), *(" | ".join(row) for row in rows)]


# ---------------------------------------------------------------- free-form SQL


def _chart_shape(columns: list[str], rows: list[tuple]) -> tuple[int, int, bool] | None:
    """(label column, value column, is a time series) when the result charts well, else None."""
    if len(rows) < 2 or len(columns) < 2:
        return None
    numeric = [i for i in range(len(columns)) if all(_is_number(r[i]) or r[i] is None for r in rows)]
    labels = [i for i in range(len(columns)) if i not in numeric]
    if not numeric or not labels:
        return None
    label = labels[0]
    time_series = all(isinstance(r[label], date) or _DATE_LIKE.match(str(r[label] or "")) is not None for r in rows)
    return label, numeric[0], time_series


def _sql_chart(ctx: Context, columns: list[str], rows: list[tuple]) -> str | None:
    shape = _chart_shape(columns, rows)
    if shape is None:
        return None
    label, value, time_series = shape
    labels = [str(_json_value(row[label])) for row in rows]
    values = [None if row[value] is None else float(row[value]) for row in rows]
    title = f"{columns[value]} / {columns[label]}"
    kind: Literal["line", "bar"] = "line" if time_series else "bar"
    path = chart_file(
        ctx.settings.charts_dir, ctx.merchant_id, kind, title=title, labels=labels, series={columns[value]: values}
    )
    return str(path)


def _run_sql(ctx: Context, sql: str) -> ToolOutput:
    runner = _runner(ctx)
    result = _run(runner, ctx, sql)
    rows = [tuple(_json_value(value) for value in row) for row in result.rows]
    chart = _sql_chart(ctx, result.columns, result.rows)
    shown = [[_show_free(value) for value in row] for row in rows]
    lines = [f"SQL returned {len(rows)} row(s) in {result.elapsed_ms:.0f} ms."]
    lines += _table(result.columns, shown[:TEXT_ROWS])
    cut = any(len(str(value)) > CELL_CHARS for row in rows[:TEXT_ROWS] for value in row)
    if len(rows) > TEXT_ROWS or cut:
        lines.append(
            f"(showing {min(len(rows), TEXT_ROWS)} of {len(rows)} rows"
            + (f"; values cut at {CELL_CHARS} chars)" if cut else ")")
        )
    if result.bytes_capped:
        lines.append(
            f"Truncated at the result size limit of {ctx.settings.sql_result_max_bytes:,} bytes after {len(rows)} "
            "rows: select fewer or shorter columns, or aggregate, for a complete answer."
        )
    elif result.truncated:
        lines.append(f"Truncated at the row cap of {len(rows)} rows: aggregate or add LIMIT for a complete answer.")
    if chart:
        lines.append(f"Chart: {Path(chart).name} (shown to the merchant)")
    return ToolOutput(
        text="\n".join(lines),
        payload={
            "columns": result.columns,
            "rows": [list(row) for row in rows],
            "sql": sql,
            "period": None,
            "metric": None,
            "chart": chart,
            "summary": {
                "row_count": len(rows),
                "truncated": result.truncated,
                "bytes_capped": result.bytes_capped,
                "elapsed_ms": result.elapsed_ms,
            },
        },
    )


# ---------------------------------------------------------------- filters


def _like_pattern(text: str) -> str:
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _resolve_products(runner: SqlSalesRunner, ctx: Context, text: str) -> list[tuple[str, str]]:
    """(id, title) of the products named by ``text``: an exact id, else a part of the zh or en title."""
    if not text.strip():
        raise ToolRefusal("product is empty: give a product id or a part of its title")
    result = _run(
        runner,
        ctx,
        "SELECT id, title FROM products WHERE id = :product OR lower(title) LIKE :pattern ESCAPE '\\' "
        "OR lower(title_en) LIKE :pattern ESCAPE '\\' ORDER BY id LIMIT " + str(MAX_FILTER_MATCHES),
        {"product": text.strip(), "pattern": _like_pattern(text)},
    )
    exact = [row for row in result.rows if row[0] == text.strip()]
    matches = exact or result.rows
    if not matches:
        rows = _run(runner, ctx, "SELECT title, title_en FROM products ORDER BY title").rows
        titles = [str(row[0]) for row in rows]
        close = _close_names(text, titles, {str(row[1]).lower(): str(row[0]) for row in rows if row[1]})
        raise ToolRefusal(
            f"no product matches {text!r} in this store{_did_you_mean(close)}. Nothing was computed: answer that "
            "the store does not sell it, or use a product id or part of a title, e.g.: "
            + ", ".join(list(dict.fromkeys([*close, *titles]))[:15])
        )
    return [(str(row[0]), str(row[1])) for row in matches]


def _close_names(text: str, names: list[str], aliases: dict[str, str] | None = None) -> list[str]:
    """Up to 3 of `names` that look like `text` (spelling, or sharing a word); `aliases` maps other lower-case
    spellings (e.g. English titles) to a name."""
    wanted = text.strip().lower()
    lowered = {name.lower(): name for name in names} | (aliases or {})
    close = [lowered[key] for key in difflib.get_close_matches(wanted, list(lowered), n=3, cutoff=0.5)]
    words = [w for w in re.split(r"[\s,，、/]+", wanted) if not w.isdigit() and len(w) >= (3 if w.isascii() else 2)]
    close += [name for key, name in lowered.items() if any(word in key for word in words)]
    return list(dict.fromkeys(close))[:3]


def _did_you_mean(close: list[str]) -> str:
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _resolve_categories(runner: SqlSalesRunner, ctx: Context, text: str) -> list[str]:
    """The stored categories named by ``text`` (comma-separated names; each exact, case-insensitive, else
    the categories containing it)."""
    rows = _run(runner, ctx, "SELECT DISTINCT category FROM products ORDER BY category").rows
    categories = [str(row[0]) for row in rows if row[0] is not None]
    found: list[str] = []
    for part in [part.strip() for part in re.split(r"[,，、;；]", text) if part.strip()] or [text]:
        wanted = part.lower()
        exact = [name for name in categories if name.lower() == wanted]
        partial = [name for name in categories if wanted and (wanted in name.lower() or name.lower() in wanted)]
        if not (exact or partial):
            raise ToolRefusal(
                f"no category matches {part!r} in this store{_did_you_mean(_close_names(part, categories))}. "
                f"Nothing was computed: answer that the store does not sell it, or use the store's categories: "
                f"{', '.join(categories)}"
            )
        found += [name for name in exact or partial if name not in found]
    return found


def _resolve_regions(runner: SqlSalesRunner, ctx: Context, text: str) -> list[str]:
    """The stored customer regions named by ``text`` (exact, case-insensitive; else containing it)."""
    rows = _run(runner, ctx, "SELECT DISTINCT region FROM customers ORDER BY region").rows
    regions = [str(row[0]) for row in rows if row[0] is not None]
    wanted = text.strip().lower()
    exact = [name for name in regions if name.lower() == wanted]
    partial = [name for name in regions if wanted and (wanted in name.lower() or name.lower() in wanted)]
    if exact or partial:
        return exact or partial
    raise ToolRefusal(f"no customer region matches {text!r}; the regions are: {', '.join(regions[:40])}")


def _resolve_channel(text: str) -> str:
    value = channel_value(text)
    if value is None:
        raise ToolRefusal(f"unknown channel {text!r}; use one of: {', '.join(definitions()['channels'])}")
    return value


# ---------------------------------------------------------------- named metrics


def _time_buckets(period: Period, by: str) -> list[str]:
    """Every bucket label of ``period`` for a day/week/month breakdown, in the SQL's label format."""
    labels: list[str] = []
    day = period.start
    if by == "week":
        day -= timedelta(days=day.weekday())
    while day < period.end:
        if by == "month":
            label = day.strftime("%Y-%m")
            if not labels or labels[-1] != label:
                labels.append(label)
            day += timedelta(days=1)
        else:
            labels.append(day.isoformat())
            day += timedelta(days=7 if by == "week" else 1)
    return labels


def _fill_series(rows: list[tuple], period: Period, by: str, metric: str) -> list[tuple]:
    """The time series with every bucket of the period (0 for sums and counts, None for ratios)."""
    found = {str(row[0]): row for row in rows}
    empty = 0 if is_additive(metric) else None
    width = len(rows[0]) - 1 if rows else 1
    return [found.get(label, (label, *([empty] * width))) for label in _time_buckets(period, by)]


def _metric_chart(
    ctx: Context,
    info: MetricInfo,
    by: str,
    period: Period,
    keys: list[str],
    rows: list[list[Any]],
    value_at: int,
    currency: str | None,
) -> str | None:
    if len(rows) < 2:
        return None
    scale = 100.0 if info.is_ratio else 1.0
    values = [None if row[value_at] is None else float(row[value_at]) * scale for row in rows]
    lang = "en" if ctx.lang == "en" else "zh"
    metric = info.label_en if lang == "en" else info.label_zh
    axis = (f"{metric} (%)" if lang == "en" else f"{metric}（%）") if info.is_ratio else metric
    dimension = definitions()["dimensions"][by]
    period_label = period.label_en if lang == "en" else period.label_zh
    title = f"{metric} · {dimension[lang]} · {period_label}"
    label_at = 0 if by in TIME_BREAKDOWNS or "title" not in keys else keys.index("title")
    path = chart_file(
        ctx.settings.charts_dir,
        ctx.merchant_id,
        "line" if by in TIME_BREAKDOWNS else "bar",
        title=title,
        labels=[str(row[label_at]) for row in rows],
        series={metric: values},
        axis_label=axis,
        currency=(currency or DEFAULT_CURRENCY) if info.unit == "money" else None,
        lang=lang,
    )
    return str(path)


def _compile(request: MetricRequest, dialect: str) -> MetricQuery:
    try:
        return compile_metric(request, dialect=dialect)
    except MetricError as exc:
        raise ToolRefusal(str(exc)) from exc


def _with_deltas(query: MetricQuery, result: QueryResult) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows, with ``change`` and ``change_pct`` appended when the query has a comparison."""
    columns = list(result.columns)
    rows = [list(row) for row in result.rows]
    if query.previous_column is None:
        return columns, rows
    current, previous = columns.index(query.value_column), columns.index(query.previous_column)
    for row in rows:
        row.extend(_delta(row[current], row[previous]))
    return [*columns, "change", "change_pct"], rows


def _summary_of_total(info: MetricInfo, query: MetricQuery, result: QueryResult) -> dict[str, Any]:
    row = result.rows[0] if result.rows else ()
    columns = result.columns
    total = row[columns.index(query.value_column)] if row else None
    summary: dict[str, Any] = {"total": _round(_json_value(total), info.unit)}
    if query.previous_column is not None and row:
        previous = row[columns.index(query.previous_column)]
        change, percent = _delta(total, previous)
        summary.update(
            total_previous=_round(_json_value(previous), info.unit),
            change=_round(change, info.unit if info.unit != "count" else "money"),
            change_pct=None if percent is None else round(percent, 2),
        )
    return summary


def _total_line(info: MetricInfo, summary: dict[str, Any], compare_period: Period | None) -> str:
    line = f"Total {info.name}: {_show(summary['total'], info.unit)}"
    if compare_period is not None and "total_previous" in summary:
        change = summary["change"]
        percent = summary["change_pct"]
        line += (
            f"; {compare_period.label_en}: {_show(summary['total_previous'], info.unit)}; "
            f"change {_show_delta(change, percent, info.unit)}"
        )
    return line


def _series_extremes(info: MetricInfo, rows: list[list[Any]], value_at: int) -> str | None:
    points = [(row[0], row[value_at]) for row in rows if _is_number(row[value_at])]
    if len(points) < 2:
        return None
    high = max(points, key=lambda point: float(point[1]))
    low = min(points, key=lambda point: float(point[1]))
    return f"Highest: {high[0]} {_show(high[1], info.unit)}; lowest: {low[0]} {_show(low[1], info.unit)}"


def _currency(runner: SqlSalesRunner, ctx: Context) -> str | None:
    rows = _run(runner, ctx, "SELECT currency FROM merchants").rows
    return str(rows[0][0]) if rows and rows[0][0] else None


def _run_metric(
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
    runner = _runner(ctx)
    filters: dict[str, Any] = {}
    products = _resolve_products(runner, ctx, product) if product is not None else []
    categories = _resolve_categories(runner, ctx, category) if category is not None else []
    channels = [_resolve_channel(channel)] if channel is not None else []
    regions = _resolve_regions(runner, ctx, region) if region is not None else []
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
    query = _compile(request, dialect)
    result = _run(runner, ctx, query.sql, query.params)
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
        total_query = _compile(total_request, dialect)
        total_result = _run(runner, ctx, total_query.sql, total_query.params)
    ask = _MetricAsk(info, by, top, order, window, compare_window, filters, _currency(runner, ctx))
    output = _metric_output(ctx, ask, query=query, result=result, total_query=total_query, total_result=total_result)
    if "product_id" in query.key_columns:
        at = query.key_columns.index("product_id")
        output.payload["title_en"] = _english_titles(runner, ctx, [row[at] for row in result.rows])
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
        query = _compile(whole, ctx.store.dialect)
        result = _run(runner, ctx, query.sql, query.params)
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
    rows = _run(runner, ctx, sql, {name[1:]: pid for name, pid in zip(names, ids, strict=True)}).rows
    return {str(pid): str(title) for pid, title in rows if title}


@dataclass(frozen=True)
class _MetricAsk:
    """One resolved metric question: the metric, breakdown and ranking, periods, filters and merchant currency."""

    info: MetricInfo
    by: str | None
    top: int | None
    order: Order
    window: Period
    compare_window: Period | None
    filters: dict[str, Any]
    currency: str | None


def _metric_output(
    ctx: Context,
    ask: _MetricAsk,
    *,
    query: MetricQuery,
    result: QueryResult,
    total_query: MetricQuery,
    total_result: QueryResult,
) -> ToolOutput:
    info, by, top, window = ask.info, ask.by, ask.top, ask.window
    columns, raw_rows = _with_deltas(query, result)
    if by in TIME_BREAKDOWNS and top is None:
        raw_rows = [list(row) for row in _fill_series([tuple(row) for row in raw_rows], window, by, info.name)]
    units = {query.value_column: info.unit, "change_pct": "pct"}
    if query.previous_column:
        units[query.previous_column] = info.unit
        units["change"] = info.unit if info.unit != "count" else "money"
    rows = [
        [_round(_json_value(value), units.get(column, "")) for column, value in zip(columns, row, strict=True)]
        for row in raw_rows
    ]
    summary = _summary_of_total(info, total_query, total_result)
    value_at = columns.index(query.value_column)
    chart = _metric_chart(ctx, info, by, window, query.key_columns, rows, value_at, ask.currency) if by else None
    summary.update(
        metric=info.name,
        label_zh=info.label_zh,
        label_en=info.label_en,
        unit=info.unit,
        currency=ask.currency,
        definition=info.definition,
        by=by,
        top=top,
        order=ask.order,
        filters=ask.filters,
        compare_period=ask.compare_window.as_dict() if ask.compare_window else None,
        row_count=len(rows),
        truncated=result.truncated,
        notes=query.notes,
    )
    text = _metric_text(ask, query, columns, rows, summary)
    if chart:
        text += f"\nChart: {Path(chart).name} (shown to the merchant)"
    return ToolOutput(
        text=text,
        payload={
            "columns": columns,
            "rows": rows,
            "sql": query.sql,
            "period": window.as_dict(),
            "metric": info.name,
            "chart": chart,
            "summary": summary,
            "step": _metric_head(ask, definition=False),
        },
    )


def _metric_head(ask: _MetricAsk, *, definition: bool) -> str:
    """What was computed, in one line; with `definition` the metric's formula too (for the model, not people)."""
    info = ask.info
    head = f"{info.label_en} ({info.name}: {info.definition})" if definition else info.label_en
    if ask.currency and info.unit == "money":
        head += f", in {ask.currency}"
    head += f"; period {ask.window.label_en}"
    if ask.by:
        head += f"; by {ask.by}"
    if ask.top:
        head += f"; {'top' if ask.order == 'desc' else 'bottom'} {ask.top}"
    return head + "."


def _metric_text(
    ask: _MetricAsk, query: MetricQuery, columns: list[str], rows: list[list[Any]], summary: dict[str, Any]
) -> str:
    info, by, top, window = ask.info, ask.by, ask.top, ask.window
    lines = [_metric_head(ask, definition=True)]
    if ask.filters:
        described = []
        for name, values in ask.filters.items():
            if name == "product":
                described.append("products " + ", ".join(f"{p['title']} [{p['id']}]" for p in values))
            else:
                described.append(f"{name} " + ", ".join(values))
        lines.append("Filters: " + "; ".join(described) + ".")
    lines += query.notes
    if by == "week" and (window.start.weekday() or window.end.weekday()):
        lines.append("Weeks are labelled by their Monday; the first and last weeks count only days in the period.")
    if by:
        units = {query.value_column: info.unit, query.previous_column or "": info.unit}
        shown = [
            [
                _show_delta(row[columns.index("change")], row[columns.index("change_pct")], info.unit)
                if column == "change"
                else _show(value, units.get(column, ""))
                for column, value in zip(columns, row, strict=True)
                if column != "change_pct"
            ]
            for row in rows
        ]
        header = [column for column in columns if column != "change_pct"]
        if by in TIME_BREAKDOWNS and len(shown) > TEXT_ROWS and top is None:
            lines += _table(header, shown[-TEXT_ROWS:])
            lines.append(f"(the last {TEXT_ROWS} of {len(shown)} {by}s)")
            extremes = _series_extremes(info, rows, columns.index(query.value_column))
            if extremes:
                lines.append(extremes)
        else:
            lines += _table(header, shown[:TEXT_ROWS])
            if len(shown) > TEXT_ROWS:
                lines.append(f"(showing {TEXT_ROWS} of {len(shown)} rows)")
        if not rows:
            lines.append("No rows: nothing matched in this period.")
    lines.append(_total_line(info, summary, ask.compare_window) + ".")
    if summary["truncated"]:
        lines.append("Truncated at the row cap: add top=N or narrow the period.")
    return "\n".join(lines)


# ---------------------------------------------------------------- entry points


def run_query_store_sales(
    ctx: Context,
    *,
    sql: str | None = None,
    metric: str | None = None,
    by: str | None = None,
    period: str | None = None,
    compare: Compare | None = None,
    top: int | None = None,
    order: Order = "desc",
    product: str | None = None,
    category: str | None = None,
    channel: str | None = None,
    region: str | None = None,
) -> ToolOutput:
    """Answer a sales question for ``ctx.merchant_id``: free-form ``sql`` or a named ``metric``.

    Exactly one of ``sql`` / ``metric``. Raises ToolRefusal (a message the model can act on) for a refused
    query, bad arguments, an unknown period, product, category or channel.
    """
    if (sql is None) == (metric is None):
        raise ToolRefusal("give exactly one of sql (a SELECT) or metric (a named metric)")
    if sql is not None:
        extra = {
            "by": by,
            "period": period,
            "compare": compare,
            "top": top,
            "product": product,
            "category": category,
            "channel": channel,
            "region": region,
        }
        given = [name for name, value in extra.items() if value is not None]
        if given:
            raise ToolRefusal(f"{', '.join(given)} apply to metric queries only; with sql, write them into the SELECT")
        return _run_sql(ctx, sql)
    if order not in ("desc", "asc"):
        raise ToolRefusal("order must be 'desc' or 'asc'")
    return _run_metric(
        ctx,
        metric=str(metric),
        by=by,
        period=period,
        compare=compare,
        top=top,
        order=order,
        product=product,
        category=category,
        channel=channel,
        region=region,
    )


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
    """Exact sales figures of this store, with a chart for series and rankings.

    Prefer a named metric (definitions: see the schema description); write sql only when none fits.

    Args:
        sql: One read-only SELECT, when no metric fits.
        metric: The named metric.
        by: A series (day, week, month) or a ranking.
        period: e.g. last_month, last_7_days, this_year, 2026-10, 2026-09-01..2026-09-30, double11.
        compare: previous_period or year_over_year.
        top: N best rows (worst with order=asc).
        order: desc or asc.
        product: Product id or title words.
        category: Category; several comma-separated.
        channel: search, recommend, live or direct.
        region: Customer region.
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
