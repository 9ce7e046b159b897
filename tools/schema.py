"""The schema description the model reads: one source, built from the models, not a hand-copied prompt.

Tables and columns come from the SQLAlchemy models (restricted to ``SALES_TABLES``), meanings and rules
from ``schema_notes.yaml``, join paths from the foreign keys, metric definitions from ``metrics.yaml`` and a
few sample values from the merchant's own data, read through the safe sales runner.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, Date, DateTime, Integer, Numeric, String, Text

from copilot.analytics.metrics import definitions as metric_definitions
from copilot.store import Store
from copilot.store.models import SALES_TABLES, Base
from copilot.store.sales import SqlSalesRunner
from copilot.yaml_data import load_yaml

NOTES_FILE = Path(__file__).with_name("schema_notes.yaml")

_TYPE_NAMES: tuple[tuple[type, str], ...] = (
    (DateTime, "ts"),
    (Date, "date"),
    (Numeric, "num"),
    (Integer, "int"),
    (JSON, "json"),
    (Text, "text"),
    (String, "text"),
)


@cache
def notes() -> dict[str, Any]:
    """The parsed ``schema_notes.yaml``."""
    with NOTES_FILE.open(encoding="utf-8") as handle:
        return load_yaml(handle)


def _type_name(column: Column[Any]) -> str:
    for sql_type, name in _TYPE_NAMES:
        if isinstance(column.type, sql_type):
            return name
    return str(column.type).lower()


def _column_text(column: Column[Any], meaning: str | None) -> str:
    foreign = next(iter(column.foreign_keys), None)
    if foreign is not None:
        text = f"{column.name}→{foreign.column.table.name}"
    elif column.primary_key or _type_name(column) == "text" or column.name.endswith("_at"):
        text = column.name
    else:
        text = f"{column.name} {_type_name(column)}"
    return f"{text} ({meaning})" if meaning else text


def _table_line(name: str) -> str:
    table = Base.metadata.tables[name]
    table_notes = notes()["tables"].get(name, {})
    meanings: dict[str, str] = table_notes.get("columns", {})
    hidden = set(notes()["hidden_columns"])
    columns = [
        _column_text(column, meanings.get(column.name))
        for column in table.columns
        if column.name not in hidden or (name == "merchants" and column.primary_key)
    ]
    about = f" — {table_notes['about']}" if "about" in table_notes else ""
    return f"- {name}({', '.join(columns)}){about}"


@cache
def describe_tables(dialect: str) -> str:
    """The part of the description that does not depend on the merchant (tables, rules, metrics)."""
    lines = [f"Tables ({dialect}; columns text unless typed; *_at = UTC timestamp; x→t = foreign key to t.id):"]
    lines += [_table_line(name) for name in SALES_TABLES]
    bucket = notes()["buckets"].get(dialect, notes()["buckets"]["sqlite"])
    lines.append("Rules:")
    lines += [f"- {rule.format(buckets=bucket)}" for rule in notes()["rules"]]
    metrics = [(name, entry) for name, entry in metric_definitions()["metrics"].items() if not entry.get("internal")]
    lines.append("Metrics: " + "; ".join(f"{name} = {entry['definition']}" for name, entry in metrics))
    return "\n".join(lines)


def sample_values(runner: SqlSalesRunner, merchant_id: str) -> dict[str, list[str]]:
    """A few distinct values per sampled column (``schema_notes.yaml`` samples), for this merchant only."""
    samples: dict[str, list[str]] = {}
    for sample in notes()["samples"]:
        table, column, limit = sample["table"], sample["column"], int(sample["limit"])
        if table not in SALES_TABLES or column not in Base.metadata.tables[table].columns:
            raise KeyError(f"schema_notes.yaml samples an unknown column {table}.{column}")
        sql = f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY {column} LIMIT {limit}"
        result = runner.run(sql, merchant_id)
        samples[f"{table}.{column}"] = [str(row[0]) for row in result.rows]
    return samples


def describe_schema(store: Store, merchant_id: str, *, runner: SqlSalesRunner | None = None) -> str:
    """The schema description for ``merchant_id``: tables, columns with types and meanings, join paths,
    rules, metric definitions and sample values of this merchant (read through the sales runner)."""
    runner = runner or SqlSalesRunner(store.engine)
    lines = [describe_tables(store.dialect)]
    for name, values in sample_values(runner, merchant_id).items():
        lines.append(f"Values of {name}: {', '.join(values) if values else '(none yet)'}")
    return "\n".join(lines)
