"""How many cases a suite really tried, printed at the end of the pytest run.

A test asks for the `case_count` fixture and calls it once a case has actually run (a fault injected, an
injection document sent, a generated request answered), with the kind of case and how many. The counts travel
with the test's report (its `user_properties`), so they reach the process that prints the summary also when
pytest-xdist runs the tests in workers; that process prints one line for each suite of `SUITES` that ran a test
("faults: 9 cases tried (PostgreSQL disconnect 3, SQLite lock 4, ...)"), also under `-q`.

tests/conftest.py registers this plugin for every test. The suite is the folder under tests/ that holds the test
module (`faults`, `hostile`), unless the call names another (a channel test of a database fault counts as a
`faults` case).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

CaseCount = Callable[..., None]
SUITES = ("faults", "hostile")
_PROPERTY = "case_count"
_COUNTS = pytest.StashKey[dict[str, Counter[str]]]()
_RAN = pytest.StashKey[set[str]]()


@pytest.fixture
def case_count(request: pytest.FixtureRequest) -> CaseCount:
    """`case_count(kind, n=1, suite=None)`: record that `n` cases of `kind` were tried by `suite` (by default
    this test's own)."""
    own = request.path.parent.name

    def count(kind: str, n: int = 1, suite: str | None = None) -> None:
        request.node.user_properties.append((_PROPERTY, [suite or own, kind, n]))

    return count


class _Tally:
    def __init__(self, config: pytest.Config) -> None:
        self.counts = config.stash.setdefault(_COUNTS, {})
        self.ran = config.stash.setdefault(_RAN, set())

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "teardown":
            return
        parts = report.nodeid.split("/")
        if len(parts) > 2 and parts[0] == "tests":
            self.ran.add(parts[1])
        for name, value in report.user_properties:
            if name == _PROPERTY:
                suite, kind, n = value
                self.counts.setdefault(str(suite), Counter())[str(kind)] += int(n)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        for suite in SUITES:
            if suite in self.ran or suite in self.counts:
                counts = self.counts.get(suite, Counter())
                detail = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
                terminalreporter.write_line(f"{suite}: {sum(counts.values())} cases tried ({detail or 'none ran'})")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_Tally(config), "case-counts-tally")
