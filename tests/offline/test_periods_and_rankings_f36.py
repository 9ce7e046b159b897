"""Periods and rankings said in a merchant's own way (classes of wording first seen in the fresh36 blind set, tested
here in other words, products and languages): a public holiday's days off, days since or after a festival or
holiday, dates written day first with a dash, whole weeks, days or months with the current one left out, two days
set side by side, a measure asked per day, and a ranking's count said around a hesitation."""

from __future__ import annotations

from tests.offline.planned import draft_turn, first_call, period_read, sales_args

GOLDEN_WEEK = "2026-10-01..2026-10-07"


def test_a_holiday_named_plainly_is_its_days_off() -> None:
    assert period_read("国庆节的客单价") == GOLDEN_WEEK
    assert period_read("national day revenue by channel") == GOLDEN_WEEK
    assert period_read("去年国庆节的订单") == "2025-10-01..2025-10-07"


def test_the_week_of_a_holiday_is_its_days_off() -> None:
    assert period_read("国庆这个礼拜退款率高不高") == GOLDEN_WEEK
    assert period_read("orders in the week of national day") == GOLDEN_WEEK


def test_a_holidays_day_singled_out_is_that_day() -> None:
    assert period_read("国庆节当天的单量") == "2026-10-01..2026-10-01"
    assert period_read("how much did we sell on national day") == "2026-10-01..2026-10-01"


def test_since_a_holiday_or_festival_runs_from_its_first_day_to_today() -> None:
    assert period_read("自国庆至今的退款率") == "2026-10-01..2026-11-20"
    assert period_read("双11以来卖了多少") == "2026-11-11..2026-11-20"
    assert period_read("refunds since national day please") == "2026-10-01..2026-11-20"
    assert period_read("去年国庆以来一共多少单") == "2025-10-01..2026-11-20"


def test_after_a_holiday_or_festival_ended_runs_from_the_day_after_it() -> None:
    assert period_read("国庆过后卖了多少") == "2026-10-08..2026-11-20"
    assert period_read("ever since 618 finished, how many units") == "2026-06-19..2026-11-20"
    assert period_read("orders since the end of double 11") == "2026-11-12..2026-11-20"
    assert period_read("618后3天的订单") == "2026-06-19..2026-06-21"  # days counted after it stay those days


def test_dates_written_day_first_with_a_dash_in_english() -> None:
    assert sales_args("m_pet", "orders from 2-11 until 8-11 by channel")["period"] == "2026-11-02..2026-11-08"
    assert sales_args("m_outdoor", "revenue from 28-9 to 4-10")["period"] == "2026-09-28..2026-10-04"
    refunds = sales_args("m_outdoor", "what were the refunds on 14-10?")
    assert refunds["period"] in ("2026-10-14", "2026-10-14..2026-10-14")


def test_a_plan_with_dashed_day_first_dates_runs_between_them() -> None:
    tool, args = first_call("m_outdoor", "Draft a campaign for the tent, budget 8000, from 1-12 till 10-12.")
    assert tool == "draft_campaign"
    assert (args["start"], args["end"]) == ("2026-12-01", "2026-12-10")


def test_a_plans_stop_day_written_day_first_is_its_new_end() -> None:
    plan = {"objective": "launch", "product": "out_tent_family", "budget": 8000}
    plan.update(start="2026-12-01", end="2026-12-31")
    earlier = draft_turn("Plan for the tent, 8000, 1 dec to 31 dec", plan, {"id": 1, **plan})
    tool, args = first_call("m_outdoor", "Too long, stop the plan on 20-12.", earlier=earlier)
    assert (tool, args) == ("draft_campaign", {"edit": True, "end": "2026-12-20"})


def test_a_dashed_date_among_chinese_words_stays_month_first() -> None:
    assert sales_args("m_outdoor", "11-03的订单")["period"] == "2026-11-03..2026-11-03"


def test_a_count_of_units_with_a_dash_is_no_date() -> None:
    assert "period" not in sales_args("m_outdoor", "how many orders had 5-10 units")


def test_the_last_units_with_the_current_one_left_out_are_whole_ones() -> None:
    args = sales_args("m_pet", "过去4个星期，本周不算，按周看订单")
    assert (args["period"], args["by"]) == ("2026-10-19..2026-11-15", "week")
    assert period_read("last 10 days not counting today") == "2026-11-10..2026-11-19"
    assert period_read("最近两个月 这个月除外 退款率") == "2026-09-01..2026-10-31"
    assert period_read("最近4个星期的订单") == "last_4_weeks"  # nothing left out: the rolling weeks


def test_a_library_reading_loses_a_tie_with_the_period_asked() -> None:
    assert sales_args("m_baby", "冬天奶瓶还好卖吗？按月看看今年的订单")["period"] == "this_year"


def test_which_of_two_days_set_against_each_other_is_both_days_by_day() -> None:
    args = sales_args("m_pet", "前天跟大前天比 哪一天退款多")
    assert (args["period"], args["by"]) == ("2026-11-17..2026-11-18", "day")
    assert "compare" not in args
    assert sales_args("m_pet", "昨天跟前天比怎么样")["compare"] == "previous_period"


def test_a_measure_asked_per_day_as_a_series_is_by_day() -> None:
    assert sales_args("m_outdoor", "这个月的日销量走势")["by"] == "day"
    assert sales_args("m_baby", "本月日成交额曲线")["by"] == "day"


def test_a_rankings_count_said_around_a_hesitation() -> None:
    args = sales_args("m_outdoor", "上个月，嗯，卖得最好的，呃，四个商品")
    assert (args["by"], args["top"]) == ("product", 4)
    args = sales_args("m_pet", "the, um, three worst categories last week")
    assert (args["top"], args["order"]) == (3, "asc")
    assert sales_args("m_baby", "这个月最少的那两个品类，嗯，按订单")["top"] == 2


def test_which_one_in_english_among_chinese_words_is_the_first() -> None:
    assert sales_args("m_pet", "上个月 which channel 的订单最多")["top"] == 1


def test_the_turnover_word_of_a_dutch_seller() -> None:
    assert sales_args("m_outdoor", "what was the omzet last week")["metric"] == "gmv"
