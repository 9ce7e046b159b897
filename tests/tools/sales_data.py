"""A small, deterministic two-merchant store for the sales tool tests (independent of the demo generator).

Order totals include a shipping fee, so GMV (order totals) and product revenue (item amounts) differ, and
statuses, channels, regions and events are mixed so every metric and breakdown has something to count.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from copilot.store import Store
from copilot.store.models import Customer, Event, Merchant, Order, OrderItem, Product

MERCHANTS = ("m_a", "m_b")
FIRST_DAY = date(2025, 9, 1)
LAST_DAY = date(2026, 11, 20)
SHIPPING = Decimal("5.00")

CATALOG = {
    "m_a": [
        ("登山杖 Carbon", "Carbon Trekking Pole", "登山装备", "199.00", "80.00"),
        ("三合一冲锋衣", "3-in-1 Shell Jacket", "户外服装", "899.00", "420.00"),
        ("防晒霜 SPF50", "Sunscreen SPF50", "防晒", "89.00", "25.00"),
        ("防晒衣 UPF50+", "Sun Protective Hoodie", "防晒", "259.00", "90.00"),
        ("双人帐篷", "Two-person Tent", "露营", "699.00", "310.00"),
        ("冲锋裤", "Shell Pants", "户外服装", "499.00", "200.00"),
    ],
    "m_b": [
        ("婴儿推车", "Baby Stroller", "出行", "1299.00", "700.00"),
        ("婴儿床", "Crib", "家具", "1599.00", "800.00"),
    ],
}
REGIONS = ("华东", "华南", "华北", "西南")
CHANNELS = ("search", "recommend", "live", "direct")
STATUSES = ("paid",) * 8 + ("refunded", "cancelled")


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=UTC)


def build_sales_store(store: Store, *, seed: int = 7) -> None:
    """Fill an empty, migrated store with both merchants' catalogs, customers, orders and events."""
    rng = random.Random(seed)
    created = datetime(2025, 1, 1, tzinfo=UTC)
    with store.session() as session:
        for merchant in MERCHANTS:
            session.add(Merchant(id=merchant, name=merchant, currency="CNY", created_at=created))
        session.flush()
        for merchant in MERCHANTS:
            products = []
            for index, (title, title_en, category, price, cost) in enumerate(CATALOG[merchant]):
                product = Product(
                    id=f"{merchant}_p{index}",
                    merchant_id=merchant,
                    title=title,
                    title_en=title_en,
                    category=category,
                    tags="",
                    price=Decimal(price),
                    cost=Decimal(cost),
                    stock=100,
                    launched_at=created,
                )
                products.append(product)
            customers = [
                Customer(
                    id=f"{merchant}_c{index}",
                    merchant_id=merchant,
                    region=REGIONS[index % len(REGIONS)],
                    age_band="25-34",
                    registered_at=created,
                )
                for index in range(12)
            ]
            session.add_all(products + customers)
            session.flush()
            _orders_and_events(session, merchant, products, customers, rng)


def _orders_and_events(session, merchant, products, customers, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    day = FIRST_DAY
    order_no = 0
    event_no = 0
    while day <= LAST_DAY:
        for _ in range(rng.randrange(0, 4)):
            order_no += 1
            customer = rng.choice(customers)
            order_id = f"{merchant}_o{order_no}"
            items = []
            for line, product in enumerate(rng.sample(products, rng.randrange(1, 3))):
                quantity = rng.randrange(1, 4)
                items.append(
                    OrderItem(
                        id=f"{order_id}_{line}",
                        merchant_id=merchant,
                        order_id=order_id,
                        product_id=product.id,
                        quantity=quantity,
                        unit_price=product.price,
                        amount=product.price * quantity,
                    )
                )
            session.add(
                Order(
                    id=order_id,
                    merchant_id=merchant,
                    customer_id=customer.id,
                    created_at=_at(day, rng),
                    status=rng.choice(STATUSES),
                    channel=rng.choice(CHANNELS),
                    total_amount=sum((item.amount for item in items), SHIPPING),
                )
            )
            session.add_all(items)
        for _ in range(rng.randrange(2, 8)):
            event_no += 1
            session.add(
                Event(
                    id=f"{merchant}_e{event_no}",
                    merchant_id=merchant,
                    customer_id=rng.choice(customers).id,
                    product_id=rng.choice(products).id,
                    kind=rng.choice(("view", "view", "view", "click", "purchase")),
                    created_at=_at(day, rng),
                )
            )
        day += timedelta(days=1)
