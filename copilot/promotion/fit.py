"""Fitting the media-response model of one merchant (scipy's least squares; why not pymc-marketing: see
BENCHMARKS.md, section Promotion).

Paid, per channel: the platform's attributed GMV of a day is roas0 * a / (1 + a / half), a the geometric adstock
of the channel's spend. Organic: the rest of the day's GMV is a multiplicative baseline of the controls
(history.controls) plus the halo, ratio x the adstock (its own decay) of the day's paid GMV. Both are fitted by
least squares on Pearson residuals (variance proportional to the mean, as for counts of orders of some value),
with a light ridge on the baseline. The parameters' uncertainty is the Gauss-Newton covariance scaled by the
residual dispersion; forecasts add the day-to-day noise, widened for the residuals' autocorrelation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from copilot.blas import one_blas_thread
from copilot.promotion.history import History, controls
from copilot.promotion.response import PAID_CHANNELS, adstock

MIN_SPEND_DAYS = 21
BLOCK_DAYS = 14
MIN_DAYS = 90
RIDGE = 1.0
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Fitted:
    """Point estimate, covariance of the (transformed) parameters and the noise of the residuals."""

    theta: np.ndarray
    cov: np.ndarray
    dispersion: float
    autocorrelation: float
    block_error: float = 0.0  # RMS relative error of the fit over 14-day blocks: misfit at a campaign's scale

    @property
    def noise_factor(self) -> float:
        """How much a sum of days varies more than independent days would (lag-1 autocorrelation)."""
        rho = min(max(self.autocorrelation, 0.0), 0.9)
        return (1 + rho) / (1 - rho)

    def to_json(self) -> dict[str, object]:
        return {
            "theta": self.theta.tolist(),
            "cov": self.cov.tolist(),
            "dispersion": self.dispersion,
            "autocorrelation": self.autocorrelation,
            "block_error": self.block_error,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Fitted:
        return cls(
            np.asarray(data["theta"], dtype=float),
            np.asarray(data["cov"], dtype=float),
            float(data["dispersion"]),  # type: ignore[arg-type]
            float(data["autocorrelation"]),  # type: ignore[arg-type]
            float(data["block_error"]),  # type: ignore[arg-type]
        )


MAX_DECAY = 0.98  # a carry-over of at most ~49 days: a decay of 1 would never fade (and divides by zero)


def _sigmoid(v: np.ndarray | float) -> np.ndarray:
    from scipy.special import expit

    return np.asarray(np.clip(expit(np.asarray(v, dtype=float)), 1e-6, MAX_DECAY))


def channel_curve(theta: np.ndarray) -> tuple[float, float, float]:
    """(roas0, half, decay) of a channel's transformed parameters."""
    return float(np.exp(theta[0])), float(np.exp(theta[1])), float(_sigmoid(theta[2]))


def paid_response(theta: np.ndarray, spend: np.ndarray, start: float = 0.0) -> np.ndarray:
    roas0, half, decay = channel_curve(theta)
    a = adstock(spend, decay, start if start else None)
    return roas0 * a / (1.0 + a / half)


def _smooth(y: np.ndarray, days: int = 7) -> np.ndarray:
    """A centred moving mean, the first guess of each day's variance."""
    kernel = np.ones(days) / days
    padded = np.pad(y, days // 2, mode="edge")
    return np.convolve(padded, kernel, mode="valid")[: len(y)]


def _block_error(y: np.ndarray, mu: np.ndarray, days: int = BLOCK_DAYS) -> float:
    """RMS of (observed - fitted) / fitted over consecutive blocks of `days` with a fitted mean."""
    blocks = len(y) // days
    if blocks == 0:
        return 0.0
    observed = y[: blocks * days].reshape(blocks, days).sum(axis=1)
    fitted = mu[: blocks * days].reshape(blocks, days).sum(axis=1)
    keep = fitted > max(float(fitted.max()) * 0.05, 1e-9)
    if not keep.any():
        return 0.0
    return float(np.sqrt(np.mean(((observed[keep] - fitted[keep]) / fitted[keep]) ** 2)))


def _dispersion_and_rho(residuals: np.ndarray, params: int) -> tuple[float, float]:
    n = len(residuals)
    dispersion = float((residuals**2).sum() / max(n - params, 1))
    if n < 3 or residuals.std() == 0:
        return dispersion, 0.0
    rho = float(np.corrcoef(residuals[:-1], residuals[1:])[0, 1])
    return dispersion, rho if np.isfinite(rho) else 0.0


def _covariance(jacobian: np.ndarray, dispersion: float, ridge: np.ndarray | None = None) -> np.ndarray:
    information = jacobian.T @ jacobian
    if ridge is not None:
        information = information + np.diag(ridge)
    return np.linalg.pinv(information) * dispersion


def fit_channel(spend: np.ndarray, paid: np.ndarray) -> Fitted | None:
    """One channel's curve from its daily spend and attributed GMV; None with fewer than MIN_SPEND_DAYS of spend."""
    from scipy.optimize import least_squares

    active = spend > 0
    if active.sum() < MIN_SPEND_DAYS or paid.sum() <= 0:
        return None
    floor = max(float(paid[active].mean()) * 0.05, 1.0)
    roas = float(paid.sum() / spend.sum())
    half0 = float(np.quantile(spend[active], 0.75))

    scale = np.sqrt(_smooth(paid) + floor)

    def residuals(theta: np.ndarray) -> np.ndarray:
        return (paid - paid_response(theta, spend)) / scale

    best = None
    for decay0 in (0.15, 0.45, 0.75):
        for half_scale in (0.5, 2.0):
            x0 = np.array([np.log(roas * 1.5), np.log(half0 * half_scale), np.log(decay0 / (1 - decay0))])
            result = least_squares(residuals, x0, method="trf", max_nfev=400)
            if best is None or result.cost < best.cost:
                best = result
    assert best is not None
    scale = np.sqrt(paid_response(best.x, spend) + floor)
    best = least_squares(residuals, best.x, method="trf", max_nfev=400)
    dispersion, rho = _dispersion_and_rho(best.fun, 3)
    error = _block_error(paid, paid_response(best.x, spend))
    return Fitted(best.x, _covariance(best.jac, dispersion), dispersion, rho, error)


def fit_organic(history: History, paid_total: np.ndarray) -> tuple[Fitted, int]:
    """The organic baseline and the halo: theta = (baseline coefficients..., log ratio, logit decay). Returns
    the fit and the number of baseline coefficients."""
    from scipy.optimize import least_squares

    design = controls(history.dates, history.price_index, history.stock_out)
    organic = history.organic
    k = design.shape[1]
    floor = max(float(organic.mean()) * 0.05, 1.0)
    log_y = np.log(organic + floor)
    beta0 = np.linalg.lstsq(design, log_y, rcond=None)[0]
    ridge = np.full(k + 2, 0.0)
    ridge[1:k] = RIDGE
    weight = np.sqrt(ridge)

    def mean(theta: np.ndarray) -> np.ndarray:
        base = np.exp(np.clip(design @ theta[:k], -50, 50))
        halo = _halo_ratio(float(theta[k])) * adstock(paid_total, float(_sigmoid(theta[k + 1])))
        return base + halo

    def jacobian(theta: np.ndarray) -> np.ndarray:
        base = np.exp(np.clip(design @ theta[:k], -50, 50))
        decay = float(_sigmoid(theta[k + 1]))
        stock = adstock(paid_total, decay)
        step = 1e-5
        slope = (adstock(paid_total, min(decay + step, 0.999999)) - adstock(paid_total, decay - step)) / (2 * step)
        ratio = _halo_ratio(float(theta[k]))
        d_mu = np.column_stack([base[:, None] * design, ratio * stock, ratio * slope * decay * (1 - decay)])
        return np.vstack([-d_mu / scale[:, None], np.diag(weight)])

    scale = np.sqrt(_smooth(organic) + floor)

    def residuals(theta: np.ndarray) -> np.ndarray:
        return np.concatenate([(organic - mean(theta)) / scale, weight * theta])

    best = None
    for ratio0 in (0.1, 0.4):
        for decay0 in (0.3, 0.6, 0.85):
            x0 = np.concatenate([beta0, [np.log(ratio0), np.log(decay0 / (1 - decay0))]])
            try:
                result = least_squares(residuals, x0, jac=jacobian, method="trf", max_nfev=300)
            except ValueError:  # this start ran into non-finite values; the others decide
                continue
            if best is None or result.cost < best.cost:
                best = result
    if best is None:
        raise ValueError("the organic fit found no finite solution from any start")
    scale = np.sqrt(mean(best.x) + floor)
    best = least_squares(residuals, best.x, jac=jacobian, method="trf", max_nfev=300)
    fitted = best.fun[: history.days]
    dispersion, rho = _dispersion_and_rho(fitted, k + 2)
    return Fitted(best.x, _covariance(best.jac[: history.days], dispersion, ridge), dispersion, rho), k


def _halo_ratio(log_ratio: float) -> float:
    """exp of the halo's log ratio, bounded so that the optimiser's steps stay finite."""
    return float(np.exp(np.clip(log_ratio, -30.0, 20.0)))


def halo_curve(theta: np.ndarray, k: int) -> tuple[float, float]:
    """(ratio, decay) of the organic fit's halo."""
    return _halo_ratio(float(theta[k])), float(_sigmoid(theta[k + 1]))


def fit_history(history: History, progress: Progress) -> tuple[dict[str, Fitted], Fitted, int]:
    """Every channel with enough spend, then the organic baseline and halo, in the calling thread with BLAS on one
    thread (copilot.blas: an earlier worker process for the fits held 147-182 MB of RSS beside each server worker;
    the fits themselves hold ~6 MiB)."""
    import scipy.linalg
    import scipy.optimize  # noqa: F401  (loads scipy's own OpenBLAS before it is pinned)

    one_blas_thread()
    channels: dict[str, Fitted] = {}
    for i, name in enumerate(PAID_CHANNELS):
        progress(f"channel {name}", i / (len(PAID_CHANNELS) + 2))
        fitted = fit_channel(history.spend[i], history.paid_gmv[i])
        if fitted is not None:
            channels[name] = fitted
    progress("organic and halo", len(PAID_CHANNELS) / (len(PAID_CHANNELS) + 2))
    organic, k = fit_organic(history, history.paid_gmv.sum(axis=0))
    return channels, organic, k


def enough_history(history: History) -> str | None:
    """Why the history is too thin to fit (None: enough)."""
    if history.days < MIN_DAYS:
        return f"{history.days} days of history; the model needs at least {MIN_DAYS}"
    spend_days = int((history.spend.sum(axis=0) > 0).sum())
    if spend_days < MIN_SPEND_DAYS:
        return f"{spend_days} days with ad spend; the model needs at least {MIN_SPEND_DAYS}"
    return None
