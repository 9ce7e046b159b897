"""The semantic layer's measures as SQLAlchemy expressions, for the domain modules' own queries (campaign
history, anomaly series, customer profiles, the promotion model): what a row contributes and which orders count,
both read from ``metrics.yaml`` (``measures`` and ``counted``), the definitions the named metrics compile from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal
from sqlalchemy.sql.elements import ColumnElement as Element

from copilot.analytics.metrics import MetricError, counted_statuses, definitions
from copilot.store.models import Base, Order


def counted_orders(which: str = "paid") -> ColumnElement[bool]:
    """The test on ``orders.status`` of a ``counted`` entry ('paid': the orders every sale measure counts)."""
    status = Order.__table__.c.status
    statuses = counted_statuses(which)
    return status == statuses[0] if len(statuses) == 1 else status.in_(statuses)


@dataclass(frozen=True)
class Measure:
    """One measure: ``value`` is what one counted row contributes (1 for a count of rows), ``counted`` the test of
    the orders it counts (the query joins ``orders`` for a measure of ``order_items``)."""

    name: str
    value: ColumnElement[Any]
    counted: ColumnElement[bool]
    counts_rows: bool

    def total(self) -> ColumnElement[Any]:
        """The aggregate over the rows of a query whose WHERE holds ``counted``."""
        return func.count() if self.counts_rows else func.sum(self.value)

    def total_if(self, *also: ColumnElement[bool]) -> ColumnElement[Any]:
        """The aggregate over the counted rows that also meet ``also`` (0 over none), in a query that keeps other
        rows too."""
        return func.sum(case((and_(self.counted, *also), self.value), else_=0))


def measure(name: str) -> Measure:
    """The measure ``name`` of ``metrics.yaml``; MetricError for an unknown one."""
    entry = definitions()["measures"].get(name)
    if entry is None:
        raise MetricError(f"unknown measure {name!r}; use one of: {', '.join(definitions()['measures'])}")
    table, _, column = str(entry["of"]).partition(".")
    columns = Base.metadata.tables[table].c
    value: Element[Any] = columns[column] if column else literal(1)
    return Measure(name, value, counted_orders(str(entry["counted"])), counts_rows=not column)
