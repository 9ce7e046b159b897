"""New customers and products that sold nothing: answered by the offline model's SQL, checked against the store
counted another way (PostgreSQL too, under COPILOT_TEST_DB=postgres). "new" here names customers, not the store's
new product."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import pytest
from sqlalchemy import text

from copilot.service import Copilot
from copilot.store import Store
from tests.offline.planned import first_call

OCTOBER = (datetime(2026, 10, 1), datetime(2026, 11, 1))


def _paid_orders(store: Store, merchant: str) -> list[tuple[str, datetime, list[str]]]:
    sql = (
        "SELECT o.customer_id, o.created_at, oi.product_id FROM orders o JOIN order_items oi ON oi.order_id = o.id "
        "WHERE o.merchant_id = :m AND o.status = 'paid'"
    )
    items: dict[tuple[str, datetime], list[str]] = defaultdict(list)
    with store.engine.connect() as conn:
        for customer, created, product in conn.execute(text(sql), {"m": merchant}):
            at = created if isinstance(created, datetime) else datetime.fromisoformat(str(created))
            items[(customer, at.replace(tzinfo=None))].append(product)
    return [(customer, at, products) for (customer, at), products in items.items()]


@pytest.mark.parametrize("question", ["10月份进来了几个新客", "how many first-time buyers did we get in October"])
def test_new_customers_are_those_whose_first_paid_order_falls_in_the_period(
    copilot: Copilot, demo_store: Store, question: str
) -> None:
    first: dict[str, datetime] = {}
    for customer, at, _ in _paid_orders(demo_store, "m_pet"):
        first[customer] = min(at, first.get(customer, at))
    expected = sum(1 for at in first.values() if OCTOBER[0] <= at < OCTOBER[1])
    result = copilot.ask("m_pet", "new-customers", question)
    assert [call["name"] for call in result.tool_calls] == ["query_store_sales"]
    assert f"{expected:,}" in result.answer or str(expected) in result.answer, result.answer


def test_products_with_no_paid_order_in_the_period_are_listed(copilot: Copilot, demo_store: Store) -> None:
    sold = {
        p for _, at, products in _paid_orders(demo_store, "m_baby") for p in products if OCTOBER[0] <= at < OCTOBER[1]
    }
    with demo_store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, title FROM products WHERE merchant_id = 'm_baby'")).all()
    unsold = {title for pid, title in rows if pid not in sold}
    answer = copilot.ask("m_baby", "unsold", "10月有哪些商品一单都没卖出去").answer
    assert unsold, "the demo store has products launched after October"
    for title in unsold:
        assert title in answer, (title, answer)
    for title in {title for pid, title in rows if pid in sold}:
        assert title not in answer


@pytest.mark.parametrize(
    ("question", "product_said"),
    [("new customers in the past 7 days", False), ("how is the new jacket selling this week", True)],
)
def test_new_names_customers_or_the_new_product_by_what_follows(question: str, product_said: bool) -> None:
    _, args = first_call("m_outdoor", question)
    assert ("sql" in args) is not product_said and (args.get("product") is not None) is product_said, args
