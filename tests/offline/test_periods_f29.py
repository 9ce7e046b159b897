"""Periods in shorthand and dialect, ISO week numbers, a day range that runs into the next month, two months said
back to back, days counted from the previous question's period, yes/no questions that compare with the period
before, and a breakdown asked with 拆 before an English dimension."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("最近21d退款率", "last_21_days"),
        ("过去10d的访客", "last_10_days"),
        ("猫砂盆近45d销量", "last_45_days"),
        ("14d gmv", "last_14_days"),
        ("90dcvr", "last_90_days"),
        ("W44订单数", "2026-10-26..2026-11-01"),
        ("sales in w43", "2026-10-19..2026-10-25"),
        ("9月25号开始到3号的销量", "2026-09-25..2026-10-03"),
        ("7月8月的退款率", "2026-07-01..2026-08-31"),
    ],
)
def test_shorthand_periods_are_read(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize("text", ["3d glasses sales", "双12 D-day 客单价"])
def test_a_d_that_is_no_count_of_days_is_not_a_rolling_period(text: str) -> None:
    assert not str(period_read(text) or "").startswith("last_")


def test_a_festival_d_day_is_its_day_compared_with_a_year_before() -> None:
    _, args = first_call("m_baby", "618 D-day 订单数 vs 去年618 D-day")
    assert args["period"] == "2026-06-18..2026-06-18" and args["compare"] == "year_over_year"


@pytest.mark.parametrize(("text", "day"), [("前日子退款率多少", "2026-11-18"), ("大前日子卖了几单", "2026-11-17")])
def test_wu_day_words_name_the_day_and_no_product(text: str, day: str) -> None:
    _, args = first_call("m_outdoor", text)
    assert args["period"] == f"{day}..{day}" and "product" not in args


@pytest.mark.parametrize(
    ("texts", "period"),
    [
        (("近7天成交额多少", "再往前14天呢"), "2026-10-31..2026-11-13"),
        (("上周退款率", "后面3天呢"), "2026-11-16..2026-11-18"),
        (("what was gmv on 2026-11-02", "and the 3 days after that"), "2026-11-03..2026-11-05"),
        (("orders last week", "and the 2 weeks before that"), "2026-10-26..2026-11-08"),
    ],
)
def test_days_counted_from_the_previous_period(texts: tuple[str, str], period: str) -> None:
    _, args = first_call("m_pet", *texts)
    assert args["period"] == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("are the orders down this week?", "this_week"),
        ("revenue was up last month? pls check", "last_month"),
        ("上个月销量是不是比之前高", "last_month"),
        ("今年第二季度是不是比第一季度好", "2026-04-01..2026-06-30"),
    ],
)
def test_a_yes_no_change_question_compares_with_the_period_before(text: str, period: str) -> None:
    _, args = first_call("m_pet", text)
    assert args["period"] == period and args["compare"] == "previous_period"


def test_a_half_set_against_the_half_before_is_the_previous_period() -> None:
    _, args = first_call("m_baby", "今年下半年比今年上半年差吗")
    assert args["compare"] == "previous_period"


def test_months_back_to_back_that_are_not_consecutive_are_no_span() -> None:
    assert period_read("6月8月的退款率") != "2026-06-01..2026-08-31"


def test_a_breakdown_said_with_chai_before_the_english_dimension() -> None:
    _, args = first_call("m_pet", "上周成交额", "拆category")
    assert args["by"] == "category" and args["period"] == "last_week"
