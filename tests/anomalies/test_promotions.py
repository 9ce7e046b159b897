"""The store's promotion lift (copilot.anomalies.promotions) on days whose trailing level cannot be measured."""

from __future__ import annotations

import numpy as np
import pytest

from copilot.anomalies.model import trailing_level
from copilot.anomalies.promotions import nearest_known, promotion_lift
from copilot.anomalies.rules import rules


def _lift_of(store: np.ndarray, promoted: np.ndarray) -> np.ndarray:
    ordinary = np.where(promoted, np.nan, store)[None, :]
    level = trailing_level(ordinary, np.arange(store.size), rules()["promotion"]["min_reference_days"])[0]
    return promotion_lift(store, promoted, level)


def test_a_push_in_the_first_weeks_of_data_is_measured_against_the_nearest_level() -> None:
    """A store whose data starts 6 days before a 3x push (as the demo's m_pet, 19 days before last year's Double
    11): the push's first days have too few ordinary days behind them for a trailing level. Their lift was 1, so
    the push read as last year's season and doubled this year's expected sales during the same push (m_pet
    flagged 11 drops in the push's first week that nobody planted)."""
    store = np.full(60, 10.0)
    promoted = np.zeros(60, dtype=bool)
    promoted[6:20] = True
    store[6:20] = 30.0
    lift = _lift_of(store, promoted)
    assert lift[6:20] == pytest.approx(np.full(14, 3.0))
    assert lift[~promoted] == pytest.approx(np.ones(46))


def test_no_level_anywhere_leaves_the_lift_at_one() -> None:
    store = np.full(10, 10.0)
    promoted = np.ones(10, dtype=bool)
    assert _lift_of(store, promoted) == pytest.approx(np.ones(10))


def test_nearest_known_prefers_the_level_before() -> None:
    level = np.array([np.nan, np.nan, 2.0, np.nan, 5.0, np.nan])
    assert nearest_known(level) == pytest.approx(np.array([2.0, 2.0, 2.0, 2.0, 5.0, 5.0]))
    assert np.isnan(nearest_known(np.full(3, np.nan))).all()
