"""The ad platform's report (ad_daily) asked per channel and period: return on ad spend, click-through rate,
clicks, spend, day by day. The offline model answers from the report by a SQL template that keeps the channel and
the period said, never from the store's GMV or a promotion estimate; the SQL runs on the sales tool."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, insert

from copilot.analytics.service import run_query_store_sales
from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.store import Store
from copilot.store.models import AdDaily
from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("merchant", "text", "channel", "since", "until"),
    [
        ("m_pet", "直播渠道这个月的点击率多少", "live", "2026-11-01", "2026-11-21"),
        ("m_baby", "搜索那边上个月广告花了多少钱，又带回来多少成交", "search", "2026-10-01", "2026-11-01"),
        (
            "m_outdoor",
            "pull the recommend ROAS for september off the ads dashboard",
            "recommend",
            "2026-09-01",
            "2026-10-01",
        ),
        ("m_outdoor", "live click-through rate and impressions over the past week", "live", "2026-11-14", "2026-11-21"),
    ],
)
def test_a_channels_ad_figures_come_from_the_report_with_channel_and_period(
    merchant: str, text: str, channel: str, since: str, until: str
) -> None:
    args = sales_args(merchant, text)
    assert "metric" not in args and "FROM ad_daily" in args["sql"]
    assert f"a.channel IN ('{channel}')" in args["sql"]
    assert f"a.date >= '{since}' AND a.date < '{until}'" in args["sql"]


def test_the_report_by_day_groups_by_date() -> None:
    sql = sales_args("m_baby", "搜索的点击率最近两周每天走势")["sql"]
    assert "GROUP BY a.date" in sql and "a.channel IN ('search')" in sql


def test_a_return_of_a_period_alone_is_still_the_promotion_readout() -> None:
    assert first_call("m_outdoor", "上个月ROI怎么样")[0] == "estimate_promotion_effect"


def _row(day: int, channel: str, spend: str, gmv: str) -> dict[str, object]:
    return {
        "id": f"m_outdoor:2026-11-{day:02d}:{channel}:",
        "merchant_id": "m_outdoor",
        "date": date(2026, 11, day),
        "channel": channel,
        "campaign_id": None,
        "spend": Decimal(spend),
        "impressions": 10_000,
        "clicks": 250,
        "attributed_orders": 5,
        "attributed_gmv": Decimal(gmv),
    }


def test_the_report_sql_runs_and_counts_the_channel_said_only(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.engine.begin() as conn:
        conn.execute(delete(AdDaily))
        conn.execute(insert(AdDaily), [_row(18, "search", "400.00", "2000.00"), _row(19, "live", "900.00", "900.00")])
    ctx = Context(
        merchant_id="m_outdoor", store=demo_store, settings=Settings(data_dir=tmp_path / "data"), clock=demo_clock()
    )
    sql = sales_args("m_outdoor", "search ROAS and CTR this week from the ad report")["sql"]
    out = run_query_store_sales(ctx, sql=sql)
    [row] = out.payload["rows"]
    columns = out.payload["columns"]
    figures = dict(zip(columns, row, strict=True))
    assert float(figures["spend"]) == 400.0 and float(figures["roas"]) == 5.0 and float(figures["ctr_pct"]) == 2.5
