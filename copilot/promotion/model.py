"""A merchant's fitted media-response model: what it learnt, how it is kept (JSON), and what it predicts with
80% intervals (parameter draws from the fit's covariance plus the day-to-day noise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from copilot.promotion.fit import Fitted, channel_curve, halo_curve, paid_response
from copilot.promotion.history import History
from copilot.promotion.response import PAID_CHANNELS, adstock, carryover_days

DRAWS = 400
LEVEL = 0.8
MODEL_VERSION = 2


@dataclass(frozen=True)
class Interval:
    """A point estimate with its 80% interval."""

    value: float
    low: float
    high: float

    @classmethod
    def of(cls, point: float, samples: np.ndarray) -> Interval:
        tail = (1 - LEVEL) / 2
        low, high = np.quantile(samples, [tail, 1 - tail])
        return cls(round(point, 2), round(float(min(low, point)), 2), round(float(max(high, point)), 2))

    def to_json(self) -> dict[str, float]:
        return {"value": self.value, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class ChannelSummary:
    """What the model says of one channel over the history."""

    channel: str
    spend: float
    roi: float  # fitted paid GMV per yuan over the history
    roas0: float
    half_spend: float
    carryover_days: float


@dataclass(frozen=True)
class PromotionModel:
    merchant_id: str
    watermark: str
    first_day: date
    last_day: date
    channels: dict[str, Fitted]
    organic: Fitted
    baseline_terms: int
    end_adstock: dict[str, float]  # each channel's adstock on the last day (what carries into the future)
    end_paid_stock: float  # the halo's adstock of paid GMV on the last day
    summaries: tuple[ChannelSummary, ...]
    halo_share: float
    fit_seconds: float

    @property
    def halo(self) -> tuple[float, float]:
        return halo_curve(self.organic.theta, self.baseline_terms)

    @property
    def halo_carryover_days(self) -> float:
        return carryover_days(self.halo[1])

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "merchant_id": self.merchant_id,
            "watermark": self.watermark,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "channels": {name: f.to_json() for name, f in self.channels.items()},
            "organic": self.organic.to_json(),
            "baseline_terms": self.baseline_terms,
            "end_adstock": self.end_adstock,
            "end_paid_stock": self.end_paid_stock,
            "summaries": [vars(s) for s in self.summaries],
            "halo_share": self.halo_share,
            "fit_seconds": self.fit_seconds,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PromotionModel:
        if data.get("version") != MODEL_VERSION:
            raise ValueError("a promotion model of another version")
        return cls(
            merchant_id=data["merchant_id"],
            watermark=data["watermark"],
            first_day=date.fromisoformat(data["first_day"]),
            last_day=date.fromisoformat(data["last_day"]),
            channels={name: Fitted.from_json(f) for name, f in data["channels"].items()},
            organic=Fitted.from_json(data["organic"]),
            baseline_terms=int(data["baseline_terms"]),
            end_adstock={k: float(v) for k, v in data["end_adstock"].items()},
            end_paid_stock=float(data["end_paid_stock"]),
            summaries=tuple(ChannelSummary(**s) for s in data["summaries"]),
            halo_share=float(data["halo_share"]),
            fit_seconds=float(data["fit_seconds"]),
        )


def summarise(history: History, channels: dict[str, Fitted], organic: Fitted, k: int, seconds: float) -> PromotionModel:
    summaries, end_adstock = [], {}
    paid_total = history.paid_gmv.sum(axis=0)
    for i, name in enumerate(PAID_CHANNELS):
        fitted = channels.get(name)
        if fitted is None:
            continue
        roas0, half, decay = channel_curve(fitted.theta)
        spend = history.spend[i]
        gmv = paid_response(fitted.theta, spend)
        summaries.append(
            ChannelSummary(name, float(spend.sum()), float(gmv.sum() / spend.sum()), roas0, half, carryover_days(decay))
        )
        end_adstock[name] = float(adstock(spend, decay)[-1])
    ratio, halo_decay = halo_curve(organic.theta, k)
    halo = ratio * adstock(paid_total, halo_decay)
    share = float(halo.sum() / (halo.sum() + paid_total.sum())) if paid_total.sum() > 0 else 0.0
    return PromotionModel(
        merchant_id=history.merchant_id,
        watermark=history.watermark,
        first_day=date.fromisoformat(str(history.dates[0])),
        last_day=date.fromisoformat(str(history.dates[-1])),
        channels=channels,
        organic=organic,
        baseline_terms=k,
        end_adstock=end_adstock,
        end_paid_stock=float(adstock(paid_total, halo_decay)[-1]),
        summaries=tuple(summaries),
        halo_share=share,
        fit_seconds=seconds,
    )


def _draws(fitted: Fitted, rng: np.random.Generator, n: int = DRAWS) -> np.ndarray:
    cov = (fitted.cov + fitted.cov.T) / 2
    try:
        return rng.multivariate_normal(fitted.theta, cov, size=n, method="cholesky")
    except np.linalg.LinAlgError:
        return rng.multivariate_normal(fitted.theta, cov, size=n, method="eigh")


@dataclass(frozen=True)
class Lift:
    """Paid and organic (halo) GMV of a spend plan, point and draws, per channel for the paid part."""

    paid: dict[str, float]
    paid_draws: dict[str, np.ndarray]
    organic: float
    organic_draws: np.ndarray

    @property
    def paid_total(self) -> float:
        return float(sum(self.paid.values()))

    @property
    def paid_total_draws(self) -> np.ndarray:
        return np.sum(list(self.paid_draws.values()), axis=0) if self.paid_draws else np.zeros(DRAWS)


def _noise(rng: np.random.Generator, fitted: Fitted, means: np.ndarray) -> np.ndarray:
    """Noise of a sum of days whose mean, per draw, is `means`: the days' own noise (widened for their
    autocorrelation) and the fit's misfit at a campaign's scale (its 14-day block error)."""
    daily = np.maximum(fitted.dispersion * np.abs(means) * fitted.noise_factor, 0.0)
    sd = np.sqrt(daily + (fitted.block_error * means) ** 2)
    return rng.normal(0.0, 1.0, len(means)) * sd


def lift(
    model: PromotionModel,
    spend: dict[str, np.ndarray],
    base_spend: dict[str, np.ndarray] | None = None,
    start: dict[str, float] | None = None,
    seed: int = 0,
) -> Lift:
    """What `spend` (per channel, per day) brings over `base_spend` (default none), both starting from the
    adstock `start` (default: nothing carried in), paid per channel and organic through the halo. Days after the
    last spend count while the carry-over lasts (pad the arrays for that)."""
    rng = np.random.default_rng(seed)
    paid, paid_draws = {}, {}
    diff_point = None
    diff_draws = None
    for name, x in spend.items():
        fitted = model.channels[name]
        base = np.zeros_like(x) if base_spend is None else base_spend.get(name, np.zeros_like(x))
        s0 = (start or {}).get(name, 0.0)
        point = paid_response(fitted.theta, x, s0) - paid_response(fitted.theta, base, s0)
        thetas = _draws(fitted, rng)
        draws = np.vstack([paid_response(t, x, s0) - paid_response(t, base, s0) for t in thetas])
        sums = draws.sum(axis=1)
        paid[name] = float(point.sum())
        paid_draws[name] = sums + _noise(rng, fitted, sums)
        diff_point = point if diff_point is None else diff_point + point
        diff_draws = draws if diff_draws is None else diff_draws + draws
    k = model.baseline_terms
    ratio, decay = halo_curve(model.organic.theta, k)
    if diff_point is None or diff_draws is None:
        return Lift(paid, paid_draws, 0.0, np.zeros(DRAWS))
    organic = float(ratio * adstock(diff_point, decay).sum())
    halo_thetas = _draws(model.organic, rng)[:, k : k + 2]
    organic_draws = np.array(
        [np.exp(t[0]) * adstock(d, _decay(t[1])).sum() for t, d in zip(halo_thetas, diff_draws, strict=True)]
    )
    organic_draws = organic_draws + _noise(rng, model.organic, organic_draws)
    return Lift(paid, paid_draws, organic, organic_draws)


def paid_forecast(
    model: PromotionModel, spend: dict[str, np.ndarray], start: dict[str, float] | None = None, seed: int = 0
) -> tuple[float, np.ndarray]:
    """The paid GMV the platform will attribute over the days of `spend` (per channel, per day), carry-in
    `start` included: point and draws (parameters and day-to-day noise)."""
    rng = np.random.default_rng(seed)
    point, draws = 0.0, np.zeros(DRAWS)
    for name, x in spend.items():
        fitted = model.channels[name]
        s0 = (start or {}).get(name, 0.0)
        point += float(paid_response(fitted.theta, x, s0).sum())
        sums = np.array([paid_response(t, x, s0).sum() for t in _draws(fitted, rng)])
        draws = draws + sums + _noise(rng, fitted, sums)
    return point, draws


def _decay(logit: float) -> float:
    from scipy.special import expit

    return float(expit(logit))


def tail_days(model: PromotionModel) -> int:
    """Days after the last spend while the carry-over (paid or halo) still counts (down to 1%)."""
    decays = [channel_curve(f.theta)[2] for f in model.channels.values()] + [model.halo[1]]
    longest = max(decays) if decays else 0.0
    if longest <= 0.01:
        return 1
    return int(min(np.ceil(np.log(0.01) / np.log(longest)), 60))


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
