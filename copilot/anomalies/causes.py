"""Cause finding: stock, price, refunds or channel shift, read from the run against the days before it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from copilot.anomalies.cube import Cube, Series
from copilot.anomalies.rules import rules
from copilot.anomalies.runs import Run


def ratio_or_none(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


@dataclass(frozen=True)
class Periods:
    """Sums of every metric of one series over the run and over the comparison days just before it."""

    before: dict[str, float]
    during: dict[str, float]
    before_days: int
    during_days: int


def periods_of(cube: Cube, series: Series, run: Run, usable: np.ndarray) -> Periods:
    rows = list(series.members)
    before_from = max(0, run.first - rules()["causes"]["before_days"])
    before = np.zeros(cube.axis.size, dtype=bool)
    before[before_from : run.first] = True
    before &= usable
    during = slice(run.first, run.last + 1)

    def total(name: str, cells: Any) -> float:
        return float(np.nansum(cube.data[name][rows][:, cells])) if name in cube.data else 0.0

    names = list(cube.data)
    return Periods(
        before={name: total(name, before) for name in names},
        during={name: total(name, during) for name in names},
        before_days=int(before.sum()),
        during_days=run.last - run.first + 1,
    )


def explain(run: Run, periods: Periods, series: Series, window_end: int) -> tuple[str, dict[str, Any]]:
    """The likely cause code of a run and the evidence numbers behind it.

    Each candidate (stock_out, price_cut/price_rise, refunds, channel_shift) gets a strength (its measured change
    divided by its threshold, so 1 is just at the rule); the strongest at or above 1 wins, else ``unexplained``.
    Price, refund and channel changes are judged only with ``min_lines`` order lines in both periods.
    """
    cfg = rules()["causes"]
    b, d = periods.before, periods.during
    evidence: dict[str, Any] = {"before_days": periods.before_days, "stock_now": series.stock_now}
    strength: dict[str, float] = {}
    judged = b["paid_lines"] >= cfg["min_lines"] and d["paid_lines"] >= cfg["min_lines"]

    price_before = ratio_or_none(b["gmv"], b["units"])
    price_during = ratio_or_none(d["gmv"], d["units"])
    evidence.update(price_before=price_before, price_during=price_during)
    if judged and price_before and price_during:
        change = price_during / price_before - 1.0
        evidence["price_change"] = change
        if run.kind == "spike" and change < 0:
            strength["price_cut"] = -change / cfg["price_change"]
        if run.kind == "drop" and change > 0:
            strength["price_rise"] = change / cfg["price_change"]

    refund_before = ratio_or_none(b["refunded_lines"], b["paid_lines"] + b["refunded_lines"])
    refund_during = ratio_or_none(d["refunded_lines"], d["paid_lines"] + d["refunded_lines"])
    evidence.update(refund_rate_before=refund_before, refund_rate_during=refund_during)
    if run.kind == "drop" and refund_before is not None and refund_during is not None:
        enough = b["lines"] >= cfg["min_lines"] and d["lines"] >= cfg["min_lines"]
        if enough:
            strength["refunds"] = (refund_during - refund_before) / cfg["refund_rate_rise"]

    shares = {}
    for channel in rules()["channels"]:
        before_share = ratio_or_none(b[f"ch_{channel}"], b["units"])
        during_share = ratio_or_none(d[f"ch_{channel}"], d["units"])
        if before_share is not None and during_share is not None:
            shares[channel] = (before_share, during_share)
    if judged and shares:
        channel, (share_before, share_during) = max(shares.items(), key=lambda kv: abs(kv[1][1] - kv[1][0]))
        evidence.update(channel=channel, share_before=share_before, share_during=share_during)
        strength["channel_shift"] = abs(share_during - share_before) / cfg["channel_share_shift"]

    if run.kind == "drop":
        strength["stock_out"] = _stock_strength(run, periods, series, window_end, evidence)

    cause, best = max(strength.items(), key=lambda kv: kv[1], default=("unexplained", 0.0))
    if strength.get("stock_out", 0.0) >= 1.0:
        cause, best = "stock_out", strength["stock_out"]  # what cannot be bought explains any shift of its channels
    evidence["strengths"] = {k: round(v, 2) for k, v in sorted(strength.items())}
    return (cause if best >= 1.0 else "unexplained"), evidence


def _stock_strength(run: Run, periods: Periods, series: Series, window_end: int, evidence: dict[str, Any]) -> float:
    """Strength of a stock-out: orders per view collapse while views hold, or sales stop outright."""
    cfg = rules()["causes"]["stock_out"]
    b, d = periods.before, periods.during
    nb, nd = max(periods.before_days, 1), periods.during_days
    views_before, views_during = b.get("views", 0.0) / nb, d.get("views", 0.0) / nd
    conversion_before = ratio_or_none(100 * b["lines"], b.get("views", 0.0))
    conversion_during = ratio_or_none(100 * d["lines"], d.get("views", 0.0))
    evidence.update(
        views_before=views_before,
        views_during=views_during,
        conversion_before=conversion_before or 0.0,
        conversion_during=conversion_during or 0.0,
    )
    strength = 0.0
    if views_before > 0 and conversion_before and conversion_during is not None:
        views_ratio = views_during / views_before
        conversion_ratio = conversion_during / conversion_before
        if views_ratio >= cfg["min_views_ratio"] and conversion_ratio <= cfg["max_orders_per_view_ratio"]:
            strength = 1.0 + (cfg["max_orders_per_view_ratio"] - conversion_ratio) / cfg["max_orders_per_view_ratio"]
    if run.actual <= cfg["near_zero_ratio"] * run.expected:
        strength = max(strength, 1.0)
    if series.stock_now == 0 and run.last == window_end:
        strength += 1.0
    return strength
