"""``detect_sales_anomalies``'s service: arguments checked, the two-pass detection run, its causes found."""

from __future__ import annotations

from datetime import UTC, timedelta

import numpy as np

from copilot.anomalies.axis import Window
from copilot.anomalies.causes import explain, periods_of
from copilot.anomalies.cube import Cube, series_of
from copilot.anomalies.model import Baseline
from copilot.anomalies.queries import ProductInfo, merchant_facts, products_of
from copilot.anomalies.report import anomaly_payload, report
from copilot.anomalies.rules import MAX_DAYS, MAX_TOP, MIN_DAYS, Direction, Scope
from copilot.anomalies.runs import excluded_days, find_runs
from copilot.catalog.resolve import CatalogItem, Unresolved, resolve
from copilot.context import Context
from tools.result import ToolOutput, ToolRefusal


def _validate(days: int, scope: str, direction: str, top: int) -> None:
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ToolRefusal(f"days must be between {MIN_DAYS} and {MAX_DAYS}, got {days}")
    if scope not in ("product", "category"):
        raise ToolRefusal(f"scope must be 'product' or 'category', got {scope!r}")
    if direction not in ("both", "drop", "spike"):
        raise ToolRefusal(f"direction must be 'both', 'drop' or 'spike', got {direction!r}")
    if not 1 <= top <= MAX_TOP:
        raise ToolRefusal(f"top must be between 1 and {MAX_TOP}, got {top}")


def resolve_category(products: list[ProductInfo], category: str | None) -> str | None:
    """The one category `category` names (the one catalog resolver), None for no filter; else ToolRefusal."""
    if category is None or not category.strip():
        return None
    names = sorted({p.category for p in products})
    items = [CatalogItem.of(p.id, p.title, p.title_en, p.category, p.tags) for p in products]
    try:
        found = resolve(items, category).categories
    except Unresolved:
        found = ()
    if len(found) != 1:
        raise ToolRefusal(f"unknown category {category!r}; this store's categories are: {', '.join(names)}")
    return found[0]


def run_detect_sales_anomalies(
    ctx: Context,
    *,
    days: int = 30,
    scope: Scope = "product",
    direction: Direction = "both",
    top: int = 5,
    category: str | None = None,
) -> ToolOutput:
    """Detect unusual rises and drops of paid orders in the last ``days`` complete days (today excluded).

    Raises ToolRefusal for arguments out of range or a category the merchant does not have.
    """
    _validate(days, scope, direction, top)
    today = ctx.clock.now().astimezone(UTC).date()
    window = Window.ending_before(today, days)
    with ctx.store.engine.connect() as conn:
        currency, data_start = merchant_facts(conn, ctx.merchant_id)
        products = products_of(conn, ctx.merchant_id)
        chosen_category = resolve_category(products, category)
        series = series_of(products, scope, chosen_category, data_start or window.start)
        if not series or data_start is None:
            return report(window, scope, direction, currency, series, 0, [], top)
        cube = Cube.load(conn, ctx.merchant_id, products, window)
        baseline = Baseline(cube, series, window, data_start)
        window_from = baseline.window_from
        fit = baseline.fit(np.zeros(baseline.counts.shape, dtype=bool), calibrate_on_window=False)
        first_pass = find_runs(fit, 0, "both")
        fit = baseline.fit(excluded_days(first_pass, baseline.counts.shape), calibrate_on_window=True)
        runs = find_runs(fit, window_from, direction)
        assessed = int(np.any(~np.isnan(fit.expected[:, window_from:]), axis=1).sum())
        drop_products = [i for run in runs if run.kind == "drop" for i in series[run.row].members]
        if drop_products:
            history_start = window.history_start
            cube.add_views(conn, ctx.merchant_id, drop_products, history_start, window.end + timedelta(days=1))
    usable = baseline.available & ~excluded_days(runs, baseline.counts.shape)
    window_end = cube.axis.index(window.end)
    anomalies = []
    for run in runs:
        periods = periods_of(cube, series[run.row], run, usable[run.row])
        cause, evidence = explain(run, periods, series[run.row], window_end)
        anomalies.append(anomaly_payload(run, series[run.row], periods, cube, fit, cause, evidence))
    anomalies.sort(key=lambda a: -a["score"])
    return report(window, scope, direction, currency, series, assessed, anomalies, top)
