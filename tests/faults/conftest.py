"""The fault suite reports how many faults it really injected (tests/case_counts.py)."""

from __future__ import annotations

import pytest

from tests.case_counts import report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    report(terminalreporter, "faults")
