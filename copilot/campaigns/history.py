"""The merchant's own numbers that drive a forecast: funnel, weekly conversion, AOV by channel, weekday
rhythm, widened from the products to their categories to the store when too thin, and last year's event lift."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from copilot.analytics.measures import measure
from copilot.calendar.months import year_before
from copilot.campaigns.config import load_config
from copilot.campaigns.dates import Dates
from copilot.campaigns.products import ProductRow
from copilot.store.models import Event, Order, OrderItem
from copilot.store.timestamps import as_date, day_of, midnight_bound
from tools.result import ToolRefusal


@dataclass(frozen=True)
class Funnel:
    views: int
    clicks: int
    purchases: int
    orders: int
    gmv: float

    @property
    def view_conversion(self) -> float | None:
        return self.purchases / self.views if self.views else None

    @property
    def aov(self) -> float | None:
        return self.gmv / self.orders if self.orders else None


@dataclass(frozen=True)
class History:
    """The scope's own numbers over `since`..`until` (inclusive) that drive the forecast."""

    scope: str
    product_ids: tuple[str, ...] | None
    since: date
    until: date
    funnel: Funnel
    weekly_conversion: list[float]
    low_ratio: float
    high_ratio: float
    aov_by_channel: dict[str, tuple[float, int, str]]
    weekday_index: list[float]
    event_conversion_lift: float = 1.0
    event_aov_lift: float = 1.0
    event_note: str | None = None

    @property
    def view_conversion(self) -> float:
        return self.funnel.view_conversion or 0.0


def product_filter(column: Any, product_ids: tuple[str, ...] | None) -> ColumnElement[bool]:
    return column.in_(product_ids) if product_ids is not None else and_(True)


def _events_by_day(
    session: Session, merchant_id: str, ids: tuple[str, ...] | None, since: date, until: date
) -> dict[date, dict[str, int]]:
    day = day_of(Event.created_at, session.get_bind().dialect.name)
    rows = session.execute(
        select(day, Event.kind, func.count())
        .where(
            Event.merchant_id == merchant_id,
            Event.created_at >= midnight_bound(session, since),
            Event.created_at < midnight_bound(session, until, 1),
        )
        .where(Event.kind.in_(("view", "click", "purchase")), product_filter(Event.product_id, ids))
        .group_by(day, Event.kind)
    ).all()
    result: dict[date, dict[str, int]] = {}
    for d, kind, count in rows:
        result.setdefault(as_date(d), {})[kind] = int(count)
    return result


def _orders_query(
    session: Session, merchant_id: str, ids: tuple[str, ...] | None, since: date, until: date
) -> Select[Any]:
    """Paid orders in the window holding at least one of `ids` (all orders when ids is None)."""
    orders, gmv = measure("paid_orders"), measure("gmv")
    day = day_of(Order.created_at, session.get_bind().dialect.name)
    query = select(Order.channel, day, orders.total(), gmv.total()).where(
        Order.merchant_id == merchant_id,
        orders.counted,
        Order.created_at >= midnight_bound(session, since),
        Order.created_at < midnight_bound(session, until, 1),
    )
    if ids is not None:
        holds = (
            select(OrderItem.id)
            .where(OrderItem.order_id == Order.id, OrderItem.merchant_id == merchant_id, OrderItem.product_id.in_(ids))
            .exists()
        )
        query = query.where(holds)
    return query.group_by(Order.channel, day)


def _funnel_of(events: dict[date, dict[str, int]], order_rows: Sequence[Any]) -> Funnel:
    return Funnel(
        views=sum(d.get("view", 0) for d in events.values()),
        clicks=sum(d.get("click", 0) for d in events.values()),
        purchases=sum(d.get("purchase", 0) for d in events.values()),
        orders=sum(int(r[2]) for r in order_rows),
        gmv=sum(float(r[3] or 0) for r in order_rows),
    )


def _funnel(session: Session, merchant_id: str, ids: tuple[str, ...] | None, since: date, until: date) -> Funnel:
    events = _events_by_day(session, merchant_id, ids, since, until)
    return _funnel_of(events, session.execute(_orders_query(session, merchant_id, ids, since, until)).all())


def _weekly_conversion(events: dict[date, dict[str, int]], until: date, min_views: int) -> list[float]:
    """View -> purchase rate of each full 7-day block ending at `until`, blocks with enough views only."""
    weeks: dict[int, list[int]] = {}
    for day, counts in events.items():
        block = weeks.setdefault((until - day).days // 7, [0, 0])
        block[0] += counts.get("view", 0)
        block[1] += counts.get("purchase", 0)
    return [p / v for _, (v, p) in sorted(weeks.items()) if v >= min_views]


def _weekday_index(
    orders_by_day: dict[date, int], since: date, until: date, bounds: tuple[float, float]
) -> list[float]:
    """Mean paid orders per weekday (Monday first) over the overall daily mean, bounded."""
    totals, counts = np.zeros(7), np.zeros(7)
    day = since
    while day <= until:
        totals[day.weekday()] += orders_by_day.get(day, 0)
        counts[day.weekday()] += 1
        day += timedelta(days=1)
    overall = totals.sum() / counts.sum() if counts.sum() else 0.0
    if overall <= 0:
        return [1.0] * 7
    index = np.clip((totals / np.maximum(counts, 1)) / overall, bounds[0], bounds[1])
    return [round(float(v), 3) for v in index]


def _scoped_history(
    session: Session, merchant_id: str, ids: tuple[str, ...] | None, scope: str, today: date
) -> History:
    cfg = load_config().history
    until, since = today, today - timedelta(days=cfg.days - 1)
    events = _events_by_day(session, merchant_id, ids, since, until)
    order_rows = session.execute(_orders_query(session, merchant_id, ids, since, until)).all()
    funnel = _funnel_of(events, order_rows)
    weekly = _weekly_conversion(events, until, cfg.min_week_views)
    mean = funnel.view_conversion or 0.0
    low_ratio = high_ratio = 1.0
    if len(weekly) >= 3 and mean > 0:
        low, high = np.quantile(np.array(weekly), cfg.range_quantiles)
        low_ratio, high_ratio = min(1.0, float(low) / mean), max(1.0, float(high) / mean)
    by_channel: dict[str, list[float]] = {}
    by_day: dict[date, int] = {}
    for channel, d, count, gmv in order_rows:
        entry = by_channel.setdefault(channel, [0, 0.0])
        entry[0] += int(count)
        entry[1] += float(gmv or 0)
        by_day[as_date(d)] = by_day.get(as_date(d), 0) + int(count)
    overall_aov = funnel.aov or 0.0
    aov_by_channel: dict[str, tuple[float, int, str]] = {}
    for channel in load_config().platform:
        orders, gmv = by_channel.get(channel, [0, 0.0])
        if orders >= cfg.min_channel_orders:
            aov_by_channel[channel] = (gmv / orders, int(orders), "channel")
        else:
            aov_by_channel[channel] = (overall_aov, int(orders), "scope (too few channel orders)")
    return History(
        scope=scope,
        product_ids=ids,
        since=since,
        until=until,
        funnel=funnel,
        weekly_conversion=[round(w, 4) for w in weekly],
        low_ratio=low_ratio,
        high_ratio=high_ratio,
        aov_by_channel=aov_by_channel,
        weekday_index=_weekday_index(by_day, since, until, cfg.weekday_index_bounds),
    )


def campaign_history(
    session: Session, merchant_id: str, products: list[ProductRow], catalog: list[ProductRow], today: date
) -> History:
    """History of the campaign's products; widened to their categories, then the store, when too thin."""
    cfg = load_config().history
    categories = {p.category for p in products}
    scopes: list[tuple[tuple[str, ...] | None, str]] = [
        (tuple(p.id for p in products), "campaign products"),
        (tuple(p.id for p in catalog if p.category in categories), "campaign categories"),
        (None, "whole store"),
    ]
    history: History | None = None
    for ids, scope in scopes:
        history = _scoped_history(session, merchant_id, ids, scope, today)
        if history.funnel.views >= cfg.min_views and history.funnel.orders >= cfg.min_channel_orders:
            return history
    assert history is not None
    if not history.funnel.views or not history.funnel.orders:
        raise ToolRefusal(
            f"this store has no views or paid orders in the last {cfg.days} days; a forecast needs its history"
        )
    return history


def _ratio(now: float | None, before: float | None, bounds: tuple[float, float]) -> float | None:
    if not now or not before:
        return None
    return float(min(max(now / before, bounds[0]), bounds[1]))


def with_event_lift(session: Session, merchant_id: str, history: History, dates: Dates) -> History:
    """Last year's same dates against the 90 days before them: the seasonal lift of conversion and AOV."""
    cfg = load_config().history
    ly_start, ly_end = year_before(dates.start), year_before(dates.end)
    window = _funnel(session, merchant_id, history.product_ids, ly_start, ly_end)
    before = _funnel(
        session, merchant_id, history.product_ids, ly_start - timedelta(days=cfg.days), ly_start - timedelta(days=1)
    )
    enough = min(window.views, before.views) >= cfg.min_views and min(window.orders, before.orders) > 0
    if not enough:
        note = f"last year's {ly_start} to {ly_end} has too little history for an event lift; none applied"
        return replace(history, event_note=note)
    conversion = _ratio(window.view_conversion, before.view_conversion, cfg.event_lift_bounds) or 1.0
    aov = _ratio(window.aov, before.aov, cfg.event_lift_bounds) or 1.0
    note = (
        f"event lift from last year's {ly_start} to {ly_end} vs the {cfg.days} days before: conversion "
        f"x{conversion:.2f}, AOV x{aov:.2f}"
    )
    return replace(history, event_conversion_lift=conversion, event_aov_lift=aov, event_note=note)
