"""Named metrics compiled to one SQL string each (definitions and SQL fragments: ``metrics.yaml``).

The compiler assembles fixed fragments of ``metrics.yaml``; every value that comes from a request (dates,
product ids, categories, channels) is a bound parameter and ``top`` is an integer. The SQL carries no
merchant predicate: it is meant for ``SqlSalesRunner.run``, which scopes every table to the merchant.

One query computes the current period and, when asked, the comparison period side by side through
conditional aggregates (columns ``<metric>`` and ``<metric>_previous``), so a ranking and its deltas come
from the same scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from copilot.calendar.periods import Period
from copilot.store.timestamps import midnight
from copilot.yaml_data import load_yaml

MetricName = Literal["gmv", "paid_orders", "aov", "units", "revenue", "refund_rate", "gross_margin", "conversion"]
Breakdown = Literal["day", "week", "month", "product", "category", "channel", "region"]
Order = Literal["desc", "asc"]
DEFINITIONS_FILE = Path(__file__).with_name("metrics.yaml")
TIME_BREAKDOWNS = ("day", "week", "month")


class MetricError(ValueError):
    """A metric request that cannot be compiled (e.g. conversion by channel); the message says why."""


@cache
def definitions() -> dict[str, Any]:
    """The parsed ``metrics.yaml`` (metrics, sources, joins, dimensions, buckets, filters, channels)."""
    with DEFINITIONS_FILE.open(encoding="utf-8") as handle:
        return load_yaml(handle)


def synonyms(section: Literal["metrics", "dimensions"]) -> dict[str, list[str]]:
    """The words merchants name each metric or breakdown by, zh and en (regular expressions over a normalised
    question), in the order of ``metrics.yaml``; entries without synonyms are left out."""
    entries = definitions()[section].items()
    return {name: [str(p) for p in entry["synonyms"]] for name, entry in entries if entry.get("synonyms")}


@dataclass(frozen=True)
class MetricInfo:
    name: str
    label_zh: str
    label_en: str
    unit: Literal["money", "count", "ratio"]
    definition: str
    explain_zh: str = ""
    explain_en: str = ""

    @property
    def is_ratio(self) -> bool:
        return self.unit == "ratio"


def metric_info(name: str) -> MetricInfo:
    entry = definitions()["metrics"].get(name)
    if entry is None:
        offered = (m for m, spec in definitions()["metrics"].items() if not spec.get("internal"))
        raise MetricError(f"unknown metric {name!r}; use one of: {', '.join(offered)}")
    explain = entry.get("explain") or {}
    return MetricInfo(
        name, entry["zh"], entry["en"], entry["unit"], entry["definition"], explain.get("zh", ""), explain.get("en", "")
    )


def lower_is_better(name: str) -> bool:
    """Whether a lower value of the metric is the better one (``better: lower`` in ``metrics.yaml``: refund rate),
    so its "worst" are its highest values."""
    entry = definitions()["metrics"].get(name) or {}
    return entry.get("better") == "lower"


def is_additive(name: str) -> bool:
    """Whether the metric is a plain sum or count (so a missing time bucket means 0, not unknown)."""
    return "den" not in next(iter(_sources_of(name).values()))


@dataclass(frozen=True)
class MetricRequest:
    """What to compute. ``product_ids`` / ``categories`` / ``channels`` are resolved stored values."""

    metric: str
    period: Period
    by: str | None = None
    compare_period: Period | None = None
    product_ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    top: int | None = None
    order: Order = "desc"


@dataclass(frozen=True)
class MetricQuery:
    """A compiled metric: SQL with named parameters, and the meaning of its result columns."""

    sql: str
    params: dict[str, Any]
    key_columns: list[str]
    value_column: str
    previous_column: str | None
    source: str
    notes: list[str] = field(default_factory=list)


def _sources_of(metric: str) -> dict[str, dict[str, str]]:
    entry = definitions()["metrics"][metric]
    return {name: entry[name] for name in ("orders", "items", "events") if name in entry}


def _needs(request: MetricRequest) -> set[str]:
    needs: set[str] = set()
    if request.by and request.by not in TIME_BREAKDOWNS:
        needs.add(definitions()["dimensions"][request.by]["needs"])
    if request.product_ids or request.categories:
        needs.add("products")
    if request.channels:
        needs.add("orders")
    return needs


def _choose_source(request: MetricRequest) -> str:
    sources = _sources_of(request.metric)
    needs = _needs(request)
    if "events" in sources:
        if "orders" in needs:
            raise MetricError(
                f"{request.metric} is computed from events, which carry no channel: "
                "drop the channel breakdown/filter or use an order metric"
            )
        return "events"
    if "products" in needs or "orders" not in sources:
        return "items"
    return "orders"


def _window(time_column: str, prefix: str) -> str:
    return f"({time_column} >= :{prefix}start AND {time_column} < :{prefix}end)"


def counted_statuses(which: str) -> tuple[str, ...]:
    """The order statuses a ``counted`` entry of ``metrics.yaml`` names (e.g. 'paid' -> ('paid',))."""
    statuses = tuple(str(s) for s in definitions()["counted"][which])
    if not statuses or not all(s.isidentifier() for s in statuses):
        raise MetricError(f"counted.{which} in metrics.yaml must list plain status words: {statuses}")
    return statuses


def counted_sql(which: str, alias: str = "o") -> str:
    """The SQL test of a ``counted`` entry on the orders table aliased ``alias`` (``o.status = 'paid'``)."""
    column = f"{alias}.status" if alias else "status"
    statuses = counted_statuses(which)
    if len(statuses) == 1:
        return f"{column} = '{statuses[0]}'"
    return f"{column} IN ({', '.join(repr(s) for s in statuses)})"


def _fill(fragment: str, window: str = "") -> str:
    """A fragment of ``metrics.yaml`` with its window and its order tests ({paid}, {booked}, ...) filled."""
    return fragment.format(window=window, **{which: counted_sql(which) for which in definitions()["counted"]})


def _value_expression(parts: dict[str, str], window: str) -> str:
    numerator = _fill(parts["num"], window)
    if "den" not in parts:
        return f"COALESCE({numerator}, 0)"
    return f"1.0 * {numerator} / NULLIF({_fill(parts['den'], window)}, 0)"


def _in_list(name: str, values: tuple[str, ...], params: dict[str, Any]) -> str:
    names = []
    for index, value in enumerate(values):
        params[f"{name}_{index}"] = value
        names.append(f":{name}_{index}")
    return ", ".join(names)


def _filters(request: MetricRequest, source: str, params: dict[str, Any]) -> list[str]:
    templates = definitions()["filters"]
    clauses = []
    for name, values in (
        ("product", request.product_ids),
        ("category", request.categories),
        ("channel", request.channels),
        ("region", request.regions),
    ):
        if values:
            clauses.append(templates[name][source].format(values=_in_list(name, values, params)))
    return clauses


def _keys(request: MetricRequest, time_column: str, dialect: str) -> list[tuple[str, str]]:
    if request.by is None:
        return []
    dimension = definitions()["dimensions"][request.by]
    if "bucket" in dimension:
        buckets = definitions()["buckets"].get(dialect)
        if buckets is None:
            raise MetricError(f"time breakdowns are not defined for the {dialect} dialect")
        return [(buckets[dimension["bucket"]].format(time=time_column), "period")]
    return [(expression, alias) for expression, alias in dimension["keys"]]


def _joins(request: MetricRequest, source: str) -> list[str]:
    available = definitions()["joins"].get(source, {})
    wanted = _needs(request) - {"orders"}
    if source == "items":
        wanted.discard("products")
    return [available[name] for name in ("products", "customers") if name in wanted]


def _order_by(request: MetricRequest, keys: list[tuple[str, str]], value: str) -> str:
    aliases = [alias for _, alias in keys]
    if request.by in TIME_BREAKDOWNS and request.top is None:
        return "ORDER BY period"
    direction = "DESC" if request.order == "desc" else "ASC"
    return "ORDER BY " + ", ".join([f"{value} {direction} NULLS LAST", *aliases])


def compile_metric(request: MetricRequest, *, dialect: str) -> MetricQuery:
    """Compile ``request`` to one SELECT for ``dialect`` ('sqlite' or 'postgresql').

    Raises MetricError for an unknown metric or breakdown, or a combination the data cannot answer.
    """
    info = metric_info(request.metric)
    if request.by is not None and request.by not in definitions()["dimensions"]:
        raise MetricError(f"unknown breakdown {request.by!r}; use one of: {', '.join(definitions()['dimensions'])}")
    if request.top is not None and request.top < 1:
        raise MetricError("top must be a positive number of rows")
    if request.compare_period is not None and request.by in TIME_BREAKDOWNS:
        raise MetricError("a time series is compared through its total: compile by=None with the comparison")
    source = _choose_source(request)
    source_def = definitions()["sources"][source]
    time_column = source_def["time"]
    parts = _sources_of(request.metric)[source]
    params: dict[str, Any] = {
        "start": midnight(request.period.start, dialect),
        "end": midnight(request.period.end, dialect),
    }
    current = _window(time_column, "")
    columns = [_value_expression(parts, current) + f" AS {info.name}"]
    window = current
    previous_column = None
    if request.compare_period is not None:
        params["compare_start"] = midnight(request.compare_period.start, dialect)
        params["compare_end"] = midnight(request.compare_period.end, dialect)
        compared = _window(time_column, "compare_")
        previous_column = f"{info.name}_previous"
        columns.append(_value_expression(parts, compared) + f" AS {previous_column}")
        window = f"({current} OR {compared})"
    keys = _keys(request, time_column, dialect)
    where = [window, _fill(definitions()["metrics"][request.metric]["where"]), *_filters(request, source, params)]
    sql = [
        "SELECT " + ", ".join([f"{expression} AS {alias}" for expression, alias in keys] + columns),
        "FROM " + " ".join([source_def["from"], *_joins(request, source)]),
        "WHERE " + " AND ".join(where),
    ]
    if keys:
        sql.append("GROUP BY " + ", ".join(expression for expression, _ in keys))
        sql.append(_order_by(request, keys, info.name))
    if request.top is not None:
        sql.append(f"LIMIT {int(request.top)}")
    notes = []
    if source == "items" and "orders" in _sources_of(request.metric):
        notes.append(f"{info.label_en} computed from order items (item amounts) because of the product scope")
    return MetricQuery(
        sql="\n".join(sql),
        params=params,
        key_columns=[alias for _, alias in keys],
        value_column=info.name,
        previous_column=previous_column,
        source=source,
        notes=notes,
    )


def channel_value(text: str) -> str | None:
    """The stored channel named by ``text`` (e.g. '直播' -> 'live'), or None when it names none."""
    wanted = text.strip().lower()
    for value, names in definitions()["channels"].items():
        if wanted in {str(name).lower() for name in names}:
            return str(value)
    return None
