"""The ad platform's daily report is readable by the sales analyst, and only the asking merchant's rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, insert

from copilot.analytics.service import run_query_store_sales
from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.store import Store
from copilot.store.models import AdDaily
from tools.schema import describe_tables


def _report(merchant: str, day: int, channel: str, spend: str, gmv: str) -> dict[str, object]:
    return {
        "id": f"{merchant}:2026-11-{day:02d}:{channel}:",
        "merchant_id": merchant,
        "date": date(2026, 11, day),
        "channel": channel,
        "campaign_id": None,
        "spend": Decimal(spend),
        "impressions": 10_000,
        "clicks": 300,
        "attributed_orders": 12,
        "attributed_gmv": Decimal(gmv),
    }


def test_ad_spend_by_channel_is_answered_from_ad_daily_for_the_asking_merchant_only(demo_store: Store, tmp_path: Path):
    rows = [
        _report("m_outdoor", 18, "search", "800.00", "4000.00"),
        _report("m_outdoor", 19, "search", "700.00", "3600.00"),
        _report("m_outdoor", 19, "live", "500.00", "1500.00"),
        _report("m_pet", 19, "search", "99999.00", "1.00"),
    ]
    with demo_store.engine.begin() as conn:
        conn.execute(delete(AdDaily))  # the demo's own ad history: these rows alone make the expected figures
        conn.execute(insert(AdDaily), rows)
    ctx = Context(
        merchant_id="m_outdoor",
        store=demo_store,
        settings=Settings(data_dir=tmp_path / "data"),
        clock=demo_clock(),
    )

    out = run_query_store_sales(
        ctx,
        sql="SELECT channel, SUM(spend) AS spend, SUM(attributed_gmv) * 1.0 / SUM(spend) AS roas "
        "FROM ad_daily GROUP BY channel ORDER BY channel",
    )

    assert [(row[0], round(float(row[1]), 2), round(float(row[2]), 2)) for row in out.payload["rows"]] == [
        ("live", 500.0, 3.0),
        ("search", 1500.0, 5.07),
    ]


def test_the_schema_the_model_reads_describes_ad_daily():
    schema = describe_tables("sqlite")
    assert "ad_daily" in schema and "attributed_gmv" in schema and "always-on" in schema
