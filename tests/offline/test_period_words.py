"""Periods in wording the rules were not tuned on (issue 18): a holiday's days off vs its day, the week of a
festival, parts of a month, months named together, since a month with a breakdown in the sentence, a festival
in a named year, weeks and days counted back, and a follow-up that moves a dated period to another year.
Today is the demo's 2026-11-20 (a Friday)."""

from __future__ import annotations

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.leftover import leftover_time_words
from copilot.offline.nlu import normalise
from copilot.offline.recognizers.other_year import moved_period
from tests.offline.planned import first_call, period_read


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("国庆黄金周各渠道的单量", "2026-10-01..2026-10-07"),
        ("国庆期间卖了多少", "2026-10-01..2026-10-07"),
        ("golden week revenue", "2026-10-01..2026-10-07"),
        ("国庆那天的订单", "2026-10-01..2026-10-01"),
        ("国庆当天的订单", "2026-10-01..2026-10-01"),
        ("去年国庆黄金周", "2025-10-01..2025-10-07"),
        ("五一假期的销售额", "2026-05-01..2026-05-05"),
    ],
)
def test_a_holiday_is_its_days_off_or_its_day(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("双11那周各品类GMV", "2026-11-09..2026-11-15"),
        ("double 11 那周每天的单量", "2026-11-09..2026-11-15"),
        ("the week of double 11 revenue", "2026-11-09..2026-11-15"),
        ("去年双11那周", "2025-11-10..2025-11-16"),
    ],
)
def test_the_week_of_a_festival_is_monday_to_sunday_around_its_day(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("去年双12冲锋衣卖了多少钱", "2025-12-01..2025-12-12"),
        ("last year's double 11 sales", "2025-10-20..2025-11-11"),
        ("前年的双11", "2024-10-20..2024-11-11"),
        ("去年双12那天", "2025-12-12..2025-12-12"),
        ("去年双11期间", "2025-10-20..2025-11-11"),
        ("2025年618大促", "2025-06-01..2025-06-18"),
        ("618期间的退款率", "618"),
        ("双11期间的订单", "double11"),
    ],
)
def test_a_festival_in_a_named_year_is_its_window_and_its_day_only_when_singled_out(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("上个月上半月 头灯卖了多少钱", "2026-10-01..2026-10-15"),
        ("上个月下半月的销售额", "2026-10-16..2026-10-31"),
        ("first half of last month revenue", "2026-10-01..2026-10-15"),
        ("second half of last month", "2026-10-16..2026-10-31"),
        ("10月上旬的销售额", "2026-10-01..2026-10-10"),
        ("上个月中旬", "2026-10-11..2026-10-20"),
        ("上旬", "2026-11-01..2026-11-10"),
        ("下旬的销售额", "2026-10-21..2026-10-31"),
        ("上个月月初的订单", "2026-10-01..2026-10-05"),
        ("9月底", "2026-09-25..2026-09-30"),
        ("月底的订单", "2026-10-25..2026-10-31"),
        ("mid-october gmv", "2026-10-11..2026-10-20"),
        ("sales the first week of October", "2026-10-01..2026-10-07"),
        ("10月第一周", "2026-10-01..2026-10-07"),
        ("last week of october", "2026-10-25..2026-10-31"),
    ],
)
def test_parts_of_a_month(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("revenue by category for sept and oct", "2026-09-01..2026-10-31"),
        ("Sept-Oct revenue", "2026-09-01..2026-10-31"),
        ("9月和10月的销售额", "2026-09-01..2026-10-31"),
        ("9、10月的销量", "2026-09-01..2026-10-31"),
        ("9-10月", "2026-09-01..2026-10-31"),
        ("from aug to oct sales", "2026-08-01..2026-10-31"),
        ("aug, sep and oct", "2026-08-01..2026-10-31"),
    ],
)
def test_months_named_together_are_one_range(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("GMV from Sept 2025 to Oct 2025", "2025-09-01..2025-10-31"),
        ("orders sept 2025 thru jan 2026", "2025-09-01..2026-01-31"),
        ("units from sept to oct 2025", "2025-09-01..2025-10-31"),
        ("refunds dec 2025 to feb", "2025-12-01..2026-02-28"),
        ("aov nov to feb 2026", "2025-11-01..2026-02-28"),
        ("sept 3 to sept 9 orders", "2026-09-03..2026-09-09"),
    ],
)
def test_a_year_said_with_either_month_of_a_range_places_that_month(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("猫罐头10月以来每周卖了多少件", "2026-10-01..2026-11-20"),
        ("since the start of october by week", "2026-10-01..2026-11-20"),
        ("从10月开始每周的单量", "2026-10-01..2026-11-20"),
        ("10月初以来", "2026-10-01..2026-11-20"),
        ("october to date, weekly", "2026-10-01..2026-11-20"),
    ],
)
def test_since_a_month_stays_from_that_month_with_a_breakdown(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("前天多少单", "2026-11-18..2026-11-18"),
        ("大前天的订单", "2026-11-17..2026-11-17"),
        ("3天前的订单", "2026-11-17..2026-11-17"),
        ("2 wks ago revenue", "2026-11-02..2026-11-08"),
        ("上上周的销售额", "2026-11-02..2026-11-08"),
        ("上上个月", "2026-09"),
        ("11月3号到15号", "2026-11-03..2026-11-15"),
        ("10/28-11/5 revenue", "2026-10-28..2026-11-05"),
        ("H1 revenue", "2026-01-01..2026-06-30"),
        ("上周三卖了多少", "2026-11-11..2026-11-11"),
        ("这周一到周三", "2026-11-16..2026-11-18"),
        ("本周一以来", "2026-11-16..2026-11-20"),
        ("上个星期天", "2026-11-15..2026-11-15"),
        ("那周六周日呢", "2026-11-14..2026-11-15"),
        ("周六和周日", "2026-11-14..2026-11-15"),
        ("how much did we sell on 11/11 this year", "2026-11-11..2026-11-11"),
        ("11/3的订单", "2026-11-03..2026-11-03"),
        ("gmv yesterdy?", "yesterday"),
        ("第三季度", "2026-07-01..2026-09-30"),
    ],
)
def test_days_weeks_and_ranges_counted_or_named(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("10-20件的商品", None),
        ("买了3和4个", None),
        ("卖了10到30个", None),
        ("中等价位的商品", None),
        ("到底卖了多少", None),
        ("这个月中国区的销售", "this_month"),
        ("9月和11月的销售额", "2026-09"),
        ("每周3单", None),
        ("每周一的订单", None),
        ("1/2的客户", None),
        ("1/2 of buyers", None),
        ("打5/5折", None),
    ],
)
def test_numbers_and_words_that_are_not_these_periods(text: str, period: str | None) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "previous", "said", "moved"),
    [
        ("今年的呢", "2025-11-11..2025-11-11", "this_year", "2026-11-11..2026-11-11"),
        ("去年的呢", "2026-11-11..2026-11-11", "last_year", "2025-11-11..2025-11-11"),
        ("去年的呢", "double11", "last_year", "2025-10-20..2025-11-11"),
        ("去年的呢", "2026-10-01..2026-10-07", "last_year", "2025-10-01..2025-10-07"),
        ("and the year before?", "2026-10", None, "2025-10"),
        ("前一年呢", "2026-11-11..2026-11-11", "last_365_days", "2025-11-11..2025-11-11"),
        ("去年双11呢", "2026-10-20..2026-11-11", "2025-11-11..2025-11-11", "2025-10-20..2025-11-11"),
        ("去年双11呢", "double11", "2025-11-11..2025-11-11", "2025-10-20..2025-11-11"),
        ("今年双11呢", "2025-11-11..2025-11-11", "2026-10-20..2026-11-11", "2026-11-11..2026-11-11"),
        ("2024年的呢", "2025-11-11..2025-11-11", "2024", "2024-11-11..2024-11-11"),
    ],
)
def test_a_follow_up_naming_a_year_moves_a_dated_period(text: str, previous: str, said: str | None, moved: str) -> None:
    assert moved_period(normalise(text), previous, said, DEMO_TODAY) == moved


@pytest.mark.parametrize(
    ("text", "previous", "said"),
    [
        ("去年的呢", "this_month", "last_year"),
        ("去年的呢", "last_30_days", "last_year"),
        ("今年的呢", "2025", "this_year"),
        ("今年的呢", "2025-12-12..2025-12-12", "this_year"),
        ("上个月呢", "2025-11-11..2025-11-11", "last_month"),
        ("and the year before?", None, None),
    ],
)
def test_a_follow_up_does_not_move_what_is_relative_whole_or_not_yet_started(
    text: str, previous: str | None, said: str | None
) -> None:
    assert moved_period(normalise(text), previous, said, DEMO_TODAY) is None


@pytest.mark.parametrize(
    ("merchant", "question", "period"),
    [
        ("m_baby", "refund rate on strollers last quarter, compared w/ the quarter before", "2026-07-01..2026-09-30"),
        ("m_pet", "上周猫砂卖了多少钱 跟上上周比呢", "last_week"),
        ("m_pet", "广东 vs 上个月，GMV 涨了还是跌了？这个月的", "this_month"),
        ("m_pet", "这个月和上个月比销售额", "this_month"),
    ],
)
def test_a_period_set_against_the_one_before_it_is_the_previous_period(
    merchant: str, question: str, period: str
) -> None:
    _, args = first_call(merchant, question)
    assert (args["period"], args.get("compare")) == (period, "previous_period"), args


@pytest.mark.parametrize(
    ("text", "unread"), [("春节期间的订单", ["春节"]), ("端午节的销量", ["端午节"]), ("节省了多少钱", [])]
)
def test_a_holiday_the_calendar_has_not_is_said_unread(text: str, unread: list[str]) -> None:
    assert leftover_time_words(normalise(text)) == unread


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("夜来卖了几单", "yesterday"),
        ("俺夜来的销售额", "yesterday"),
        ("今个儿卖了多少钱", "today"),
        ("今个的单量", "today"),
    ],
)
def test_dialect_words_for_today_and_yesterday(text: str, period: str) -> None:
    assert period_read(text) == period


def test_a_flower_named_like_yesterday_is_no_period() -> None:
    assert period_read("夜来香") is None


@pytest.mark.parametrize(
    ("text", "period"),
    [("refunds on 4 November", "2026-11-04"), ("takings 2 sept to 9 sept", "2026-09-02..2026-09-09")],
)
def test_a_day_said_before_its_month_without_a_suffix_is_that_day(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("refunds on monday this week", "2026-11-16..2026-11-16"),
        ("units on thu of last week", "2026-11-12..2026-11-12"),
        ("last week's saturday orders", "2026-11-14..2026-11-14"),
    ],
)
def test_a_weekday_of_a_named_week_is_that_day(text: str, period: str) -> None:
    assert period_read(text) == period
