"""Customer profiles kept incrementally in the store (copilot/segments/state.py) give what a rebuild from
scratch gives, and an update recomputes only the customers whose data changed."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import delete, insert, select, update

from copilot.segments import profiles as profiles_module
from copilot.segments.profiles import MerchantProfiles, ProfileParams, merchant_profiles
from copilot.segments.rebuild import rebuild_profiles
from copilot.store import Store
from copilot.store.models import (
    Customer,
    CustomerProfile,
    Event,
    Merchant,
    Order,
    OrderItem,
    Product,
    ProfileDirty,
    ProfileState,
)

PARAMS = ProfileParams(180.0, {"view": 1.0, "click": 2.0, "cart": 4.0, "purchase": 8.0, "search": 3.0})
T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
NOW1 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
NOW2 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
KINDS = ("view", "view", "view", "click", "cart", "purchase", "search")
QUERIES = ("tent", "rain jacket", "stroller", "  cat food ", "")
FIELDS = ("weights", "gmv", "views", "purchases", "idle_days", "category_buys", "product_sales", "item_vectors")


def fake_embed(texts: list[str]) -> np.ndarray:
    """Deterministic 16-d unit vectors from a hash of each text (no model)."""
    rows = [np.frombuffer(hashlib.sha256(t.encode()).digest()[:16], dtype=np.uint8).astype(np.float32) for t in texts]
    matrix = np.vstack(rows) - 127.5 if rows else np.zeros((0, 16), dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


class Shop:
    """Writes a merchant's rows with numbered ids; `rng` picks kinds, products, times and amounts."""

    def __init__(self, store: Store, merchant: str, seed: int) -> None:
        self.store, self.merchant, self.rng = store, merchant, np.random.default_rng(seed)
        self.products: list[str] = []
        self.n = 0

    def _id(self, prefix: str) -> str:
        self.n += 1
        return f"{self.merchant}_{prefix}{self.n:05d}"

    def setup(self, products: int, customers: int) -> list[str]:
        with self.store.session() as s:
            s.execute(insert(Merchant).values(id=self.merchant, name=self.merchant, created_at=T0))
        for i in range(products):
            self.add_product(("tents", "jackets", "strollers")[i % 3])
        ids = [f"{self.merchant}_c{i:03d}" for i in range(customers)]
        self.add_customers(ids)
        return ids

    def add_product(self, category: str) -> str:
        product = self._id("p")
        with self.store.session() as s:
            s.execute(
                insert(Product).values(
                    id=product, merchant_id=self.merchant, title=f"{category} {product}", title_en=product,
                    category=category, tags="a,b", price=Decimal("99"), cost=Decimal("40"), stock=5,
                    launched_at=T0, description=f"about {product}",
                )
            )  # fmt: skip
        self.products.append(product)
        return product

    def add_customers(self, ids: list[str]) -> None:
        with self.store.session() as s:
            s.execute(insert(Customer), [{"id": c, "merchant_id": self.merchant, "registered_at": T0} for c in ids])

    def when(self, start: datetime, end: datetime) -> datetime:
        return start + timedelta(seconds=int(self.rng.integers(0, int((end - start).total_seconds()))))

    def add_events(self, customers: list[str], count: int, start: datetime, end: datetime) -> None:
        rows = []
        for _ in range(count):
            kind = str(self.rng.choice(KINDS))
            search = kind == "search"
            rows.append(
                {
                    "id": self._id("e"), "merchant_id": self.merchant, "kind": kind,
                    "customer_id": str(self.rng.choice(customers)),
                    "product_id": None if search else str(self.rng.choice(self.products)),
                    "query": str(self.rng.choice(QUERIES)) if search else None,
                    "created_at": self.when(start, end),
                }
            )  # fmt: skip
        with self.store.session() as s:
            s.execute(insert(Event), rows)

    def add_order(self, customer: str | None, at: datetime, status: str = "paid") -> str:
        order = self._id("o")
        lines = [
            {"id": f"{order}/{k}", "merchant_id": self.merchant, "order_id": order, "product_id": product,
             "quantity": int(self.rng.integers(1, 4)), "unit_price": Decimal("99"), "amount": Decimal("99")}
            for k, product in enumerate(self.rng.choice(self.products, size=2, replace=False))
        ]  # fmt: skip
        with self.store.session() as s:
            s.execute(
                insert(Order).values(
                    id=order, merchant_id=self.merchant, customer_id=customer, created_at=at, status=status,
                    channel="search", total_amount=Decimal(int(self.rng.integers(50, 900))),
                )
            )  # fmt: skip
            s.execute(insert(OrderItem), lines)
        return order


def _stored(store: Store, merchant: str) -> dict[str, tuple[int, bytes]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(CustomerProfile.customer_id, CustomerProfile.version, CustomerProfile.state).where(
                CustomerProfile.merchant_id == merchant
            )
        ).all()
    return {r.customer_id: (int(r.version), bytes(r.state)) for r in rows}


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
    one, two = Shop(empty_store, "m_one", 1), Shop(empty_store, "m_two", 2)
    ones, twos = one.setup(6, 40), two.setup(5, 25)
    for shop, ids in ((one, ones), (two, twos)):
        shop.add_events(ids[:-3], 400, T0, NOW1)
        for c in ids[:20]:
            shop.add_order(c, shop.when(T0 - timedelta(days=300), NOW1))
        shop.add_order(ids[0], T0, status="cancelled")
        shop.add_order(None, T0)
    return empty_store, one, ones, two, twos


def test_incremental_update_equals_a_rebuild_from_scratch(shops: tuple[Store, Shop, list[str], Shop, list[str]]):
    store, one, ones, _, _ = shops
    first = merchant_profiles(store, "m_one", NOW1, PARAMS, fake_embed)
    _assert_same(first, rebuild_profiles(store, "m_one", NOW1, PARAMS, fake_embed), exact=False)
    before = _stored(store, "m_one")

    touched = _grow(one, ones)
    updated = merchant_profiles(store, "m_one", NOW2, PARAMS, fake_embed)
    after = _stored(store, "m_one")

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
    stored = _stored(store, "m_one")
    profiles_module._COPIES.get(store.engine, {}).pop("m_one", None)
    again = merchant_profiles(store, "m_one", NOW1 + timedelta(hours=1), PARAMS, fake_embed)
    assert _stored(store, "m_one") == stored
    assert again is not first and again.customer_ids.tolist() == first.customer_ids.tolist()
    with store.engine.connect() as conn:
        assert conn.execute(select(ProfileDirty).where(ProfileDirty.merchant_id == "m_one")).first() is None
