"""Run detection: one-sided CUSUM excursions of the daily z, trimmed and judged by the rules."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from copilot.anomalies.model import Fit
from copilot.anomalies.rules import Direction, Kind, rules


@dataclass(frozen=True)
class Run:
    row: int
    kind: Kind
    first: int  # axis indexes, inclusive
    last: int
    actual: float
    expected: float
    z: float


def cusum_runs(signed_z: np.ndarray, k: float, h: float) -> list[tuple[int, int]]:
    """Inclusive (first, last) positions of the excursions of the one-sided CUSUM ``S = max(0, S + v - k)``
    of ``signed_z`` that reach ``h``: from the day S leaves 0 to the day it peaks. A NaN day resets S.

    ``find_runs`` then trims each excursion to its first and last day with ``signed z >= trim_z``.
    """
    runs: list[tuple[int, int]] = []
    total, best, first, peak = 0.0, 0.0, -1, -1
    for t, value in enumerate(signed_z):
        step = total + value - k
        if np.isnan(value) or step <= 0:
            if best >= h:
                runs.append((first, peak))
            total, best, first, peak = 0.0, 0.0, -1, -1
            continue
        if first < 0:
            first = t
        total = step
        if total > best:
            best, peak = total, t
    if best >= h:
        runs.append((first, peak))
    return runs


def find_runs(fit: Fit, window_from: int, direction: Direction) -> list[Run]:
    """Runs of the window (fit positions ``window_from`` onward) that pass the rules of their kind."""
    found: list[Run] = []
    kinds: list[Kind] = ["drop", "spike"] if direction == "both" else [direction]
    for kind in kinds:
        rule = rules()["runs"][kind]
        sign = -1 if kind == "drop" else 1
        signed = sign * fit.z[:, window_from:]
        for row in np.flatnonzero(np.nanmax(np.nan_to_num(signed, nan=0.0), axis=1) >= rule["core_z"]):
            for first, last in cusum_runs(signed[row], rule["k"], rule["h"]):
                kept = np.flatnonzero(signed[row, first : last + 1] >= rules()["runs"]["trim_z"])
                if kept.size == 0:
                    continue
                span = slice(window_from + first + kept[0], window_from + first + kept[-1] + 1)
                run = _judge(fit, int(row), kind, span, rule)
                if run is not None:
                    found.append(run)
    return found


def _judge(fit: Fit, row: int, kind: Kind, span: slice, rule: dict[str, Any]) -> Run | None:
    """The run of ``span`` if it is long, strong and large enough for the rules of its kind, else None."""
    sign = -1 if kind == "drop" else 1
    z = fit.z[row, span]
    days = len(z)
    actual = float(np.nansum(fit.actual[row, span]))
    expected = float(np.nansum(fit.expected[row, span]))
    run_z = float(np.nansum(z) / math.sqrt(days))
    core = int(np.sum(sign * z >= rule["core_z"]))
    if days < rule["min_days"] or core < rule["min_core_days"] or sign * run_z < rule["run_z"]:
        return None
    if expected < rules()["runs"]["min_expected_per_day"] * days:
        return None
    if kind == "drop":
        large = actual / expected <= rule["max_ratio"] and expected - actual >= rule["min_units"]
    else:
        large = actual / expected >= rule["min_ratio"] and actual - expected >= rule["min_units"]
    if not large:
        return None
    targets = fit.targets[span]
    return Run(row, kind, int(targets[0]), int(targets[-1]), actual, expected, run_z)


def excluded_days(runs: Iterable[Run], shape: tuple[int, int]) -> np.ndarray:
    excluded = np.zeros(shape, dtype=bool)
    for run in runs:
        excluded[run.row, run.first : run.last + 1] = True
    return excluded
