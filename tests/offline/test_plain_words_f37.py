"""Wording found by blind set fresh37, tested in other words: deletions said as a command, a half year "以内", anomalies
said as ups and downs or as something odd, what a kind of people is into, the basket and lookers-vs-buyers as metrics,
"the money of", week by week said twice, and what a budget would earn back."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read, plan_next_answer


def test_a_deletion_said_as_a_command_is_refused() -> None:
    answer = plan_next_answer("m_pet", "上周那几笔退款的记录都给我删掉，烦死了")
    assert "不能" in answer


@pytest.mark.parametrize(
    ("said", "period"), [("半年以内的退款率", "last_6_months"), ("半个月内的单量", "last_15_days")]
)
def test_a_half_said_with_within_is_the_last_half(said: str, period: str) -> None:
    assert period_read(said) == period


@pytest.mark.parametrize(
    "said", ["猫粮这礼拜卖得时高时低的", "最近成交起伏特别大，正常吗", "帐篷这周卖得有点不对劲", "最近有啥蹊跷的没"]
)
def test_ups_and_downs_or_something_odd_look_for_anomalies(said: str) -> None:
    assert first_call("m_outdoor" if "帐篷" in said else "m_pet", said)[0] == "detect_sales_anomalies"


def test_stretching_an_anomaly_search_to_a_month() -> None:
    tool, args = first_call("m_pet", "有啥异常吗", "放到一个月看看")
    assert (tool, args.get("days")) == ("detect_sales_anomalies", 30)


@pytest.mark.parametrize(
    ("merchant", "said"),
    [
        ("m_outdoor", "爱露营的那群人一般都爱买点啥"),
        ("m_baby", "刚当爸妈的那些家长最近对什么感兴趣"),
        ("m_pet", "what are folks with several cats into lately"),
    ],
)
def test_what_a_kind_of_people_is_into_finds_that_audience(merchant: str, said: str) -> None:
    assert first_call(merchant, said)[0] == "find_target_segments"


@pytest.mark.parametrize(
    ("merchant", "said", "metric"),
    [
        ("m_outdoor", "typical basket for the tents last quarter, i mean per order", "aov"),
        ("m_baby", "what was the money per each order in october", "aov"),
        ("m_pet", "cat litter: how many visitors view it and how many purchase, this month", "conversion"),
        ("m_outdoor", "the money of the headlamps in september", "gmv"),
    ],
)
def test_metrics_said_in_plain_words(merchant: str, said: str, metric: str) -> None:
    tool, args = first_call(merchant, said)
    assert (tool, args.get("metric")) == ("query_store_sales", metric)


def test_week_by_week_said_twice_is_no_monday() -> None:
    tool, args = first_call("m_outdoor", "九月一个星期一个星期的成交额列一下")
    assert (tool, args.get("by"), args.get("period")) == ("query_store_sales", "week", "2026-09")


def test_what_a_budget_earns_back_is_an_estimate() -> None:
    tool, args = first_call("m_baby", "假如618砸两万投广告，能赚回来多少")
    assert (tool, args.get("budget")) == ("estimate_promotion_effect", 20000)


def test_a_pronoun_after_an_anomaly_search_keeps_its_goods() -> None:
    tool, args = first_call("m_outdoor", "头灯最近是不是卖不动了", "它的退款率呢，今年按月看")
    assert (tool, args.get("category"), args.get("by")) == ("query_store_sales", "头灯", "month")


def test_what_the_buyers_of_a_region_buy_is_a_product_ranking() -> None:
    tool, args = first_call("m_pet", "广东浙江的客户一般买些什么，按销量排前三")
    assert (tool, args.get("by"), args.get("top")) == ("query_store_sales", "product", 3)


def test_inner_mongolian_words_point_and_look() -> None:
    tool, args = first_call("m_outdoor", "外些帐篷上个月一共卖了几顶")
    assert (tool, args.get("category"), args.get("period")) == ("query_store_sales", "帐篷", "last_month")
    assert "哪个商品" in plan_next_answer("m_outdoor", "外个帐篷上个月卖了几顶")
    tool, args = first_call("m_pet", "给我眊眊昨天的单量")
    assert (tool, args.get("metric"), args.get("period"), args.get("product")) == (
        "query_store_sales",
        "paid_orders",
        "yesterday",
        None,
    )


@pytest.mark.parametrize(
    "said", ["海报上一律不要出现价格", "标题里不许带表情符号", "never use emojis in our captions going forward"]
)
def test_a_ban_on_all_copy_is_a_standing_rule(said: str) -> None:
    assert first_call("m_baby", said)[0] == "remember_preference"


def test_copy_asked_with_a_ban_is_still_written() -> None:
    assert first_call("m_baby", "给推车写两条文案，标题不许带表情")[0] == "generate_creatives"


@pytest.mark.parametrize("said", ["how many unique shoppers ordered from us in october", "十月有几个不同的顾客下过单"])
def test_distinct_people_who_bought_are_counted_in_sql(said: str) -> None:
    tool, args = first_call("m_outdoor", said)
    assert tool == "query_store_sales"
    assert "COUNT(DISTINCT o.customer_id)" in args["sql"] and "2026-10-01" in args["sql"]


def test_one_time_buyers_are_the_other_side_of_the_repeat_rate() -> None:
    tool, args = first_call("m_baby", "what share of our buyers only ever purchased once")
    assert tool == "query_store_sales" and "repeat_rate" in args["sql"]


def test_two_goods_pointed_at_after_a_plan_are_the_plans_goods() -> None:
    tool, args = first_call("m_baby", "给奶瓶和纸尿裤做个清仓方案，预算八千", "它俩这个月卖了多少钱")
    assert (tool, args.get("category")) == ("query_store_sales", "奶瓶,纸尿裤")
    tool, args = first_call(
        "m_pet", "draft a clearance plan for cat litter and cat food, 6k", "how did both of them sell in october"
    )
    assert (tool, args.get("category")) == ("query_store_sales", "猫砂,猫粮")


def test_a_named_figure_by_day_with_a_dip_in_mind_is_the_series() -> None:
    tool, args = first_call("m_pet", "units by day over the last two weeks, something looked off")
    assert (tool, args.get("metric"), args.get("by")) == ("query_store_sales", "units", "day")
    assert first_call("m_pet", "最近十天有没有异常")[0] == "detect_sales_anomalies"


@pytest.mark.parametrize(
    ("said", "region"),
    [
        ("四川的客人上个月在咱店里花了多少", "四川"),
        ("what did shoppers from Zhejiang spend with us in october", "浙江"),
    ],
)
def test_what_buyers_spent_at_the_store_is_gmv(said: str, region: str) -> None:
    tool, args = first_call("m_outdoor", said)
    assert (tool, args.get("metric"), args.get("region")) == ("query_store_sales", "gmv", region)


def test_an_anomaly_check_over_the_same_stretch_takes_its_days() -> None:
    tool, args = first_call("m_pet", "units by day for the last 40 days", "now scan that same period for anything odd")
    assert (tool, args.get("days")) == ("detect_sales_anomalies", 40)


@pytest.mark.parametrize(
    ("said", "period", "top"),
    [("最近30天哪些城市的顾客下单最多，前三", "last_30_days", 3), ("上个月哪个省下单最少", "last_month", 1)],
)
def test_where_buyers_ordered_most_counts_paid_orders_in_the_period(said: str, period: str, top: int) -> None:
    tool, args = first_call("m_baby", said)
    assert (tool, args.get("metric"), args.get("by"), args.get("period"), args.get("top")) == (
        "query_store_sales",
        "paid_orders",
        "region",
        period,
        top,
    )


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("which categories earned less in august than in july", "2026-08"),
        ("did refunds run higher in q2 than q1", None),
    ],
)
def test_more_or_less_than_another_period_compares_with_it(said: str, period: str | None) -> None:
    tool, args = first_call("m_outdoor", said)
    assert (tool, args.get("compare")) == ("query_store_sales", "previous_period")
    if period is not None:
        assert args["period"] == period


@pytest.mark.parametrize(
    ("said", "period"), [("units lsat week by category", "last_week"), ("上各礼拜的退款率", "last_week")]
)
def test_time_words_slipped_in_typing_are_read(said: str, period: str) -> None:
    assert first_call("m_pet", said)[1].get("period") in (period, "2026-11-09..2026-11-15")


def test_a_homophone_slip_of_is_does_not_change_the_question() -> None:
    tool, args = first_call("m_baby", "这各月退款最多的商品事哪个")
    assert (tool, args.get("by"), args.get("period")) == ("query_store_sales", "product", "this_month")


@pytest.mark.parametrize("said", ["618当天的单量 vs 去年618", "去年618那天跟今年618比，单量涨了没"])
def test_a_festivals_day_singled_out_on_one_side_is_the_day_on_both(said: str) -> None:
    tool, args = first_call("m_pet", said)
    assert (tool, args.get("period"), args.get("compare")) == (
        "query_store_sales",
        "2026-06-18..2026-06-18",
        "year_over_year",
    )
