"""``draft_campaign``: a campaign plan with a budget split, daily pacing and a forecast from the store's history.

A new draft (no ``edit``, no ``campaign_id``) resolves the campaign's products (a product, one or several
categories, or the objective's default: new products for a launch, slow movers for a clearance, the whole
catalog otherwise), its dates (given, or the objective's default: for an event the festival window ending the
day before the event day, else 14 days from tomorrow), its channels (given, or the objective's defaults of
``campaign.yaml``) and its segments (scene words or segment ids; none = the recent visitors of the products),
then builds the plan:

- schedule: one budget per day, weights = ramp-up x peak windows (event day, pre-event sprint, launch week,
  last call) x the store's own weekday rhythm, water-filled under the daily cap (the stricter of the
  merchant's ``daily_budget_cap`` and a remembered cap) and split to the cent, so it sums to the budget;
- split: the budget across channels (objective weights) x segments (audience size x conversion), to the cent;
- forecast: per channel and segment, clicks = spend / CPC (platform defaults), orders = clicks x the
  segment's view -> purchase conversion (last 90 days, smoothed toward the scope's rate) x the channel's
  conversion index x the paid-click ratio (x last year's event lift for events), GMV = orders x the channel's
  AOV of orders holding the campaign's products; ROI = GMV / spend. Each number carries a low-high range from
  the CPC range and the spread of weekly conversion, and every assumption is listed.

A budget above cap x days extends a defaulted end date (non-event objectives) and says so, else is refused
with the numbers. An edit (``edit=True`` or a ``campaign_id``) changes the merchant's latest campaign (or
that id, only this merchant's) when it is a draft and re-plans it from its stored request. Each create or
edit writes the campaign row and an ``audit_log`` row in one transaction.
"""

from __future__ import annotations

import math
import secrets
import time as systime
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from langchain.tools import ToolRuntime, tool
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, Select, String, and_, func, literal, or_, select, update
from sqlalchemy.orm import Session

from copilot.context import Context
from copilot.i18n import format_money
from copilot.store.models import AuditLog, Campaign, Event, Merchant, Order, OrderItem, Product
from tools.lookup import latest_campaign, merchant_campaign
from tools.periods import VOCABULARY_FILE, year_before
from tools.result import ToolOutput, ToolRefusal

TOOL_NAME = "draft_campaign"
CONFIG_FILE = Path(__file__).with_name("campaign.yaml")
CENT = Decimal("0.01")

Objective = Literal["launch", "clearance", "event", "full_site"]
EventName = Literal["double11", "double12", "618"]


# ---------------------------------------------------------------- configuration


class _Cfg(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChannelDefaults(_Cfg):
    cpc: tuple[float, float, float]
    ctr: float = Field(gt=0, le=1)
    conversion_index: float = Field(gt=0)


class HistoryCfg(_Cfg):
    days: int = Field(gt=0)
    min_views: int = Field(gt=0)
    min_channel_orders: int = Field(gt=0)
    min_week_views: int = Field(gt=0)
    range_quantiles: tuple[float, float]
    event_lift_bounds: tuple[float, float]
    weekday_index_bounds: tuple[float, float]


class Ramp(_Cfg):
    days: int = Field(ge=0)
    start_weight: float = Field(gt=0)


class Peak(_Cfg):
    anchor: Literal["start", "end", "event"]
    offset: int
    days: int = Field(gt=0)
    weight: float = Field(gt=0)
    label: dict[str, str]


class DefaultProducts(_Cfg):
    all: bool = False
    new_within_days: int | None = None
    slowest_movers: int | None = None


class ObjectiveCfg(_Cfg):
    channels: dict[str, float]
    days: int = Field(gt=0)
    ramp: Ramp
    peaks: list[Peak]
    default_products: DefaultProducts


class Limits(_Cfg):
    max_days: int = Field(gt=0)
    max_budget: float = Field(gt=0)
    products_listed: int = Field(gt=0)
    segments: int = Field(gt=0)


class CampaignConfig(_Cfg):
    platform: dict[str, ChannelDefaults]
    paid_click_conversion: float = Field(gt=0, le=1)
    history: HistoryCfg
    objectives: dict[str, ObjectiveCfg]
    limits: Limits
    segment_stopwords: list[str]
    names: dict[str, Any]


@cache
def load_config() -> CampaignConfig:
    """campaign.yaml, validated (a malformed file fails loudly at first use)."""
    with CONFIG_FILE.open(encoding="utf-8") as handle:
        return CampaignConfig.model_validate(yaml.safe_load(handle))


@cache
def _festivals() -> dict[str, tuple[tuple[int, int], tuple[int, int]]]:
    """Festival windows of tools/periods.yaml: (start month/day, event day month/day)."""
    with VOCABULARY_FILE.open(encoding="utf-8") as handle:
        festivals = yaml.safe_load(handle)["festivals"]
    return {
        str(k): ((int(v["start"][0]), int(v["start"][1])), (int(v["end"][0]), int(v["end"][1])))
        for k, v in festivals.items()
    }


# ---------------------------------------------------------------- request


@dataclass(frozen=True)
class CampaignRequest:
    """What the merchant asked for (stored in the plan, so an edit re-plans from it)."""

    objective: str
    event: str | None
    category: str | None
    product: str | None
    budget: Decimal
    start: date | None
    end: date | None
    channels: tuple[str, ...] | None
    segments: tuple[str, ...] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "event": self.event,
            "category": self.category,
            "product": self.product,
            "budget": str(self.budget),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "channels": list(self.channels) if self.channels is not None else None,
            "segments": list(self.segments) if self.segments is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CampaignRequest:
        return cls(
            objective=str(data["objective"]),
            event=data.get("event"),
            category=data.get("category"),
            product=data.get("product"),
            budget=Decimal(str(data["budget"])),
            start=date.fromisoformat(data["start"]) if data.get("start") else None,
            end=date.fromisoformat(data["end"]) if data.get("end") else None,
            channels=tuple(data["channels"]) if data.get("channels") is not None else None,
            segments=tuple(data["segments"]) if data.get("segments") is not None else None,
        )


def _budget(value: float | Decimal | str) -> Decimal:
    """A positive, finite amount in cents, within the configured maximum; ToolRefusal otherwise."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ToolRefusal(f"the budget must be a number, not {value!r}") from exc
    if not amount.is_finite() or amount <= 0:
        raise ToolRefusal(f"the budget must be a positive amount, got {value}")
    if amount > Decimal(str(load_config().limits.max_budget)):
        raise ToolRefusal(f"the budget {value} is beyond what a campaign of this store can hold")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _iso(value: str | None, name: str) -> date | None:
    if value is None or not str(value).strip():
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ToolRefusal(f"{name} must be an ISO date (YYYY-MM-DD), got {value!r}") from exc


def _channels(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """Paid channels, canonical and de-duplicated; ToolRefusal for organic or unknown channels."""
    if values is None:
        return None
    known = load_config().platform
    result: list[str] = []
    for raw in values:
        name = str(raw).strip().lower()
        if name == "direct":
            raise ToolRefusal("direct is organic traffic, not a paid channel; use search, recommend or live")
        if name not in known:
            raise ToolRefusal(f"unknown channel {raw!r}; paid channels are {', '.join(known)}")
        if name not in result:
            result.append(name)
    return tuple(result)


def _segments_arg(values: Sequence[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    cleaned = tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
    limit = load_config().limits.segments
    if len(cleaned) > limit:
        raise ToolRefusal(f"at most {limit} segments per campaign, got {len(cleaned)}")
    return cleaned or None


# ---------------------------------------------------------------- products and dates


@dataclass(frozen=True)
class ProductRow:
    id: str
    title: str
    title_en: str | None
    category: str
    tags: str
    launched_at: date
    stock: int


def _catalog(session: Session, merchant_id: str) -> list[ProductRow]:
    rows = session.execute(
        select(
            Product.id,
            Product.title,
            Product.title_en,
            Product.category,
            Product.tags,
            Product.launched_at,
            Product.stock,
        )
        .where(Product.merchant_id == merchant_id)
        .order_by(Product.id)
    ).all()
    return [
        ProductRow(r.id, r.title, r.title_en, r.category, r.tags or "", _day(r.launched_at), int(r.stock or 0))
        for r in rows
    ]


def _day(value: Any) -> date:
    """A DATE from what the driver returns for date(...) or a timestamp (text in SQLite, date/datetime in PG)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _match_products(catalog: list[ProductRow], product: str) -> list[ProductRow]:
    needle = product.strip().lower()
    exact = [p for p in catalog if p.id.lower() == needle]
    if exact:
        return exact
    return [p for p in catalog if needle in p.title.lower() or needle in (p.title_en or "").lower()]


def _match_categories(catalog: list[ProductRow], category: str) -> list[ProductRow]:
    wanted = [c.strip().lower() for c in category.replace("，", ",").split(",") if c.strip()]
    categories = sorted({p.category for p in catalog})
    chosen: set[str] = set()
    for want in wanted:
        exact = [c for c in categories if c.lower() == want]
        hits = exact or [c for c in categories if want in c.lower()]
        if not hits:
            raise ToolRefusal(f"no category {want!r} in this store; categories: {', '.join(categories)}")
        chosen.update(hits)
    return [p for p in catalog if p.category in chosen]


def _slow_movers(
    session: Session, ctx: Context, catalog: list[ProductRow], count: int, today: date
) -> list[ProductRow]:
    """The `count` products with the most days of stock at their last-90-days sales pace."""
    since = today - timedelta(days=load_config().history.days - 1)
    sold = dict(
        session.execute(
            select(OrderItem.product_id, func.sum(OrderItem.quantity))
            .join(Order, Order.id == OrderItem.order_id)
            .where(OrderItem.merchant_id == ctx.merchant_id, Order.merchant_id == ctx.merchant_id)
            .where(
                Order.status == "paid",
                Order.created_at >= _at(session, since),
                Order.created_at < _at(session, today, 1),
            )
            .group_by(OrderItem.product_id)
        ).all()
    )
    days = load_config().history.days

    def cover(p: ProductRow) -> float:
        per_day = float(sold.get(p.id) or 0) / days
        return p.stock / per_day if per_day else math.inf

    stocked = [p for p in catalog if p.stock > 0]
    return sorted(stocked, key=lambda p: (-cover(p), p.id))[:count]


def _products(
    session: Session, ctx: Context, request: CampaignRequest, catalog: list[ProductRow], today: date
) -> tuple[list[ProductRow], str]:
    """The campaign's products and how they were chosen; ToolRefusal when nothing matches."""
    if request.product:
        found = _match_products(catalog, request.product)
        if not found:
            raise ToolRefusal(f"no product matching {request.product!r} in this store")
        return found, f"product {request.product}"
    if request.category:
        return _match_categories(catalog, request.category), f"category {request.category}"
    default = load_config().objectives[request.objective].default_products
    if default.new_within_days is not None:
        cutoff = today - timedelta(days=default.new_within_days)
        new = [p for p in catalog if p.launched_at >= cutoff]
        if not new:
            raise ToolRefusal(
                f"no product launched in the last {default.new_within_days} days; say which product to launch"
            )
        return new, f"products launched in the last {default.new_within_days} days"
    if default.slowest_movers is not None:
        movers = _slow_movers(session, ctx, catalog, default.slowest_movers, today)
        if not movers:
            raise ToolRefusal("no product in stock to clear; say which products or category")
        return movers, f"the {len(movers)} products with the most days of stock at the last 90 days' pace"
    if not catalog:
        raise ToolRefusal("this store has no products to promote")
    return catalog, "the whole catalog"


def _event_day(event: str, year: int) -> date:
    month, day = _festivals()[event][1]
    return date(year, month, day)


def _event_window(event: str, today: date) -> tuple[date, date]:
    """The next festival window that still has a day before the event day: (first day, event day)."""
    (sm, sd), _ = _festivals()[event]
    tomorrow = today + timedelta(days=1)
    year = today.year if _event_day(event, today.year) - timedelta(days=1) >= tomorrow else today.year + 1
    return date(year, sm, sd), _event_day(event, year)


def _event_for(event: str, start: date) -> date:
    """The event day on or after `start`."""
    day = _event_day(event, start.year)
    return day if day >= start else _event_day(event, start.year + 1)


@dataclass(frozen=True)
class Dates:
    start: date
    end: date
    event_day: date | None
    end_defaulted: bool
    note: str | None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _dates(request: CampaignRequest, today: date) -> Dates:
    """Given dates, or the objective's defaults (stated in `note`); ToolRefusal for impossible dates."""
    cfg = load_config()
    tomorrow = today + timedelta(days=1)
    start, end, note = request.start, request.end, None
    default_days = cfg.objectives[request.objective].days
    if request.event and start is None and end is None:
        window_start, day = _event_window(request.event, today)
        start, end = max(tomorrow, window_start), day - timedelta(days=1)
        note = f"dates not given: the {request.event} window {start} to {end}, ending the day before the event ({day})"
    elif start is None and end is None:
        start, end = tomorrow, tomorrow + timedelta(days=default_days - 1)
        note = f"dates not given: {default_days} days from tomorrow, {start} to {end}"
    elif start is None:
        assert end is not None
        start = tomorrow
        if request.event:
            start = max(tomorrow, _event_window(request.event, today)[0])
        start = min(start, end)
        note = f"start not given: {start}"
    elif end is None:
        end = start + timedelta(days=default_days - 1)
        if request.event and _event_for(request.event, start) - timedelta(days=1) >= start:
            end = _event_for(request.event, start) - timedelta(days=1)
        note = f"end not given: {end}"
    assert start is not None and end is not None
    if start < today:
        raise ToolRefusal(f"the campaign cannot start in the past ({start}; today is {today})")
    if end < start:
        raise ToolRefusal(f"the campaign ends ({end}) before it starts ({start})")
    days = (end - start).days + 1
    if days > cfg.limits.max_days:
        raise ToolRefusal(f"{days} days is longer than a campaign may run ({cfg.limits.max_days} days at most)")
    event_day = _event_for(request.event, start) if request.event else None
    return Dates(start, end, event_day, request.end is None, note)


# ---------------------------------------------------------------- the merchant's history


def _at(session: Session, day: date, plus_days: int = 0) -> ColumnElement[str] | datetime:
    """Midnight UTC of a day as a bound: ISO date text on SQLite (it compares with the stored timestamp text
    whatever its precision), an aware datetime elsewhere (timestamptz)."""
    day = day + timedelta(days=plus_days)
    if session.get_bind().dialect.name == "sqlite":
        return literal(day.isoformat(), String())
    return datetime.combine(day, time(), tzinfo=UTC)


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


def _product_filter(column: Any, product_ids: tuple[str, ...] | None) -> ColumnElement[bool]:
    return column.in_(product_ids) if product_ids is not None else and_(True)


def _events_by_day(
    session: Session, merchant_id: str, ids: tuple[str, ...] | None, since: date, until: date
) -> dict[date, dict[str, int]]:
    day = func.date(Event.created_at)
    rows = session.execute(
        select(day, Event.kind, func.count())
        .where(
            Event.merchant_id == merchant_id,
            Event.created_at >= _at(session, since),
            Event.created_at < _at(session, until, 1),
        )
        .where(Event.kind.in_(("view", "click", "purchase")), _product_filter(Event.product_id, ids))
        .group_by(day, Event.kind)
    ).all()
    result: dict[date, dict[str, int]] = {}
    for d, kind, count in rows:
        result.setdefault(_day(d), {})[kind] = int(count)
    return result


def _orders_query(
    session: Session, merchant_id: str, ids: tuple[str, ...] | None, since: date, until: date
) -> Select[Any]:
    """Paid orders in the window holding at least one of `ids` (all orders when ids is None)."""
    query = select(Order.channel, func.date(Order.created_at), func.count(), func.sum(Order.total_amount)).where(
        Order.merchant_id == merchant_id,
        Order.status == "paid",
        Order.created_at >= _at(session, since),
        Order.created_at < _at(session, until, 1),
    )
    if ids is not None:
        holds = (
            select(OrderItem.id)
            .where(OrderItem.order_id == Order.id, OrderItem.merchant_id == merchant_id, OrderItem.product_id.in_(ids))
            .exists()
        )
        query = query.where(holds)
    return query.group_by(Order.channel, func.date(Order.created_at))


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
        by_day[_day(d)] = by_day.get(_day(d), 0) + int(count)
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


def _history(
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


def _with_event_lift(session: Session, merchant_id: str, history: History, dates: Dates) -> History:
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


# ---------------------------------------------------------------- segments


@dataclass(frozen=True)
class SegmentEstimate:
    """An audience as this tool estimates it from the store's events (aggregates only)."""

    key: str
    name: str
    size: int
    views: int
    purchases: int
    conversion: float
    basis: str


def _tokens(term: str) -> list[str]:
    import jieba

    stop = {w.lower() for w in load_config().segment_stopwords}
    words = [w.strip().lower() for w in jieba.lcut_for_search(term)]
    keep = []
    for word in words:
        cjk = any("\u4e00" <= ch <= "\u9fff" for ch in word)
        if word and word not in stop and len(word) >= (2 if cjk else 3) and word not in keep:
            keep.append(word)
    return keep


def _word_sets(term: str) -> Iterator[list[str]]:
    """The whole term first; its words only when the whole term finds nobody (lazy: jieba loads on demand)."""
    yield [term.strip().lower()]
    yield _tokens(term)


def _text_of(p: ProductRow) -> str:
    return " ".join([p.title, p.title_en or "", p.category, p.tags]).lower()


def _audience_filter(catalog: list[ProductRow], words: list[str]) -> tuple[ColumnElement[bool], list[str]]:
    """Events that show the words: on products whose text holds one, or searches that hold one."""
    matched = [p.id for p in catalog if any(w in _text_of(p) for w in words)]
    searched = or_(*(func.lower(Event.query).contains(w, autoescape=True) for w in words))
    clause = or_(Event.product_id.in_(matched), and_(Event.kind == "search", searched))
    return clause, matched


def _members(session: Session, merchant_id: str, clause: ColumnElement[bool], history: History) -> set[str]:
    """Customers with an event matching `clause` in the history window."""
    rows = session.scalars(
        select(Event.customer_id)
        .where(Event.merchant_id == merchant_id)
        .where(Event.created_at >= _at(session, history.since), Event.created_at < _at(session, history.until, 1))
        .where(Event.customer_id.is_not(None), clause)
        .distinct()
    )
    return {customer for customer in rows if customer is not None}


CustomerFunnel = dict[str, tuple[int, int]]


def _customer_funnel(session: Session, merchant_id: str, history: History) -> CustomerFunnel:
    """(views, purchases) of the scope's products per customer in the history window."""
    rows = session.execute(
        select(Event.customer_id, Event.kind, func.count())
        .where(Event.merchant_id == merchant_id)
        .where(Event.created_at >= _at(session, history.since), Event.created_at < _at(session, history.until, 1))
        .where(Event.kind.in_(("view", "purchase")), _product_filter(Event.product_id, history.product_ids))
        .where(Event.customer_id.is_not(None))
        .group_by(Event.customer_id, Event.kind)
    ).all()
    funnel: dict[str, list[int]] = {}
    for customer, kind, count in rows:
        funnel.setdefault(str(customer), [0, 0])[0 if kind == "view" else 1] += int(count)
    return {c: (v, p) for c, (v, p) in funnel.items()}


def _estimate(
    key: str, name: str, basis: str, members: set[str], funnel: CustomerFunnel, history: History
) -> SegmentEstimate:
    """Size and conversion of `members` on the scope's products, smoothed toward the scope's own rate."""
    views = sum(funnel[c][0] for c in members if c in funnel)
    purchases = sum(funnel[c][1] for c in members if c in funnel)
    prior = load_config().history.min_views
    conversion = (purchases + prior * history.view_conversion) / (views + prior)
    return SegmentEstimate(key, name, len(members), views, purchases, conversion, basis)


def _segment(
    session: Session,
    merchant_id: str,
    term: str,
    catalog: list[ProductRow],
    history: History,
    funnel: CustomerFunnel,
) -> SegmentEstimate:
    if term.startswith("seg_"):
        basis = (
            "segment id from find_target_segments; its members are not re-derived here: reach and conversion "
            "estimated as the campaign products' recent visitors"
        )
        return _estimate(term, term, basis, set(funnel), funnel, history)
    for words in _word_sets(term):
        if not words:
            continue
        clause, matched = _audience_filter(catalog, words)
        members = _members(session, merchant_id, clause, history)
        if members:
            basis = (
                f"customers who searched for or browsed products matching {', '.join(words)} "
                f"({len(matched)} products) in the last {load_config().history.days} days"
            )
            return _estimate(term, term, basis, members, funnel, history)
    return SegmentEstimate(term, term, 0, 0, 0, 0.0, f"no customer of this store searched or browsed {term!r}")


def _segments(
    session: Session,
    merchant_id: str,
    terms: tuple[str, ...] | None,
    catalog: list[ProductRow],
    history: History,
    lang: str,
) -> tuple[list[SegmentEstimate], list[str]]:
    """Estimated segments with an audience, and notes on those without one; ToolRefusal when none is left."""
    funnel = _customer_funnel(session, merchant_id, history)
    if not terms:
        name = load_config().names["default_segment"][lang]
        basis = f"customers with events on the {history.scope} in the last {load_config().history.days} days"
        visitors = _members(session, merchant_id, _product_filter(Event.product_id, history.product_ids), history)
        return [_estimate("campaign_visitors", name, basis, visitors, funnel, history)], []
    found = [_segment(session, merchant_id, term, catalog, history, funnel) for term in terms]
    kept = [s for s in found if s.size > 0]
    notes = [f"segment {s.key!r} dropped: {s.basis}" for s in found if s.size == 0]
    if not kept:
        raise ToolRefusal(f"no audience found in this store for segments {', '.join(terms)}: {'; '.join(notes)}")
    return kept, notes


# ---------------------------------------------------------------- budget allocation


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


def _cents(amount: Decimal) -> int:
    return int((amount / CENT).to_integral_value())


def _money(cents: int) -> Decimal:
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


def _schedule(
    dates: Dates, objective: str, weekday_index: list[float], budget: Decimal, cap: Decimal, lang: str
) -> list[DayBudget]:
    weighted = _day_weights(dates, objective, weekday_index, lang)
    cents = allocate_cents(_cents(budget), [w for w, _ in weighted], _cents(cap))
    return [
        DayBudget(dates.start + timedelta(days=i), round(w, 3), c, labels)
        for i, ((w, labels), c) in enumerate(zip(weighted, cents, strict=True))
    ]


# ---------------------------------------------------------------- constraints


@dataclass(frozen=True)
class Constraints:
    daily_cap: Decimal
    cap_source: str  # merchant | remembered
    blackout_hours: list[int]
    brand_rules: dict[str, Any]


def _constraints(ctx: Context, merchant: Merchant) -> Constraints:
    remembered = ctx.memory.constraints(ctx.merchant_id) if ctx.memory is not None else {}
    cap, source = Decimal(str(merchant.daily_budget_cap)).quantize(CENT), "merchant"
    if remembered.get("daily_budget_cap") is not None:
        own = Decimal(str(remembered["daily_budget_cap"])).quantize(CENT)
        if own < cap:
            cap, source = own, "remembered"
    rules = {k: remembered[k] for k in ("brand_color", "banned_words") if remembered.get(k)}
    hours = sorted({int(h) for h in remembered.get("blackout_hours") or []})
    return Constraints(cap, source, hours, rules)


def _fit_dates(dates: Dates, budget: Decimal, cap: Decimal, objective: str, currency: str) -> tuple[Dates, str | None]:
    """Dates on which `budget` fits under `cap`/day: a defaulted end is extended (non-events), else ToolRefusal."""
    if budget <= cap * dates.days:
        return dates, None
    needed = math.ceil(budget / cap)
    if dates.end_defaulted and objective != "event" and needed <= load_config().limits.max_days:
        end = dates.start + timedelta(days=needed - 1)
        note = (
            f"{_show(budget, currency)} over {dates.days} days would exceed the daily cap of "
            f"{_show(cap, currency)}/day; the end date was extended to {end} ({needed} days)"
        )
        return replace(dates, end=end), note
    raise ToolRefusal(
        f"{_show(budget, currency)} over {dates.days} day(s) ({dates.start} to {dates.end}) is "
        f"{_show(budget / dates.days, currency)}/day, over the daily cap of {_show(cap, currency)}/day; at most "
        f"{_show(cap * dates.days, currency)} fits these dates, or the campaign needs at least {needed} days"
    )


def _show(amount: Decimal | float | str, currency: str) -> str:
    return format_money(amount, currency, "en")


# ---------------------------------------------------------------- split and forecast


@dataclass
class Estimate:
    spend: float = 0.0
    impressions: float = 0.0
    clicks: float = 0.0
    clicks_low: float = 0.0
    clicks_high: float = 0.0
    orders: float = 0.0
    orders_low: float = 0.0
    orders_high: float = 0.0
    gmv: float = 0.0
    gmv_low: float = 0.0
    gmv_high: float = 0.0

    def add(self, other: Estimate) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def to_json(self) -> dict[str, Any]:
        roi = self.gmv / self.spend if self.spend else 0.0
        return {
            "spend": round(self.spend, 2),
            "impressions": round(self.impressions),
            "clicks": round(self.clicks),
            "clicks_range": [round(self.clicks_low), round(self.clicks_high)],
            "orders": round(self.orders, 1),
            "orders_range": [round(self.orders_low, 1), round(self.orders_high, 1)],
            "gmv": round(self.gmv, 2),
            "gmv_range": [round(self.gmv_low, 2), round(self.gmv_high, 2)],
            "roi": round(roi, 2),
            "roi_range": [
                round(self.gmv_low / self.spend, 2) if self.spend else 0.0,
                round(self.gmv_high / self.spend, 2) if self.spend else 0.0,
            ],
        }


@dataclass
class Split:
    channel: str
    segment: str
    cents: int
    estimate: Estimate = field(default_factory=Estimate)


def _cell_estimate(spend: float, channel: str, segment: SegmentEstimate, history: History) -> Estimate:
    cfg = load_config()
    platform = cfg.platform[channel]
    cpc_low, cpc, cpc_high = platform.cpc
    conversion = (
        segment.conversion * platform.conversion_index * cfg.paid_click_conversion * history.event_conversion_lift
    )
    aov = history.aov_by_channel[channel][0] * history.event_aov_lift
    clicks, low, high = spend / cpc, spend / cpc_high, spend / cpc_low
    orders = clicks * conversion
    orders_low, orders_high = low * conversion * history.low_ratio, high * conversion * history.high_ratio
    return Estimate(
        spend=spend,
        impressions=clicks / platform.ctr,
        clicks=clicks,
        clicks_low=low,
        clicks_high=high,
        orders=orders,
        orders_low=orders_low,
        orders_high=orders_high,
        gmv=orders * aov,
        gmv_low=orders_low * aov,
        gmv_high=orders_high * aov,
    )


def _split(
    budget: Decimal, channels: tuple[str, ...], objective: str, segments: list[SegmentEstimate], history: History
) -> list[Split]:
    defaults = load_config().objectives[objective].channels
    floor = min(defaults.values()) if defaults else 1.0
    channel_weights = [defaults.get(c, floor) for c in channels]
    segment_weights = [max(s.size * s.conversion, 1e-9) for s in segments]
    cs, ss = sum(channel_weights), sum(segment_weights)
    cells = [
        (c, s, cw / cs * sw / ss)
        for c, cw in zip(channels, channel_weights, strict=True)
        for s, sw in zip(segments, segment_weights, strict=True)
    ]
    cents = allocate_cents(_cents(budget), [w for _, _, w in cells])
    result = []
    for (channel, segment, _), part in zip(cells, cents, strict=True):
        split = Split(channel, segment.key, part)
        split.estimate = _cell_estimate(part / 100, channel, segment, history)
        result.append(split)
    return result


def _forecast(splits: list[Split], segments: list[SegmentEstimate], history: History) -> dict[str, Any]:
    cfg = load_config()
    total = Estimate()
    by_channel: dict[str, Estimate] = {}
    by_segment: dict[str, Estimate] = {}
    for split in splits:
        total.add(split.estimate)
        by_channel.setdefault(split.channel, Estimate()).add(split.estimate)
        by_segment.setdefault(split.segment, Estimate()).add(split.estimate)
    funnel = history.funnel
    assumptions = {
        "history_scope": history.scope,
        "history_window": [history.since.isoformat(), history.until.isoformat()],
        "views": funnel.views,
        "clicks": funnel.clicks,
        "purchases": funnel.purchases,
        "paid_orders": funnel.orders,
        "view_to_purchase": round(history.view_conversion, 4),
        "orders_per_click": round(funnel.orders / funnel.clicks, 4) if funnel.clicks else None,
        "aov": round(funnel.aov or 0.0, 2),
        "aov_by_channel": {
            c: {"aov": round(v[0], 2), "orders": v[1], "source": v[2]} for c, v in history.aov_by_channel.items()
        },
        "weekly_view_to_purchase": history.weekly_conversion,
        "conversion_range_ratio": [round(history.low_ratio, 3), round(history.high_ratio, 3)],
        "paid_click_conversion": cfg.paid_click_conversion,
        "platform": {c: cfg.platform[c].model_dump() for c in by_channel},
        "segment_conversion": {s.key: round(s.conversion, 4) for s in segments},
        "event_conversion_lift": round(history.event_conversion_lift, 3),
        "event_aov_lift": round(history.event_aov_lift, 3),
        "event_lift_note": history.event_note,
        "roi_definition": "GMV / spend",
        "uncertainty": (
            "low = high CPC x the 10th percentile of weekly conversion; high = low CPC x the 90th percentile"
        ),
    }
    return {
        "total": total.to_json(),
        "by_channel": {c: e.to_json() for c, e in by_channel.items()},
        "by_segment": {s: e.to_json() for s, e in by_segment.items()},
        "assumptions": assumptions,
    }


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Built:
    name: str
    dates: Dates
    plan: dict[str, Any]
    notes: list[str]


def _language(*texts: str) -> str:
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for text in texts for ch in text) else "en"


def _name(request: CampaignRequest, products: list[ProductRow], lang: str) -> str:
    names = load_config().names
    if request.product or len(products) == 1:
        scope = products[0].title if lang == "zh" else products[0].title_en or products[0].title
    else:
        wanted = request.category or ""
        categories = sorted(
            dict.fromkeys(p.category for p in products),
            key=lambda c: (wanted.find(c) if c in wanted else len(wanted), c),
        )
        scope = "/".join(categories[:3])
        if len(categories) > 3:
            scope += "等" if lang == "zh" else " etc."
    targeted = bool(request.product or request.category)
    if request.event:
        label = names["event"][request.event][lang]
    elif request.objective == "full_site" and targeted:
        return str(names["campaign_plain"][lang].format(scope=scope))[:300]
    else:
        label = names["objective"][request.objective][lang]
    return str(names["campaign"][lang].format(label=label, scope=scope))[:300]


def _build(
    session: Session, ctx: Context, merchant: Merchant, request: CampaignRequest, notes: list[str] | None = None
) -> Built:
    """The plan of `request` for this merchant (reads only; the caller saves it). `notes` start its notes."""
    today = ctx.clock.now().date()
    cfg = load_config()
    catalog = _catalog(session, ctx.merchant_id)
    products, chosen = _products(session, ctx, request, catalog, today)
    lang = _language(merchant.name, *(p.title for p in products[:1]))
    constraints = _constraints(ctx, merchant)
    notes = list(notes or [])
    dates = _dates(request, today)
    if dates.note:
        notes.append(dates.note)
    dates, fit_note = _fit_dates(dates, request.budget, constraints.daily_cap, request.objective, merchant.currency)
    if fit_note:
        notes.append(fit_note)
    history = _history(session, ctx.merchant_id, products, catalog, today)
    if request.objective == "event":
        history = _with_event_lift(session, ctx.merchant_id, history, dates)
    channels = request.channels or tuple(cfg.objectives[request.objective].channels)
    if not channels:
        raise ToolRefusal("the plan has no channel left; keep at least one of search, recommend, live")
    segments, segment_notes = _segments(session, ctx.merchant_id, request.segments, catalog, history, lang)
    notes.extend(segment_notes)
    schedule = _schedule(dates, request.objective, history.weekday_index, request.budget, constraints.daily_cap, lang)
    splits = _split(request.budget, channels, request.objective, segments, history)
    plan = _plan_json(request, products, chosen, dates, constraints, history, segments, splits, schedule)
    if constraints.blackout_hours:
        notes.append(
            f"ads paused in the remembered blackout hours {constraints.blackout_hours}; each day's budget is paced "
            f"over the other {24 - len(constraints.blackout_hours)} hours"
        )
    if constraints.brand_rules:
        notes.append(f"brand rules recorded for the creatives: {constraints.brand_rules}")
    plan["notes"] = notes
    return Built(_name(request, products, lang), dates, plan, notes)


def _plan_json(
    request: CampaignRequest,
    products: list[ProductRow],
    chosen: str,
    dates: Dates,
    constraints: Constraints,
    history: History,
    segments: list[SegmentEstimate],
    splits: list[Split],
    schedule: list[DayBudget],
) -> dict[str, Any]:
    listed = load_config().limits.products_listed
    channel_cents: dict[str, int] = {}
    segment_cents: dict[str, int] = {}
    for split in splits:
        channel_cents[split.channel] = channel_cents.get(split.channel, 0) + split.cents
        segment_cents[split.segment] = segment_cents.get(split.segment, 0) + split.cents
    total = sum(channel_cents.values())
    peak = max(schedule, key=lambda d: (d.cents, d.day))
    low = min(schedule, key=lambda d: (d.cents, d.day))
    return {
        "version": 1,
        "request": request.to_json(),
        "objective": request.objective,
        "event": request.event,
        "event_day": dates.event_day.isoformat() if dates.event_day else None,
        "products": [{"id": p.id, "title": p.title, "category": p.category} for p in products[:listed]],
        "product_count": len(products),
        "products_chosen_as": chosen,
        "categories": sorted({p.category for p in products}),
        "channels": [
            {"channel": c, "budget": str(_money(v)), "share": round(v / total, 4)} for c, v in channel_cents.items()
        ],
        "segments": [
            {
                "key": s.key,
                "name": s.name,
                "size": s.size,
                "views_90d": s.views,
                "purchases_90d": s.purchases,
                "conversion": round(s.conversion, 4),
                "basis": s.basis,
                "budget": str(_money(segment_cents[s.key])),
                "share": round(segment_cents[s.key] / total, 4),
            }
            for s in segments
        ],
        "split": [{"channel": s.channel, "segment": s.segment, "budget": str(_money(s.cents))} for s in splits],
        "schedule": [
            {"date": d.day.isoformat(), "budget": str(_money(d.cents)), "weight": d.weight, "labels": list(d.labels)}
            for d in schedule
        ],
        "pacing": {
            "days": dates.days,
            "average": str(_money(round(total / dates.days))),
            "peak_day": peak.day.isoformat(),
            "peak_budget": str(_money(peak.cents)),
            "lowest_day": low.day.isoformat(),
            "lowest_budget": str(_money(low.cents)),
            "weekday_index": history.weekday_index,
        },
        "constraints": {
            "daily_cap": str(constraints.daily_cap),
            "daily_cap_source": constraints.cap_source,
            "blackout_hours": constraints.blackout_hours,
            "active_hours": 24 - len(constraints.blackout_hours),
            "brand_rules": constraints.brand_rules,
        },
        "forecast": _forecast(splits, segments, history),
    }


# ---------------------------------------------------------------- persistence


def _new_id() -> str:
    """Sortable by creation even under a fixed clock (budget tools pick the latest by created_at, then id)."""
    return f"cmp_{systime.time_ns():016x}{secrets.token_hex(2)}"


def _audit(session: Session, ctx: Context, action: str, detail: dict[str, Any]) -> None:
    session.add(
        AuditLog(merchant_id=ctx.merchant_id, actor=ctx.actor, action=action, detail=detail, created_at=ctx.clock.now())
    )


def _target(session: Session, ctx: Context, campaign_id: str | None) -> Campaign:
    """The campaign an edit changes: this merchant's `campaign_id`, else its latest; only a draft."""
    if campaign_id is not None:
        campaign = merchant_campaign(session, ctx.merchant_id, campaign_id)
    else:
        latest = latest_campaign(session, ctx.merchant_id)
        if latest is None:
            raise ToolRefusal("there is no campaign to edit yet; draft one first (give a budget)")
        campaign = latest
    if campaign.status != "draft":
        reasons = {
            "pending_approval": "its budget is awaiting approval; reject that request first to edit it",
            "active": "it is live on the ad platform; a running campaign is not edited here",
        }
        reason = reasons.get(campaign.status, f"it is {campaign.status}")
        raise ToolRefusal(f"campaign {campaign.id} ({campaign.name}) cannot be edited: {reason}; only drafts can")
    if not isinstance(campaign.plan, dict) or "request" not in campaign.plan:
        raise ToolRefusal(f"campaign {campaign.id} was not drafted by {TOOL_NAME}; draft a new one instead")
    return campaign


def _edited(
    stored: CampaignRequest, changes: dict[str, Any], remove: tuple[str, ...] | None
) -> tuple[CampaignRequest, list[str]]:
    """The stored request with the given changes applied, and a description of each change."""
    updated = replace(stored, **{k: v for k, v in changes.items() if v is not None})
    said = [f"{k} -> {v}" for k, v in changes.items() if v is not None and getattr(stored, k) != v]
    if changes.get("product") is not None:
        updated = replace(updated, category=None)
    elif changes.get("category") is not None:
        updated = replace(updated, product=None)
    if changes.get("event") is not None and changes.get("objective") is None:
        updated = replace(updated, objective="event")
    if changes.get("start") is not None and changes.get("end") is None and stored.end and stored.end < changes["start"]:
        updated = replace(updated, end=None)
    if remove:
        current = updated.channels or tuple(load_config().objectives[updated.objective].channels)
        missing = [c for c in remove if c not in current]
        if missing:
            raise ToolRefusal(f"channel(s) {', '.join(missing)} are not in the plan (it has {', '.join(current)})")
        kept = tuple(c for c in current if c not in remove)
        if not kept:
            raise ToolRefusal("removing these channels leaves none; keep at least one of search, recommend, live")
        updated = replace(updated, channels=kept)
        said.append(f"removed channels {', '.join(remove)}")
    if not said:
        raise ToolRefusal("nothing to change: give a new budget, dates, channels, segments or products")
    return updated, said


def run_draft_campaign(
    ctx: Context,
    *,
    objective: str | None = None,
    event: str | None = None,
    category: str | None = None,
    product: str | None = None,
    budget: float | None = None,
    start: str | None = None,
    end: str | None = None,
    channels: Sequence[str] | None = None,
    segments: Sequence[str] | None = None,
    campaign_id: str | None = None,
    edit: bool | None = None,
    remove_channels: Sequence[str] | None = None,
) -> ToolOutput:
    """Draft a campaign for ``ctx.merchant_id`` or edit one of its drafts (see the module docstring).

    Returns the saved campaign (text with its numbers, payload with the full plan). Raises ToolRefusal with a
    reason the model can act on: a missing budget, unknown channel/category/product, impossible dates, a budget
    over the daily cap, another merchant's or a non-draft campaign, or nothing to change.
    """
    cfg = load_config()
    if objective is not None and objective not in cfg.objectives:
        raise ToolRefusal(f"unknown objective {objective!r}; one of {', '.join(cfg.objectives)}")
    if event is not None and event not in _festivals():
        raise ToolRefusal(f"unknown event {event!r}; one of {', '.join(_festivals())}")
    changes: dict[str, Any] = {
        "objective": objective,
        "event": event,
        "category": category.strip() if category and category.strip() else None,
        "product": product.strip() if product and product.strip() else None,
        "budget": _budget(budget) if budget is not None else None,
        "start": _iso(start, "start"),
        "end": _iso(end, "end"),
        "channels": _channels(channels),
        "segments": _segments_arg(segments),
    }
    remove = _channels(remove_channels)
    if edit or campaign_id is not None:
        return _edit(ctx, campaign_id, changes, remove)
    if remove:
        raise ToolRefusal("remove_channels edits an existing draft; for a new plan, list the channels to use")
    if changes["budget"] is None:
        raise ToolRefusal("how much is the total budget of this campaign? (an amount in the store's currency)")
    if changes["objective"] == "event" and changes["event"] is None:
        raise ToolRefusal("which event is the campaign for: double11, double12 or 618?")
    request = CampaignRequest(
        objective=changes["objective"] or ("event" if changes["event"] else "full_site"),
        event=changes["event"],
        category=changes["category"],
        product=changes["product"],
        budget=changes["budget"],
        start=changes["start"],
        end=changes["end"],
        channels=changes["channels"],
        segments=changes["segments"],
    )
    return _create(ctx, request, objective_defaulted=objective is None and event is None)


def _merchant(session: Session, ctx: Context) -> Merchant:
    merchant = session.get(Merchant, ctx.merchant_id)
    if merchant is None:
        raise ToolRefusal("this store has no merchant record; campaigns cannot be drafted")
    return merchant


def _create(ctx: Context, request: CampaignRequest, *, objective_defaulted: bool) -> ToolOutput:
    with ctx.store.session() as session:
        merchant = _merchant(session, ctx)
        defaulted = ["objective not given: full_site (paid traffic lifting the whole store) assumed"]
        built = _build(session, ctx, merchant, request, defaulted if objective_defaulted else None)
        campaign = Campaign(
            id=_new_id(),
            merchant_id=ctx.merchant_id,
            name=built.name,
            objective=request.objective,
            status="draft",
            budget_total=request.budget,
            start_date=built.dates.start,
            end_date=built.dates.end,
            plan=built.plan,
            created_at=ctx.clock.now(),
            thread_id=ctx.thread,
        )
        session.add(campaign)
        session.flush()
        _audit(
            session,
            ctx,
            "campaign.drafted",
            {"campaign_id": campaign.id, "budget_total": str(request.budget), "request": request.to_json()},
        )
        currency = merchant.currency
    return _output(campaign, built, currency, changes=None)


def _edit(ctx: Context, campaign_id: str | None, changes: dict[str, Any], remove: tuple[str, ...] | None) -> ToolOutput:
    with ctx.store.session() as session:
        merchant = _merchant(session, ctx)
        campaign = _target(session, ctx, campaign_id)
        assert campaign.plan is not None
        stored = CampaignRequest.from_json(campaign.plan["request"])
        request, said = _edited(stored, changes, remove)
        built = _build(session, ctx, merchant, request)
        moved = session.execute(
            update(Campaign)
            .where(Campaign.id == campaign.id, Campaign.merchant_id == ctx.merchant_id, Campaign.status == "draft")
            .values(
                name=built.name,
                objective=request.objective,
                budget_total=request.budget,
                start_date=built.dates.start,
                end_date=built.dates.end,
                plan=built.plan,
            )
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise ToolRefusal(f"campaign {campaign.id} stopped being a draft while it was edited; try again")
        _audit(
            session,
            ctx,
            "campaign.edited",
            {
                "campaign_id": campaign.id,
                "changes": said,
                "budget_total": str(request.budget),
                "previous_budget_total": str(stored.budget),
                "request": request.to_json(),
            },
        )
        session.expire(campaign)
        fresh = session.get_one(Campaign, campaign.id)
        currency = merchant.currency
    return _output(fresh, built, currency, changes=said)


# ---------------------------------------------------------------- output


def _range(values: list[Any], fmt: str) -> str:
    return f"{fmt.format(values[0])}-{fmt.format(values[1])}"


def _forecast_line(label: str, f: dict[str, Any], currency: str) -> str:
    low, high = (_show(v, currency) for v in f["gmv_range"])
    return (
        f"{label}: spend {_show(f['spend'], currency)}; clicks {f['clicks']:,} ({_range(f['clicks_range'], '{:,}')}); "
        f"orders {f['orders']:,.1f} ({_range(f['orders_range'], '{:,.1f}')}); GMV {_show(f['gmv'], currency)} "
        f"({low}-{high}); ROI {f['roi']:.2f} ({_range(f['roi_range'], '{:.2f}')})"
    )


def _output(campaign: Campaign, built: Built, currency: str, *, changes: list[str] | None) -> ToolOutput:
    plan = built.plan
    forecast, pacing, constraints = plan["forecast"], plan["pacing"], plan["constraints"]
    assumptions = forecast["assumptions"]
    head = (
        f"Edited draft campaign {campaign.id} ({'; '.join(changes)})"
        if changes
        else f"Saved draft campaign {campaign.id}"
    )
    cap_source = "remembered constraint" if constraints["daily_cap_source"] == "remembered" else "store setting"
    event = f", event {plan['event']} on {plan['event_day']}" if plan["event"] else ""
    lines = [
        f"{head}: {campaign.name} (status {campaign.status}).",
        f"Objective {plan['objective']}{event}; {campaign.start_date} to {campaign.end_date} ({pacing['days']} days).",
        f"Products: {plan['product_count']} ({plan['products_chosen_as']}): "
        + ", ".join(p["title"] for p in plan["products"][:5])
        + (" ..." if plan["product_count"] > 5 else ""),
        f"Budget {_show(Decimal(str(campaign.budget_total)), currency)}; daily cap "
        f"{_show(Decimal(constraints['daily_cap']), currency)}/day ({cap_source}).",
        "Channel split: "
        + ", ".join(
            f"{c['channel']} {_show(c['budget'], currency)} ({c['share'] * 100:.1f}%)" for c in plan["channels"]
        ),
        "Segments: "
        + "; ".join(
            f"{s['name']} size {s['size']:,}, conversion {s['conversion'] * 100:.2f}%, "
            f"budget {_show(s['budget'], currency)}"
            for s in plan["segments"]
        ),
        f"Pacing: average {_show(pacing['average'], currency)}/day, peak {_show(pacing['peak_budget'], currency)} on "
        f"{pacing['peak_day']}, lowest {_show(pacing['lowest_budget'], currency)} on {pacing['lowest_day']}.",
        "Daily: "
        + ", ".join(
            f"{d['date'][5:]} {_show(d['budget'], currency)}" + (f" ({'/'.join(d['labels'])})" if d["labels"] else "")
            for d in plan["schedule"]
        ),
        _forecast_line("Forecast", forecast["total"], currency),
        *(_forecast_line(f"  {c}", f, currency) for c, f in forecast["by_channel"].items()),
        f"Assumptions: {assumptions['history_scope']} over {assumptions['history_window'][0]} to "
        f"{assumptions['history_window'][1]}: view->purchase {assumptions['view_to_purchase'] * 100:.2f}% "
        f"(weekly range x{assumptions['conversion_range_ratio'][0]}-x{assumptions['conversion_range_ratio'][1]}), "
        "AOV by channel "
        + ", ".join(
            f"{c} {_show(v['aov'], currency)}"
            for c, v in assumptions["aov_by_channel"].items()
            if c in forecast["by_channel"]
        )
        + f"; paid clicks convert at {assumptions['paid_click_conversion']:.0%} of that rate x the channel index; CPC "
        + ", ".join(f"{c} {p['cpc'][1]}" for c, p in assumptions["platform"].items())
        + f"; ROI = {assumptions['roi_definition']}.",
    ]
    if assumptions["event_lift_note"]:
        lines.append(f"Event: {assumptions['event_lift_note']}.")
    lines.extend(f"Note: {note}." for note in built.notes)
    payload = {
        "campaign_id": campaign.id,
        "status": campaign.status,
        "name": campaign.name,
        "objective": campaign.objective,
        "budget_total": str(Decimal(str(campaign.budget_total)).quantize(CENT)),
        "currency": currency,
        "start_date": campaign.start_date.isoformat(),
        "end_date": campaign.end_date.isoformat(),
        "edited": changes is not None,
        "changes": changes or [],
        "plan": plan,
    }
    return ToolOutput("\n".join(lines), payload)


# ---------------------------------------------------------------- the tool


@tool(TOOL_NAME, response_format="content_and_artifact", parse_docstring=True)
def draft_campaign(
    runtime: ToolRuntime[Context],
    objective: Objective | None = None,
    event: EventName | None = None,
    category: str | None = None,
    product: str | None = None,
    budget: float | None = None,
    start: str | None = None,
    end: str | None = None,
    channels: list[str] | None = None,
    segments: list[str] | None = None,
    campaign_id: str | None = None,
    edit: bool | None = None,
    remove_channels: list[str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """Draft or edit a campaign plan, saved as a draft (spends nothing): channels, daily pacing within the
    caps, budget split and a forecast of clicks, orders, GMV and ROI with ranges.

    Args:
        objective: launch, clearance, event or full_site.
        event: For an event: double11, double12 or 618.
        category: Category; several comma-separated.
        product: Product id or title words.
        budget: Total budget (needed for a new draft).
        start: First day YYYY-MM-DD.
        end: Last day YYYY-MM-DD.
        channels: Among search, recommend, live.
        segments: Scene words or segment ids.
        campaign_id: The draft to edit.
        edit: True to change the latest draft; pass only what changes.
        remove_channels: Channels to drop in an edit.
    """
    return run_draft_campaign(
        runtime.context,
        objective=objective,
        event=event,
        category=category,
        product=product,
        budget=budget,
        start=start,
        end=end,
        channels=channels,
        segments=segments,
        campaign_id=campaign_id,
        edit=edit,
        remove_channels=remove_channels,
    ).as_tuple()


__all__ = ["CampaignRequest", "allocate_cents", "draft_campaign", "load_config", "run_draft_campaign"]
