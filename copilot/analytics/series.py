"""A compiled metric's rows: time buckets filled, deltas, totals, extremes and the chart."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from copilot.analytics.charts import chart_file
from copilot.analytics.metrics import (
    TIME_BREAKDOWNS,
    MetricError,
    MetricInfo,
    MetricQuery,
    MetricRequest,
    compile_metric,
    definitions,
    is_additive,
)
from copilot.analytics.values import delta, is_number, json_value, rounded, show, show_delta
from copilot.calendar.periods import Period
from copilot.context import Context
from copilot.i18n.money import DEFAULT_CURRENCY
from copilot.store.sales import QueryResult
from tools.result import ToolRefusal


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


def fill_series(rows: list[tuple], period: Period, by: str, metric: str) -> list[tuple]:
    """The time series with every bucket of the period (0 for sums and counts, None for ratios)."""
    found = {str(row[0]): row for row in rows}
    empty = 0 if is_additive(metric) else None
    width = len(rows[0]) - 1 if rows else 1
    return [found.get(label, (label, *([empty] * width))) for label in _time_buckets(period, by)]


def metric_chart(
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


def compile_request(request: MetricRequest, dialect: str) -> MetricQuery:
    try:
        return compile_metric(request, dialect=dialect)
    except MetricError as exc:
        raise ToolRefusal(str(exc)) from exc


def with_deltas(query: MetricQuery, result: QueryResult) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows, with ``change`` and ``change_pct`` appended when the query has a comparison."""
    columns = list(result.columns)
    rows = [list(row) for row in result.rows]
    if query.previous_column is None:
        return columns, rows
    current, previous = columns.index(query.value_column), columns.index(query.previous_column)
    for row in rows:
        row.extend(delta(row[current], row[previous]))
    return [*columns, "change", "change_pct"], rows


def summary_of_total(info: MetricInfo, query: MetricQuery, result: QueryResult) -> dict[str, Any]:
    row = result.rows[0] if result.rows else ()
    columns = result.columns
    total = row[columns.index(query.value_column)] if row else None
    summary: dict[str, Any] = {"total": rounded(json_value(total), info.unit)}
    if query.previous_column is not None and row:
        previous = row[columns.index(query.previous_column)]
        change, percent = delta(total, previous)
        summary.update(
            total_previous=rounded(json_value(previous), info.unit),
            change=rounded(change, info.unit if info.unit != "count" else "money"),
            change_pct=None if percent is None else round(percent, 2),
        )
    return summary


def total_line(info: MetricInfo, summary: dict[str, Any], compare_period: Period | None) -> str:
    line = f"Total {info.name}: {show(summary['total'], info.unit)}"
    if compare_period is not None and "total_previous" in summary:
        change = summary["change"]
        percent = summary["change_pct"]
        line += (
            f"; {compare_period.label_en}: {show(summary['total_previous'], info.unit)}; "
            f"change {show_delta(change, percent, info.unit)}"
        )
    return line


def series_extremes(info: MetricInfo, rows: list[list[Any]], value_at: int) -> str | None:
    points = [(row[0], row[value_at]) for row in rows if is_number(row[value_at])]
    if len(points) < 2:
        return None
    high = max(points, key=lambda point: float(point[1]))
    low = min(points, key=lambda point: float(point[1]))
    return f"Highest: {high[0]} {show(high[1], info.unit)}; lowest: {low[0]} {show(low[1], info.unit)}"
