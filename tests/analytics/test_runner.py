"""The read-only SQL runner of a store lives as long as the store: closing the store closes the runner's own
connections, so a deleted store file's space is given back (the eval runner opens and deletes one copy per scenario,
and every copy's space stayed taken until the disk was full)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from copilot.analytics.runner import _RUNNERS, run_query, sales_runner
from copilot.config import Settings
from copilot.context import Context
from copilot.store import Store

PROC_FDS = Path("/proc/self/fd")


def _open_files_of(path: Path) -> list[str]:
    names = []
    for fd in PROC_FDS.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(path)):
            names.append(target)
    return names


@pytest.mark.skipif(not PROC_FDS.is_dir(), reason="needs /proc/self/fd (Linux)")
def test_closing_the_store_closes_its_read_only_runner(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    store = Store.open(f"sqlite:///{db}")
    ctx = Context(merchant_id="m_outdoor", store=store, settings=Settings(data_dir=tmp_path))
    runner = sales_runner(ctx)
    result = run_query(runner, ctx, "SELECT COUNT(*) AS n FROM orders")
    assert result.rows[0][0] == 0
    assert store.engine in _RUNNERS
    assert _open_files_of(db)  # the read-only pool holds the file open while the store is open

    store.close()

    assert store.engine not in _RUNNERS
    assert _open_files_of(db) == []
    db.unlink()


def test_a_store_opened_again_gets_a_working_runner(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    first = Store.open(f"sqlite:///{db}")
    ctx = Context(merchant_id="m_outdoor", store=first, settings=Settings(data_dir=tmp_path))
    closed_runner = sales_runner(ctx)
    first.close()
    second = Store.open(f"sqlite:///{db}")
    ctx = Context(merchant_id="m_outdoor", store=second, settings=Settings(data_dir=tmp_path))
    runner = sales_runner(ctx)
    assert runner is not closed_runner
    assert run_query(runner, ctx, "SELECT COUNT(*) AS n FROM orders").rows[0][0] == 0
    second.close()
