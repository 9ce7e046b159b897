"""Timestamps across the two databases: UTC day buckets and day bounds in either dialect's SQL, and dates
from what either driver returns (text in SQLite, date/datetime in PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Date, String, cast, func, literal
from sqlalchemy.orm import Session


def as_date(value: Any) -> date:
    """A date from what the driver returns for date(...) or a timestamp."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def sqlite_text(value: date) -> str:
    """A date or timestamp as SQLite stores it: ISO text, with a space between date and time (as SQLAlchemy
    writes timestamps)."""
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()


def day_of(column: Any, dialect: str) -> ColumnElement[Any]:
    """The UTC calendar day of a timestamp column, in the SQL of the dialect."""
    if dialect == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def midnight(day: date, dialect: str) -> str | datetime:
    """Midnight UTC of ``day`` as a bound parameter: ISO date text on SQLite (it compares with the stored UTC
    timestamp text in either ``T`` or space form, whatever its precision), an aware datetime elsewhere
    (compared as timestamptz)."""
    if dialect == "sqlite":
        return day.isoformat()
    return datetime.combine(day, time(), tzinfo=UTC)


def midnight_bound(bind: Session | Connection, day: date, plus_days: int = 0) -> ColumnElement[str] | datetime:
    """``midnight`` of ``day`` + ``plus_days`` for a comparison with a timestamp column (typed as text on
    SQLite)."""
    dialect = bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name
    bound = midnight(day + timedelta(days=plus_days), dialect)
    return literal(bound, String()) if isinstance(bound, str) else bound
