"""A merchant's daily history as the promotion model reads it: GMV, ad spend and attributed GMV per channel,
and the controls (weekday, season, festivals, Spring Festival, price level, stock-outs), plus the watermark
that changes whenever the orders or the ad reports do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from copilot.analytics.measures import counted_orders, measure
from copilot.calendar.festivals import festivals, spring_festival
from copilot.promotion.response import PAID_CHANNELS
from copilot.store.models import AdDaily, Order, OrderItem, Product
from copilot.store.timestamps import as_date, day_of

STOCK_OUT_DAYS = 7
STOCK_OUT_MIN_RATE = 0.5


@dataclass(frozen=True)
class History:
    """Per day (index 0 = `dates[0]`): what the model is fitted on. Money in the merchant's currency."""

    merchant_id: str
    dates: np.ndarray  # datetime64[D]
    gmv: np.ndarray
    spend: np.ndarray  # C x D, channels as in PAID_CHANNELS
    paid_gmv: np.ndarray  # C x D, the platform's attributed GMV
    price_index: np.ndarray
    stock_out: np.ndarray
    watermark: str

    @property
    def days(self) -> int:
        return len(self.dates)

    @property
    def organic(self) -> np.ndarray:
        return np.maximum(self.gmv - self.paid_gmv.sum(axis=0), 0.0)

    def index(self, day: date) -> int:
        return int((np.datetime64(day, "D") - self.dates[0]).astype(int))

    def until(self, day: date) -> History:
        """The history up to the day before `day` (a backtest's view)."""
        stop = max(min(self.index(day), self.days), 0)
        return History(
            self.merchant_id, self.dates[:stop], self.gmv[:stop], self.spend[:, :stop], self.paid_gmv[:, :stop],
            self.price_index[:stop], self.stock_out[:stop], f"{self.watermark}<{day}",
        )  # fmt: skip


def watermark(session: Session, merchant_id: str) -> str:
    """Changes whenever the merchant's counted orders or ad report rows change (cheap: two aggregates)."""
    count, gmv = measure("booked_orders"), measure("booked_gmv")
    orders = session.execute(
        select(count.total(), func.max(Order.created_at), gmv.total()).where(
            Order.merchant_id == merchant_id, gmv.counted
        )
    ).one()
    ads = session.execute(
        select(func.count(), func.max(AdDaily.date), func.sum(AdDaily.spend), func.sum(AdDaily.attributed_gmv)).where(
            AdDaily.merchant_id == merchant_id
        )
    ).one()
    text = "|".join(str(v) for v in (*orders, *ads))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _span(session: Session, merchant_id: str) -> tuple[date, date] | None:
    day = day_of(Order.created_at, session.get_bind().dialect.name)
    first, last = session.execute(
        select(func.min(day), func.max(day)).where(Order.merchant_id == merchant_id, counted_orders("booked"))
    ).one()
    if first is None:
        return None
    ad_first, ad_last = session.execute(
        select(func.min(AdDaily.date), func.max(AdDaily.date)).where(AdDaily.merchant_id == merchant_id)
    ).one()
    start, stop = as_date(first), as_date(last)
    if ad_first is not None:
        start, stop = min(start, as_date(ad_first)), max(stop, as_date(ad_last))
    return start, stop


def load_history(session: Session, merchant_id: str) -> History | None:
    """The merchant's daily history, or None when it has no counted order."""
    mark = watermark(session, merchant_id)
    span = _span(session, merchant_id)
    if span is None:
        return None
    start, stop = span
    days = (stop - start).days + 1
    dates = np.datetime64(start, "D") + np.arange(days)

    def at(value: Any) -> int:
        return (as_date(value) - start).days

    day = day_of(Order.created_at, session.get_bind().dialect.name)
    booked_gmv, booked_units = measure("booked_gmv"), measure("booked_units")
    booked_amount = measure("booked_item_amount")
    mine = (Order.merchant_id == merchant_id, booked_gmv.counted)
    gmv = np.zeros(days)
    for d, total in session.execute(select(day, booked_gmv.total()).where(*mine).group_by(day)):
        gmv[at(d)] = float(total or 0)

    spend = np.zeros((len(PAID_CHANNELS), days))
    paid = np.zeros((len(PAID_CHANNELS), days))
    ads = session.execute(
        select(AdDaily.date, AdDaily.channel, func.sum(AdDaily.spend), func.sum(AdDaily.attributed_gmv))
        .where(AdDaily.merchant_id == merchant_id)
        .group_by(AdDaily.date, AdDaily.channel)
    )
    for d, channel, s, g in ads:
        if channel in PAID_CHANNELS:
            spend[PAID_CHANNELS.index(channel), at(d)] = float(s or 0)
            paid[PAID_CHANNELS.index(channel), at(d)] = float(g or 0)

    items = session.execute(
        select(day, OrderItem.product_id, booked_units.total(), booked_amount.total(),
               func.sum(booked_units.value * Product.price))
        .join(Order, Order.id == OrderItem.order_id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(*mine, OrderItem.merchant_id == merchant_id)
        .group_by(day, OrderItem.product_id)
    ).all()  # fmt: skip
    products = sorted({p for _, p, _, _, _ in items})
    units = np.zeros((len(products), days))
    paid_amount, list_amount = np.zeros(days), np.zeros(days)
    row_of = {p: i for i, p in enumerate(products)}
    for d, product, quantity, amount, listed in items:
        i = at(d)
        units[row_of[product], i] += float(quantity or 0)
        paid_amount[i] += float(amount or 0)
        list_amount[i] += float(listed or 0)
    price_index = np.where(list_amount > 0, paid_amount / np.maximum(list_amount, 1e-9), 1.0)
    return History(merchant_id, dates, gmv, spend, paid, price_index, stock_out_share(units), mark)


def stock_out_share(units: np.ndarray) -> np.ndarray:
    """Per day: the share of recent demand held by products that sold nothing for a week around the day while
    they had been selling at least STOCK_OUT_MIN_RATE a day over the 60 days before (a stock-out's trace)."""
    if units.size == 0:
        return np.zeros(units.shape[1] if units.ndim == 2 else 0)
    kernel = np.ones(STOCK_OUT_DAYS)
    around = np.apply_along_axis(lambda r: np.convolve(r, kernel, mode="same"), 1, units)
    cumulative = np.concatenate([np.zeros((units.shape[0], 1)), np.cumsum(units, axis=1)], axis=1)
    index = np.arange(units.shape[1])
    before = np.maximum(index - 60, 0)
    rate = (cumulative[:, index] - cumulative[:, before]) / np.maximum(index - before, 1)
    out = (around == 0) & (rate >= STOCK_OUT_MIN_RATE)
    total = rate.sum(axis=0)
    return np.where(total > 0, (rate * out).sum(axis=0) / np.maximum(total, 1e-9), 0.0)


def controls(dates: np.ndarray, price_index: np.ndarray, stock_out: np.ndarray) -> np.ndarray:
    """D x K design of the organic baseline (log scale): intercept, weekday, yearly season, trend, festivals
    and their peak days, Spring Festival windows, log price index and stock-out share."""
    n = len(dates)
    columns: list[np.ndarray] = [np.ones(n)]
    weekday = (dates.astype(np.int64) + 3) % 7
    columns += [(weekday == k).astype(float) for k in range(1, 7)]
    day_of_year = (dates - dates.astype("datetime64[Y]")).astype(np.int64)
    for k in (1, 2, 3):
        angle = 2 * np.pi * k * day_of_year / 365.25
        columns += [np.sin(angle), np.cos(angle)]
    columns.append((np.arange(n) - n / 2) / 365.0)
    years = range(int(str(dates[0])[:4]) - 1, int(str(dates[-1])[:4]) + 1) if n else range(0)
    for festival in festivals().values():
        window, peaks = np.zeros(n), {p: np.zeros(n) for p in festival.peaks}
        for year in years:
            first, last = (np.datetime64(day, "D") for day in festival.season_in(year))
            window += (dates >= first) & (dates <= last)
            for p, day in zip(festival.peaks, festival.peaks_in(year), strict=True):
                peaks[p] += dates == np.datetime64(day, "D")
        columns += [window, *peaks.values()]
    spring = [np.datetime64(d, "D") for d in spring_festival().dates]
    for low, high in spring_festival().windows:
        hit = np.zeros(n)
        for new_year in spring:
            hit += (dates >= new_year + np.timedelta64(low, "D")) & (dates <= new_year + np.timedelta64(high, "D"))
        columns.append(hit)
    columns.append(np.log(np.clip(price_index, 0.2, 5.0)))
    columns.append(stock_out)
    design = np.column_stack(columns)
    keep = np.concatenate([[True], design[:, 1:].std(axis=0) > 0])
    return design[:, keep]


def future_dates(start: date, end: date) -> np.ndarray:
    return np.datetime64(start, "D") + np.arange((end - start).days + 1)


def day_after(history: History) -> date:
    return date.fromisoformat(str(history.dates[-1])) + timedelta(days=1)
