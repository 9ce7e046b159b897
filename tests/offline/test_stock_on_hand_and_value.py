"""Stock questions read the products' stock, never sales: what is left on hand ("还剩多少货", "what's left on hand")
and what the stock is worth at cost ("库存一共值多少钱", "inventory value"), scoped to the category or product said;
end to end, the value at cost is the store's SUM(stock × cost)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from copilot.service import Copilot
from copilot.store import Store
from evals.checks import value_in_answer
from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("said", "holds"),
    [
        ("帐篷还剩多少货", ["p.stock FROM products p", "'帐篷'"]),
        ("冲锋衣货还有多少", ["p.stock FROM products p", "'冲锋衣'"]),
        ("what's left on hand for sleeping bags", ["p.stock FROM products p", "'out_sleeping_bag'"]),
        ("stock remaining on hand, tents", ["p.stock FROM products p", "'帐篷'"]),
        ("库存一共值多少钱", ["SUM(p.stock * p.cost)"]),
        ("帐篷的库存按成本算值多少", ["SUM(p.stock * p.cost)", "'帐篷'"]),
        ("how much is our inventory worth right now", ["SUM(p.stock * p.cost)"]),
        ("inventory value at cost for the tents", ["SUM(p.stock * p.cost)", "'帐篷'"]),
        ("货压了多少钱", ["SUM(p.stock * p.cost)"]),
    ],
)
def test_stock_questions_read_the_products_stock(said: str, holds: list[str]) -> None:
    tool, args = first_call("m_outdoor", said)
    assert tool == "query_store_sales" and args.get("sql"), (tool, args)
    assert "order" not in args["sql"].lower().split("from", 1)[1].split("where", 1)[0], args["sql"]
    for part in holds:
        assert part in args["sql"], (part, args["sql"])


def test_the_stock_value_at_cost_is_the_stores_sum(copilot: Copilot, demo_store: Store) -> None:
    with demo_store.engine.connect() as conn:
        value = conn.execute(
            text("SELECT SUM(stock * cost) FROM products WHERE merchant_id = 'm_outdoor' AND category = '帐篷'")
        ).scalar()
    result = copilot.ask("m_outdoor", "t1", "帐篷的库存按成本算一共值多少钱")
    assert value_in_answer(round(float(value), 2), result.answer, 0.01), result.answer
