"""What the ads used up (消耗, 烧了, said of the ads or of their platform: 千川, 直通车) is the ad platform's daily
report of spend, never the store's GMV."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("said", "since", "until"),
    [
        ("本月到目前千川一共消耗了多少", "2026-11-01", "2026-11-21"),
        ("前天直通车烧掉多少钱", "2026-11-18", "2026-11-19"),
        ("上个月付费流量消耗是多少", "2026-10-01", "2026-11-01"),
    ],
)
def test_spend_said_as_what_the_ads_used_up_is_the_ad_report(said: str, since: str, until: str) -> None:
    tool, args = first_call("m_outdoor", said)
    assert tool == "query_store_sales"
    sql = str(args.get("sql"))
    assert "FROM ad_daily" in sql and "SUM(a.spend)" in sql, args
    assert f"a.date >= '{since}'" in sql and f"a.date < '{until}'" in sql, sql
