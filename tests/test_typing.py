"""The packages type-check under the one mypy configuration (pyproject.toml's [tool.mypy]).

mypy runs here, inside a test run, rather than before it: it is one process on one core for 30-75 s, and as the
run's first test it overlaps the other workers' tests instead of keeping every other core idle
(conftest.py's `pytest_collection_modifyitems` puts it first). It is `slow`: the README's test command leaves it out
(its largest single test, about a tenth of the run's CPU) and CI runs it (`python -m pytest -m slow`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_packages_type_check() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
