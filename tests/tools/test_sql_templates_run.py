"""Every SQL template of the offline model (data/sql_templates.yaml), and each of its breakdowns, runs through
query_store_sales on SQLite and returns rows: a template the read-only checker refuses or the database cannot run
would answer a merchant's question with an error."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from copilot.analytics.service import run_query_store_sales
from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.offline.sql_templates import sql_templates, template_sql
from copilot.store import Store
from tests.tools.sales_data import build_sales_store


@pytest.fixture(scope="module")
def templates_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('templates') / 'sales.db'}")
    build_sales_store(store)
    yield store
    store.close()


@pytest.mark.parametrize("name", sorted(sql_templates()))
def test_each_template_runs_with_a_period(name: str, templates_store: Store, tmp_path: Path) -> None:
    ctx = Context(merchant_id="m_a", store=templates_store, settings=Settings(data_dir=tmp_path), clock=demo_clock())
    sql = template_sql({"template": name, "period": "last_month"}, date(2026, 11, 20), "sqlite")
    assert sql
    out = run_query_store_sales(ctx, sql=sql)
    assert "columns" in out.payload, out.text


def test_money_of_goods_sold_adds_up() -> None:
    """Gross profit is revenue less the cost of goods, on the same paid orders; both break down by month and by
    category (a breakdown asked for is kept, never dropped)."""
    today = date(2026, 11, 20)
    profit = template_sql({"template": "gross_profit", "period": "this_year", "by": "month"}, today, "sqlite") or ""
    assert "gross_profit" in profit and "GROUP BY month" in profit and ">= '2026-01-01'" in profit
    cogs = template_sql({"template": "cost_of_goods", "by": "category"}, today, "postgresql") or ""
    assert "oi.quantity * p.cost" in cogs and "GROUP BY p.category" in cogs
