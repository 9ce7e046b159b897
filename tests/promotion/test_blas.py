"""Promotion fits run on the fitting thread with every BLAS of the process on one thread, numpy's and scipy's own
(loaded by the first fit), also when something had set more threads before."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy.orm import Session
from threadpoolctl import threadpool_info, threadpool_limits

from copilot.promotion.fit import fit_history
from copilot.promotion.history import load_history
from copilot.store import Store


def _blas_threads() -> dict[str, int]:
    return {pool["filepath"]: int(pool["num_threads"]) for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_a_fit_runs_with_every_blas_on_one_thread(demo_store: Store) -> None:
    with Session(demo_store.engine) as session:
        history = load_history(session, "m_pet")
    assert history is not None
    threadpool_limits(limits=2, user_api="blas")
    seen: list[dict[str, int]] = []
    channels, _, _ = fit_history(history, lambda stage, done: seen.append(_blas_threads()))
    assert channels and seen
    assert all(set(threads.values()) == {1} for threads in seen), seen
    assert len(seen[-1]) >= 1 and set(_blas_threads().values()) == {1}


SERVER_PROCESS = """
import json, multiprocessing, sys
from sqlalchemy.orm import Session
from threadpoolctl import threadpool_info
from copilot.config import get_settings
from copilot.promotion.fit import fit_history
from copilot.promotion.history import load_history
from copilot.service import open_copilot

def threads():
    return sorted({int(p["num_threads"]) for p in threadpool_info() if p["user_api"] == "blas"})

with open_copilot(get_settings(), memory=False) as copilot:
    opened = threads()
    with Session(copilot.store.engine) as session:
        history = load_history(session, "m_pet")
    channels, _, _ = fit_history(history, lambda stage, done: None)
children = len(multiprocessing.active_children())
print(json.dumps({"opened": opened, "fitted": threads(), "channels": sorted(channels),
                  "signal": "scipy.signal" in sys.modules, "children": children}))
"""


def test_an_open_copilot_pins_blas_and_fits_in_its_own_process(demo_template: Path, tmp_path: Path) -> None:
    """No fit worker process, no scipy.signal (the adstock is plain floats), one BLAS thread before and after the
    first fit loads scipy's own OpenBLAS."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(demo_template, data / "store.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env |= {"COPILOT_DATA_DIR": str(data), "COPILOT_DB_URL": f"sqlite:///{data / 'store.db'}"}
    env |= {"COPILOT_MODEL": "offline", "COPILOT_TODAY": "2026-11-20", "OPENBLAS_NUM_THREADS": "2"}
    done = subprocess.run([sys.executable, "-c", SERVER_PROCESS], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"opened": [1], "fitted": [1], "channels": result["channels"], "signal": False, "children": 0}
    assert result["channels"]
