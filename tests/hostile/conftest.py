"""The hostile-input suite's store shared by read-only tests (its case counts: tests/case_counts.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.store import Store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_demo_store(request: pytest.FixtureRequest, demo_template: Path) -> Iterator[Store]:
    """The demo store on SQLite and on PostgreSQL, shared by the session: for tests that only read it."""
    url = request.getfixturevalue("pg_demo_url") if request.param == "postgres" else f"sqlite:///{demo_template}"
    opened = Store.open(url, migrate=False)
    yield opened
    opened.close()
