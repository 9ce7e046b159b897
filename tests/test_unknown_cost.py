"""A product without a cost (an import that did not give one stores 0) makes a gross margin unknown, never 100%."""

from __future__ import annotations

from sqlalchemy import select, update

from copilot.service import Copilot
from copilot.store import Store
from copilot.store.models import Product


def _no_cost(store: Store, *categories: str) -> None:
    with store.session() as session:
        query = update(Product).where(Product.merchant_id == "m_outdoor")
        if categories:
            query = query.where(Product.category.in_(categories))
        session.execute(query.values(cost=0))
        session.commit()


def test_margin_without_any_cost_is_unknown(copilot: Copilot, demo_store: Store) -> None:
    _no_cost(demo_store)
    zh = copilot.ask("m_outdoor", "t", "近30天的毛利率")
    assert zh.tools_called == ["query_store_sales"]
    assert "毛利率未知" in zh.answer and "100.00%" not in zh.answer
    en = copilot.ask("m_outdoor", "t2", "What was the gross margin in the last 30 days?")
    assert "gross margin is unknown" in en.answer and "100.00%" not in en.answer


def test_margin_over_the_products_with_a_cost_says_what_it_leaves_out(copilot: Copilot, demo_store: Store) -> None:
    with demo_store.session() as session:
        category = session.scalars(
            select(Product.category).where(Product.merchant_id == "m_outdoor").order_by(Product.category)
        ).first()
    assert category is not None
    _no_cost(demo_store, category)
    answer = copilot.ask("m_outdoor", "t", "近30天的毛利率").answer
    assert "的销售额来自没有成本数据的商品" in answer and "100.00%" not in answer
