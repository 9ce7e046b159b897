"""Startup waste: a process that opens the copilot on the demo store and answers its first sales turn imports none
of Chroma, the BM25 index, matplotlib, scipy's fitting packages, the promotion model's sampler, cn2an, alembic (the
demo store is at the newest migration) or psycopg (a SQLite store); the memory imports Chroma when it is first
read, and then answers from the stored documents."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "chromadb",
    "bm25s",
    "matplotlib",
    "scipy.optimize",
    "scipy.signal",
    "pymc",
    "pytensor",
    "cn2an",
    "alembic",
    "psycopg",
)

PROBE = f"""
import json, sys, uuid
from copilot.config import get_settings
from copilot.service import open_copilot
heavy = {HEAVY!r}
with open_copilot(get_settings()) as copilot:
    answer = copilot.ask("m_outdoor", uuid.uuid4().hex[:12], "上个月GMV是多少？").answer
    first = sorted(m for m in heavy if m in sys.modules)
    copilot.memory.remember("m_outdoor", "单日预算不超过5000")
    kept = {{k: str(v) for k, v in copilot.memory.constraints("m_outdoor").items()}}
print(json.dumps({{"answer": answer, "first": first, "chroma": "chromadb" in sys.modules, "kept": kept}}))
"""


def test_the_first_sales_turn_imports_no_heavy_module(demo_template: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(demo_template, data / "store.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env |= {"COPILOT_DATA_DIR": str(data), "COPILOT_DB_URL": f"sqlite:///{data / 'store.db'}"}
    env |= {"COPILOT_MODEL": "offline", "COPILOT_TODAY": "2026-11-20"}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "GMV" in result["answer"]
    assert result["first"] == []
    assert result["chroma"] is True
    assert result["kept"] == {"daily_budget_cap": "5000"}
