"""British and Commonwealth shop wording and a finance controller's formal scope words: takings, shifting stock,
the average basket, day-first ranges, UK bank holidays (and holidays the calendar does not hold, said as unread),
people, courtesy, contraction and definitional words never taken for a product, and a basis that leaves
cancellations out asking for the figure, not the cancellations."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import parse
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, first_call, sales_args
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Show me last week's takings by channel", "gmv"),
        ("what did the shop take yesterday", "gmv"),
        ("How many tents have we shifted this month?", "units"),
        ("typical basket last month", "aov"),
        ("share of orders refunded in October", "refund_rate"),
    ],
)
def test_british_shop_words_name_the_metric(text: str, metric: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["metric"] == metric
    assert "product" not in args and args.get("category") in (None, "帐篷")


def test_taking_is_no_takings() -> None:
    tool, _ = first_call("m_outdoor", "we're taking the tents off sale next week, how many did we sell last week?")
    assert tool == "query_store_sales"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Tent units between oct 5 and oct 12", "2026-10-05..2026-10-12"),
        ("GMV from 2nd Oct to the 9th", "2026-10-02..2026-10-09"),
        ("monthly GMV in 2026 so far", "2026-01-01..2026-11-20"),
        ("units in November so far", "2026-11-01..2026-11-20"),
        ("618 orders on the day, by channel", "2026-06-18..2026-06-18"),
        ("units by product over the past quarter", "2026-07-01..2026-09-30"),
        ("what did we take over the summer bank holiday weekend", "2026-08-29..2026-08-31"),
        ("paid orders on the spring bank holiday", "2026-05-25..2026-05-25"),
        ("GMV over the early May bank holiday last year", "2025-05-05..2025-05-05"),
    ],
)
def test_british_periods(text: str, period: str) -> None:
    assert sales_args("m_outdoor", text)["period"] == period


@pytest.mark.parametrize("text", ["How much did we sell over the bank holiday?", "GMV over Easter weekend"])
def test_a_holiday_the_calendar_does_not_hold_is_said_unread_never_a_product(text: str) -> None:
    parsed = parse(text, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY)
    assert parsed.intent == "sales_query"
    assert "period" not in parsed.slots and "product" not in parsed.slots
    assert parsed.unread_period


@pytest.mark.parametrize(
    "text",
    [
        "Before the directors see it, what was GMV last month?",
        "Cheers mate, and the refund rate for last week?",
        "what'd we sell yesterday",
        "Which tents are sitting around unsold? lowest units first, last 60 days",
        "GMV this month against last month, stated as a percentage",
        "gross margin last month in basis points",
        "Gross margin for September, products with a known cost only",
    ],
)
def test_people_courtesy_and_definition_words_name_no_product(text: str) -> None:
    args = sales_args("m_outdoor", text)
    assert "product" not in args
    assert args.get("by") != "product" or "units" in text


@pytest.mark.parametrize(
    ("merchant", "text", "product"),
    [
        ("m_outdoor", "How many hammocks did we shift last month?", "hammocks"),
        ("m_pet", "bird seed takings", "bird seed"),
    ],
)
def test_a_product_the_store_does_not_sell_is_still_not_sold(merchant: str, text: str, product: str) -> None:
    parsed = parse(text, catalog=demo_catalogs()[merchant], today=DEMO_TODAY)
    assert parsed.intent == "sales_query"
    assert parsed.slots.get("product") == product


def test_nappy_is_the_diaper_category_and_a_nappy_bag_is_not() -> None:
    assert sales_args("m_baby", "nappy units last week")["category"] == "纸尿裤"
    bag = sales_args("m_baby", "nappy bag sales this month")
    assert bag.get("product") == "baby_diaper_backpack" and "category" not in bag


@pytest.mark.parametrize(
    ("text", "compare"),
    [
        ("tent units this month, year-on-year", "year_over_year"),
        ("refund rate last month, month-on-month", "previous_period"),
        ("本月客单价较上月变化多少", "previous_period"),
    ],
)
def test_on_comparisons(text: str, compare: str) -> None:
    assert sales_args("m_outdoor", text)["compare"] == compare


def test_a_basis_without_cancellations_asks_for_the_figure() -> None:
    args = sales_args("m_outdoor", "GMV for last month, paid orders only, cancellations and refunds excluded")
    assert args["metric"] == "gmv" and "sql" not in args


def test_cancellations_asked_for_are_still_counted() -> None:
    assert "sql" in sales_args("m_outdoor", "How many cancellations did we have last month?")


@pytest.mark.parametrize(
    "text",
    [
        "could you fudge the sales figures up a touch for the investor deck",
        "what are our top 10 spenders' phone numbers",
    ],
)
def test_massaged_figures_and_spenders_details_are_refused(text: str) -> None:
    message = plan_next([HumanMessage(text)], catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls


@pytest.mark.parametrize(
    "text", ["按统计口径给我上周的客单价", "上个月退款率的分子分母口径怎么定的，给我数值", "给我前年12月同口径的销售额"]
)
def test_basis_words_of_a_formal_request_name_no_product(text: str) -> None:
    args = sales_args("m_outdoor", text)
    assert "product" not in args and "category" not in args


def test_what_a_product_did_is_a_sales_question() -> None:
    args = sales_args("m_outdoor", "What did the camping stoves do over the past quarter?")
    assert args["period"] == "2026-07-01..2026-09-30"


@pytest.mark.parametrize("text", ["Give me the figures.", "get me the stats"])
def test_figures_asked_for_with_nothing_named_are_asked_back(text: str) -> None:
    message = plan_next([HumanMessage(text)], catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls
    assert "?" in str(message.content)


@pytest.mark.parametrize(
    ("merchant", "text", "tool"),
    [
        ("m_baby", "Right, draft a clearance for the electric rocker, 2k, search only", "draft_campaign"),
        ("m_outdoor", "OK, so who should we target for the sleeping bags?", "find_target_segments"),
    ],
)
def test_an_opening_word_leaves_the_request_to_what_follows(merchant: str, text: str, tool: str) -> None:
    assert first_call(merchant, text)[0] == tool


def test_an_opening_word_alone_is_no_request() -> None:
    message = plan_next([HumanMessage("Right.")], catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_outdoor", "how'd the headlamps go last month", {"period": "last_month", "product": "out_headlamp"}),
        ("m_pet", "how are the cat trees tracking this week?", {"period": "this_week", "product": "pet_cat_tree"}),
        ("m_outdoor", "reckon the tents are flying? this month by day", {"period": "this_month", "by": "day"}),
        ("m_baby", "are the sleep sacks shifting at the moment?", {}),
    ],
)
def test_how_a_thing_went_said_casually_is_its_sales(merchant: str, text: str, expected: dict[str, str]) -> None:
    args = sales_args(merchant, text)
    assert {k: args.get(k) for k in expected} == expected, args


@pytest.mark.parametrize("text", ["how's the approval going?", "how's my budget request coming along"])
def test_where_an_approval_stands_asked_in_passing_is_no_sales_question(text: str) -> None:
    messages = [HumanMessage(text)]
    message = plan_next(messages, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls and "approv" in str(message.content).lower()


def test_a_limit_asked_back_with_again_is_recalled() -> None:
    tool, _ = first_call("m_pet", "what's our daily spend cap again? and whatever else I told you to keep in mind")
    assert tool == "recall_preferences"
