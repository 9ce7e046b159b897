"""How many cases a suite really tried, printed at the end of the pytest run.

A test asks for the `case_count` fixture and calls it once a case has actually run (a fault injected, an
injection document sent, a generated request answered), with the kind of case and how many. The suite's
conftest calls `report(terminalreporter, suite)` from its `pytest_terminal_summary`, which prints one line for
the suite ("faults: 9 cases tried (PostgreSQL disconnect 3, SQLite lock 4, ...)"), also under `-q`.

tests/conftest.py registers the `case_count` fixture for every test. The suite is the folder under tests/ that
holds the test module (`faults`, `hostile`), unless the call names another (a channel test of a database fault
counts as a `faults` case).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

CaseCount = Callable[..., None]
_COUNTS = pytest.StashKey[dict[str, Counter[str]]]()


def _counts(config: pytest.Config) -> dict[str, Counter[str]]:
    return config.stash.setdefault(_COUNTS, {})


@pytest.fixture
def case_count(request: pytest.FixtureRequest) -> CaseCount:
    """`case_count(kind, n=1, suite=None)`: record that `n` cases of `kind` were tried by `suite` (by default
    this test's own)."""
    own = request.path.parent.name

    def count(kind: str, n: int = 1, suite: str | None = None) -> None:
        _counts(request.config).setdefault(suite or own, Counter())[kind] += n

    return count


def report(terminalreporter: pytest.TerminalReporter, suite: str) -> None:
    """Write the suite's line of counts to the terminal summary (0 when none of its cases ran)."""
    counts = _counts(terminalreporter.config).get(suite, Counter())
    detail = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
    terminalreporter.write_line(f"{suite}: {sum(counts.values())} cases tried ({detail or 'none ran'})")
