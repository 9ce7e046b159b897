"""Dates written day-first with dots ("05.11.", "02.10.2026") and amounts with dot thousands ("12.000") as many
European merchants write them, read by the period and money recognizers through the normalised text; decimals
("4.75", "2.5k") stay decimals (copilot/offline/dotted.py)."""

from __future__ import annotations

from copilot.offline.dotted import undotted
from tests.offline.planned import first_call, period_read, sales_args


def test_a_day_written_day_first_is_that_day() -> None:
    assert period_read("refunds on 05.11. please") in ("2026-11-05", "2026-11-05..2026-11-05")
    assert period_read("GMV vom 02.10.2026") in ("2026-10-02", "2026-10-02..2026-10-02")


def test_a_range_written_day_first_runs_between_the_two_days() -> None:
    args = sales_args("m_outdoor", "Show me the revenue from 04.10. to 18.10. per channel")
    assert args["period"] == "2026-10-04..2026-10-18"
    assert args["by"] == "channel"


def test_since_a_day_written_day_first_runs_to_today() -> None:
    assert sales_args("m_outdoor", "what is the refund rate of the tents since 02.09.")["period"] == (
        "2026-09-02..2026-11-20"
    )


def test_dot_thousands_are_an_amount_in_thousands() -> None:
    tool, args = first_call("m_outdoor", "Draft a campaign for the tarp, budget 12.000, from 07.12. to 13.12.")
    assert tool == "draft_campaign"
    assert args["budget"] == 12000
    assert (args["start"], args["end"]) == ("2026-12-07", "2026-12-13")


def test_a_forecast_budget_with_dot_thousands() -> None:
    tool, args = first_call("m_outdoor", "What would a budget of 25.000 bring in sales between 09.12. and 11.12.?")
    assert tool == "estimate_promotion_effect"
    assert args["budget"] == 25000
    assert args["when"] == "2026-12-09..2026-12-11"


def test_decimals_and_units_stay_as_written() -> None:
    assert undotted("budget 4.75 and 2.5k, rate 1.234%") == "budget 4.75 and 2.5k, rate 1.234%"
    assert undotted("0.125 of it") == "0.125 of it"
    assert undotted("1.500.000 yuan") == "1500000 yuan"
    assert undotted("price 12.50.") == "price 12.50."


def test_a_day_first_date_among_chinese_words() -> None:
    assert undotted("预算8.000，05.11.开始") == "预算8000，11月5日开始"
