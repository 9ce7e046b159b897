"""Shared fixtures: a clean environment, the demo store (built once, copied per test), PostgreSQL.

COPILOT_TEST_DB=postgres makes `demo_store` and `empty_store` hand out PostgreSQL stores (a fresh database per
test, copied from a template database built once per run and shared by the xdist workers) instead of SQLite
files: the CI's second pass.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, text

from copilot.clock import DEMO_TODAY, FixedClock, demo_clock
from copilot.config import Settings
from copilot.store import Store
from copilot.store.db import upgrade
from copilot.store.pgadmin import create_database, drop_database
from tests.shared_run import finish_run, shared_path, shared_pg_template, start_run

if TYPE_CHECKING:
    from copilot.service import Copilot

PG_ADMIN_URL = os.environ.get("COPILOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
pytest_plugins = ["tests.case_counts", "tests.vector_memo"]

# Read at import: the autouse `_clean_env` removes every COPILOT_* variable before a test's own fixtures run.
REQUIRE_PG = bool(os.environ.get("COPILOT_REQUIRE_PG"))
TEST_DB = os.environ.get("COPILOT_TEST_DB", "sqlite")
if TEST_DB not in ("sqlite", "postgres"):
    raise pytest.UsageError(f"COPILOT_TEST_DB must be 'sqlite' or 'postgres', not {TEST_DB!r}")


def pytest_configure(config: pytest.Config) -> None:
    start_run(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    finish_run(config)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The type check (tests/test_typing.py, one ~30 s process) first, so it overlaps the rest of the run."""
    items.sort(key=lambda item: item.nodeid.split("::")[0] != "tests/test_typing.py")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No COPILOT_* setting of the developer's shell leaks into a test; data goes to a temp folder."""
    for name in list(os.environ):
        if name.startswith("COPILOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def clock() -> FixedClock:
    return demo_clock()


def _build_sqlite_demo(path: Path) -> None:
    from copilot.demo.build import build_demo

    store = Store.open(f"sqlite:///{path}")
    build_demo(store)
    store.close()


@pytest.fixture(scope="session")
def demo_template() -> Path:
    """The default demo store in a SQLite file, built once per test run (shared by the xdist workers): copy it,
    or open it read-only."""
    return shared_path("demo.db", _build_sqlite_demo)


def _build_demo_memory(data_dir: Path) -> None:
    from copilot.demo_docs import ingest_demo_docs
    from copilot.memory import MemoryStore

    store = MemoryStore.open(Settings(data_dir=data_dir))
    ingest_demo_docs(store)
    store.close()


@pytest.fixture(scope="session")
def demo_memory_template() -> Path:
    """A data folder whose Chroma memory holds the demo documents of all three demo merchants, built once per
    test run (shared by the xdist workers): copy it. Building it also puts the demo passages' vectors in the run's
    vector memo (tests/vector_memo.py), so a test that ingests the demo documents itself embeds nothing."""
    return shared_path("demo_memory", _build_demo_memory)


@pytest.fixture
def demo_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the demo store for one test (PostgreSQL under COPILOT_TEST_DB=postgres)."""
    if TEST_DB == "postgres":
        store = Store.open(request.getfixturevalue("pg_demo_copy_url"), migrate=False)
        yield store
        store.close()
        return
    demo_template: Path = request.getfixturevalue("demo_template")
    path = tmp_path / "store.db"
    shutil.copyfile(demo_template, path)
    store = Store.open(f"sqlite:///{path}", migrate=False)
    yield store
    store.close()
    # ~240 tests copy the 110 MB store: 26 GB under /tmp a run if the copies stayed (the test's folder stays)
    if not _failed(request):
        for copy in tmp_path.glob("store.db*"):
            copy.unlink(missing_ok=True)


_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


def _failed(request: pytest.FixtureRequest) -> bool:
    report = request.node.stash.get(_CALL_REPORT, None)
    return report is None or report.failed


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[pytest.TestReport]:
    """Keeps the call's report on the test item, for fixtures that keep files only for failed tests."""
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


@pytest.fixture
def copilot(demo_store: Store, tmp_path: Path) -> Iterator[Copilot]:
    """A Copilot (offline model, today = 2026-11-20) over `demo_store`, checkpointing to SQLite in tmp_path."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    from copilot.service import Copilot

    conn = sqlite3.connect(tmp_path / "checkpoints.db", check_same_thread=False)
    yield Copilot(
        settings=Settings(data_dir=tmp_path / "data", today=DEMO_TODAY),
        store=demo_store,
        checkpointer=SqliteSaver(conn),
        clock=demo_clock(),
    )
    conn.close()


@pytest.fixture
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated, empty store for one test (PostgreSQL under COPILOT_TEST_DB=postgres)."""
    if TEST_DB == "postgres":
        store = Store.open(request.getfixturevalue("pg_empty_url"), migrate=False)
        yield store
        store.close()
        return
    store = Store.open(f"sqlite:///{tmp_path / 'empty.db'}")
    yield store
    store.close()


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        reason = f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"
        if REQUIRE_PG:  # CI starts the server: absence there is a failure
            pytest.fail(reason)
        return reason
    return None


def _pg_database(name: str, template: str | None = None) -> str:
    return create_database(PG_ADMIN_URL, name, template=template)


def _pg_drop(name: str) -> None:
    drop_database(PG_ADMIN_URL, name)


@pytest.fixture(scope="session")
def pg_demo_template() -> str:
    """The name of a PostgreSQL database holding the demo store, built once per test run (shared by the xdist
    workers, dropped at its end) and never connected to afterwards (so `CREATE DATABASE ... TEMPLATE` can copy
    it)."""
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    return shared_pg_template("demo", _build_pg_demo, PG_ADMIN_URL)


def _build_pg_demo(url: str) -> None:
    from copilot.demo.build import build_demo

    store = Store.open(url)
    build_demo(store)
    store.close()


@pytest.fixture(scope="session")
def pg_empty_template() -> str:
    """The name of a migrated, empty PostgreSQL template database, built once per test run (dropped at its end)."""
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    return shared_pg_template("empty", upgrade, PG_ADMIN_URL)


@pytest.fixture(scope="session")
def pg_demo_url(pg_demo_template: str) -> Iterator[str]:
    """A PostgreSQL database holding the demo store, shared by the session's tests (use it read-only)."""
    name = f"copilot_demo_{uuid.uuid4().hex[:8]}"
    url = _pg_database(name, template=pg_demo_template)
    yield url
    _pg_drop(name)


@pytest.fixture
def pg_demo_store(pg_demo_url: str) -> Iterator[Store]:
    """The PostgreSQL demo store (shared by the session's tests: use it read-only)."""
    store = Store.open(pg_demo_url, migrate=False)
    yield store
    store.close()


@pytest.fixture
def pg_demo_copy_url(pg_demo_template: str) -> Iterator[str]:
    """A private, writable PostgreSQL copy of the demo store for one test."""
    name = f"copilot_t_{uuid.uuid4().hex[:8]}"
    url = _pg_database(name, template=pg_demo_template)
    yield url
    _pg_drop(name)


@pytest.fixture
def pg_empty_url(pg_empty_template: str) -> Iterator[str]:
    """A fresh, migrated, empty PostgreSQL database for one test."""
    name = f"copilot_t_{uuid.uuid4().hex[:8]}"
    url = _pg_database(name, template=pg_empty_template)
    yield url
    _pg_drop(name)
