"""Money to the cent and the daily schedule: weights of ramp-up, peaks and weekday rhythm, water-filled
under the daily cap."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from copilot.campaigns.config import CENT, load_config
from copilot.campaigns.dates import Dates


def allocate_cents(total: int, weights: Sequence[float], cap: int | None = None) -> list[int]:
    """Split `total` cents proportionally to `weights` (all > 0), each part <= `cap`, summing exactly to `total`.

    Parts that would exceed the cap are set to it and the rest is re-spread over the others (water-filling);
    rounding gives the leftover cents to the largest remainders. Raises ValueError when total > cap x parts.
    """
    n = len(weights)
    if n == 0 or any(w <= 0 for w in weights):
        raise ValueError("allocation needs at least one part and positive weights")
    if cap is not None and total > cap * n:
        raise ValueError(f"{total} does not fit in {n} parts of at most {cap}")
    shares = [0.0] * n
    free, remaining = set(range(n)), float(total)
    while free:
        weight = sum(weights[i] for i in free)
        over = {i for i in free if cap is not None and remaining * weights[i] / weight > cap}
        if not over:
            for i in free:
                shares[i] = remaining * weights[i] / weight
            break
        for i in over:
            shares[i] = float(cap)  # type: ignore[arg-type]
        free -= over
        remaining -= len(over) * cap  # type: ignore[operator]
    parts = [math.floor(s + 1e-9) for s in shares]
    if cap is not None:
        parts = [min(p, cap) for p in parts]
    leftover = total - sum(parts)
    order = sorted(range(n), key=lambda i: (shares[i] - parts[i], -i), reverse=True)
    while leftover > 0:
        for i in order:
            if leftover == 0:
                break
            if cap is None or parts[i] < cap:
                parts[i] += 1
                leftover -= 1
    return parts


def to_cents(amount: Decimal) -> int:
    return int((amount / CENT).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) * CENT).quantize(CENT)


@dataclass(frozen=True)
class DayBudget:
    day: date
    weight: float
    cents: int
    labels: tuple[str, ...]


def _day_weights(
    dates: Dates, objective: str, weekday_index: list[float], lang: str
) -> list[tuple[float, tuple[str, ...]]]:
    cfg = load_config().objectives[objective]
    anchors = {"start": dates.start, "end": dates.end, "event": dates.event_day}
    result = []
    for i in range(dates.days):
        day = dates.start + timedelta(days=i)
        weight, labels = weekday_index[day.weekday()], []
        if i < cfg.ramp.days:
            step = (1.0 - cfg.ramp.start_weight) * i / cfg.ramp.days
            weight *= cfg.ramp.start_weight + step
            labels.append("ramp-up" if lang == "en" else "起量期")
        for peak in cfg.peaks:
            anchor = anchors[peak.anchor]
            if anchor is None:
                continue
            first = anchor + timedelta(days=peak.offset)
            if first <= day < first + timedelta(days=peak.days):
                weight *= peak.weight
                labels.append(peak.label[lang])
        result.append((weight, tuple(labels)))
    return result


def daily_schedule(
    dates: Dates, objective: str, weekday_index: list[float], budget: Decimal, cap: Decimal, lang: str
) -> list[DayBudget]:
    weighted = _day_weights(dates, objective, weekday_index, lang)
    cents = allocate_cents(to_cents(budget), [w for w, _ in weighted], to_cents(cap))
    return [
        DayBudget(dates.start + timedelta(days=i), round(w, 3), c, labels)
        for i, ((w, labels), c) in enumerate(zip(weighted, cents, strict=True))
    ]
