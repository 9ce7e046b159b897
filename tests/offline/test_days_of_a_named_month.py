"""Two days of a month named by its place ("本月3号到10号", "上个月5日至18日", "last month, 2nd-9th"): those days, not
the whole month."""

from __future__ import annotations

import pytest

from tests.offline.planned import sales_args


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("本月3号到10号的订单数", "2026-11-03..2026-11-10"),
        ("上个月5日至18日 退款率多少", "2026-10-05..2026-10-18"),
        ("last month, 2nd-9th, how many units", "2026-10-02..2026-10-09"),
        ("上上个月的1号到7号 GMV", "2026-09-01..2026-09-07"),
    ],
)
def test_days_of_a_month_named_by_its_place(said: str, period: str) -> None:
    assert sales_args("m_outdoor", said).get("period") == period
