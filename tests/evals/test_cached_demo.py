"""The cached eval demo store: runs that start together never publish a file another one is still writing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

BUILD = """
import sys, time
from pathlib import Path
import copilot.demo.build
from evals import runner

def slow_build(store):
    time.sleep(1.0)

copilot.demo.build.build_demo = slow_build
print(runner.cached_demo_db(Path(sys.argv[1])))
"""


def test_two_builds_at_once_each_publish_a_whole_store(tmp_path: Path) -> None:
    env = {**os.environ, "COPILOT_DATA_DIR": str(tmp_path / "data")}
    builds = [
        subprocess.Popen([sys.executable, "-c", BUILD, str(tmp_path)], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    paths = {build.communicate(timeout=120)[0].strip() for build in builds}
    assert [build.returncode for build in builds] == [0, 0]
    (path,) = paths
    assert [p.name for p in (tmp_path / "eval").iterdir()] == [Path(path).name]
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "store_meta" in tables
