"""Period words and dates of the f27 kinds: dialect day words (昨个, 前个), "the precedent month" (French English
for the previous one), "since the beginning of the month" (the month to date) and dates written with a slash,
read month/day or day/month (copilot/offline/recognizers/slash_dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from copilot.offline.recognizers.slash_dates import read_slashes
from tests.offline.planned import draft_turn, first_call, sales_args


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("昨个猫砂卖了几包", "yesterday"),
        ("昨个儿猫粮卖了多少钱", "yesterday"),
        ("前个一共多少钱", "2026-11-18..2026-11-18"),
        ("大前个的订单数", "2026-11-17..2026-11-17"),
        ("前个月的毛利", "2026-09"),
    ],
)
def test_dialect_day_words(said: str, period: str) -> None:
    assert sales_args("m_pet", said)["period"] == period


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("what was the refund rate the precedent month", "last_month"),
        ("orders from Beijing during the precedent week", "last_week"),
        ("our GMV of the precedent year please", "last_year"),
    ],
)
def test_the_precedent_period_is_the_last_one(said: str, period: str) -> None:
    args = sales_args("m_outdoor", said)
    assert args["period"] == period
    assert "product" not in args and "category" not in args


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("margin on the tents since the beginning of the month", "this_month"),
        ("paid orders since the start of the week", "this_week"),
        ("GMV since the beginning of the year", "this_year"),
    ],
)
def test_since_the_beginning_of_a_period_runs_to_today(said: str, period: str) -> None:
    assert sales_args("m_outdoor", said)["period"] == period


TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("units from 02/11 to 14/11", "units from nov 2 to nov 14"),  # 14/11 is only a date day first
        ("revenue since 03/08", "revenue since aug 3"),  # Aug 3 is later than Mar 8
        ("gmv on 05/11/2025", "gmv on nov 5 2025"),
        ("orders from 10/02 to 10/09", "orders from 10/02 to 10/09"),  # Oct 2 to Oct 9 is the latest past reading
        ("11/16 sales", "11/16 sales"),  # only month first is a date
        ("gmv 12/1 to 12/7 last year", "gmv 12/1 to 12/7 last year"),  # a range within one month: December
        ("gmv from 1/11 to 3/11", "gmv from nov 1 to nov 3"),  # within November read day first
        ("12/3到12/9的订单", "12/3到12/9的订单"),  # among Chinese words: month first
        ("1/3的客户来自上海", "1/3的客户来自上海"),
        ("打7/5折的商品", "打7/5折的商品"),
        ("1/4 of the buyers", "1/4 of the buyers"),
        ("24/7 live room", "24/7 live room"),
    ],
)
def test_slash_dates_read_as_the_date_meant(said: str, read: str) -> None:
    assert read_slashes(said, TODAY) == read


def test_a_day_first_range_and_a_since_in_a_query() -> None:
    assert sales_args("m_outdoor", "units of tents from 02/11 to 14/11")["period"] == "2026-11-02..2026-11-14"
    assert sales_args("m_outdoor", "GMV by channel since 03/08")["period"] == "2026-08-03..2026-11-20"
    assert sales_args("m_outdoor", "gmv of the tents on the 04/11")["period"] in (
        "2026-11-04",
        "2026-11-04..2026-11-04",
    )


def test_a_day_first_schedule_edit_of_a_draft() -> None:
    earlier = draft_turn(
        "Draft a clearance for the tents, budget 4 000",
        {"objective": "clearance", "category": "帐篷", "budget": 4000},
        {"id": "cmp1", "objective": "clearance", "category": "帐篷", "budget_total": 4000},
    )
    tool, args = first_call("m_outdoor", "run it from 25/11 until 29/11", earlier=earlier)
    assert tool == "draft_campaign"
    assert (args["start"], args["end"]) == ("2026-11-25", "2026-11-29")
