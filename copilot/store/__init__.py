"""The store: the merchant's data behind SQLAlchemy (SQLite embedded, PostgreSQL in production)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Update
from sqlalchemy.orm import Session, sessionmaker

from copilot.store.db import BUSY_TIMEOUT_S, make_engine, upgrade_if_behind


class Store:
    """Owns the engine; hands out transactional sessions. Knows nothing of the agent."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True, busy_timeout_s: float = BUSY_TIMEOUT_S) -> Store:
        """The store at `url`, migrated first unless `migrate` is False; SQLite waits up to `busy_timeout_s`
        for a lock held by another connection before a statement fails (see copilot/store/faults.py)."""
        engine = make_engine(url, busy_timeout_s=busy_timeout_s)
        if migrate:
            upgrade_if_behind(engine, url)
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def update(self, statement: Update) -> int:
        """Run one UPDATE in its own transaction; the number of rows it matched (0: its condition did not hold)."""
        with self.session() as session:
            return cast(CursorResult[Any], session.execute(statement)).rowcount

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["Store"]
