"""Period shapes and comparisons of the seventeenth blind set's kind, in wording of our own: a day of the month said
by its number alone and the week containing it, a period restated in brackets or as a weekday beside its date,
"since" a weekday and its date, 前个月 as the month before last, a festival's dated days set against the same festival
a year before, "a year earlier", Canada's Monday holidays with their long weekends, and follow-ups that compare with
the month (or day) before or name "the same range" in another year. Today is the demo's 2026-11-20 (a Friday)."""

from __future__ import annotations

import pytest

from copilot.service import Copilot
from tests.offline.planned import first_call, period_read, sales_args


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("refunds on the 4th", "2026-11-04..2026-11-04"),
        ("what did we sell on the 27th", "2026-10-27..2026-10-27"),
        ("orders in the week of the 2nd", "2026-11-02..2026-11-08"),
        ("gmv for week of oct 19", "2026-10-19..2026-10-25"),
        ("3号那个星期的退款", "2026-11-02..2026-11-08"),
        ("revenue since tuesday, nov 3", "2026-11-03..2026-11-20"),
        ("sales from tuesday (the 17th)", "2026-11-17..2026-11-17"),
        ("上周二（10号）的成交额", "2026-11-10..2026-11-10"),
        ("orders on wednesday, october 14", "2026-10-14"),
        ("前个月的退款率", "2026-09"),
        ("canadian thanksgiving weekend orders", "2026-10-10..2026-10-12"),
        ("revenue over the august long weekend", "2026-08-01..2026-08-03"),
        ("labor day weekend refunds", "2026-09-05..2026-09-07"),
        ("civic holiday monday orders", "2026-08-03..2026-08-03"),
    ],
)
def test_the_period_is_read(text: str, period: str) -> None:
    assert period_read(text) == period


def test_a_ranked_ordinal_is_no_day() -> None:
    assert period_read("who is the 2nd best seller") is None


@pytest.mark.parametrize(
    ("merchant", "text", "period", "compare"),
    [
        ("m_outdoor", "今年五一假期(5/1-5/5)的订单 和去年五一比一下", "2026-05-01..2026-05-05", "year_over_year"),
        ("m_pet", "units on double 11 against a year earlier", "2026-11-11..2026-11-11", "year_over_year"),
        ("m_pet", "orders on the 9th vs the same day a year ago", "2026-11-09..2026-11-09", "year_over_year"),
        ("m_baby", "labour day long weekend revenue vs last year", "2026-09-05..2026-09-07", "year_over_year"),
    ],
)
def test_a_comparison_is_read(merchant: str, text: str, period: str, compare: str) -> None:
    args = sales_args(merchant, text)
    assert (args["period"], args.get("compare")) == (period, compare)


def test_a_restated_day_names_no_product() -> None:
    args = sales_args("m_pet", "how many orders went thru on monday (the 16th)")
    assert args["period"] == "2026-11-16..2026-11-16"
    assert "product" not in args and "category" not in args


@pytest.mark.parametrize(
    ("texts", "period", "compare"),
    [
        (["refund rate last month", "and how did it compare with the month before?"], "last_month", "previous_period"),
        (["orders yesterday", "vs the day before?"], "yesterday", "previous_period"),
        (["aov in october", "how did that compare with september?"], "2026-10", "previous_period"),
    ],
)
def test_a_follow_up_compares_with_the_period_before(texts: list[str], period: str, compare: str) -> None:
    args = sales_args("m_pet", *texts)
    assert (args["period"], args.get("compare")) == (period, compare)


@pytest.mark.parametrize(
    ("texts", "period"),
    [
        (["上个月猫砂的销量", "前个月呢"], "2026-09"),
        (["gmv the week of the 2nd", "and the week before?"], "2026-10-26..2026-11-01"),
        (["cat litter units, sept 1 - sept 30", "same window last year?"], "2025-09-01..2025-09-30"),
    ],
)
def test_a_follow_up_moves_the_period(texts: list[str], period: str) -> None:
    args = sales_args("m_pet", *texts)
    assert args["period"] == period
    assert "compare" not in args
    assert args.get("product") not in ("window", "range")


def test_plain_thanksgiving_is_the_us_one() -> None:
    assert first_call("m_pet", "thanksgiving day orders")[1]["period"] == "2025-11-27..2025-11-27"


@pytest.mark.parametrize(
    ("question", "said", "dates"),
    [
        (
            "thanksgiving orders last year",
            "This is US Thanksgiving (dates as stated); if you meant Canadian",
            "2025-11-27",
        ),
        ("感恩节那天卖了多少", "这里按美国感恩节算", "2025-11-27"),
        ("how much did we sell on labour day", "if you meant Labour Day (September)", "2026-05-01"),
    ],
)
def test_a_holiday_named_two_ways_says_which_one(copilot: Copilot, question: str, said: str, dates: str) -> None:
    answer = copilot.ask("m_pet", "holiday-reading", question).answer
    assert said in answer and dates in answer, answer


def test_a_holiday_said_unambiguously_has_no_note(copilot: Copilot) -> None:
    answer = copilot.ask("m_pet", "holiday-plain", "orders over the thanksgiving long weekend").answer
    assert "if you meant" not in answer and "2026-10-10 .. 2026-10-12" in answer, answer


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("refunds in march of last year", "2025-03"),
        ("last year's july units", "2025-07"),
        ("orders on sept 3 last year", "2025-09-03..2025-09-03"),
        ("gmv since wed. 10/14", "2026-10-14..2026-11-20"),
        ("units since thurs, oct 29", "2026-10-29..2026-11-20"),
    ],
)
def test_a_month_with_its_year_said_in_words_and_a_short_weekday(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("texts", "period", "compare"),
    [
        (["units last week", "how did they do against the week prior?"], "last_week", "previous_period"),
        (["revenue in q2", "and relative to the quarter before?"], "2026-04-01..2026-06-30", "previous_period"),
        (["aov last month", "what about the month prior?"], "2026-09", None),
        (["revenue last month", "how about compared to october last year?"], "last_month", "year_over_year"),
    ],
)
def test_a_follow_up_keeps_the_metric_and_reads_the_unit_before(
    texts: list[str], period: str, compare: str | None
) -> None:
    first = sales_args("m_outdoor", texts[0])
    args = sales_args("m_outdoor", *texts)
    assert (args["period"], args.get("compare"), args["metric"]) == (period, compare, first["metric"])
