"""Periods said in the books' words (fresh21's kinds): a range with both ends ("between A and B, inclusive"), a
named quarter or month with the day it closes on (the period, never that one day), a fiscal quarter (the calendar
months of the merchant's fiscal year, asked when its first month is not said), a year so far listed by month, and
two periods compared in mixed wording."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read, plan_next_answer, sales_args


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("units between 2026-09-05 and 2026-10-04, inclusive", "2026-09-05..2026-10-04"),
        ("gmv between 2026-08-01 and 2026-08-20 both days counted", "2026-08-01..2026-08-20"),
        ("介于2026-10-03和2026-10-09之间的销量", "2026-10-03..2026-10-09"),
        ("在10月3日到10月9日之间卖了多少", "2026-10-03..2026-10-09"),
    ],
)
def test_a_range_said_between_two_days_is_both_days_and_all_between(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("gmv for q2, through jun 30 inclusive", "2026-04-01..2026-06-30"),
        ("6月30日结账，二季度的销售额", "2026-04-01..2026-06-30"),
        ("截至9月30日的三季度退款率", "2026-07-01..2026-09-30"),
        ("august close, which runs to aug 31: units", "2026-08"),
    ],
)
def test_the_day_a_named_period_closes_on_is_not_the_period(text: str, period: str) -> None:
    assert period_read(text) == period


def test_a_closing_day_that_is_not_the_named_periods_last_stays_a_day() -> None:
    assert period_read("截至9月15日结账的销售额") == "2026-09-15"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("我们的财年从4月开始，本财年第三季度的销售额", "2026-10-01..2026-11-20"),
        ("财年是7月1号起算的，上财年第一季度的退款率", "2025-07-01..2025-09-30"),
        ("our fiscal year begins in april. gmv for fiscal q2?", "2026-07-01..2026-09-30"),
        ("fiscal year starts october 1st, units in last fiscal year's first quarter", "2025-10-01..2025-12-31"),
    ],
)
def test_a_fiscal_quarter_is_counted_from_the_first_month_said(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize("text", ["本财年第二季度的毛利率是多少", "what were sales in fiscal Q3?"])
def test_a_fiscal_quarter_without_its_years_first_month_is_asked(text: str) -> None:
    answer = plan_next_answer("m_pet", text)
    assert "财年" in answer or "fiscal year" in answer


@pytest.mark.parametrize(
    ("merchant", "text", "period"),
    [
        ("m_outdoor", "month-end close: october units, please", "2026-10"),
        ("m_pet", "10月结账用的毛利率", "2026-10"),
    ],
)
def test_the_books_words_name_no_product(merchant: str, text: str, period: str) -> None:
    args = sales_args(merchant, text)
    assert args["period"] == period and "product" not in args


@pytest.mark.parametrize(
    "text",
    ["今年到现在的退款率，分月份列出来", "年初至今的营业额每一个月都列一下", "units month by month for 2026 so far"],
)
def test_the_year_so_far_listed_by_month(text: str) -> None:
    assert sales_args("m_baby", text)["by"] == "month"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("本 week 的客单价和上个 week 比一比", "this_week"),
        ("这个month的GMV vs 上个month", "this_month"),
        ("这周猫砂卖得咋样？搭上周比比", "this_week"),
        ("did revenue dip this week? compare it with last week pls", "this_week"),
        ("本月哪个品类销售额掉得最多，跟上一段时间比", "this_month"),
        ("上周猫砂卖了几袋，和前一个星期比比", "last_week"),
    ],
)
def test_a_period_set_against_the_one_before_in_mixed_wording_is_compared(text: str, period: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "query_store_sales"
    assert (args["period"], args["compare"]) == (period, "previous_period")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("what did we sell this entire week", "this_week"),
        ("这整个星期卖了多少", "this_week"),
        ("abeg, the week wey pass, how much we sell?", "last_week"),
        ("refund rate for the month wen pass", "last_month"),
    ],
)
def test_a_whole_week_or_the_one_gone_by(text: str, period: str) -> None:
    assert period_read(text) == period


def test_the_average_order_value_said_at_length_is_no_count_of_items() -> None:
    text = "麻烦看一下客单价，也就是平均每单多少钱，这个月到目前，再和去年同期比较一下，谢谢"
    args = sales_args("m_baby", text)
    assert (args["metric"], args["period"], args["compare"]) == ("aov", "this_month", "year_over_year")


def test_product_revenue_of_one_product_over_a_closed_quarter_is_its_total() -> None:
    args = sales_args("m_outdoor", "product revenue of the pro hardshell for Q2, through June 30 inclusive")
    assert args == {"metric": "revenue", "period": "2026-04-01..2026-06-30", "product": "out_shell_pro"}


def test_the_month_before_said_with_qiantou_is_the_previous_period() -> None:
    args = sales_args("m_pet", "上个月退款率多少", "跟前头一个月比一比")
    assert (args["period"], args["compare"]) == ("last_month", "previous_period")
