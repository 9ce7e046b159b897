"""Words around a sales question that name nothing sold: who asks and who they are (老板让我看下, I'm new here), the
books the figure is for (year-end books, quarter-end close, 财务年度), groups of buyers (新手妈妈), chat slang (太离谱),
Pidgin and Singlish function words (abeg, wetin, una fit, kindly revert); the money of the goods sold that no
metric names (refund amount, cost of goods, gross profit in yuan, the median order), the tool's own word
(outliers), Taiwan and Shanghainese words (攝影機, 这礼拜, 号头, 搭, 哪只, 伐要) and goods counted by how they
come; through the offline planner (today 2026-11-20). A thing the store does not sell is still said unknown."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.offline.script import mainland
from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("merchant", "said", "expected"),
    [
        ("m_outdoor", "GMV for September, I need it for the year-end books.", {"metric": "gmv", "period": "2026-09"}),
        ("m_outdoor", "refund rate for Q3 for the quarter-end close", {"metric": "refund_rate"}),
        ("m_outdoor", "units last week so our accounts tie out", {"metric": "units", "period": "last_week"}),
        ("m_outdoor", "my manager asked me to check which channel sold best last month", {"by": "channel", "top": 1}),
        ("m_outdoor", "I'm new here, what was our AOV yesterday?", {"metric": "aov", "period": "yesterday"}),
        ("m_outdoor", "sorry, I think my manager wants to know our refund rate last week", {"metric": "refund_rate"}),
        ("m_pet", "领导让我看下上个月哪个品类卖得最好", {"by": "category", "top": 1, "period": "last_month"}),
        ("m_pet", "我是新来的，上周退款率多少", {"metric": "refund_rate", "period": "last_week"}),
        ("m_pet", "做财务年度汇总要用，上个月的销售额", {"metric": "gmv", "period": "last_month"}),
        ("m_baby", "去年哪几个省的新手妈妈下单最多", {"by": "region", "period": "last_year"}),
        ("m_pet", "abeg wetin be our GMV yesterday", {"metric": "gmv", "period": "yesterday"}),
        ("m_pet", "una fit show me paid orders this month", {"metric": "paid_orders", "period": "this_month"}),
        ("m_outdoor", "这个月毛利率太离谱了吧 多少", {"metric": "gross_margin", "period": "this_month"}),
    ],
)
def test_words_around_the_question_filter_no_product(merchant: str, said: str, expected: dict[str, Any]) -> None:
    args = sales_args(merchant, said)
    assert "product" not in args and "sql" not in args, (said, args)
    for name, value in expected.items():
        assert args.get(name) == value, (said, name, args)


@pytest.mark.parametrize(
    ("merchant", "said", "name"),
    [
        ("m_outdoor", "上个月卖了多少电动滑板", "电动滑板"),
        ("m_outdoor", "how did the fishing rods sell last month", "fishing rods"),
    ],
)
def test_a_thing_the_store_does_not_sell_is_still_asked_for(merchant: str, said: str, name: str) -> None:
    assert sales_args(merchant, said).get("product") == name


@pytest.mark.parametrize(
    ("said", "column", "period_start"),
    [
        ("refund amount last week", "refunded_amount", "2026-11-09"),
        ("上周退款额多少", "refunded_amount", "2026-11-09"),
        ("how much cost of goods sold last quarter", "cogs", "2026-07-01"),
        ("上个月毛利润是多少钱", "gross_profit", "2026-10-01"),
        ("gross margin as an amount in yuan for October, not the percentage", "gross_profit", "2026-10-01"),
        ("what was the median basket last week", "median_p50", "2026-11-09"),
        ("本月订单金额中位数", "median_p50", "2026-11-01"),
        ("what is the median order value over the last 14 days, paid only", "median_p50", "2026-11-07"),
        ("上个月每单平均多少件", "items_per_order", "2026-10-01"),
        ("last month's order value percentiles, p50 and p90", "p90", "2026-10-01"),
    ],
)
def test_money_no_metric_names_is_answered_in_sql(said: str, column: str, period_start: str) -> None:
    args = sales_args("m_outdoor", said)
    assert column in args.get("sql", ""), (said, args)
    assert f">= '{period_start}'" in args["sql"], (said, args)


def test_a_breakdown_of_gross_profit_in_money_is_kept() -> None:
    by_category = sales_args("m_outdoor", "上个月各品类的毛利额")["sql"]
    assert "GROUP BY p.category" in by_category
    by_month = sales_args("m_pet", "cost of goods sold by month this year")["sql"]
    assert "GROUP BY month" in by_month and ">= '2026-01-01'" in by_month


def test_a_plain_margin_stays_the_ratio() -> None:
    assert sales_args("m_outdoor", "上个月毛利率多少") == {"metric": "gross_margin", "period": "last_month"}
    assert sales_args("m_outdoor", "gross margin last month") == {"metric": "gross_margin", "period": "last_month"}


@pytest.mark.parametrize(
    "said", ["please check for outliers in sales over the last 3 weeks", "any anomalies in orders lately, top 5"]
)
def test_the_tools_own_word_finds_anomalies(said: str) -> None:
    assert first_call("m_outdoor", said)[0] == "detect_sales_anomalies"


@pytest.mark.parametrize(
    ("merchant", "said", "expected"),
    [
        ("m_pet", "這禮拜訂單量多少", {"metric": "paid_orders", "period": "this_week"}),
        ("m_pet", "上禮拜客單價多少", {"metric": "aov", "period": "last_week"}),
        ("m_outdoor", "上个号头卖脱几只冲锋衣", {"metric": "units", "period": "last_month", "category": "冲锋衣"}),
        (
            "m_outdoor",
            "搿个礼拜帐篷卖得老好伐，搭上个礼拜比比看",
            {"period": "this_week", "compare": "previous_period"},
        ),
        ("m_outdoor", "登山杖搭帐篷，上个号头哪只卖得好", {"by": "category", "category": "登山杖,帐篷"}),
        ("m_outdoor", "上个礼拜帐篷卖得几多顶", {"metric": "units", "category": "帐篷"}),
        ("m_baby", "琴日推车卖咗几多架", {"metric": "units", "category": "婴儿推车"}),
        ("m_outdoor", "上个礼拜边个渠道卖得最多钱", {"metric": "gmv", "by": "channel"}),
        (
            "m_pet",
            "kindly revert with number of litter bags sold last week",
            {"metric": "units", "period": "last_week"},
        ),
        ("m_pet", "上个月猫粮只要数量", {"metric": "units", "category": "猫粮"}),
        ("m_pet", "这周猫砂卖疯了吧 多少件", {"metric": "units", "category": "猫砂"}),
    ],
)
def test_taiwan_shanghai_and_counted_goods_words(merchant: str, said: str, expected: dict[str, Any]) -> None:
    args = sales_args(merchant, said)
    for name, value in expected.items():
        assert args.get(name) == value, (said, name, args)


def test_taiwan_and_wu_words_read_as_mainland_words() -> None:
    assert mainland("寵物攝影機") == "宠物摄像头"
    assert mainland("直播伐要了") == "直播不要了"
    assert mainland("好伐") == "好吗"
    assert mainland("搭个计划") == "搭个计划"  # 搭 builds a plan here, it joins nothing
    assert mainland("计划搭一下") == "计划搭一下"


@pytest.mark.parametrize(
    ("merchant", "said", "expected"),
    [
        (
            "m_outdoor",
            "abeg how many orders we get this month wey pass",
            {"metric": "paid_orders", "period": "last_month"},
        ),
        ("m_pet", "which channel dey sell cat food pass this year", {"by": "channel", "category": "猫粮"}),
        ("m_pet", "wetin be our AOV last week? customers dey complain about returns", {"metric": "aov"}),
        (
            "m_outdoor",
            "the GPS watch got anyone buy or not this month?",
            {"metric": "units", "product": "out_gps_watch"},
        ),
        ("m_outdoor", "what is sale of the hardshell jacket last month", {"metric": "gmv", "product": "out_shell_pro"}),
        ("m_outdoor", "kindly share sales of kayaks for last week", {"product": "kayaks"}),
        ("m_outdoor", "which stuff flopped last month", {"by": "product", "order": "asc"}),
        ("m_pet", "上个月哪个最6", {"by": "product", "top": 1}),
    ],
)
def test_pidgin_singlish_and_slang_ask_their_figure(merchant: str, said: str, expected: dict[str, Any]) -> None:
    args = sales_args(merchant, said)
    for name, value in expected.items():
        assert args.get(name) == value, (said, name, args)


@pytest.mark.parametrize(
    ("said", "columns"),
    [
        ("CPM per channel for the last 2 weeks", ("cpm", "GROUP BY a.channel")),
        ("各渠道上个月的广告花费和归因成交", ("attributed_gmv", "GROUP BY a.channel")),
        ("GMV by customer age group last month", ("age_band", "SUM(o.total_amount)")),
        ("今年哪个年龄段的买家贡献的成交最多", ("age_band", ">= '2026-01-01'")),
        ("this year AOV of new customers vs returning ones", ("aov", "customer_type")),
    ],
)
def test_ad_report_and_buyer_splits_no_metric_names(said: str, columns: tuple[str, ...]) -> None:
    sql = sales_args("m_outdoor", said).get("sql", "")
    for column in columns:
        assert column in sql, (said, sql)


@pytest.mark.parametrize(
    ("merchant", "said", "expected"),
    [
        ("m_outdoor", "边几样嘢上个月冇乜人买，倒数三个俾我睇下", {"by": "product", "order": "asc", "top": 3}),
        ("m_pet", "今年猫粮的销售额分月列出来", {"by": "month", "category": "猫粮"}),
        ("m_pet", "去年每一个月的订单数", {"by": "month", "metric": "paid_orders"}),
        ("m_outdoor", "这个月平均每单多少钱，跟上个月比一比", {"metric": "aov"}),
    ],
)
def test_cantonese_and_polite_chinese_keep_their_breakdown(merchant: str, said: str, expected: dict[str, Any]) -> None:
    args = sales_args(merchant, said)
    for name, value in expected.items():
        assert args.get(name) == value, (said, name, args)


@pytest.mark.parametrize("said", ["最近有冇边款突然卖唔出", "帐篷最近怎么卖得这么少"])
def test_goods_that_stopped_selling_are_a_drop(said: str) -> None:
    tool, args = first_call("m_outdoor", said)
    assert tool == "detect_sales_anomalies" and args.get("direction") == "drop", args


def test_a_period_said_half_in_english_is_the_chinese_period() -> None:
    args = sales_args("m_outdoor", "这个week的退款率和last week对比下")
    assert args.get("period") == "this_week" and args.get("compare") == "previous_period", args
    assert sales_args("m_pet", "上个month猫粮GMV").get("period") == "last_month"
