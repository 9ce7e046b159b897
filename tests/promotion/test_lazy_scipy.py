"""Startup waste: building the copilot and its tools loads none of scipy's fitting or filtering packages (1.3 s of
CPU between them); the promotion model imports them when it first fits or simulates."""

from __future__ import annotations

import subprocess
import sys


def test_scipy_is_imported_by_the_first_fit_not_by_the_tools() -> None:
    probe = (
        "import sys, copilot.service, copilot.toolset, tools.campaign, tools.promotion; "
        "print(sorted(m for m in ('scipy.optimize', 'scipy.signal', 'scipy.special') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
