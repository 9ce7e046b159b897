"""Periods of the 19th blind set's kind, in our own words: ISO weeks said as a range, weekdays of a week said by
name or number (and of two weeks), a follow-up keeping the weekdays or the week, the first/last days of a month
said month first, English comparisons said by length or "last" alone, "how's the week", the Christmas and Scottish
days of the one calendar, and a campaign's or estimate's days (a day range without its last 号, days by number,
one day alone, a holiday's day); a week of a month that Monday-to-Sunday weeks read otherwise is asked about.
Today is the demo's 2026-11-20, a Friday."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import normalise
from copilot.offline.planner import plan_next
from copilot.offline.recognizers.money import find_money
from copilot.offline.recognizers.schedule_days import find_schedule
from tests.offline.planned import TOOLS, first_call, period_read, sales_args
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("units sold in weeks 45 to 46", "2026-11-02..2026-11-15"),
        ("refund rate wk 41-42", "2026-10-05..2026-10-18"),
        ("gmv w43-w44 please", "2026-10-19..2026-11-01"),
        ("第42到44周的客单价", "2026-10-12..2026-11-01"),
        ("第40周至第41周卖了多少", "2026-09-28..2026-10-11"),
        ("paid orders wk 44", "2026-10-26..2026-11-01"),
    ],
)
def test_iso_weeks_said_as_a_range_run_from_the_first_monday_to_the_last_sunday(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("tue to thu last week", "2026-11-10..2026-11-12"),
        ("last week, wed-fri", "2026-11-11..2026-11-13"),
        ("thursday through saturday of the week before last", "2026-11-05..2026-11-07"),
        ("week 45 mon-thu", "2026-11-02..2026-11-05"),
        ("第45周周二到周四的销量", "2026-11-03..2026-11-05"),
        ("第44周的周六", "2026-10-31..2026-10-31"),
        ("上周二到这周一的单量", "2026-11-10..2026-11-16"),
        ("上上个星期五到上个星期三", "2026-11-06..2026-11-11"),
    ],
)
def test_weekdays_of_a_week_said_by_name_or_number(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("texts", "period"),
    [
        (["units tue-thu last week", "and fri-sun?"], "2026-11-13..2026-11-15"),
        (["上周二到周四的销售额", "那周五到周日呢"], "2026-11-13..2026-11-15"),
        (["gmv last week", "just mon to wed"], "2026-11-09..2026-11-11"),
        (["第46周周二到周四的单量", "我是说第44周"], "2026-10-27..2026-10-29"),
        (["这周二到周四卖了多少", "换成上上周"], "2026-11-03..2026-11-05"),
        (["gmv tue-thu this week", "make that week 45 instead"], "2026-11-03..2026-11-05"),
    ],
)
def test_a_follow_up_keeps_the_weekdays_or_the_week_it_does_not_name(texts: list[str], period: str) -> None:
    assert sales_args("m_pet", *texts)["period"] == period


@pytest.mark.parametrize(
    ("texts", "period"),
    [
        (["昨天的销售额", "换成上周"], "last_week"),  # a day said by name: the whole week named
        (["gmv week 47", "and week 46?"], "2026-11-09..2026-11-15"),  # a whole week: the whole week named
    ],
)
def test_a_whole_week_named_after_no_weekday_span_is_the_whole_week(texts: list[str], period: str) -> None:
    assert sales_args("m_pet", *texts)["period"] == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("refunds in october first five days", "2026-10-01..2026-10-05"),
        ("orders last month's final 3 days", "2026-10-29..2026-10-31"),
        ("september's last seven day sales", "2026-09-24..2026-09-30"),
    ],
)
def test_a_months_first_or_last_days_said_month_first(text: str, period: str) -> None:
    assert period_read(text) == period


def test_a_month_and_its_first_day_is_still_that_day() -> None:
    assert period_read("gmv on october first") == "2026-10-01"


@pytest.mark.parametrize(
    ("text", "period", "compare"),
    [
        ("units the past 3 weeks vs the 3 weeks before", "last_3_weeks", "previous_period"),
        ("gmv last 14 days against the 14 prior", "last_14_days", "previous_period"),
        ("paid orders last month compared with month before", "last_month", "previous_period"),
        ("revenue this month vs last", "this_month", "previous_period"),
        ("gmv this year so far compared with the same stretch last year", "this_year", "year_over_year"),
    ],
)
def test_english_comparisons_said_by_length_unit_or_last_alone(text: str, period: str, compare: str) -> None:
    args = sales_args("m_outdoor", text)
    assert (args["period"], args.get("compare")) == (period, compare), args


def test_hows_the_week_is_this_week_and_its_follow_up_keeps_the_comparison() -> None:
    first = sales_args("m_baby", "how has the week been vs last?")
    assert (first["period"], first.get("compare")) == ("this_week", "previous_period")
    args = sales_args("m_baby", "how has the week been vs last?", "and by region?")
    assert (args["period"], args.get("compare"), args.get("by")) == ("this_week", "previous_period", "region")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("gmv on boxing day last year", "2025-12-26..2025-12-26"),
        ("units on hogmanay", "2025-12-31..2025-12-31"),
        ("burns night sales", "2026-01-25..2026-01-25"),
        ("the most recent st andrew's day, gmv", "2025-11-30..2025-11-30"),
        ("平安夜的订单", "2025-12-24..2025-12-24"),
        ("去年圣诞节卖了多少", "2025-12-25..2025-12-25"),
        ("元旦那天的客单价", "2026-01-01..2026-01-01"),
        ("the week of christmas last year", "2025-12-22..2025-12-28"),
    ],
)
def test_christmas_and_scottish_days_are_days_of_the_one_calendar(text: str, period: str) -> None:
    assert period_read(text) == period


def test_a_holiday_of_the_calendar_names_no_product() -> None:
    args = sales_args("m_pet", "what sold best on st andrews day last year?")
    assert args["period"] == "2025-11-30..2025-11-30" and "product" not in args, args


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("元旦做个推广 1月1到3", "2027-01-01", "2027-01-03"),
        ("push the tents the 24th to the 26th", "2026-11-24", "2026-11-26"),
        ("promo from the 2nd to the 5th", "2026-12-02", "2026-12-05"),
        ("run it only on 12-05", "2026-12-05", "2026-12-05"),
        ("就12月3号当天投", "2026-12-03", "2026-12-03"),
        ("平安夜那天冲一下", "2026-12-24", "2026-12-24"),
    ],
)
def test_a_campaigns_days(text: str, start: str, end: str) -> None:
    schedule = find_schedule(normalise(text), DEMO_TODAY)
    assert (str(schedule.start), str(schedule.end)) == (start, end)


def test_a_start_or_end_said_on_a_day_is_not_a_one_day_campaign() -> None:
    schedule = find_schedule(normalise("end on 12/14"), DEMO_TODAY)
    assert schedule.end is None or str(schedule.start) != str(schedule.end)


def test_an_amount_in_wan_with_its_next_place_before_a_date_after_a_comma() -> None:
    assert [e.value for e in find_money(normalise("预算2万5，12月1号开始"))] == [25000]


def test_an_estimate_for_a_holidays_day_plans_that_day() -> None:
    tool, args = first_call("m_outdoor", "节礼日当天投3000广告，预计能带来多少成交")
    assert tool == "estimate_promotion_effect" and args.get("when") == "2026-12-26..2026-12-26", args


def _asked(merchant: str, *texts: str) -> str:
    """The planner's question back for the last of `texts` (asserted to call no tool)."""
    messages = [HumanMessage(text) for text in texts]
    message = plan_next(messages, catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls, message.tool_calls
    return str(message.content)


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # September 2026 starts on a Tuesday: days 1-7, the week holding the 1st, the week from the first Monday
        ("9月第1周的客单价", ["2026-09-01 .. 2026-09-07", "2026-08-31 .. 2026-09-06", "2026-09-07 .. 2026-09-13"]),
        # August 2026 ends on a Monday: its last 7 days, its last whole week, the week holding the 31st
        ("units the last week of august", ["2026-08-25 .. 2026-08-31", "2026-08-24 .. 2026-08-30"]),
    ],
)
def test_a_week_of_a_month_that_weeks_read_otherwise_is_asked_about_with_each_readings_dates(
    text: str, dates: list[str]
) -> None:
    asked = _asked("m_pet", text)
    assert all(one in asked for one in dates) and ("?" in asked or "？" in asked), asked


def test_a_week_of_a_month_starting_on_a_monday_is_answered() -> None:
    # June 2026 starts on a Monday: its first week is June 1-7 whichever way it is counted
    assert sales_args("m_pet", "6月第1周的销量")["period"] == "2026-06-01..2026-06-07"


def test_the_dates_given_after_the_question_are_answered() -> None:
    args = sales_args("m_pet", "9月第1周的客单价", "9月7号到13号")
    assert (args["period"], args["metric"]) == ("2026-09-07..2026-09-13", "aov")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("11月第1到2周的销量", "2026-11-01..2026-11-14"),  # weeks of a month, read as its days (not ISO weeks 1-2)
        ("上个月第2到3周的单量", "2026-10-08..2026-10-21"),
        ("gmv weeks 1 and 2 of november", "2026-11-01..2026-11-14"),
        ("weeks 3-5 of october, refunds", "2026-10-15..2026-10-31"),
    ],
)
def test_weeks_of_a_month_said_by_place_are_its_days(text: str, period: str) -> None:
    assert period_read(text) == period


def test_to_date_words_after_a_numbered_week_are_part_of_it() -> None:
    assert period_read("第47周到目前为止的销量") == "2026-11-16..2026-11-20"
    assert "product" not in sales_args("m_outdoor", "wk 47 so far, revenue by channel")


def test_a_short_weekday_inside_a_product_name_moves_no_follow_up_period() -> None:
    args = sales_args("m_outdoor", "units tue-thu last week", "and the sun hats?")
    assert args["period"] == "2026-11-10..2026-11-12" and args.get("product") == "out_sun_hat", args
