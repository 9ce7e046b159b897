"""Garbage collection is deferred while the copilot starts and back to CPython's defaults once it is open."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

OPEN = """
import gc, json
import copilot
from copilot.config import get_settings
from copilot.service import open_copilot
starting = gc.get_threshold()
with open_copilot(get_settings(), memory=False):
    opened = gc.get_threshold()
    frozen = gc.get_freeze_count()
print(json.dumps([starting, opened, frozen]))
"""

HOST = """
import gc
gc.set_threshold(5000, 10, 10)
import copilot
from copilot import startup
startup.settle()
print(gc.get_threshold(), gc.get_freeze_count())
"""


def _run(code: str, tmp_path: Path) -> str:
    env = {**os.environ, "COPILOT_DATA_DIR": str(tmp_path / "data"), "COPILOT_DB_URL": f"sqlite:///{tmp_path}/s.db"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def test_start_up_collects_rarely_then_freezes_and_restores_the_defaults(tmp_path: Path) -> None:
    starting, opened, frozen = json.loads(_run(OPEN, tmp_path))
    assert starting == [20_000, 20, 20]
    assert opened == [700, 10, 10]
    assert frozen > 100_000


def test_a_hosts_own_thresholds_are_left_alone(tmp_path: Path) -> None:
    assert _run(HOST, tmp_path) == "(5000, 10, 10) 0"
