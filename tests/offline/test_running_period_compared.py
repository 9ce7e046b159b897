"""A comparison with the unit just before ("vs last month", "比上周") in a question that names no period asks about
the running one (this month or this week to date), compared with the one before; a question in a thread that
names no period keeps the thread's period."""

from __future__ import annotations

import pytest

from tests.offline.planned import sales_args


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("退款率较上月有没有好转", "this_month"),
        ("are paid orders up or down on last month", "this_month"),
        ("这周卖的件数跟上礼拜比差多少", "this_week"),
        ("conversion vs last week?", "this_week"),
    ],
)
def test_no_period_compared_with_the_unit_before_is_the_running_one(said: str, period: str) -> None:
    args = sales_args("m_pet", said)
    assert args.get("period") == period and args.get("compare") == "previous_period", args


def test_a_comparison_with_no_unit_keeps_the_tools_window() -> None:
    assert "period" not in sales_args("m_pet", "GMV 环比呢")


def test_in_a_thread_the_earlier_period_is_kept() -> None:
    args = sales_args("m_pet", "9月猫粮卖了多少钱", "客单价呢，跟上个月比")
    assert args.get("period") == "2026-09", args
