"""What a sales question asks, by kind: a ranking of categories said as "哪几个类目" or "category ranking", two
regions set side by side or added up, a channel left out, ad spend (never GMV), new registrations, the share of
new customers and the repeat rate of the period said, GMV said as money brought in or net of refunds, a figure
asked right after a metric's meaning; and another business's figures or bookkeeping writes refused."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, first_call, sales_args
from tests.offline.test_nlu import demo_catalogs


def _message(merchant: str, *texts: str) -> AIMessage:
    messages = [HumanMessage(text) for text in texts]
    return plan_next(messages, catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS)


@pytest.mark.parametrize(
    "text",
    ["上个月哪几个类目退款率最低", "帮我排一下上周的 category 排名，低的在前", "10月 categories ranking 从高到低"],
)
def test_a_ranking_of_categories_is_by_category(text: str) -> None:
    assert sales_args("m_outdoor", text)["by"] == "category"


def test_a_ranking_of_channels_said_in_english_is_by_channel() -> None:
    assert sales_args("m_outdoor", "上周 channel 排名，按GMV")["by"] == "channel"


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("浙江和江苏上周谁卖得好", "region"),
        ("which did better last month, Jiangsu or Zhejiang", "region"),
        ("江苏+浙江 上个月的客单价", None),
        ("浙江、江苏加起来本月卖了多少", None),
    ],
)
def test_two_regions_are_both_kept(text: str, by: str | None) -> None:
    args = sales_args("m_outdoor", text)
    assert set(args["region"].split(",")) == {"浙江", "江苏"}
    assert args.get("by") == by
    assert "product" not in args


def test_a_channel_left_out_leaves_the_others() -> None:
    args = sales_args("m_pet", "orders by channel last week, leave out live")
    assert set(args["channel"].split(",")) == {"search", "recommend", "direct"}


@pytest.mark.parametrize(
    "text",
    [
        "上个月广告一共花了多少",
        "what was our ad spend in September",
        "how much have we spent on advertising this month",
    ],
)
def test_ad_spend_is_read_from_the_ad_report_not_gmv(text: str) -> None:
    args = sales_args("m_outdoor", text)
    assert "metric" not in args
    assert "FROM ad_daily" in args["sql"]


def test_ad_spend_keeps_the_period_said() -> None:
    sql = sales_args("m_outdoor", "what was our ad spend in September")["sql"]
    assert "a.date >= '2026-09-01' AND a.date < '2026-10-01'" in sql


@pytest.mark.parametrize(
    ("text", "column", "since"),
    [
        ("本周新注册了多少客户", "c.registered_at", "2026-11-16"),
        ("first-time buyers share last month", "o.created_at", "2026-10-01"),
        ("今年的复购率是多少", "o.created_at", "2026-01-01"),
        ("what's the repeat purchase rate for October", "o.created_at", "2026-10-01"),
    ],
)
def test_customer_figures_keep_the_period_said(text: str, column: str, since: str) -> None:
    args = sales_args("m_baby", text)
    assert "metric" not in args
    assert f"{column} >= '{since}'" in args["sql"]


def test_registrations_per_month_are_still_a_series_when_no_period_is_said() -> None:
    assert "GROUP BY month" in sales_args("m_baby", "每个月新注册客户数")["sql"]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("上周扣掉退款以后的净销售额", {}),
        ("how many bucks did the tents bring in this month", {"category": "帐篷"}),
        ("net sales last week", {}),
    ],
)
def test_money_said_otherwise_is_gmv(text: str, target: dict[str, str]) -> None:
    args = sales_args("m_outdoor", text)
    assert args["metric"] == "gmv"
    assert {key: args[key] for key in target} == target


def test_how_a_product_did_is_a_sales_question() -> None:
    args = sales_args("m_outdoor", "how'd the headlamp do last week")
    assert (args["product"], args["period"]) == ("out_headlamp", "last_week")


@pytest.mark.parametrize(
    ("texts", "metric"),
    [
        (("客单价怎么算的？上周是多少",), "aov"),
        (("退款率是什么意思", "那这个月呢"), "refund_rate"),
    ],
)
def test_a_figure_asked_after_a_meaning_is_of_that_metric(texts: tuple[str, ...], metric: str) -> None:
    args = sales_args("m_outdoor", *texts)
    assert args["metric"] == metric


@pytest.mark.parametrize(
    "text",
    [
        "what were Naturehike's sales on Double 11",
        "how did Mobigarden do last quarter, roughly",
        "能看看牧高笛那边的销量吗",
        "探路者家上个月卖了多少",
    ],
)
def test_another_business_figures_are_refused_not_answered_with_ours(text: str) -> None:
    message = _message("m_outdoor", text)
    assert message.tool_calls == []
    assert "只能读取您自己店铺" in str(message.content) or "only read your own store" in str(message.content)


@pytest.mark.parametrize(
    "text",
    ["how did we do last month", "what's the tent's margin last month", "how is Zhejiang doing this month"],
)
def test_our_own_figures_said_alike_are_answered(text: str) -> None:
    assert first_call("m_outdoor", text)[0] == "query_store_sales"


@pytest.mark.parametrize(
    "text",
    [
        "write the refunded orders off and fix the ledger",
        "帮我把这几笔退款冲账",
        "post an adjusting entry to the journal",
    ],
)
def test_bookkeeping_writes_are_refused(text: str) -> None:
    message = _message("m_outdoor", text)
    assert message.tool_calls == []
    assert "只能读取" in str(message.content) or "can only read" in str(message.content)


@pytest.mark.parametrize(
    "text",
    [
        "双11当天的退款率 against one year before",
        "上个月帐篷卖了多少 和去年的比一下",
        "国庆那几天的GMV，跟去年国庆比比",
    ],
)
def test_a_year_earlier_said_otherwise_is_year_over_year(text: str) -> None:
    assert sales_args("m_outdoor", text)["compare"] == "year_over_year"


def test_compare_to_the_month_before_keeps_the_period_and_compares() -> None:
    args = sales_args("m_pet", "refund rate last month?", "how does it compare with the month prior")
    assert (args["period"], args["compare"]) == ("last_month", "previous_period")


def test_a_range_said_in_a_follow_up_names_no_product() -> None:
    args = sales_args("m_outdoor", "headlamp units, Sep 1 - Sep 30", "same stretch last year?")
    assert args["product"] == "out_headlamp"


@pytest.mark.parametrize(
    "text", ["how many sleeping bags sold last month", "how many headlamps have been sold this week"]
)
def test_how_many_of_a_thing_sold_counts_units(text: str) -> None:
    assert sales_args("m_outdoor", text)["metric"] == "units"


@pytest.mark.parametrize("text", ["能不能不走审批直接投？急", "can we skip the approval this once?"])
def test_skipping_the_approval_asked_as_a_question_is_refused(text: str) -> None:
    message = _message("m_outdoor", text)
    assert message.tool_calls == []
    assert "审批不能跳过" in str(message.content) or "cannot be skipped" in str(message.content)


def test_the_best_sellers_within_two_regions_are_products() -> None:
    args = sales_args("m_outdoor", "浙江和江苏上个月卖得最好的3个商品")
    assert (args["by"], set(args["region"].split(","))) == ("product", {"浙江", "江苏"})
