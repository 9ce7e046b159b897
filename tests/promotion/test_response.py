"""The adstock in plain floats gives scipy's first-order filter's numbers bit for bit (the fitted models and the
forecasts did not move when scipy.signal left the server)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

from copilot.promotion.response import adstock, response


def _lfilter_adstock(x: np.ndarray, decay: float, start: np.ndarray | float | None) -> np.ndarray:
    if start is None:
        return lfilter([1.0 - decay], [1.0, -decay], x, axis=-1)
    initial = np.atleast_1d(np.asarray(start, dtype=np.float64) * decay)
    zi = initial.reshape((*x.shape[:-1], 1)) if x.ndim > 1 else initial
    return lfilter([1.0 - decay], [1.0, -decay], x, axis=-1, zi=zi)[0]


@pytest.mark.parametrize("seed", range(4))
def test_the_adstock_equals_lfilter_bit_for_bit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(50):
        decay = float(rng.uniform(0.0, 0.98))
        days = int(rng.integers(1, 800))
        spend = rng.gamma(2.0, 500.0, size=days) * (rng.random(days) > 0.3)
        rows = rng.gamma(2.0, 500.0, size=(3, days))
        cases = [(spend, None), (spend, float(rng.uniform(0, 3000))), (rows, None), (rows, rng.uniform(0, 3000, 3))]
        for x, start in cases:
            assert np.array_equal(adstock(x, decay, start), _lfilter_adstock(x, decay, start))


def test_a_constant_spend_keeps_its_level_and_a_start_fades() -> None:
    assert np.allclose(adstock(np.full(400, 100.0), 0.6, 100.0), 100.0)
    faded = adstock(np.zeros(5), 0.5, 80.0)
    assert np.allclose(faded, [40.0, 20.0, 10.0, 5.0, 2.5])


@pytest.mark.parametrize("seed", range(3))
def test_a_window_run_from_the_carry_before_it_is_the_whole_run_sliced_bit_for_bit(seed: int) -> None:
    """The demo's push pacing runs the response over a push's window only, starting from the adstock carried
    into it: the same numbers as the whole history's response over those days."""
    rng = np.random.default_rng(seed)
    for _ in range(40):
        decay, days = float(rng.uniform(0.0, 0.95)), int(rng.integers(2, 700))
        spend = rng.gamma(2.0, 300.0, size=days) * (rng.random(days) > 0.4)
        first = int(rng.integers(0, days - 1))
        last = int(rng.integers(first, days))
        carried = float(adstock(spend[:first], decay)[-1]) if first else None
        window = slice(first, last + 1)
        whole = response(spend, 2.0, 800.0, decay)[window]
        assert np.array_equal(response(spend[window], 2.0, 800.0, decay, carried), whole)
