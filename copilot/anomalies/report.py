"""Rendering: one anomaly's payload and line, and the report the model reads."""

from __future__ import annotations

from typing import Any

from copilot.anomalies.axis import Window
from copilot.anomalies.causes import Periods, ratio_or_none
from copilot.anomalies.cube import Cube, Series
from copilot.anomalies.model import Fit
from copilot.anomalies.rules import PLURAL, Direction, Scope, rules
from copilot.anomalies.runs import Run
from copilot.i18n import format_money
from tools.result import ToolOutput


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def anomaly_payload(
    run: Run, series: Series, periods: Periods, cube: Cube, fit: Fit, cause: str, evidence: dict[str, Any]
) -> dict[str, Any]:
    """The payload entry of one anomaly: what, when, how large, how sure, and the likely cause."""
    axis = cube.axis
    before, during = periods.before, periods.during
    units_per_order = (
        ratio_or_none(before["units"], before["paid_lines"])
        or ratio_or_none(during["units"], during["paid_lines"])
        or 1.0
    )
    price = ratio_or_none(before["gmv"], before["units"]) or series.list_price
    expected_units = run.expected * units_per_order
    actual_gmv = during["gmv"]
    expected_gmv = expected_units * price
    position = {int(t): k for k, t in enumerate(fit.targets)}
    first = max(run.first - 7, int(fit.targets[0]))
    daily = [
        {
            "date": axis.day(t).isoformat(),
            "actual": _round(fit.actual[run.row, position[t]], 1),
            "expected": _round(fit.expected[run.row, position[t]], 1),
        }
        for t in range(first, run.last + 1)
    ]
    rounded = {k: (_round(v, 4) if isinstance(v, float) else v) for k, v in evidence.items()}
    return {
        "product_id": series.product_id,
        "title": series.title,
        "category": series.category,
        "kind": run.kind,
        "start": axis.day(run.first).isoformat(),
        "end": axis.day(run.last).isoformat(),
        "days": run.last - run.first + 1,
        "actual_orders": _round(run.actual, 1),
        "expected_orders": _round(run.expected, 1),
        "actual_units": _round(during["units"], 1),
        "expected_units": _round(expected_units, 1),
        "actual_gmv": _round(actual_gmv),
        "expected_gmv": _round(expected_gmv),
        "impact_gmv": _round(actual_gmv - expected_gmv),
        "z": _round(run.z),
        "score": _round(abs(actual_gmv - expected_gmv) * abs(run.z)),
        "cause": cause,
        "evidence": rounded,
        "daily": daily,
    }


def _describe(item: dict[str, Any], rank: int, currency: str) -> str:
    words = rules()["words"]
    name = item["title"] or item["category"]
    where = f"{name} [{item['product_id']}] ({item['category']})" if item["product_id"] else f"category {name}"
    change = item["actual_units"] / item["expected_units"] - 1.0
    evidence = {k: (v if v is not None else 0.0) for k, v in item["evidence"].items()}

    def money(amount: float, *, signed: bool = False) -> str:
        return format_money(amount, currency, "en", signed=signed)

    for key in ("price_before", "price_during"):
        if key in evidence:
            evidence[key] = money(evidence[key])
    cause = words["cause"][item["cause"]].format(**evidence)
    return (
        f"{rank}. {words['kind'][item['kind']]} · {where} · {item['start']}..{item['end']} ({item['days']} d): "
        f"{item['actual_units']:.0f} units vs {item['expected_units']:.0f} expected ({change:+.0%}); "
        f"GMV {money(item['actual_gmv'])} vs {money(item['expected_gmv'])} "
        f"(impact {money(item['impact_gmv'], signed=True)}); z {item['z']:.1f}. Likely cause: {cause}."
    )


def report(
    window: Window,
    scope: Scope,
    direction: Direction,
    currency: str,
    series: list[Series],
    assessed: int,
    anomalies: list[dict[str, Any]],
    top: int,
) -> ToolOutput:
    shown = anomalies[:top]
    days = (window.end - window.start).days + 1
    head = (
        f"Sales anomalies ({direction}) by {scope} over the last {days} complete days "
        f"({window.start}..{window.end}), each against its own baseline (weekday rhythm, recent level, "
        f"same dates last year): {assessed} of {len(series)} {PLURAL[scope]} assessed"
    )
    if not anomalies:
        text = f"{head}; no unusual rise or drop found."
    else:
        lines = [_describe(item, rank, currency) for rank, item in enumerate(shown, start=1)]
        text = f"{head}; {len(anomalies)} found, top {len(shown)} by GMV impact x |z|:\n" + "\n".join(lines)
    payload = {
        "window": {"start": window.start.isoformat(), "end": window.end.isoformat(), "days": days},
        "scope": scope,
        "direction": direction,
        "currency": currency,
        "series": len(series),
        "assessed": assessed,
        "found": len(anomalies),
        "anomalies": shown,
    }
    return ToolOutput(text, payload)
