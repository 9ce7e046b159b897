"""The store's promotion days as a control of the baseline: days whose ad spend stands well above the store's
usual spend lift the whole store (festival pushes, launches, clearances), by a different amount each year, and
days whose usual spend stops (always-on ads paused) lower it.

On such a day every series is expected to move with the store: the detector divides each day's count by the
store's lift that day (its weekday-adjusted volume against its trailing level on ordinary days), so neither this
year's nor last year's pushes read as a product's own rise or fall. A store without ad spend has no such day."""

from __future__ import annotations

import numpy as np
from sqlalchemy import Connection, func, select

from copilot.anomalies.axis import DayAxis
from copilot.anomalies.rules import rules
from copilot.store.models import AdDaily
from copilot.store.timestamps import as_date


def daily_ad_spend(conn: Connection, merchant_id: str, axis: DayAxis, loaded: np.ndarray) -> np.ndarray:
    """The merchant's ad spend per day of ``axis`` (every channel and plan); NaN on days not loaded."""
    a = AdDaily.__table__.c
    last = axis.day(axis.size - 1)
    rows = conn.execute(
        select(a.date, func.sum(a.spend))
        .where(a.merchant_id == merchant_id, a.date >= axis.start, a.date <= last)
        .group_by(a.date)
    )
    spend = np.where(loaded, 0.0, np.nan)
    for day, total in rows:
        t = axis.index(as_date(day))
        if loaded[t]:
            spend[t] = float(total or 0)
    return spend


def promotion_days(spend: np.ndarray) -> np.ndarray:
    """Promotion days: spend is above ``spend_ratio`` times the store's median daily spend (its always-on level), or
    below that median divided by ``spend_ratio``."""
    known = ~np.isnan(spend)
    if not known.any():
        return np.zeros(spend.shape, dtype=bool)
    usual = float(np.median(spend[known]))
    ratio = rules()["promotion"]["spend_ratio"]
    return known & (((spend > 0) & (spend > ratio * usual)) | (spend < usual / ratio))


def nearest_known(level: np.ndarray) -> np.ndarray:
    """``level`` with each NaN replaced by the closest known value before it, else the closest one after it (all
    NaN stays NaN)."""
    known = np.flatnonzero(~np.isnan(level))
    if known.size == 0:
        return level
    positions = np.arange(level.size)
    before = np.searchsorted(known, positions, side="right") - 1
    source = np.where(before >= 0, known[np.maximum(before, 0)], known[0])
    return level[source]


def promotion_lift(store: np.ndarray, promoted: np.ndarray, level_of: np.ndarray) -> np.ndarray:
    """Per day: the store's weekday-adjusted volume ``store`` against ``level_of`` (its trailing level on
    ordinary days) on promotion days; 1 on other days and where either is unknown.

    A promotion day without enough ordinary days in its trailing window (a push in the store's first weeks of
    data, as last year's Double 11 often is) is measured against the nearest measured level: left at 1, that
    push read as last year's season and doubled this year's expected sales during the same push."""
    with np.errstate(invalid="ignore", divide="ignore"):
        lift = store / nearest_known(level_of)
    usable = promoted & np.isfinite(lift) & (lift > 0)
    return np.where(usable, np.nan_to_num(lift, nan=1.0, posinf=1.0), 1.0)
