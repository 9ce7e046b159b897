"""What the product side asks of the promotion model; every call answers at once and never waits for a fit.

- `model_status`: the merchant's model — ready, stale (the history changed; a refit runs, the old model answers),
  fitting (none yet; a fit runs, with its progress) or too thin (and why) — and what it learnt per channel.
- `estimate_budget`: for a planned budget over days, the expected paid GMV, organic lift and total, each with an
  80% interval, the split across channels that maximises them (marginal ROI, under per-channel caps) and the
  response curve for a chart.
- `estimate_schedule`: for a fixed plan (spend per channel per day, e.g. a drafted campaign's), the expected paid
  GMV per channel, organic lift and total, each with an 80% interval.
- `incremental_effect`: for a past period, the GMV the ads of that period brought against the counterfactual
  without them, paid and organic separately, with intervals, next to what the platform attributed.

When the answer carries no numbers (`paid_gmv` is None), `model.reason` says why, in plain words: the caller
falls back to stated assumptions and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import numpy as np
from sqlalchemy.orm import Session

from copilot.promotion.fit import channel_curve, halo_curve, paid_response
from copilot.promotion.history import load_history, watermark
from copilot.promotion.jobs import FitStatus, jobs_for
from copilot.promotion.model import ChannelSummary, Interval, PromotionModel, lift, tail_days
from copilot.promotion.response import PAID_CHANNELS, adstock

ModelState = Literal["ready", "stale", "fitting", "too_thin", "failed"]
SPLIT_STEPS = 40
CURVE_POINTS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)


@dataclass(frozen=True)
class ModelInfo:
    """The merchant's model as of this call. `progress` (0..1) and `stage` are the running fit's."""

    state: ModelState
    reason: str | None
    first_day: date | None
    last_day: date | None
    channels: tuple[ChannelSummary, ...]
    halo_share: float | None
    halo_carryover_days: float | None
    stage: str | None = None
    progress: float | None = None

    @property
    def usable(self) -> bool:
        return self.state in ("ready", "stale")

    @property
    def source(self) -> str:
        if self.first_day is None or self.last_day is None:
            return "no fitted model"
        days = (self.last_day - self.first_day).days + 1
        return f"fitted on the store's orders and ad reports, {self.first_day} to {self.last_day} ({days} days)"


@dataclass(frozen=True)
class ChannelShare:
    channel: str
    budget: float
    paid_gmv: Interval
    marginal_roi: float  # paid + organic GMV of the next yuan at this budget


@dataclass(frozen=True)
class CurvePoint:
    budget: float
    paid_gmv: float
    organic_gmv: float


@dataclass(frozen=True)
class Estimate:
    model: ModelInfo
    budget: float
    start: date
    end: date
    channels: tuple[str, ...]
    paid_gmv: Interval | None = None
    organic_lift: Interval | None = None
    total: Interval | None = None
    roi: Interval | None = None
    split: tuple[ChannelShare, ...] = ()
    curve: tuple[CurvePoint, ...] = ()
    unmodelled_channels: tuple[str, ...] = ()
    unallocated: float = 0.0  # budget the channels' caps left unspent


@dataclass(frozen=True)
class Effect:
    model: ModelInfo
    start: date
    end: date
    spend: float
    attributed_gmv: float  # what the ad platform reported for the period
    paid_gmv: Interval | None = None
    organic_gmv: Interval | None = None
    total: Interval | None = None
    roi: Interval | None = None  # per yuan of the modelled channels' spend (the spend the effect answers to)
    counted_until: date | None = None  # the period's carry-over is counted up to this day


@dataclass(frozen=True)
class ScheduleEstimate:
    model: ModelInfo
    paid_gmv: Interval | None = None
    organic_lift: Interval | None = None
    total: Interval | None = None
    roi: Interval | None = None
    by_channel: dict[str, Interval] = field(default_factory=dict)

    def forecast(self) -> dict[str, Any] | None:
        """The stored form of a campaign's model forecast (JSON-ready); None when the model gave no numbers."""
        if self.paid_gmv is None or self.organic_lift is None or self.total is None or self.roi is None:
            return None
        return {
            "model_state": self.model.state,
            "model_source": self.model.source,
            "fitted_on": [str(self.model.first_day), str(self.model.last_day)] if self.model.first_day else None,
            "interval": 0.8,
            "paid_gmv": self.paid_gmv.to_json(),
            "organic_lift": self.organic_lift.to_json(),
            "total": self.total.to_json(),
            "roi": self.roi.to_json(),
            "by_channel": {c: i.to_json() for c, i in self.by_channel.items()},
        }


def _directory(cache_dir: Path | None) -> Path:
    if cache_dir is not None:
        return cache_dir
    from copilot.config import get_settings

    return get_settings().data_dir / "promotion"


def model_info(model: PromotionModel | None, state: ModelState, job: FitStatus | None = None) -> ModelInfo:
    reason = job.reason if job is not None and state in ("too_thin", "failed") else None
    if state == "fitting":
        reason = "the model of this store is being fitted from its history; ask again in a moment"
    if state == "failed":
        reason = "fitting the model failed; the estimate falls back to assumptions"
    if model is None:
        return ModelInfo(state, reason, None, None, (), None, None,
                         job.stage if job else None, job.progress if job else None)  # fmt: skip
    return ModelInfo(state, reason, model.first_day, model.last_day, model.summaries, model.halo_share,
                     model.halo_carryover_days, job.stage if job else None, job.progress if job else None)  # fmt: skip


def _current(session: Session, merchant_id: str, cache_dir: Path | None) -> tuple[PromotionModel | None, ModelInfo]:
    jobs = jobs_for(_directory(cache_dir))
    mark = watermark(session, merchant_id)
    model = jobs.cache.load(merchant_id)
    if model is not None and model.watermark == mark:
        return model, model_info(model, "ready", jobs.status(merchant_id))
    job = jobs.submit(session.get_bind().engine, merchant_id, mark)
    if job.state == "too_thin":
        return None, model_info(None, "too_thin", job)
    if model is not None:
        return model, model_info(model, "stale", job)
    return None, model_info(None, "failed" if job.state == "failed" else "fitting", job)


def model_status(session: Session, merchant_id: str, *, cache_dir: Path | None = None) -> ModelInfo:
    """The merchant's model; starts a (re)fit in the background when there is none or the history changed."""
    return _current(session, merchant_id, cache_dir)[1]


def _point_lift(model: PromotionModel, channel: str, daily: float, days: int, start: float) -> tuple[float, float]:
    """Point paid and organic GMV of spending `daily` a day for `days` on a channel (carry-over included)."""
    fitted = model.channels[channel]
    tail = tail_days(model)
    x = np.concatenate([np.full(days, daily), np.zeros(tail)])
    paid = paid_response(fitted.theta, x, start) - paid_response(fitted.theta, np.zeros_like(x), start)
    ratio, decay = halo_curve(model.organic.theta, model.baseline_terms)
    return float(paid.sum()), float(ratio * adstock(paid, decay).sum())


def _carry_in(model: PromotionModel, start: date) -> dict[str, float]:
    gap = max((start - model.last_day).days - 1, 0)
    return {
        name: model.end_adstock.get(name, 0.0) * channel_curve(fitted.theta)[2] ** gap
        for name, fitted in model.channels.items()
    }


def best_split(
    model: PromotionModel, budget: float, channels: tuple[str, ...], days: int, carry: dict[str, float],
    caps: dict[str, float] | None = None,
) -> dict[str, float]:  # fmt: skip
    """The budget per channel that maximises paid + organic GMV: step by step to the channel whose next step
    brings most, within each channel's cap."""
    allocation = dict.fromkeys(channels, 0.0)
    caps = caps or {}
    left = budget
    while left > 0.005:
        best, best_gain, best_step = None, -1.0, 0.0
        for name in channels:
            step = min(budget / SPLIT_STEPS, left, caps.get(name, float("inf")) - allocation[name])
            if step <= 0.005:
                continue
            now = sum(_point_lift(model, name, allocation[name] / days, days, carry[name]))
            after = sum(_point_lift(model, name, (allocation[name] + step) / days, days, carry[name]))
            if (after - now) / step > best_gain:
                best, best_gain, best_step = name, (after - now) / step, step
        if best is None:
            break
        allocation[best] += best_step
        left -= best_step
    return allocation


def _marginal(model: PromotionModel, channel: str, amount: float, days: int, carry: float) -> float:
    delta = max(amount * 0.01, 1.0)
    now = sum(_point_lift(model, channel, amount / days, days, carry))
    after = sum(_point_lift(model, channel, (amount + delta) / days, days, carry))
    return round((after - now) / delta, 3)


def estimate_budget(
    session: Session,
    merchant_id: str,
    budget: float | Decimal,
    channels: tuple[str, ...] | list[str] | None,
    start: date,
    end: date,
    *,
    caps: dict[str, float] | None = None,
    cache_dir: Path | None = None,
) -> Estimate:
    """What `budget` spent evenly over start..end (inclusive) would bring, with the best split across
    `channels` (default: every channel the model knows). Numbers are None when there is no usable model."""
    if end < start:
        raise ValueError("the end date is before the start date")
    amount = float(budget)
    if amount <= 0:
        raise ValueError("the budget must be positive")
    wanted = tuple(channels) if channels else PAID_CHANNELS
    unknown = [c for c in wanted if c not in PAID_CHANNELS]
    if unknown:
        raise ValueError(f"unknown channel(s): {', '.join(unknown)}; expected {', '.join(PAID_CHANNELS)}")
    model, info = _current(session, merchant_id, cache_dir)
    if model is None:
        return Estimate(info, amount, start, end, wanted)
    usable = tuple(c for c in wanted if c in model.channels)
    missing = tuple(c for c in wanted if c not in model.channels)
    if not usable:
        thin = ModelInfo("too_thin", "none of these channels has enough ad history to model", info.first_day,
                         info.last_day, info.channels, info.halo_share, info.halo_carryover_days)  # fmt: skip
        return Estimate(thin, amount, start, end, wanted, unmodelled_channels=missing)
    days = (end - start).days + 1
    carry = _carry_in(model, start)
    allocation = best_split(model, amount, usable, days, carry, caps)
    tail = tail_days(model)
    spend = {c: np.concatenate([np.full(days, allocation[c] / days), np.zeros(tail)]) for c in usable}
    result = lift(model, spend, start={c: carry[c] for c in usable})
    paid = Interval.of(result.paid_total, result.paid_total_draws)
    organic = Interval.of(result.organic, result.organic_draws)
    total_draws = result.paid_total_draws + result.organic_draws
    total = Interval.of(result.paid_total + result.organic, total_draws)
    spent = max(sum(allocation.values()), 0.01)
    roi = Interval.of(total.value / spent, total_draws / spent)
    split = tuple(
        ChannelShare(c, round(allocation[c], 2), Interval.of(result.paid[c], result.paid_draws[c]),
                     _marginal(model, c, allocation[c], days, carry[c]))
        for c in usable
    )  # fmt: skip
    curve = []
    for factor in CURVE_POINTS:
        scaled = [_point_lift(model, c, allocation[c] * factor / days, days, carry[c]) for c in usable]
        curve.append(CurvePoint(round(amount * factor, 2), round(sum(p for p, _ in scaled), 2),
                                round(sum(o for _, o in scaled), 2)))  # fmt: skip
    left = round(amount - sum(allocation.values()), 2)
    return Estimate(info, amount, start, end, wanted, paid, organic, total, roi, split, tuple(curve), missing, left)


def estimate_schedule(
    session: Session, merchant_id: str, daily: dict[str, list[float]], start: date, *, cache_dir: Path | None = None
) -> ScheduleEstimate:
    """What a fixed plan brings: `daily[channel]` is its spend on each day from `start`. Numbers are None when
    there is no usable model or a planned channel has too little ad history to be modelled (`model.reason`)."""
    model, info = _current(session, merchant_id, cache_dir)
    return schedule_estimate(model, info, daily, start)


def schedule_estimate(
    model: PromotionModel | None, info: ModelInfo, daily: dict[str, list[float]], start: date
) -> ScheduleEstimate:
    """`estimate_schedule` on a given model (`info` its state), e.g. one fitted on the days before a past push."""
    planned = [c for c, days in daily.items() if sum(days) > 0]
    if model is None or not planned:
        return ScheduleEstimate(info)
    missing = [c for c in planned if c not in model.channels]
    if missing:
        reason = f"too little ad history to model channel(s) {', '.join(missing)}"
        return ScheduleEstimate(ModelInfo("too_thin", reason, info.first_day, info.last_day, info.channels,
                                          info.halo_share, info.halo_carryover_days))  # fmt: skip
    carry = _carry_in(model, start)
    tail = np.zeros(tail_days(model))
    result = lift(model, {c: np.concatenate([np.asarray(daily[c], dtype=float), tail]) for c in planned},
                  start={c: carry[c] for c in planned})  # fmt: skip
    total_draws = result.paid_total_draws + result.organic_draws
    total = Interval.of(result.paid_total + result.organic, total_draws)
    spent = sum(sum(daily[c]) for c in planned)
    return ScheduleEstimate(
        info,
        Interval.of(result.paid_total, result.paid_total_draws),
        Interval.of(result.organic, result.organic_draws),
        total,
        Interval.of(total.value / spent, total_draws / spent),
        {c: Interval.of(result.paid[c], result.paid_draws[c]) for c in planned},
    )


def incremental_effect(
    session: Session, merchant_id: str, start: date, end: date, *, cache_dir: Path | None = None
) -> Effect:
    """What the ads of start..end (inclusive) brought against not running them, paid and organic, with their
    carry-over after `end`; numbers are None when there is no usable model or the period has no spend."""
    if end < start:
        raise ValueError("the end date is before the start date")
    model, info = _current(session, merchant_id, cache_dir)
    history = load_history(session, merchant_id)
    if history is None:
        return Effect(info, start, end, 0.0, 0.0)
    first, last = history.index(start), history.index(end)
    window = slice(max(first, 0), max(min(last + 1, history.days), 0))
    spend_total = float(history.spend[:, window].sum())
    attributed = float(history.paid_gmv[:, window].sum())
    if model is None or spend_total <= 0:
        return Effect(info, start, end, round(spend_total, 2), round(attributed, 2))
    stop = min(last + 1 + tail_days(model), history.days)
    segment = slice(window.start, stop)
    actual, without, carry = {}, {}, {}
    for name, fitted in model.channels.items():
        i = PAID_CHANNELS.index(name)
        x = history.spend[i]
        actual[name] = x[segment].copy()
        cut = x[segment].copy()
        cut[: window.stop - window.start] = 0.0
        without[name] = cut
        decay = channel_curve(fitted.theta)[2]
        carry[name] = float(adstock(x[: window.start], decay)[-1]) if window.start > 0 else 0.0
    result = lift(model, actual, without, carry)
    paid = Interval.of(result.paid_total, result.paid_total_draws)
    organic = Interval.of(result.organic, result.organic_draws)
    total_draws = result.paid_total_draws + result.organic_draws
    total = Interval.of(result.paid_total + result.organic, total_draws)
    measured = sum(float(history.spend[PAID_CHANNELS.index(name), window].sum()) for name in model.channels)
    roi = Interval.of(total.value / measured, total_draws / measured) if measured > 0 else None
    counted_until = start + timedelta(days=stop - window.start - 1) if window.start >= 0 else None
    return Effect(info, start, end, round(spend_total, 2), round(attributed, 2), paid, organic, total, roi,
                  counted_until)  # fmt: skip
