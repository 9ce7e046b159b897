"""How long the stock lasts at the rate it sells (days of cover) and how much of it sold (sell-through): a question
about stock against sales, answered from the stock on hand and the units of paid orders, never as units or GMV."""

from __future__ import annotations

from sqlalchemy import text

from copilot.service import Copilot
from copilot.store import Store
from tests.offline.planned import first_call


def _cover_sql(merchant: str, *texts: str) -> str:
    tool, args = first_call(merchant, *texts)
    assert tool == "query_store_sales" and "sql" in args, (tool, args)
    return str(args["sql"])


def test_days_of_cover_is_stock_over_the_daily_rate_in_both_languages() -> None:
    for merchant, said, category in [
        ("m_outdoor", "冲锋衣现在的库存按最近的卖法能撑几天", "冲锋衣"),
        ("m_pet", "at the current pace how many weeks of cover do we have on cat litter", "猫砂"),
        ("m_baby", "纸尿裤 周转天数大概多少", "纸尿裤"),
    ]:
        sql = _cover_sql(merchant, said)
        assert "days_of_cover" in sql and "p.stock" in sql, said
        assert f"pc.category IN ('{category}')" in sql, said
        assert "'2026-10-22'" in sql and "'2026-11-21'" in sql, said


def test_a_named_period_sets_the_rate_window_and_sell_through_is_answered() -> None:
    sql = _cover_sql("m_outdoor", "what was our sell-thru in October, all products")
    assert "sell_through_pct" in sql and "'2026-10-01'" in sql and "'2026-11-01'" in sql and "/ 31.0" in sql


def test_stock_on_hand_alone_is_still_the_stock_list() -> None:
    sql = _cover_sql("m_outdoor", "登山杖还有多少库存")
    assert "days_of_cover" not in sql and "p.stock" in sql


def test_the_answer_gives_each_products_cover_and_says_the_window(copilot: Copilot, demo_store: Store) -> None:
    result = copilot.ask("m_outdoor", "cover", "按近30天的速度，睡袋的库存够卖多少天？")
    assert result.tools_called == ["query_store_sales"]
    assert "近30天" in result.answer and "可售天数" in result.answer
    with demo_store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.title, p.stock, (SELECT COALESCE(SUM(oi.quantity), 0) FROM order_items oi "
                "JOIN orders o ON o.id = oi.order_id WHERE oi.product_id = p.id AND o.status = 'paid' "
                "AND o.created_at >= '2026-10-22' AND o.created_at < '2026-11-21') "
                "FROM products p WHERE p.merchant_id = 'm_outdoor' AND p.category = '睡袋'"
            )
        ).all()
    assert rows
    for title, stock, units in rows:
        assert title in result.answer
        if units:
            assert f"{stock * 30 / units:.1f}".rstrip("0").rstrip(".") in result.answer.replace(",", "")
