"""Dates pasted in mixed formats and periods moved a year (fresh32): month-day with a dash ("11-03 ~ 11-09"), a
year said after the day ("3 Nov 去年", "the 11/11 of the last year"), dotted ranges day first in English words
("from 2.11 to 8.11"), the one day meant within a festival ("the 618 of this year, only the day 18/6"); dates that
name no one period for sure are asked about (no such day, cut off, either way round, not yet come); "去年同期呢"
and "the same days of the last year?" move the previous question's days a year back (no comparison added); a
plan's days from a holiday and a count ("元旦三天"), days of next month ("下个月1号到15号") and a length said before
the plan ("两周的方案"); an occasion's name beside its dates names no product; 额 typed as 颜/鹅 is the money
word."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read, plan_next_answer, sales_args


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("11-03 ~ 11-09 按天GMV", "2026-11-03..2026-11-09"),
        ("11-03至11-09 毛利率", "2026-11-03..2026-11-09"),
        ("orders from 10-15 to 10-21", "2026-10-15..2026-10-21"),
        ("09-01以来的订单", "2026-09-01..2026-11-20"),
    ],
)
def test_month_day_written_with_a_dash(said: str, period: str) -> None:
    assert sales_args("m_outdoor", said)["period"] == period


@pytest.mark.parametrize("said", ["买了5-8件的客户", "9-10月的销量", "3-10 nov orders"])
def test_counts_months_and_days_of_a_named_month_stay_as_they_were(said: str) -> None:
    assert period_read(said) != "2026-05-08..2026-05-08"
    assert period_read("9-10月的销量") == "2026-09-01..2026-10-31"
    assert period_read("3-10 nov orders") == "2026-11-03..2026-11-10"


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("3 Nov 去年 订单数", "2025-11-03..2025-11-03"),
        ("去年11月3号的订单", "2025-11-03..2025-11-03"),
        ("11月3号 去年 卖了多少", "2025-11-03..2025-11-03"),
        ("orders on the 11/11 of the last year", "2025-11-11..2025-11-11"),
        ("orders the 12/11 of last year", "2025-11-12..2025-11-12"),
    ],
)
def test_a_year_said_beside_a_day_moves_it(said: str, period: str) -> None:
    assert sales_args("m_outdoor", said)["period"] == period


def test_a_day_of_last_year_asked_after_this_years() -> None:
    texts = ["How many orders we have the 11/11?", "and the 12/11?", "and the 11/11 of the last year?"]
    assert sales_args("m_baby", *texts[:2])["period"] in ("2026-11-12", "2026-11-12..2026-11-12")
    assert sales_args("m_baby", *texts)["period"] == "2025-11-11..2025-11-11"


def test_a_year_compared_after_a_day_does_not_move_it() -> None:
    assert period_read("11月3号去年同期比") == "2026-11-03"
    assert period_read("1/2 of buyers") is None


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("sales from 2.11 to 8.11", "2026-11-02..2026-11-08"),
        ("gmv between 20.10 and 27.10 by day", "2026-10-20..2026-10-27"),
        ("orders from 1.10 to 15.10", "2026-10-01..2026-10-15"),
        ("11.1-11.11 成交额", "2026-11-01..2026-11-11"),
    ],
)
def test_a_dotted_range_within_one_month(said: str, period: str) -> None:
    assert sales_args("m_outdoor", said)["period"] == period


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("How much we sell in the 618 of this year, only the day 18/6?", "2026-06-18"),
        ("双11期间，只看11月11号的成交额", "2026-11-11..2026-11-11"),
        ("gmv in october, just the 10/15", "2026-10-15..2026-10-15"),
    ],
)
def test_the_only_day_meant_within_a_period(said: str, period: str) -> None:
    assert sales_args("m_baby", said)["period"] == period


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("2026/11/31 订单数", "“2026/11/31”不是日历上有的日子"),
        ("2月30号的订单", "“2月30号”不是日历上有的日子"),
        ("orders on 11/31", '"11/31" is not a day on the calendar'),
        ("2026-02-29 gmv", '"2026-02-29" is not a day on the calendar'),
        ("成交额 2026/11/3-2026/11", "没写完整"),
        ("gmv 2026/11/3 -", "looks cut off"),
        ("3/11-9/11 成交额", "2026-03-11 至 2026-09-11（月/日），或 2026-11-03 至 2026-11-09（日/月）"),
        ("1/10-5/10 的订单", "两种读法"),
        ("12.1-12.12 成交额", "如果是今年（2026-12-01 至 2026-12-12），还没到"),
        ("12月20号到25号卖了多少", "去年的 2025-12-20 至 2025-12-25"),
        ("dec 1 to dec 12 gmv", "last year's 2025-12-01 to 2025-12-12"),
        ("12/24 sales", "has not come yet"),
    ],
)
def test_dates_in_doubt_are_asked_about(said: str, words: str) -> None:
    assert words in plan_next_answer("m_pet", said)


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("2026/10/1-2026/10/7 成交额", "2026-10-01..2026-10-07"),
        ("12.12 成交额", "2025-12-12..2025-12-12"),
        ("12.12当天成交额", "2025-12-12..2025-12-12"),
        ("2025/12/1-2025/12/12 成交额", "2025-12-01..2025-12-12"),
        ("11/3-11/9 成交额", "2026-11-03..2026-11-09"),
        ("from 3/11 to 9/11 gmv", "2026-11-03..2026-11-09"),
    ],
)
def test_dates_that_name_one_period_are_read(said: str, period: str) -> None:
    assert sales_args("m_pet", said)["period"] == period


@pytest.mark.parametrize(
    ("texts", "period"),
    [
        (["11.1-11.11 各品类成交额", "同期去年"], "2025-11-01..2025-11-11"),
        (["11.1-11.11 各品类成交额", "去年同期呢"], "2025-11-01..2025-11-11"),
        (["上个月冲锋衣的销售额", "去年同月呢"], "2025-10-01..2025-10-31"),
        (["这个月帐篷卖了多少", "去年同一时间呢"], "2025-11-01..2025-11-20"),
        (
            ["gmv of the tents from 3/11 to 16/11 by day", "and the same days of the last year?"],
            "2025-11-03..2025-11-16",
        ),
        (["orders last week", "same week last year?"], "2025-11-09..2025-11-15"),
    ],
)
def test_the_same_days_a_year_earlier_move_the_period(texts: list[str], period: str) -> None:
    args = sales_args("m_outdoor", *texts)
    assert args["period"] == period
    assert "compare" not in args
    first = sales_args("m_outdoor", texts[0])
    assert {k: v for k, v in args.items() if k != "period"} == {k: v for k, v in first.items() if k != "period"}


@pytest.mark.parametrize(
    "texts",
    [
        ["上个月的GMV", "跟去年同期比呢？"],
        ["这个月帐篷卖了多少", "跟去年同期对比一下"],
        ["gmv last month", "vs the same period last year"],
        ["gmv last month", "compare with the same month of the previous year"],
    ],
)
def test_the_same_days_a_year_earlier_set_against_it_compare(texts: list[str]) -> None:
    args = sales_args("m_outdoor", *texts)
    assert args["compare"] == "year_over_year"
    assert args["period"] == sales_args("m_outdoor", texts[0])["period"]


@pytest.mark.parametrize(
    ("merchant", "said", "start", "end"),
    [
        ("m_baby", "元旦三天做个活动，budget 2万，主推安全座椅", "2027-01-01", "2027-01-03"),
        ("m_pet", "元旦2天推猫粮 预算2000", "2027-01-01", "2027-01-02"),
        ("m_outdoor", "帐篷做个方案，预算1.2万，下个月1号到15号", "2026-12-01", "2026-12-15"),
        ("m_pet", "猫砂下月5号至20号推一下，预算3000", "2026-12-05", "2026-12-20"),
        ("m_pet", "给猫砂做个两周的方案，下周一开始，总预算4000", "2026-11-23", "2026-12-06"),
        ("m_pet", "猫砂做个10天的推广，12月5号开始，预算3000", "2026-12-05", "2026-12-14"),
    ],
)
def test_a_plans_days(merchant: str, said: str, start: str, end: str) -> None:
    tool, args = first_call(merchant, said)
    assert tool == "draft_campaign"
    assert (args["start"], args["end"]) == (start, end)


@pytest.mark.parametrize(
    "said",
    ["年货节 2026/1/5-2026/1/25 成交额 按周", "开学季 8/20-9/10 冲锋衣销量", "店庆 10.1-10.7 的订单"],
)
def test_an_occasion_beside_its_dates_names_no_product(said: str) -> None:
    args = sales_args("m_outdoor", said)
    assert "product" not in args
    assert args["period"].startswith("2026-")


def test_an_occasion_without_dates_is_still_asked() -> None:
    assert "时间段" in plan_next_answer("m_outdoor", "年货节卖得怎么样")


@pytest.mark.parametrize("said", ["2026/11/11 单日 各品类成交颜", "上个月销售鹅多少", "昨天的营业饿"])
def test_the_money_word_typed_with_a_slip(said: str) -> None:
    args = sales_args("m_outdoor", said)
    assert args["metric"] in ("gmv", "revenue")
    assert "product" not in args
