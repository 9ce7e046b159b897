"""A demo store carries its own 'today'; COPILOT_TODAY wins over it, and any other store runs on the real clock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from copilot.clock import DEMO_TODAY, SystemClock
from copilot.config import Settings
from copilot.store import Store
from copilot.store.anchor import clock_for, demo_today, merchant_clock


def test_the_demo_store_answers_on_its_own_date_unless_today_is_set(demo_store: Store, tmp_path: Path):
    assert demo_today(demo_store) == DEMO_TODAY
    assert clock_for(Settings(data_dir=tmp_path), demo_store).now().date() == DEMO_TODAY
    pinned = Settings(data_dir=tmp_path, today=date(2026, 12, 24))
    assert clock_for(pinned, demo_store).now().date() == date(2026, 12, 24)


def test_a_store_that_is_not_a_demo_runs_on_the_system_clock(empty_store: Store, tmp_path: Path):
    assert demo_today(empty_store) is None
    assert isinstance(clock_for(Settings(data_dir=tmp_path), empty_store), SystemClock)


def test_a_merchant_imported_into_the_demo_database_lives_on_the_system_clock(demo_store: Store, tmp_path: Path):
    """The demo's 'today' is its own merchants': a real shop imported next to them is not answered in November."""
    clock = clock_for(Settings(data_dir=tmp_path), demo_store)
    assert merchant_clock(clock, "m_outdoor").now().date() == DEMO_TODAY
    assert isinstance(merchant_clock(clock, "my_shop"), SystemClock)
    assert isinstance(clock_for(Settings(data_dir=tmp_path), demo_store, "my_shop"), SystemClock)
    pinned = Settings(data_dir=tmp_path, today=date(2026, 12, 24))
    assert merchant_clock(clock_for(pinned, demo_store), "my_shop").now().date() == date(2026, 12, 24)
