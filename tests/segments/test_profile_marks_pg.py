"""PostgreSQL: writers marking the same customers at once neither deadlock nor wait for each other, and the
marks they leave bring the profiles up to date."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Connection, create_engine, insert, text

from copilot.segments.profiles import merchant_profiles
from copilot.store import Store
from copilot.store.models import Order
from tests.segments.shops import NOW1, NOW2, PARAMS, fake_embed, two_shops
from tests.segments.test_incremental_profiles import _assert_same, _fresh


def _order(conn: Connection, order_id: str, customer: str, hours: int = 1) -> None:
    conn.execute(
        insert(Order).values(
            id=order_id, merchant_id="m_one", customer_id=customer, created_at=NOW1 + timedelta(hours=hours),
            status="paid", channel="search", total_amount=Decimal("120"),
        )
    )  # fmt: skip


def test_two_writers_ordering_for_the_same_customers_both_commit(pg_empty_url: str) -> None:
    store = Store.open(pg_empty_url, migrate=False)
    try:
        _, _, ones, _, _ = two_shops(store)
        merchant_profiles(store, "m_one", NOW1, PARAMS, fake_embed)
        first, second = ones[1], ones[2]
        engine = create_engine(pg_empty_url, pool_size=2)
        both_wrote_once = threading.Barrier(2, timeout=30)
        failures: list[BaseException] = []

        def writer(name: str, customers: tuple[str, str]) -> None:
            try:
                with engine.begin() as conn:
                    conn.execute(text("SET LOCAL lock_timeout = '10s'"))
                    _order(conn, f"{name}-1", customers[0])
                    both_wrote_once.wait()
                    _order(conn, f"{name}-2", customers[1])
            except BaseException as exc:
                failures.append(exc)
                both_wrote_once.abort()

        threads = [
            threading.Thread(target=writer, args=("w1", (first, second))),
            threading.Thread(target=writer, args=("w2", (second, first))),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        engine.dispose()
        assert failures == []
        updated = merchant_profiles(store, "m_one", NOW2, PARAMS, fake_embed)
        _assert_same(updated, _fresh(store, "m_one", NOW2), exact=True)
    finally:
        store.close()


def test_writes_before_the_first_question_leave_no_marks(pg_empty_url: str) -> None:
    store = Store.open(pg_empty_url, migrate=False)
    try:
        two_shops(store)
        with store.engine.connect() as conn:
            marks = conn.execute(text("SELECT count(*) FROM profile_dirty")).scalar_one()
        assert marks == 0
    finally:
        store.close()


def test_a_write_in_flight_at_the_first_question_reaches_the_profiles(pg_empty_url: str) -> None:
    """A writer that inserted before the merchant had profiles (so its trigger marked nobody) and commits while the
    first build runs: the build waits for it and reads its order."""
    store = Store.open(pg_empty_url, migrate=False)
    try:
        _, _, ones, _, _ = two_shops(store)
        engine = create_engine(pg_empty_url)
        inserted = threading.Event()

        def writer() -> None:
            with engine.begin() as conn:
                _order(conn, "late-1", ones[4], hours=-1)
                inserted.set()
                time.sleep(1.5)

        thread = threading.Thread(target=writer)
        thread.start()
        inserted.wait(30)
        built = merchant_profiles(store, "m_one", NOW1, PARAMS, fake_embed)
        thread.join()
        engine.dispose()
        _assert_same(built, _fresh(store, "m_one", NOW1), exact=True)
    finally:
        store.close()
