"""A daily average ("日均", "average daily orders") is said as the total over the period's days, before the daily
series (was the series alone: the average asked for was never stated). Rates have no daily average."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from copilot.service import Copilot
from copilot.store import Store


def _paid_in_october(store: Store, merchant: str) -> tuple[int, float]:
    sql = "SELECT total_amount, created_at FROM orders WHERE merchant_id = :m AND status = 'paid'"
    orders, gmv = 0, 0.0
    with store.engine.connect() as conn:
        for amount, created in conn.execute(text(sql), {"m": merchant}):
            at = created if isinstance(created, datetime) else datetime.fromisoformat(str(created))
            if datetime(2026, 10, 1) <= at.replace(tzinfo=None) < datetime(2026, 11, 1):
                orders, gmv = orders + 1, gmv + float(amount)
    return orders, gmv


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("10月份平均每天成交多少钱", "日均成交额GMV ¥{gmv:,.2f}（31 天"),
        ("what were our avg daily orders in October", "Average daily paid orders for October 2026 (2026-10-01"),
    ],
)
def test_the_daily_average_is_the_total_over_the_days(
    copilot: Copilot, demo_store: Store, question: str, said: str
) -> None:
    orders, gmv = _paid_in_october(demo_store, "m_pet")
    answer = copilot.ask("m_pet", "daily-average", question).answer
    assert said.format(gmv=gmv / 31) in answer, answer
    if "orders" in question:
        assert f"{orders / 31:,.2f} (the total over 31 days" in answer, answer


def test_a_rate_has_no_daily_average(copilot: Copilot) -> None:
    answer = copilot.ask("m_pet", "daily-rate", "10月日均退款率").answer
    assert "日均" not in answer.splitlines()[0], answer
