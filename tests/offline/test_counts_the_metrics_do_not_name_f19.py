"""Counts no named metric holds — refunded orders, cancelled orders, add-to-cart events, stock on hand — are read
from their SQL templates keeping the period, the day-by-day breakdown and the product or category said (never the
paid orders or the refund rate in their place), end to end on the demo store (today 2026-11-20)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from copilot.service import Copilot
from copilot.store import Store
from evals.checks import value_in_answer
from tests.offline.planned import first_call


def _one(store: Store, sql: str, **params: object) -> object:
    with store.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


@pytest.mark.parametrize(
    ("merchant", "said", "holds"),
    [
        ("m_pet", "退款的订单上周有多少", ["status = 'refunded'", "'2026-11-09'"]),
        ("m_pet", "前天一共退款了几单", ["status = 'refunded'", "'2026-11-18'", "'2026-11-19'"]),
        ("m_pet", "how many orders got refunded last week", ["status = 'refunded'", "'2026-11-09'", "'2026-11-16'"]),
        ("m_pet", "猫砂这个月退货了多少单", ["status = 'refunded'", "'猫砂'", "'2026-11-01'"]),
        ("m_outdoor", "number of refunds on the 2nd of November", ["status = 'refunded'", "'2026-11-02'"]),
        ("m_baby", "refunds for the stroller per day over the last 10 days", ["GROUP BY day", "status = 'refunded'"]),
        ("m_outdoor", "上周每天的取消订单", ["GROUP BY day", "status = 'cancelled'", "'2026-11-09'"]),
        ("m_outdoor", "睡袋这周加购了多少次", ["kind = 'cart'", "'睡袋'", "'2026-11-16'"]),
        ("m_pet", "how many add-to-carts did cat litter get last month", ["kind = 'cart'", "'猫砂'", "'2026-10-01'"]),
        ("m_outdoor", "头灯库存还剩多少", ["p.stock", "'头灯'"]),
        ("m_pet", "how much stock is left of the smart litter box", ["p.stock", "'pet_smart_litterbox'"]),
        ("m_pet", "过去两周大家都在搜什么，给我前8个", ["kind = 'search'", "LIMIT 8"]),
    ],
)
def test_a_count_no_metric_names_is_its_template_with_what_was_said(merchant: str, said: str, holds: list[str]) -> None:
    tool, args = first_call(merchant, said)
    assert tool == "query_store_sales" and "sql" in args, (said, args)
    for part in holds:
        assert part in args["sql"], (said, part, args["sql"])


@pytest.mark.parametrize(
    ("merchant", "said", "metric"),
    [("m_pet", "上个月退款率多少", "refund_rate"), ("m_outdoor", "refund rate by day last week", "refund_rate")],
)
def test_the_refund_rate_stays_the_rate(merchant: str, said: str, metric: str) -> None:
    assert first_call(merchant, said)[1].get("metric") == metric


def test_refunds_of_a_category_are_counted_end_to_end(copilot: Copilot, demo_store: Store) -> None:
    result = copilot.ask("m_pet", "t", "上个月猫粮退款了几单")
    assert result.tool_calls[0]["args"].get("sql"), result.tool_calls
    count = _one(
        demo_store,
        "SELECT COUNT(*) FROM orders o WHERE o.merchant_id = :m AND o.status = 'refunded' "
        "AND o.created_at >= '2026-10-01' AND o.created_at < '2026-11-01' AND o.id IN (SELECT oi.order_id "
        "FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE p.category = '猫粮')",
        m="m_pet",
    )
    assert "退款" in result.answer and "猫粮" in result.answer
    assert value_in_answer(count, result.answer, 0), result.answer


def test_refunds_by_day_and_stock_left_run_on_the_store(copilot: Copilot, demo_store: Store) -> None:
    daily = copilot.ask("m_pet", "t1", "how many refunds per day last week")
    assert "2026-11-15" in daily.answer and "Error" not in daily.answer, daily.answer
    stock = copilot.ask("m_pet", "t2", "智能猫砂盆还剩多少库存")
    left = _one(demo_store, "SELECT stock FROM products WHERE id = 'pet_smart_litterbox'")
    assert value_in_answer(left, stock.answer, 0), stock.answer
