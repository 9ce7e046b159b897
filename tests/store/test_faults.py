"""Which database errors count as transient (a lock outlasting the busy timeout, a lost connection), and the
bounded retry around work that is safe to repeat."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from copilot.store.faults import is_transient, retry_transient


def _wrapped(orig: Exception) -> OperationalError:
    return OperationalError("UPDATE threads SET run_id=?", {}, orig)


@pytest.mark.parametrize(
    "exc",
    [
        sqlite3.OperationalError("database is locked"),
        _wrapped(sqlite3.OperationalError("database is locked")),
        _wrapped(psycopg.errors.AdminShutdown("terminating connection due to administrator command")),
        psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly"),
    ],
    ids=["sqlite-locked", "sqlalchemy-sqlite-locked", "sqlalchemy-pg-terminated", "pg-closed"],
)
def test_locks_and_lost_connections_are_transient(exc: Exception):
    assert is_transient(exc)


@pytest.mark.parametrize(
    "exc",
    [
        sqlite3.OperationalError("no such table: campaigns"),
        _wrapped(psycopg.errors.QueryCanceled("canceling statement due to statement timeout")),
        IntegrityError("INSERT INTO ad_ledger", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
        ValueError("database is locked"),
    ],
    ids=["sqlite-schema", "pg-statement-timeout", "integrity", "not-a-db-error"],
)
def test_real_errors_and_own_time_limits_are_not_transient(exc: Exception):
    assert not is_transient(exc)


def test_a_fault_wrapped_by_a_caller_is_still_found():
    try:
        try:
            raise sqlite3.OperationalError("database is locked")
        except sqlite3.OperationalError as inner:
            raise RuntimeError("checkpoint write failed") from inner
    except RuntimeError as outer:
        assert is_transient(outer)


def test_retry_repeats_transient_faults_up_to_the_attempts_then_reraises_the_last():
    calls: list[int] = []

    def locked() -> None:
        calls.append(1)
        raise sqlite3.OperationalError(f"database is locked ({len(calls)})")

    with pytest.raises(sqlite3.OperationalError, match=r"\(3\)"):
        retry_transient(locked, attempts=3, first_wait_s=0.001)
    assert len(calls) == 3


def test_retry_returns_once_the_fault_is_gone_and_never_repeats_a_real_error():
    faults = iter([sqlite3.OperationalError("database is locked")])

    def once_locked() -> str:
        for fault in faults:
            raise fault
        return "done"

    assert retry_transient(once_locked, first_wait_s=0.001) == "done"
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        raise sqlite3.OperationalError("no such table: campaigns")

    with pytest.raises(sqlite3.OperationalError):
        retry_transient(broken, first_wait_s=0.001)
    assert len(calls) == 1
