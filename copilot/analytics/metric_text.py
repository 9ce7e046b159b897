"""A named metric's answer: the payload and the text the model reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot.analytics.metrics import (
    TIME_BREAKDOWNS,
    MetricInfo,
    MetricQuery,
    Order,
)
from copilot.analytics.runner import TEXT_ROWS
from copilot.analytics.series import (
    fill_series,
    metric_chart,
    series_extremes,
    summary_of_total,
    total_line,
    with_deltas,
)
from copilot.analytics.values import json_value, rounded, show, show_delta, text_table
from copilot.calendar.periods import Period
from copilot.context import Context
from copilot.store.sales import QueryResult
from tools.result import ToolOutput


@dataclass(frozen=True)
class MetricAsk:
    """One resolved metric question: the metric, breakdown and ranking, periods, filters and merchant currency."""

    info: MetricInfo
    by: str | None
    top: int | None
    order: Order
    window: Period
    compare_window: Period | None
    filters: dict[str, Any]
    currency: str | None


def metric_output(
    ctx: Context,
    ask: MetricAsk,
    *,
    query: MetricQuery,
    result: QueryResult,
    total_query: MetricQuery,
    total_result: QueryResult,
) -> ToolOutput:
    info, by, top, window = ask.info, ask.by, ask.top, ask.window
    columns, raw_rows = with_deltas(query, result)
    if by in TIME_BREAKDOWNS and top is None:
        raw_rows = [list(row) for row in fill_series([tuple(row) for row in raw_rows], window, by, info.name)]
    units = {query.value_column: info.unit, "change_pct": "pct"}
    if query.previous_column:
        units[query.previous_column] = info.unit
        units["change"] = info.unit if info.unit != "count" else "money"
    rows = [
        [rounded(json_value(value), units.get(column, "")) for column, value in zip(columns, row, strict=True)]
        for row in raw_rows
    ]
    summary = summary_of_total(info, total_query, total_result)
    value_at = columns.index(query.value_column)
    chart = metric_chart(ctx, info, by, window, query.key_columns, rows, value_at, ask.currency) if by else None
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


def _metric_head(ask: MetricAsk, *, definition: bool) -> str:
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
    ask: MetricAsk, query: MetricQuery, columns: list[str], rows: list[list[Any]], summary: dict[str, Any]
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
                show_delta(row[columns.index("change")], row[columns.index("change_pct")], info.unit)
                if column == "change"
                else show(value, units.get(column, ""))
                for column, value in zip(columns, row, strict=True)
                if column != "change_pct"
            ]
            for row in rows
        ]
        header = [column for column in columns if column != "change_pct"]
        if by in TIME_BREAKDOWNS and len(shown) > TEXT_ROWS and top is None:
            lines += text_table(header, shown[-TEXT_ROWS:])
            lines.append(f"(the last {TEXT_ROWS} of {len(shown)} {by}s)")
            extremes = series_extremes(info, rows, columns.index(query.value_column))
            if extremes:
                lines.append(extremes)
        else:
            lines += text_table(header, shown[:TEXT_ROWS])
            if len(shown) > TEXT_ROWS:
                lines.append(f"(showing {TEXT_ROWS} of {len(shown)} rows)")
        if not rows:
            lines.append("No rows: nothing matched in this period.")
    lines.append(total_line(info, summary, ask.compare_window) + ".")
    if summary["truncated"]:
        lines.append("Truncated at the row cap: add top=N or narrow the period.")
    return "\n".join(lines)
