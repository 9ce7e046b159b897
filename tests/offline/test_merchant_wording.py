"""Merchant wording the offline model was not tuned on (issue 18), by category: units said with a measure word,
ad-image words, two periods set against each other, a festival's single day in a named year, a product named by
an alias or a word of its title, amounts written after a comma, periods said in more ways (q3 before Chinese,
俩/fortnight, "X到现在"/"since X", a year word on a day range), orders said plainly, and set phrases that are no
product name. Each goes through the planner to the tool call."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import normalise
from copilot.offline.numbers import money_amounts
from copilot.offline.planner import plan_next
from copilot.service import Copilot
from tests.offline.planned import TOOLS, first_call
from tests.offline.test_nlu import demo_catalogs

_call = first_call


@pytest.mark.parametrize(
    ("merchant", "question"),
    [
        ("m_outdoor", "碳素登山杖上个月卖了几副"),
        ("m_baby", "妈咪包这周卖了几个"),
        ("m_outdoor", "头灯卖出了多少个"),
        ("m_baby", "推车上个月走了几辆"),
    ],
)
def test_units_said_with_a_measure_word_are_units(merchant: str, question: str) -> None:
    name, args = _call(merchant, question)
    assert name == "query_store_sales" and args["metric"] == "units", args


@pytest.mark.parametrize("question", ["给妈咪包出几张广告图", "做几张宣传图", "出两张推广图"])
def test_ad_image_words_ask_for_images_not_units(question: str) -> None:
    name, args = _call("m_baby", question)
    assert name == "generate_creatives" and args["kind"] == "image", args


@pytest.mark.parametrize(
    ("merchant", "question", "period", "compare"),
    [
        ("m_baby", "湿巾10月跟9月比怎么样", "2026-10", "previous_period"),
        ("m_pet", "dog food GMV in august vs july", "2026-08", "previous_period"),
        ("m_pet", "猫粮10月和去年10月比", "2026-10", "year_over_year"),
        ("m_pet", "whats our AOV in october vs same time last yr", "2026-10", "year_over_year"),
    ],
)
def test_a_period_set_against_the_one_before_is_a_comparison(
    merchant: str, question: str, period: str, compare: str
) -> None:
    _, args = _call(merchant, question)
    assert (args["period"], args.get("compare")) == (period, compare), args


def test_two_periods_that_are_not_adjacent_are_no_comparison() -> None:
    _, args = _call("m_pet", "gmv august vs march")
    assert args["period"] == "2026-08" and "compare" not in args, args


@pytest.mark.parametrize(
    ("question", "period", "compare"),
    [
        ("今年双十一当天的销售额跟去年同一天比涨了没", "2026-11-11..2026-11-11", "year_over_year"),
        ("今年双11当天卖了多少", "2026-11-11..2026-11-11", None),
        ("last year's 618 day sales", "2025-06-18..2025-06-18", None),
    ],
)
def test_a_festival_day_in_a_named_year_is_that_day(question: str, period: str, compare: str | None) -> None:
    _, args = _call("m_pet", question)
    assert (args["period"], args.get("compare")) == (period, compare), args


@pytest.mark.parametrize(
    ("merchant", "question", "product"),
    [
        ("m_pet", "智能猫砂盆毛利率多少", "pet_smart_litterbox"),  # a word of only one title in the category
        ("m_pet", "自动喂食器今年卖得咋样", "pet_smart_feeder"),
        ("m_pet", "what's our margin on the smart feeder this year", "pet_smart_feeder"),
        ("m_pet", "pet cam refund rate ytd", "pet_camera"),  # an alias of a category with one product
        ("m_baby", "腰凳上周卖了几个", "baby_hipseat_carrier"),
    ],
)
def test_a_product_named_by_alias_or_title_word_is_the_product(merchant: str, question: str, product: str) -> None:
    _, args = _call(merchant, question)
    assert args.get("product") == product and "category" not in args, args


@pytest.mark.parametrize(
    ("merchant", "question", "category"),
    [("m_pet", "猫砂盆卖得咋样", "猫砂盆"), ("m_baby", "湿巾上个月卖了多少", "湿巾")],
)
def test_a_category_said_by_its_own_name_stays_the_category(merchant: str, question: str, category: str) -> None:
    _, args = _call(merchant, question)
    assert args.get("category") == category and "product" not in args, args


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("露营灯搞个直播专场推广，五千块，就这周末两天", [5000]),
        ("驱虫药 campaign 走直播，3k 跑 3 天", [3000]),
        ("登山鞋，8千，12月10号到12号", [8000]),
        ("预算8,000", [8000]),
        ("budget 12,500 yuan", [12500]),
    ],
)
def test_an_amount_after_a_comma_is_read(text: str, amounts: list[int]) -> None:
    assert money_amounts(normalise(text)) == amounts


def test_a_campaign_with_its_budget_after_a_comma_is_drafted_not_asked_for() -> None:
    name, args = _call("m_outdoor", "双12直播间想卖登山鞋，8千，12月10号到12号")
    assert name == "draft_campaign" and args["budget"] == 8000, args


def test_a_product_named_by_a_title_word_is_answered_for_that_product(copilot: Copilot) -> None:
    result = copilot.ask("m_pet", "wording-product", "智能猫砂盆上个月卖了几个")
    [call] = result.tool_calls
    assert call["args"].get("product") == "pet_smart_litterbox" and call["args"]["metric"] == "units", call
    assert "全自动智能猫砂盆" in result.answer and "2026-10-01 .. 2026-10-31" in result.answer, result.answer


@pytest.mark.parametrize(
    ("merchant", "question", "period"),
    [
        ("m_pet", "Q3订单数环比", "2026-07-01..2026-09-30"),  # a quarter written against Chinese
        ("m_pet", "今年q2的gmv", "2026-04-01..2026-06-30"),
        ("m_outdoor", "sales past fortnight by day", "last_2_weeks"),
        ("m_pet", "最近俩月猫砂盆卖得咋样", "last_2_months"),
        ("m_baby", "奶粉6月到现在每个月的销量", "2026-06-01..2026-11-20"),
        ("m_pet", "10.1以来的订单", "2026-10-01..2026-11-20"),
        ("m_pet", "aov by week since oct 1", "2026-10-01..2026-11-20"),
        ("m_pet", "since september sales", "2026-09-01..2026-11-20"),
        ("m_pet", "那去年11.1到11.11实际gmv多少", "2025-11-01..2025-11-11"),
        ("m_pet", "GMV from Nov 1 to Nov 11 last year", "2025-11-01..2025-11-11"),
        ("m_pet", "11月3号到9号卖了多少", "2026-11-03..2026-11-09"),
    ],
)
def test_periods_said_in_more_ways(merchant: str, question: str, period: str) -> None:
    _, args = _call(merchant, question)
    assert args["period"] == period, args


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("上个月支付订单多少", "paid_orders"),
        ("搜索进来的单子 上上周 按天", "paid_orders"),
        ("10.1以来的订单", "paid_orders"),
    ],
)
def test_orders_said_plainly_are_paid_orders(question: str, metric: str) -> None:
    _, args = _call("m_pet", question)
    assert args["metric"] == metric and "product" not in args, args


@pytest.mark.parametrize("question", ["到目前为止今年卖了多少", "截至目前为止上个月卖了多少"])
def test_a_set_phrase_is_no_product_name(question: str) -> None:
    name, args = _call("m_pet", question)
    assert name == "query_store_sales" and "product" not in args, args


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("上个月订单退款率", "refund_rate"),
        ("上个月订单的客单价", "aov"),
        ("上个月订单转化率", "conversion"),
    ],
)
def test_a_metric_said_after_orders_is_that_metric(question: str, metric: str) -> None:
    _, args = _call("m_pet", question)
    assert args["metric"] == metric, args


def test_cancelled_orders_are_not_paid_orders() -> None:
    _, args = _call("m_pet", "上个月取消订单有多少")
    assert "metric" not in args and "status = 'cancelled'" in args["sql"], args


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("last year, nov 1 to nov 11 sales", "2025-11-01..2025-11-11"),
        ("last year’s 双11 day sales", "2025-11-11..2025-11-11"),
        ("this years 618 day gmv", "2026-06-18..2026-06-18"),
    ],
)
def test_a_year_word_with_punctuation_sets_the_year(question: str, period: str) -> None:
    _, args = _call("m_pet", question)
    assert args["period"] == period, args


@pytest.mark.parametrize(
    ("question", "period"),
    [("sales since marketing stopped", None), ("gmv since decoration changed last month", "last_month")],
)
def test_since_a_word_that_is_no_month_is_no_period_start(question: str, period: str | None) -> None:
    _, args = _call("m_pet", question)
    assert args.get("period") == period, args


def _asked_back(merchant: str, *texts: str) -> str:
    messages = [HumanMessage(text) for text in texts]
    message = plan_next(messages, catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls, message.tool_calls
    return str(message.content)


@pytest.mark.parametrize("question", ["那个卖得怎么样", "那款卖的咋样", "它销量如何", "how is that one selling"])
def test_that_one_with_nothing_before_it_is_asked_back(question: str) -> None:
    assert "哪个商品" in _asked_back("m_outdoor", question) or "Which product" in _asked_back("m_outdoor", question)


def test_that_one_after_a_product_is_that_product() -> None:
    assert _call("m_outdoor", "碳素登山杖上个月卖了多少", "那个这个月卖得怎么样") == (
        "query_store_sales",
        {"metric": "gmv", "period": "this_month", "product": "out_pole_carbon"},
    )


@pytest.mark.parametrize("question", ["这个月卖得怎么样", "这个月gmv多少"])
def test_this_month_is_no_product_reference(question: str) -> None:
    assert _call("m_outdoor", question) == ("query_store_sales", {"metric": "gmv", "period": "this_month"})


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("daily sales for tents past 2 wks", "last_2_weeks"),
        ("gmv last wk", "last_week"),
        ("units sold this wk", "this_week"),
        ("orders past 3 mos", "last_3_months"),
        ("revenue last 2 yrs", "last_24_months"),
    ],
)
def test_abbreviated_english_units_of_time_are_read(question: str, period: str) -> None:
    _, args = _call("m_outdoor", question)
    assert args["period"] == period, args
