"""The demo store's promotion history with a planted true response (the truth the fitted model must recover).

Each merchant gets, over the demo year, always-on search, festival pushes paced to the platform ROAS its review
documents give, launches and clearances. Every paid channel answers its spend through carry-over and
diminishing returns (`response`), and paid orders lift organic orders (the halo), which fade after the push.
Everything is planned in units of the merchant's mean daily baseline (orders and list-price GMV) and turned
into yuan once the orders are drawn (`attribute`), so the truth holds at any store size: the day weights
(`PromotionHistory.weights`) add paid and halo orders to the baseline, orders are drawn from them, and each
drawn order is paid (by an ad channel) with the share of its day's weight that paid orders have.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from copilot.calendar.festivals import spring_festival
from copilot.promotion.response import PAID_CHANNELS, adstock, carryover_days, response
from copilot.yaml_data import load_yaml

PLAN_FILE = Path(__file__).with_name("demo_plan.yaml")


class _Cfg(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChannelRange(_Cfg):
    roas0: tuple[float, float]
    half: tuple[float, float]
    decay: tuple[float, float]
    cpc: float
    ctr: float


class HaloRange(_Cfg):
    ratio: tuple[float, float]
    decay: tuple[float, float]


class TruthCfg(_Cfg):
    search: ChannelRange
    recommend: ChannelRange
    live: ChannelRange
    halo: HaloRange
    min_roi_gap: float


class AlwaysOnCfg(_Cfg):
    channel: str
    level: tuple[float, float]
    pauses: int
    pause_days: tuple[int, int]


class PushCfg(_Cfg):
    name: str
    first: date
    last: date
    roas: float
    channels: tuple[str, ...]


class PeakCfg(_Cfg):
    last_days: int
    weight: float
    event_day: float


class BurstCfg(_Cfg):
    count: int
    days: int
    channels: tuple[str, ...]
    level: tuple[float, float]


class PlanCfg(_Cfg):
    truth: TruthCfg
    always_on: AlwaysOnCfg
    daily_noise: float
    festivals: dict[str, tuple[PushCfg, ...]]
    festival_peak: PeakCfg
    launches: BurstCfg
    clearances: BurstCfg


@lru_cache(maxsize=1)
def load_plan_config() -> PlanCfg:
    return PlanCfg.model_validate(load_yaml(PLAN_FILE.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class ChannelTruth:
    channel: str
    roas0: float
    half: float
    decay: float
    cpc: float
    ctr: float


@dataclass(frozen=True)
class HaloTruth:
    ratio: float
    decay: float


@dataclass(frozen=True)
class Plan:
    """One ad plan (an Alimama 计划): its days (indexes, inclusive) and relative spend per channel and day."""

    name: str
    kind: str  # always_on | festival | launch | clearance
    first: int
    last: int
    spend: np.ndarray  # C x D


@dataclass(frozen=True)
class PromotionHistory:
    """One merchant's planted promotion, in units of its mean baseline day (orders; list-price GMV)."""

    channels: tuple[ChannelTruth, ...]
    halo: HaloTruth
    plans: tuple[Plan, ...]
    base: np.ndarray  # D: baseline order weight, mean 1
    price: np.ndarray  # D: festival price factor

    @property
    def spend(self) -> np.ndarray:
        return np.sum([p.spend for p in self.plans], axis=0)

    def paid(self, spend: np.ndarray | None = None) -> np.ndarray:
        """C x D paid orders (relative) of a spend (default: the plans')."""
        x = self.spend if spend is None else spend
        return np.vstack([response(x[i], c.roas0, c.half, c.decay) for i, c in enumerate(self.channels)])

    def halo_orders(self, paid: np.ndarray) -> np.ndarray:
        return self.halo.ratio * adstock(paid.sum(axis=0), self.halo.decay)

    @property
    def weights(self) -> np.ndarray:
        """Per day: the order weight with the ads' paid and halo orders added to the baseline."""
        paid = self.paid()
        return self.base + paid.sum(axis=0) + self.halo_orders(paid)

    def view_weights(self, views: np.ndarray) -> np.ndarray:
        """Per day: the view weight, lifted alike (paid clicks and organic visits the ads brought)."""
        paid = self.paid()
        return views / views.mean() + paid.sum(axis=0) + self.halo_orders(paid)


def _uniform(rng: np.random.Generator, bounds: tuple[float, float]) -> float:
    return float(rng.uniform(*bounds))


def _draw_truth(rng: np.random.Generator, cfg: TruthCfg) -> tuple[tuple[ChannelTruth, ...], HaloTruth]:
    channels = []
    for name in PAID_CHANNELS:
        r: ChannelRange = getattr(cfg, name)
        channels.append(
            ChannelTruth(name, _uniform(rng, r.roas0), _uniform(rng, r.half), _uniform(rng, r.decay), r.cpc, r.ctr)
        )
    return tuple(channels), HaloTruth(_uniform(rng, cfg.halo.ratio), _uniform(rng, cfg.halo.decay))


def _noise(rng: np.random.Generator, days: int, sigma: float) -> np.ndarray:
    return np.exp(rng.normal(-sigma * sigma / 2, sigma, days))


def _window(dates: np.ndarray, first: date, last: date) -> tuple[int, int] | None:
    start, stop = np.datetime64(first, "D"), np.datetime64(last, "D")
    inside = np.nonzero((dates >= start) & (dates <= stop))[0]
    if len(inside) < 3:
        return None
    return int(inside[0]), int(inside[-1])


class _Planner:
    def __init__(
        self, rng: np.random.Generator, cfg: PlanCfg, channels: tuple[ChannelTruth, ...], dates: np.ndarray
    ) -> None:
        self.rng, self.cfg, self.channels, self.dates = rng, cfg, channels, dates
        self.days = len(dates)
        self.busy = np.zeros(self.days, dtype=bool)

    def channel(self, name: str) -> int:
        return PAID_CHANNELS.index(name)

    def quiet_days(self, spring_festival: tuple[date, ...], around: tuple[int, int]) -> np.ndarray:
        """The Spring Festival windows (couriers stop): no plan starts then and always-on search pauses."""
        quiet = np.zeros(self.days, dtype=bool)
        for new_year in spring_festival:
            day = np.datetime64(new_year, "D")
            quiet |= (self.dates >= day + np.timedelta64(around[0], "D")) & (
                self.dates <= day + np.timedelta64(around[1], "D")
            )
        self.busy |= quiet
        return quiet

    def always_on(self, quiet: np.ndarray) -> Plan:
        cfg = self.cfg.always_on
        level = _uniform(self.rng, cfg.level)
        on = np.where(quiet, 0.0, 1.0)
        for _ in range(cfg.pauses):
            length = int(self.rng.integers(cfg.pause_days[0], cfg.pause_days[1] + 1))
            start = int(self.rng.integers(0, max(self.days - length, 1)))
            on[start : start + length] = 0.0
        spend = np.zeros((len(PAID_CHANNELS), self.days))
        spend[self.channel(cfg.channel)] = level * on * _noise(self.rng, self.days, self.cfg.daily_noise)
        return Plan("常驻搜索推广", "always_on", 0, self.days - 1, spend)

    def pushes(self, merchant_id: str) -> list[tuple[Plan, float]]:
        peak = self.cfg.festival_peak
        plans = []
        for push in self.cfg.festivals.get(merchant_id, ()):
            span = _window(self.dates, push.first, push.last)
            if span is None:
                continue
            first, last = span
            pacing = np.ones(last - first + 1)
            pacing[-peak.last_days :] = peak.weight
            if self.dates[last] == np.datetime64(push.last, "D"):
                pacing[-1] = peak.event_day
            spend = np.zeros((len(PAID_CHANNELS), self.days))
            for name in push.channels:
                c = self.channels[self.channel(name)]
                noise = _noise(self.rng, len(pacing), self.cfg.daily_noise)
                spend[self.channel(name), first : last + 1] = c.half * pacing * noise
            self.busy[max(first - 10, 0) : last + 11] = True
            plans.append((Plan(f"{push.name}大促", "festival", first, last, spend), push.roas))
        return plans

    def bursts(self, kind: str, cfg: BurstCfg, label: str) -> list[Plan]:
        plans = []
        for number in range(cfg.count):
            for _ in range(200):
                first = int(self.rng.integers(7, max(self.days - cfg.days - 7, 8)))
                last = min(first + cfg.days - 1, self.days - 1)
                if not self.busy[max(first - 7, 0) : last + 8].any():
                    break
            else:
                continue
            self.busy[max(first - 7, 0) : last + 8] = True
            spend = np.zeros((len(PAID_CHANNELS), self.days))
            for name in cfg.channels:
                c = self.channels[self.channel(name)]
                level = _uniform(self.rng, cfg.level) * c.half
                spend[self.channel(name), first : last + 1] = level * _noise(self.rng, last - first + 1, 0.15)
            when = str(self.dates[first])[5:].replace("-", "")
            plans.append(Plan(f"{label}{number + 1}·{when}", kind, first, last, spend))
        return plans


def _paced_by_week(plan: Plan, rhythm: np.ndarray) -> Plan:
    """Spend follows the week's shopping rhythm (more at weekends), as merchants' daily budgets do."""
    return Plan(plan.name, plan.kind, plan.first, plan.last, plan.spend * rhythm[None, :])


def _pace(history: PromotionHistory, plan: Plan, roas: float) -> Plan:
    """The push scaled so the platform ROAS over its window (every plan of its channels) is `roas`.

    The push spends nothing before its window, so the carry-over into the window is the other plans' alone and is
    computed once; each scale tried runs the recurrence over the window only (the same operations, bit for bit,
    as over the whole history)."""
    others = history.spend
    window = slice(plan.first, plan.last + 1)
    carried = [
        float(adstock(others[i, : plan.first], c.decay)[-1]) if plan.first else None
        for i, c in enumerate(history.channels)
    ]

    def window_roas(scale: float) -> float:
        spend = others + scale * plan.spend
        paid = np.vstack(
            [response(spend[i, window], c.roas0, c.half, c.decay, carried[i]) for i, c in enumerate(history.channels)]
        )
        return float((paid * history.price[window]).sum() / spend[:, window].sum())

    low, high = 1e-3, 50.0
    if window_roas(low) <= roas:
        return Plan(plan.name, plan.kind, plan.first, plan.last, plan.spend * low)
    for _ in range(50):
        middle = (low * high) ** 0.5
        low, high = (middle, high) if window_roas(middle) > roas else (low, middle)
    return Plan(plan.name, plan.kind, plan.first, plan.last, plan.spend * low)


def mean_roi(history: PromotionHistory) -> np.ndarray:
    """Per channel: paid GMV per unit of spend over the whole history (at the days' prices)."""
    spend = history.spend
    paid = history.paid(spend) * history.price
    return paid.sum(axis=1) / np.maximum(spend.sum(axis=1), 1e-12)


def _separated(roi: np.ndarray, gap: float) -> bool:
    ordered = np.sort(roi)
    return bool((ordered[1:] / ordered[:-1] - 1 >= gap).all())


def plan_promotions(
    rng: np.random.Generator, merchant_id: str, dates: np.ndarray, base: np.ndarray, price: np.ndarray
) -> PromotionHistory:
    """The merchant's promotion history over `dates` (datetime64[D]); `base` its baseline order weight per day,
    `price` the festival price factor per day."""
    cfg = load_plan_config()
    base = base / base.mean()
    weekday = (dates.astype(np.int64) + 3) % 7
    by_weekday = np.array([base[weekday == k].mean() if (weekday == k).any() else 1.0 for k in range(7)])
    rhythm = (by_weekday / by_weekday.mean())[weekday]
    history = None
    for _ in range(60):
        channels, halo = _draw_truth(rng, cfg.truth)
        planner = _Planner(rng, cfg, channels, dates)
        spring = spring_festival()
        quiet = planner.quiet_days(spring.dates, (spring.windows[0][0], spring.windows[-1][1]))
        plans: list[Plan] = [planner.always_on(quiet)]
        pushes = [(_paced_by_week(push, rhythm), roas) for push, roas in planner.pushes(merchant_id)]
        plans += planner.bursts("launch", cfg.launches, "新品推广")
        plans += planner.bursts("clearance", cfg.clearances, "清仓推广")
        plans = [_paced_by_week(plan, rhythm) for plan in plans]
        history = PromotionHistory(channels, halo, tuple(plans), base, price)
        for push, roas in pushes:
            paced = _pace(history, push, roas)
            history = PromotionHistory(channels, halo, (*history.plans, paced), base, price)
        if _separated(mean_roi(history), cfg.truth.min_roi_gap):
            break
    assert history is not None
    return history


@dataclass(frozen=True)
class ChannelOutcome:
    channel: str
    roi: float
    roas0: float
    half_spend: float
    decay: float
    carryover_days: float
    spend: float
    paid_gmv: float


@dataclass(frozen=True)
class PlanOutcome:
    name: str
    kind: str
    channels: tuple[str, ...]
    first: int
    last: int
    spend: float
    paid_gmv: float
    halo_gmv: float


@dataclass(frozen=True)
class Attribution:
    """What the drawn orders make of the plan: each order's ad channel (-1: organic), the ad report rows per
    day, channel and plan, and the truth in yuan."""

    paid_channel: np.ndarray
    rows: list[tuple[int, str, str, int, int, int, int, int]]  # day, channel, plan, spend¢, impr, clicks, orders, gmv¢
    channels: tuple[ChannelOutcome, ...]
    plans: tuple[PlanOutcome, ...]
    halo_share: float
    halo_ratio: float
    halo_decay: float
    halo_gmv: float


def _incremental(history: PromotionHistory, plan: Plan) -> tuple[float, float]:
    """A plan's own paid and halo orders x price (relative): everything against the plans without it."""
    paid_all = history.paid()
    paid_without = history.paid(history.spend - plan.spend)
    paid = ((paid_all - paid_without).sum(axis=0) * history.price).sum()
    halo = ((history.halo_orders(paid_all) - history.halo_orders(paid_without)) * history.price).sum()
    return float(paid), float(halo)


def attribute(
    rng: np.random.Generator,
    history: PromotionHistory,
    order_day: np.ndarray,
    order_total_cents: np.ndarray,
    counted: np.ndarray,
) -> Attribution:
    """Mark the drawn orders that ads brought and write the ad report. `counted`: orders that count as deals
    (not cancelled)."""
    weights = history.weights
    paid = history.paid()
    halo = history.halo_orders(paid)
    orders_per_unit = len(order_day) / weights.sum()
    list_value = order_total_cents[counted] / history.price[order_day[counted]]
    unit_cents = orders_per_unit * float(list_value.mean()) if counted.any() else 0.0

    share = paid.sum(axis=0) / weights
    is_paid = rng.random(len(order_day)) < share[order_day]
    channel_cdf = np.cumsum(paid / np.maximum(paid.sum(axis=0), 1e-12), axis=0)
    u = rng.random(len(order_day))
    paid_channel = np.where(is_paid, (u[None, :] > channel_cdf[:, order_day]).sum(axis=0), -1)
    paid_channel = np.minimum(paid_channel, len(PAID_CHANNELS) - 1)

    rows = _report_rows(rng, history, paid_channel, order_day, order_total_cents, counted, unit_cents)
    cents_per_unit = unit_cents
    spend = history.spend
    channels = []
    for i, c in enumerate(history.channels):
        spend_c = float(spend[i].sum() * cents_per_unit / 100)
        gmv_c = float((paid[i] * history.price).sum() * cents_per_unit / 100)
        channels.append(
            ChannelOutcome(c.channel, gmv_c / spend_c if spend_c else 0.0, c.roas0, c.half * cents_per_unit / 100,
                           c.decay, carryover_days(c.decay), spend_c, gmv_c)
        )  # fmt: skip
    plans = []
    for plan in history.plans:
        plan_paid, plan_halo = _incremental(history, plan)
        used = tuple(PAID_CHANNELS[i] for i in range(len(PAID_CHANNELS)) if plan.spend[i].sum() > 0)
        yuan = cents_per_unit / 100
        plans.append(
            PlanOutcome(plan.name, plan.kind, used, plan.first, plan.last, float(plan.spend.sum() * yuan),
                        plan_paid * yuan, plan_halo * yuan)
        )  # fmt: skip
    paid_value = float((paid.sum(axis=0) * history.price).sum())
    halo_value = float((halo * history.price).sum())
    return Attribution(
        paid_channel=paid_channel,
        rows=rows,
        channels=tuple(channels),
        plans=tuple(plans),
        halo_share=halo_value / (paid_value + halo_value) if paid_value + halo_value else 0.0,
        halo_ratio=history.halo.ratio,
        halo_decay=history.halo.decay,
        halo_gmv=halo_value * cents_per_unit / 100,
    )


def _report_rows(
    rng: np.random.Generator,
    history: PromotionHistory,
    paid_channel: np.ndarray,
    order_day: np.ndarray,
    order_total_cents: np.ndarray,
    counted: np.ndarray,
    unit_cents: float,
) -> list[tuple[int, str, str, int, int, int, int, int]]:
    """Per day, channel and plan: spend, impressions, clicks and the deals attributed. A paid order goes to one
    of the plans whose carried-over spend reached that day, by its share."""
    rows = []
    cpc_factor = np.exp(rng.normal(0.0, 0.1, len(PAID_CHANNELS)))
    for i, c in enumerate(history.channels):
        stocks = np.vstack([adstock(p.spend[i], c.decay) for p in history.plans])
        total = stocks.sum(axis=0)
        mine = np.nonzero((paid_channel == i) & counted)[0]
        days = order_day[mine]
        cdf = np.cumsum(stocks[:, days] / np.maximum(total[days], 1e-12), axis=0)
        plan_of = np.minimum((rng.random(len(mine))[None, :] > cdf).sum(axis=0), len(history.plans) - 1)
        orders = np.zeros((len(history.plans), len(total)), dtype=np.int64)
        gmv = np.zeros((len(history.plans), len(total)), dtype=np.int64)
        np.add.at(orders, (plan_of, days), 1)
        np.add.at(gmv, (plan_of, days), order_total_cents[mine])
        spend = np.rint(np.vstack([p.spend[i] for p in history.plans]) * unit_cents).astype(np.int64)
        cpc = c.cpc * cpc_factor[i] * 100
        for k, plan in enumerate(history.plans):
            for day in np.nonzero((spend[k] > 0) | (orders[k] > 0))[0]:
                clicks = int(rng.poisson(spend[k, day] / cpc))
                impressions = int(rng.poisson(clicks / c.ctr)) if clicks else 0
                rows.append((int(day), c.channel, plan.name, int(spend[k, day]), impressions, clicks,
                             int(orders[k, day]), int(gmv[k, day])))  # fmt: skip
    return rows
