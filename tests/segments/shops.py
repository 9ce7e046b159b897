"""A small store written row by row for the profile tests: two merchants' catalogs, customers, events and
orders from a seeded generator, and a deterministic embedder (no model)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import insert, select

from copilot.segments.profiles import ProfileParams
from copilot.store import Store
from copilot.store.models import Customer, CustomerProfile, Event, Merchant, Order, OrderItem, Product

PARAMS = ProfileParams(180.0, {"view": 1.0, "click": 2.0, "cart": 4.0, "purchase": 8.0, "search": 3.0})
T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
NOW1 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
NOW2 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
KINDS = ("view", "view", "view", "click", "cart", "purchase", "search")
QUERIES = ("tent", "rain jacket", "stroller", "  cat food ", "")


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


def stored(store: Store, merchant: str) -> dict[str, tuple[int, bytes]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(CustomerProfile.customer_id, CustomerProfile.version, CustomerProfile.state).where(
                CustomerProfile.merchant_id == merchant
            )
        ).all()
    return {r.customer_id: (int(r.version), bytes(r.state)) for r in rows}


def two_shops(store: Store) -> tuple[Store, Shop, list[str], Shop, list[str]]:
    """m_one (6 products, 40 customers) and m_two (5, 25), each with events, paid orders, a cancelled one and a
    guest order up to NOW1."""
    one, two = Shop(store, "m_one", 1), Shop(store, "m_two", 2)
    ones, twos = one.setup(6, 40), two.setup(5, 25)
    for shop, ids in ((one, ones), (two, twos)):
        shop.add_events(ids[:-3], 400, T0, NOW1)
        for c in ids[:20]:
            shop.add_order(c, shop.when(T0 - timedelta(days=300), NOW1))
        shop.add_order(ids[0], T0, status="cancelled")
        shop.add_order(None, T0)
    return store, one, ones, two, twos
