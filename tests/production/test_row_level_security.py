"""Row-level security on the full demo store in PostgreSQL, with no query rewrite at all: the reader role sees
exactly the current merchant's rows of every sales table, nothing when no merchant is set, and no other table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from copilot.store import Store
from copilot.store.models import SALES_TABLES, Base
from copilot.store.sales import begin_reader_transaction, is_superuser

pytestmark = pytest.mark.postgres

MERCHANTS = ("m_outdoor", "m_baby", "m_pet")


@pytest.fixture
def reader(pg_demo_store: Store) -> Iterator[Any]:
    """A factory of raw reader cursors: `open(merchant)` begins a reader transaction (rolled back at the end)."""
    raw = pg_demo_store.engine.raw_connection()
    conn: psycopg.Connection[Any] = raw.driver_connection  # type: ignore[assignment]

    def open_as(merchant: str) -> psycopg.Cursor[Any]:
        conn.rollback()
        cursor = conn.cursor()
        begin_reader_transaction(cursor, merchant, 5.0, superuser=is_superuser(cursor))
        return cursor

    try:
        yield open_as
    finally:
        conn.rollback()
        raw.close()


def _owner_counts(store: Store, table: str, column: str) -> dict[str, int]:
    with store.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT {column}, COUNT(*) FROM {table} GROUP BY {column}")).all()
    return {str(merchant): int(count) for merchant, count in rows}


@pytest.mark.parametrize(("table", "column"), sorted(SALES_TABLES.items()))
def test_the_reader_sees_exactly_the_current_merchants_rows(
    pg_demo_store: Store, reader: Any, table: str, column: str
) -> None:
    owner = _owner_counts(pg_demo_store, table, column)
    for merchant in MERCHANTS:
        cursor = reader(merchant)
        cursor.execute(f"SELECT {column}, COUNT(*) FROM {table} GROUP BY {column}")
        seen = {str(m): int(c) for m, c in cursor.fetchall()}
        assert seen == ({merchant: owner[merchant]} if merchant in owner else {}), (table, merchant)


def test_tables_without_a_merchant_in_them_hold_data_for_all_three(pg_demo_store: Store) -> None:
    """Guards the test above: the demo data really holds several merchants per table, so hiding is observable."""
    for table in ("orders", "order_items", "products", "customers", "events"):
        assert set(MERCHANTS) <= set(_owner_counts(pg_demo_store, table, SALES_TABLES[table]))


def test_an_unknown_merchant_sees_nothing(reader: Any) -> None:
    cursor = reader("m_nobody")
    for table in SALES_TABLES:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        assert cursor.fetchone() == (0,), table


@pytest.mark.parametrize("table", sorted(set(Base.metadata.tables) - set(SALES_TABLES)))
def test_every_other_table_is_closed_to_the_reader(reader: Any, table: str) -> None:
    cursor = reader("m_outdoor")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")
