"""Customer profiles kept incrementally in the store (copilot/segments/state.py) give what a rebuild from
scratch gives, and an update recomputes only the customers whose data changed."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import create_engine, delete, insert, select, update

from copilot.segments import profiles as profiles_module
from copilot.segments.profiles import MerchantProfiles, merchant_profiles
from copilot.segments.rebuild import rebuild_profiles
from copilot.store import Store
from copilot.store.models import Event, Order, ProfileDirty, ProfileState
from tests.segments.shops import NOW1, NOW2, PARAMS, Shop, fake_embed, stored, two_shops

FIELDS = ("weights", "gmv", "views", "purchases", "idle_days", "category_buys", "product_sales", "item_vectors")


def _fresh(store: Store, merchant: str, now: datetime) -> MerchantProfiles:
    """A rebuild of the persisted profiles from scratch, read by a new worker (its copy dropped)."""
    with store.session() as s:
        s.execute(delete(ProfileState).where(ProfileState.merchant_id == merchant))
    profiles_module._COPIES.get(store.engine, {}).pop(merchant, None)
    return merchant_profiles(store, merchant, now, PARAMS, fake_embed)


def _assert_same(a: MerchantProfiles, b: MerchantProfiles, *, exact: bool) -> None:
    assert a.customer_ids.tolist() == b.customer_ids.tolist()
    assert [p.id for p in a.products] == [p.id for p in b.products]
    assert a.queries == b.queries and a.categories == b.categories
    for name in FIELDS:
        x, y = getattr(a, name), getattr(b, name)
        if exact:
            assert np.array_equal(x, y), name
        else:
            np.testing.assert_allclose(x, y, rtol=1e-6, atol=1e-9, err_msg=name)
    np.testing.assert_allclose(a.profiles, b.profiles, rtol=1e-5, atol=1e-6)


def _grow(shop: Shop, customers: list[str]) -> set[str]:
    """New events, orders, a status change, a guest order, a new product and a new customer; returns the
    customers whose data changed (customers[8]'s only event comes after NOW2: marked, but its state stays)."""
    touched = [customers[1], customers[2], customers[5]]
    newcomer = f"{shop.merchant}_c900"
    shop.add_customers([newcomer])
    shop.add_events([*touched, newcomer], 30, NOW1 - timedelta(days=3), NOW1)
    late = shop.add_product("tents")
    with shop.store.session() as s:
        s.execute(
            insert(Event).values(
                id=shop._id("e"), merchant_id=shop.merchant, customer_id=customers[7], product_id=late,
                kind="cart", created_at=NOW1 + timedelta(days=5),
            )
        )  # fmt: skip
        s.execute(
            insert(Event).values(
                id=shop._id("e"), merchant_id=shop.merchant, customer_id=customers[8], product_id=late,
                kind="view", created_at=NOW2 + timedelta(days=5),
            )
        )  # fmt: skip
    shop.add_order(customers[3], NOW1 - timedelta(days=1))
    shop.add_order(None, NOW1 - timedelta(days=2))
    with shop.store.session() as s:
        first = s.execute(
            select(Order.id, Order.customer_id)
            .where(Order.merchant_id == shop.merchant, Order.customer_id.is_not(None))
            .order_by(Order.id)
        ).first()
        assert first is not None
        s.execute(update(Order).where(Order.id == first.id).values(status="refunded"))
    return {*touched, newcomer, customers[3], customers[7], str(first.customer_id), ""}


@pytest.fixture
def shops(empty_store: Store) -> tuple[Store, Shop, list[str], Shop, list[str]]:
    return two_shops(empty_store)


def test_incremental_update_equals_a_rebuild_from_scratch(shops: tuple[Store, Shop, list[str], Shop, list[str]]):
    store, one, ones, _, _ = shops
    first = merchant_profiles(store, "m_one", NOW1, PARAMS, fake_embed)
    _assert_same(first, rebuild_profiles(store, "m_one", NOW1, PARAMS, fake_embed), exact=False)
    before = stored(store, "m_one")

    touched = _grow(one, ones)
    updated = merchant_profiles(store, "m_one", NOW2, PARAMS, fake_embed)
    after = stored(store, "m_one")

    rewritten = {
        c for c, (version, _) in after.items() if before.get(c, (version, b""))[0] != version or c not in before
    }
    assert rewritten == touched | {ones[8]}
    assert {c for c in before if after[c][1] != before[c][1]} == touched - {f"{one.merchant}_c900"}
    assert len(updated.products) == len(first.products) + 1 and updated.n_customers == first.n_customers + 1

    _assert_same(updated, _fresh(store, "m_one", NOW2), exact=True)
    _assert_same(updated, rebuild_profiles(store, "m_one", NOW2, PARAMS, fake_embed), exact=False)


def test_clock_moving_back_drops_what_came_after(shops: tuple[Store, Shop, list[str], Shop, list[str]]):
    store, one, ones, _, _ = shops
    merchant_profiles(store, "m_one", NOW2, PARAMS, fake_embed)
    one.add_events(ones[:5], 20, NOW1 - timedelta(days=30), NOW1)
    earlier = NOW1 - timedelta(days=10)
    _assert_same(
        merchant_profiles(store, "m_one", earlier, PARAMS, fake_embed),
        rebuild_profiles(store, "m_one", earlier, PARAMS, fake_embed),
        exact=False,
    )


def test_nothing_changed_reuses_the_persisted_state(shops: tuple[Store, Shop, list[str], Shop, list[str]]):
    store, *_ = shops
    first = merchant_profiles(store, "m_one", NOW1, PARAMS, fake_embed)
    kept = stored(store, "m_one")
    profiles_module._COPIES.get(store.engine, {}).pop("m_one", None)
    again = merchant_profiles(store, "m_one", NOW1 + timedelta(hours=1), PARAMS, fake_embed)
    assert stored(store, "m_one") == kept
    assert again is not first and again.customer_ids.tolist() == first.customer_ids.tolist()
    with store.engine.connect() as conn:
        assert conn.execute(select(ProfileDirty).where(ProfileDirty.merchant_id == "m_one")).first() is None


def test_workers_refreshing_at_once_agree(shops: tuple[Store, Shop, list[str], Shop, list[str]]):
    """Four threads, each with its own worker copy (one engine per thread), refresh the same grown store at once."""
    from concurrent.futures import ThreadPoolExecutor

    store, one, ones, _, _ = shops
    merchant_profiles(store, "m_one", NOW1, PARAMS, fake_embed)
    _grow(one, ones)
    stores = [Store(create_engine(store.engine.url)) for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda s: merchant_profiles(s, "m_one", NOW2, PARAMS, fake_embed), stores))
    for other in stores:
        other.engine.dispose()
    expected = _fresh(store, "m_one", NOW2)
    for result in results:
        _assert_same(result, expected, exact=True)


def test_new_data_at_the_same_time_patches_the_changed_rows(
    shops: tuple[Store, Shop, list[str], Shop, list[str]], monkeypatch: pytest.MonkeyPatch
):
    """Asked again for the same time after new events and orders of profiled customers and a guest order (no new
    customer, product or search text), a worker computes again only those customers' rows of its last matrices:
    the same matrices as a fresh assembly and as the full rebuild."""
    store, one, ones, _, _ = shops
    first = merchant_profiles(store, "m_one", NOW1, PARAMS, fake_embed)
    profiled = [c for c in ones if c in set(first.customer_ids.tolist())][:3]
    one.add_events(profiled, 12, NOW1 - timedelta(days=40), NOW1)
    one.add_order(profiled[0], NOW1 - timedelta(days=2))
    one.add_order(None, NOW1 - timedelta(days=1))

    def assembled_again(*args: object, **kwargs: object) -> MerchantProfiles:
        raise AssertionError("the matrices were assembled again")

    with monkeypatch.context() as patched_only:
        patched_only.setattr(profiles_module, "assemble", assembled_again)
        patched = merchant_profiles(store, "m_one", NOW1, PARAMS, fake_embed)
    rows = [first.customer_ids.tolist().index(c) for c in profiled]
    others = np.setdiff1d(np.arange(first.n_customers), rows)
    assert not np.array_equal(patched.weights[rows], first.weights[rows])
    assert np.array_equal(patched.weights[others], first.weights[others])
    assert patched.gmv[rows[0]] > first.gmv[rows[0]] and patched.product_sales.sum() > first.product_sales.sum()
    _assert_same(patched, _fresh(store, "m_one", NOW1), exact=True)
    _assert_same(patched, rebuild_profiles(store, "m_one", NOW1, PARAMS, fake_embed), exact=False)
