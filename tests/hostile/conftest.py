"""The hostile-input suite's store shared by read-only tests (its case counts: tests/case_counts.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from copilot.clock import DEMO_TODAY, demo_clock
from copilot.config import Settings
from copilot.service import Copilot, open_copilot
from copilot.store import Store
from copilot.store.models import BudgetRequest


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_demo_store(request: pytest.FixtureRequest, demo_template: Path) -> Iterator[Store]:
    """The demo store on SQLite and on PostgreSQL, shared by the session: for tests that only read it."""
    url = request.getfixturevalue("pg_demo_url") if request.param == "postgres" else f"sqlite:///{demo_template}"
    opened = Store.open(url, migrate=False)
    yield opened
    opened.close()


@pytest.fixture
def rig(demo_template: Path, tmp_path: Path) -> Iterator[Copilot]:
    """The offline copilot with its memory on a private copy of the demo store."""
    db = tmp_path / "store.db"
    shutil.copyfile(demo_template, db)
    settings = Settings(data_dir=tmp_path / "data", db_url=f"sqlite:///{db}", model="offline", today=DEMO_TODAY)
    with open_copilot(settings, clock=demo_clock()) as copilot:
        yield copilot


def budget_requests(store: Store) -> int:
    """How many budget requests the store holds."""
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(BudgetRequest)) or 0)
