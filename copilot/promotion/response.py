"""The response curves of paid promotion, shared by the demo's simulator and the fitted model.

Spend is carried over by a normalised geometric adstock (a constant spend x has adstock x; `decay` is the share
of yesterday's adstock left today, so the mean carry-over is decay / (1 - decay) days). Returns diminish by
Michaelis-Menten saturation: adstock a yields roas0 * a / (1 + a / half) — roas0 GMV per yuan at the first yuan,
half the return per yuan at a spend of `half` a day.
"""

from __future__ import annotations

import numpy as np

PAID_CHANNELS: tuple[str, ...] = ("search", "recommend", "live")


def adstock(x: np.ndarray, decay: float, start: np.ndarray | float | None = None) -> np.ndarray:
    """Geometric adstock along the last axis, normalised so a constant input is unchanged. `start` is the
    adstock before the first day (0 when absent)."""
    from scipy.signal import lfilter

    x = np.asarray(x, dtype=np.float64)
    if start is None:
        return lfilter([1.0 - decay], [1.0, -decay], x, axis=-1)
    initial = np.atleast_1d(np.asarray(start, dtype=np.float64) * decay)
    zi = initial.reshape((*x.shape[:-1], 1)) if x.ndim > 1 else initial
    return lfilter([1.0 - decay], [1.0, -decay], x, axis=-1, zi=zi)[0]


def saturate(a: np.ndarray, roas0: float, half: float) -> np.ndarray:
    return roas0 * a / (1.0 + a / half)


def response(x: np.ndarray, roas0: float, half: float, decay: float) -> np.ndarray:
    """Daily paid GMV of a daily spend series."""
    return saturate(adstock(x, decay), roas0, half)


def carryover_days(decay: float) -> float:
    """Mean delay, in days, of a geometric carry-over."""
    return decay / (1.0 - decay)
