"""A demo store carries its own 'today'; COPILOT_TODAY wins over it, and any other store runs on the real clock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from copilot.clock import DEMO_TODAY, SystemClock
from copilot.config import Settings
from copilot.store import Store
from copilot.store.anchor import clock_for, demo_today


def test_the_demo_store_answers_on_its_own_date_unless_today_is_set(demo_store: Store, tmp_path: Path):
    assert demo_today(demo_store) == DEMO_TODAY
    assert clock_for(Settings(data_dir=tmp_path), demo_store).now().date() == DEMO_TODAY
    pinned = Settings(data_dir=tmp_path, today=date(2026, 12, 24))
    assert clock_for(pinned, demo_store).now().date() == date(2026, 12, 24)


def test_a_store_that_is_not_a_demo_runs_on_the_system_clock(empty_store: Store, tmp_path: Path):
    assert demo_today(empty_store) is None
    assert isinstance(clock_for(Settings(data_dir=tmp_path), empty_store), SystemClock)
