"""Free-form read-only SQL written by the model: run, shown as a text table, charted when it has a shape."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from copilot.analytics.charts import chart_file
from copilot.analytics.runner import CELL_CHARS, DATE_LIKE, TEXT_ROWS, run_query, sales_runner
from copilot.analytics.values import is_number, json_value, show_free, text_table
from copilot.context import Context
from tools.result import ToolOutput


def _chart_shape(columns: list[str], rows: list[tuple]) -> tuple[int, int, bool] | None:
    """(label column, value column, is a time series) when the result charts well, else None."""
    if len(rows) < 2 or len(columns) < 2:
        return None
    numeric = [i for i in range(len(columns)) if all(is_number(r[i]) or r[i] is None for r in rows)]
    labels = [i for i in range(len(columns)) if i not in numeric]
    if not numeric or not labels:
        return None
    label = labels[0]
    time_series = all(isinstance(r[label], date) or DATE_LIKE.match(str(r[label] or "")) is not None for r in rows)
    return label, numeric[0], time_series


def _sql_chart(ctx: Context, columns: list[str], rows: list[tuple]) -> str | None:
    shape = _chart_shape(columns, rows)
    if shape is None:
        return None
    label, value, time_series = shape
    labels = [str(json_value(row[label])) for row in rows]
    values = [None if row[value] is None else float(row[value]) for row in rows]
    title = f"{columns[value]} / {columns[label]}"
    kind: Literal["line", "bar"] = "line" if time_series else "bar"
    path = chart_file(
        ctx.settings.charts_dir, ctx.merchant_id, kind, title=title, labels=labels, series={columns[value]: values}
    )
    return str(path)


def run_sql(ctx: Context, sql: str) -> ToolOutput:
    runner = sales_runner(ctx)
    result = run_query(runner, ctx, sql)
    rows = [tuple(json_value(value) for value in row) for row in result.rows]
    chart = _sql_chart(ctx, result.columns, result.rows)
    shown = [[show_free(value) for value in row] for row in rows]
    lines = [f"SQL returned {len(rows)} row(s) in {result.elapsed_ms:.0f} ms."]
    lines += text_table(result.columns, shown[:TEXT_ROWS])
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
