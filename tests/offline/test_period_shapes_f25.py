"""Periods: New Zealand's Labour Weekend (the fourth Monday of October and the two days before), the days since a
launch ("上架3天了"), a month written the ISO way ("2025-08") and the same number of weeks before ("比前面两周")."""

from __future__ import annotations

from tests.offline.planned import period_read, sales_args


def test_labour_weekend_is_new_zealands() -> None:
    assert period_read("orders over labour weekend") == "2026-10-24..2026-10-26"


def test_labour_day_weekend_stays_north_american() -> None:
    assert period_read("orders over labour day weekend") == "2026-09-05..2026-09-07"


def test_days_since_launch() -> None:
    assert period_read("新品上架3天了卖了几件") == "2026-11-17..2026-11-20"
    assert period_read("it's been live 6 days, any orders") == "2026-11-14..2026-11-20"


def test_iso_month_compared_with_a_year_before() -> None:
    args = sales_args("m_pet", "orders 2026-08 vs 2025-08")
    assert args == {"metric": "paid_orders", "period": "2026-08", "compare": "year_over_year"}


def test_a_whole_date_is_no_month() -> None:
    assert period_read("gmv 2026-08-03 to 2026-08-09") == "2026-08-03..2026-08-09"


def test_against_the_weeks_before() -> None:
    args = sales_args("m_pet", "猫粮这三周卖得怎么样，比前面三周好吗")
    assert args.get("compare") == "previous_period" and args.get("category") == "猫粮"
