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
    adstock before the first day (0 when absent), one per row when `x` has rows.

    The recurrence y = (1 - decay) * x + decay * y_yesterday in plain floats: the same operations in the same order
    as scipy.signal.lfilter's first-order filter, so bit-identical to it (a test compares them), without loading
    scipy.signal (~80 MB resident) into every server process for a loop over a year of days."""
    x = np.asarray(x, dtype=np.float64)
    rows = x.reshape(-1, x.shape[-1]) if x.ndim else x.reshape(1, 1)
    before = np.broadcast_to(np.asarray(0.0 if start is None else start, dtype=np.float64).reshape(-1), rows.shape[:1])
    gain = 1.0 - decay
    out = np.empty_like(rows)
    for i, row in enumerate(rows.tolist()):
        carried = float(before[i]) * decay
        values = []
        for value in row:
            today = gain * value + carried
            values.append(today)
            carried = decay * today
        out[i] = values
    return out.reshape(x.shape)


def saturate(a: np.ndarray, roas0: float, half: float) -> np.ndarray:
    return roas0 * a / (1.0 + a / half)


def response(x: np.ndarray, roas0: float, half: float, decay: float, start: float | None = None) -> np.ndarray:
    """Daily paid GMV of a daily spend series (`start`: the adstock before its first day, as in `adstock`)."""
    return saturate(adstock(x, decay, start), roas0, half)


def carryover_days(decay: float) -> float:
    """Mean delay, in days, of a geometric carry-over."""
    return decay / (1.0 - decay)
