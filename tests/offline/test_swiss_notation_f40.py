"""How a Swiss seller writes in English (fresh40): a greeting of Switzerland or Germany before the question
("Grüessech.", "Hoi zäme,") names no product; day-first dates with dots in running English ("the 05.10.2026", "from
the 4. to the 11. of October", "since the 02.11.2026"; a year written once covers both ends of a range); amounts
with an apostrophe for thousands and the ".-" of whole francs ("6'500.-", meant in yuan); the year said as "the year
2025", "the entire year so far"; the same festival season a year before; a comparison with the previous year named
after what is compared; the same N days of the turn before; the articles with no sales; a rejected campaign named
to be submitted again."""

from __future__ import annotations

import pytest

from copilot.offline.dotted import undotted
from copilot.offline.numbers import money_amounts
from tests.offline.planned import first_call, period_read, plan_next_answer, sales_args


@pytest.mark.parametrize(
    "text",
    ["Hoi zäme, what were the refunds yesterday?", "Servus! How many paid orders last week?", "Grüss Gott, GMV today"],
)
def test_a_leading_greeting_is_no_product(text: str) -> None:
    args = sales_args("m_outdoor", text)
    assert not {"product", "category"} & args.keys()


def test_a_greeting_with_an_umlaut_before_a_dotted_day() -> None:
    args = sales_args("m_outdoor", "Grüessech. Which was the refund rate of the 05.10.2026?")
    assert args["metric"] == "refund_rate"
    assert args["period"] in ("2026-10-05", "2026-10-05..2026-10-05")
    assert "product" not in args


def test_a_swiss_greeting_alone_is_greeted_back() -> None:
    assert "copilot" in plan_next_answer("m_outdoor", "Grüezi mitenand!").lower()


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("the paid orders from the 4. to the 11. of October", "2026-10-04..2026-10-11"),
        ("refunds between the 3. and the 8. of Oktober 2026", "2026-10-03..2026-10-08"),
        ("GMV from the 05.10. to the 18.10.2026", "2026-10-05..2026-10-18"),
        ("GMV from the 05.10. to the 18.10.2025", "2025-10-05..2025-10-18"),
        ("units from 01.10.2025 to 31.10.", "2025-10-01..2025-10-31"),
        ("units since the 02.11.2026", "2026-11-02..2026-11-20"),
        ("orders on the 7./8. November", "2026-11-07..2026-11-08"),
        ("conversion in the period 02.11. - 15.11.2026", "2026-11-02..2026-11-15"),
    ],
)
def test_day_first_dates_in_running_english(text: str, period: str) -> None:
    assert period_read(text) == period


def test_a_day_with_a_dot_before_a_month_is_that_day() -> None:
    assert undotted("on the 9. of march") == "on mar 9"
    assert undotted("step 2. may i ask") == "step 2. may i ask"


def test_swiss_amounts_are_money() -> None:
    assert money_amounts("a budget of 6'500.- for it") == [6500]
    assert money_amounts("with 14’000.- in total") == [14000]
    assert money_amounts("we have 3'000 fans") == []


def test_a_launch_drafted_with_a_swiss_amount_and_dotted_days() -> None:
    tool, args = first_call(
        "m_outdoor", "Please draft a launch for the tarp with 6'500.- from the 30.11. to the 13.12.2026."
    )
    assert tool == "draft_campaign"
    assert args["budget"] == 6500
    assert (args["start"], args["end"]) == ("2026-11-30", "2026-12-13")


def test_the_expected_impact_of_a_swiss_amount_is_an_estimate() -> None:
    tool, args = first_call("m_outdoor", "What is the expected impact of 4'000.- for the Double 12?")
    assert tool == "estimate_promotion_effect"
    assert (args["mode"], args["budget"], args["when"]) == ("plan", 4000, "double12")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("units by month for the year 2025", "2025"),
        ("the refund rate of the entire year so far", "this_year"),
        ("orders per week in the year 2026 until today", "2026-01-01..2026-11-20"),
    ],
)
def test_the_year_said_in_words(text: str, period: str) -> None:
    assert period_read(text) == period


def test_the_same_festival_season_a_year_earlier_skips_the_period_asked_between() -> None:
    args = sales_args(
        "m_pet",
        "paid orders of the Double 11 season",
        "and the paid orders of the entire year so far?",
        "what about the same season a year earlier?",
    )
    assert args["period"] == "2025-10-20..2025-11-11"


def test_each_period_compared_with_the_prior_year() -> None:
    args = sales_args("m_pet", "units per week in October", "compare every week against the prior year")
    assert (args["by"], args["period"], args["compare"]) == ("week", "2026-10", "year_over_year")


def test_the_same_days_of_an_anomaly_search_as_a_daily_series() -> None:
    args = sales_args(
        "m_baby", "any drops in the last 45 days?", "show me the paid orders per day over the same 45 days"
    )
    assert (args["metric"], args["by"], args["period"]) == ("paid_orders", "day", "last_45_days")


def test_articles_with_no_sales_are_written_in_sql() -> None:
    args = sales_args("m_baby", "List the articles that did not sell even once in September")
    assert "NOT IN" in args["sql"]
    assert "2026-09-01" in args["sql"] and "2026-10-01" in args["sql"]


def test_a_rejected_campaign_named_is_submitted_again_with_the_new_amount() -> None:
    tool, args = first_call(
        "m_outdoor",
        "The approver declined the budget of the campaign Spring tents; submit it again with 4'200.- please",
    )
    assert tool == "submit_promotion_budget"
    assert (args["campaign_id"], args["amount"]) == ("spring tents", 4200)


def test_an_amount_at_the_end_of_a_sentence_is_the_amount_to_submit() -> None:
    tool, args = first_call(
        "m_baby", "The budget for the plan spring diapers was declined, please send it again for 7000."
    )
    assert tool == "submit_promotion_budget"
    assert (args["campaign_id"], args["amount"]) == ("spring diapers", 7000)
