"""The offline model end to end through the graph on the demo store: the capabilities, not the parts."""

from __future__ import annotations

from sqlalchemy import text

from copilot.service import Copilot
from copilot.store import Store
from evals.checks import value_in_answer


def _scalar_rows(store: Store, sql: str, merchant: str) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), {"m": merchant}).all()]


TOP3_LAST_MONTH = """
SELECT p.title, SUM(oi.amount) FROM order_items oi JOIN orders o ON o.id = oi.order_id
JOIN products p ON p.id = oi.product_id
WHERE o.merchant_id = :m AND o.status = 'paid' AND o.created_at >= '2026-10-01' AND o.created_at < '2026-11-01'
GROUP BY p.id, p.title ORDER BY SUM(oi.amount) DESC LIMIT 3
"""
GMV_MONTH = """
SELECT SUM(total_amount) FROM orders WHERE merchant_id = :m AND status = 'paid'
AND created_at >= :start AND created_at < :end
"""


def test_sales_ranking_zh(copilot: Copilot, demo_store: Store):
    result = copilot.ask("m_outdoor", "t", "上个月卖得最好的3个商品是什么？")
    assert result.tools_called == ["query_store_sales"]
    for title, revenue in _scalar_rows(demo_store, TOP3_LAST_MONTH, "m_outdoor"):
        assert title in result.answer
        assert value_in_answer(revenue, result.answer, 0.005)


def test_period_comparison_and_follow_up(copilot: Copilot, demo_store: Store):
    def gmv(start: str, end: str) -> float:
        with demo_store.engine.connect() as conn:
            return float(conn.execute(text(GMV_MONTH), {"m": "m_pet", "start": start, "end": end}).scalar())

    result = copilot.ask("m_pet", "t", "上个月的GMV是多少？和前一个月比怎么样")
    assert result.tool_calls[0]["args"]["compare"] == "previous_period"
    assert value_in_answer(gmv("2026-10-01", "2026-11-01"), result.answer, 0.001)
    assert value_in_answer(gmv("2026-09-01", "2026-10-01"), result.answer, 0.001)
    follow = copilot.ask("m_pet", "t", "那上上个月呢？")
    assert value_in_answer(gmv("2026-09-01", "2026-10-01"), follow.answer, 0.001)


def test_english_question_gets_an_english_answer(copilot: Copilot, demo_store: Store):
    result = copilot.ask("m_baby", "t", "What was our GMV by channel last month?")
    assert result.tool_calls[0]["args"]["by"] == "channel"
    assert "GMV by channel" in result.answer
    rows = _scalar_rows(
        demo_store,
        "SELECT channel, SUM(total_amount) FROM orders WHERE merchant_id = :m AND status = 'paid' "
        "AND created_at >= '2026-10-01' AND created_at < '2026-11-01' GROUP BY channel",
        "m_baby",
    )
    for _channel, value in rows:
        assert value_in_answer(value, result.answer, 0.001)


def test_anomaly_explanation_names_the_planted_stock_out(copilot: Copilot, demo_store: Store):
    planted = _scalar_rows(
        demo_store,
        "SELECT p.title FROM demo_truth_anomalies a JOIN products p ON p.id = a.product_id "
        "WHERE a.merchant_id = :m AND a.cause = 'stock_out' AND a.end_date >= '2026-11-01'",
        "m_outdoor",
    )
    assert planted
    result = copilot.ask("m_outdoor", "t", "最近有什么异常吗？销量为什么掉了")
    assert result.tools_called == ["detect_sales_anomalies"]
    assert planted[0][0] in result.answer and "缺货" in result.answer


def test_an_english_anomaly_answer_names_products_in_english(copilot: Copilot, demo_store: Store):
    titles = _scalar_rows(
        demo_store,
        "SELECT p.title, p.title_en FROM demo_truth_anomalies a JOIN products p ON p.id = a.product_id "
        "WHERE a.merchant_id = :m AND a.cause = 'stock_out' AND a.end_date >= '2026-11-01'",
        "m_outdoor",
    )
    [(title, title_en)] = titles
    result = copilot.ask("m_outdoor", "t", "Any anomalies recently?")
    assert result.tools_called == ["detect_sales_anomalies"]
    assert title_en in result.answer and title not in result.answer


def test_free_form_question_runs_safe_sql(copilot: Copilot, demo_store: Store):
    result = copilot.ask("m_outdoor", "t", "哪些客户买了超过3次")
    assert "sql" in result.tool_calls[0]["args"]
    count = _scalar_rows(
        demo_store,
        "SELECT COUNT(*) FROM (SELECT customer_id FROM orders WHERE merchant_id = :m AND status = 'paid' "
        "GROUP BY customer_id HAVING COUNT(*) > 3) t",
        "m_outdoor",
    )[0][0]
    assert value_in_answer(count, result.answer, 0)


def test_unsupported_request_is_answered_honestly_without_tools(copilot: Copilot):
    result = copilot.ask("m_outdoor", "t", "帮我写一首关于秋天的诗")
    assert result.tool_calls == [] and "抱歉" in result.answer


def test_a_long_daily_series_says_which_rows_it_shows(copilot: Copilot, demo_store: Store):
    result = copilot.ask("m_outdoor", "t", "最近45天每天的GMV")
    assert "共 45 行，只显示最近 20 行" in result.answer and "前 20 行" not in result.answer
    assert "2026-11-20" in result.answer and "2026-10-07 —" not in result.answer
    english = copilot.ask("m_outdoor", "t2", "daily GMV for the last 45 days")
    assert "(45 rows; the latest 20 are shown" in english.answer


def test_an_english_ranking_names_products_in_english_and_as_the_store_does(copilot: Copilot, demo_store: Store):
    result = copilot.ask("m_outdoor", "t", "What were our top 3 products last month?")
    top = _scalar_rows(
        demo_store,
        TOP3_LAST_MONTH.replace("SELECT p.title,", "SELECT p.title, p.title_en,"),
        "m_outdoor",
    )
    for title, title_en, revenue in top:
        assert f"{title_en} ({title})" in result.answer
        assert value_in_answer(revenue, result.answer, 0.005)
    chinese = copilot.ask("m_outdoor", "t2", "上个月卖得最好的3个商品是什么？")
    assert all(title_en not in chinese.answer for _, title_en, _ in top)


def test_a_trait_the_store_does_not_record_is_said_and_the_items_buyers_shown_by_age(
    copilot: Copilot, demo_store: Store
):
    result = copilot.ask("m_outdoor", "t-trait", "买睡袋的客户男女比例多少")
    assert "没有记录性别" in result.answer
    [(band, buyers)] = _scalar_rows(
        demo_store,
        "SELECT c.age_band, COUNT(DISTINCT o.customer_id) AS n FROM orders o JOIN order_items oi ON oi.order_id = o.id "
        "JOIN customers c ON c.id = o.customer_id WHERE o.merchant_id = :m AND o.status = 'paid' "
        "AND oi.product_id = 'out_sleeping_bag' GROUP BY c.age_band ORDER BY n DESC LIMIT 1",
        "m_outdoor",
    )
    assert f"{band} — {buyers} —" in result.answer  # the item's buyers, never every customer on file


def test_a_name_the_sql_does_not_narrow_to_is_said_left_out(copilot: Copilot):
    copilot.ask("m_pet", "t-left-out", "这个月新客多少")
    follow = copilot.ask("m_pet", "t-left-out", "只算猫砂")
    assert "没有按「猫砂」筛选" in follow.answer
