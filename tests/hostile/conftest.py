"""The hostile-input suite reports how many hostile inputs it really sent (tests/case_counts.py)."""

from __future__ import annotations

import pytest

from tests.case_counts import report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    report(terminalreporter, "hostile")
