"""Day bounds of the history queries on SQLite and PostgreSQL, and dates from what either driver returns."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, literal
from sqlalchemy.orm import Session


def midnight_bound(session: Session, day: date, plus_days: int = 0) -> ColumnElement[str] | datetime:
    """Midnight UTC of a day as a bound: ISO date text on SQLite (it compares with the stored timestamp text
    whatever its precision), an aware datetime elsewhere (timestamptz)."""
    day = day + timedelta(days=plus_days)
    if session.get_bind().dialect.name == "sqlite":
        return literal(day.isoformat(), String())
    return datetime.combine(day, time(), tzinfo=UTC)


def as_date(value: Any) -> date:
    """A DATE from what the driver returns for date(...) or a timestamp (text in SQLite, date/datetime in PG)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
