"""Dialect words read as the Mandarin the model knows (data/cantonese.yaml): Tianjin 介 = 这 before a time or a
measure word, 嘛样 = 怎么样, 倍儿 = 很; Cantonese 啱啱 = 刚刚, 边班人 = 哪些人; a fall said colloquially (掉得很厉害,
单子少了一半) looks for drops."""

from __future__ import annotations

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline import nlu
from tests.offline.planned import first_call, sales_args
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("said", "period", "category"),
    [
        ("介礼拜睡袋卖的嘛样", "this_week", "睡袋"),
        ("头灯介月卖出去多少个", "this_month", "头灯"),
        ("介个礼拜背包走了几个", "this_week", "背包"),
    ],
)
def test_tianjin_jie_is_this_before_a_period(said: str, period: str, category: str) -> None:
    args = sales_args("m_outdoor", said)
    assert args.get("period") == period and args.get("category") == category, args


@pytest.mark.parametrize(
    ("said", "metric"),
    [
        ("上礼拜退款倍儿多 退款率是多少", "refund_rate"),
        ("介月客单价多少 倍儿低吧", "aov"),
    ],
)
def test_tianjin_beir_is_very_and_names_nothing(said: str, metric: str) -> None:
    args = sales_args("m_outdoor", said)
    assert args.get("metric") == metric and "product" not in args, args


def test_jie_inside_mandarin_words_stays() -> None:
    tool, _ = first_call("m_outdoor", "帮我介绍一下上个月卖得最好的3个商品")
    assert tool == "query_store_sales"


@pytest.mark.parametrize(
    ("said", "category"),
    [
        ("背包最近跌得很厉害 帮我看看咋回事", "背包"),
        ("什么情况 头灯前天单子少了一大半", "头灯"),
    ],
)
def test_a_fall_said_colloquially_looks_for_drops(said: str, category: str) -> None:
    tool, args = first_call("m_outdoor", said)
    assert tool == "detect_sales_anomalies", (tool, args)
    assert args.get("direction") == "drop" and args.get("category") == category, args


def test_a_budget_cut_by_half_is_no_fall_in_sales() -> None:
    understood = nlu.parse("预算少一半吧", catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY)
    assert understood.intent != "anomalies"


def test_cantonese_just_launched_asks_whom_to_target() -> None:
    tool, args = first_call("m_baby", "新款溜娃神器啱啱先上架，冇咩销量，应该target边班人？")
    assert tool == "find_target_segments" and args.get("cold_start") is True, (tool, args)


@pytest.mark.parametrize(
    ("said", "category"),
    [
        ("前日BB車賣咗幾多架?", "婴儿推车"),
        ("尿片上个月卖了多少包", "纸尿裤"),
    ],
)
def test_hong_kong_names_of_baby_categories(said: str, category: str) -> None:
    args = sales_args("m_baby", said)
    assert args.get("category") == category and "product" not in args, args


@pytest.mark.parametrize(
    "said",
    ["江苏同浙江上个月邊度賣得好啲?", "北京和四川上周哪边买得多"],
)
def test_where_of_two_regions_sets_them_side_by_side(said: str) -> None:
    args = sales_args("m_outdoor", said)
    assert args.get("by") == "region" and len(str(args.get("region")).split(",")) == 2, args


def test_where_people_buy_most_is_by_region() -> None:
    args = sales_args("m_outdoor", "今年哪边的顾客下单最多")
    assert args.get("by") == "region", args


@pytest.mark.parametrize(
    ("said", "by"),
    [
        ("上个月退货率按渠道拆一下 看哪个渠道售后最差", "channel"),
        ("近7天退款率分品类看看，哪类售后表现拉垮", "category"),
    ],
)
def test_after_sales_judged_by_a_rate_is_a_sales_question(said: str, by: str) -> None:
    tool, args = first_call("m_outdoor", said)
    assert tool == "query_store_sales" and args.get("by") == by, (tool, args)


def test_after_sales_policy_is_still_the_documents() -> None:
    tool, _ = first_call("m_outdoor", "售后这块我们是怎么规定的")
    assert tool == "search_merchant_docs"


@pytest.mark.parametrize(
    ("said", "region"),
    [("重庆上个月买了多少", "重庆"), ("这周浙江买的多吗", "浙江")],
)
def test_what_a_region_bought_is_its_sales(said: str, region: str) -> None:
    args = sales_args("m_outdoor", said)
    assert args.get("region") == region, args


def test_a_pram_accessory_said_the_hong_kong_way_is_that_product() -> None:
    tool, args = first_call("m_baby", "BB車遮陽棚上個禮拜賣咗幾多個?")
    assert tool == "query_store_sales" and args.get("product") == "baby_stroller_sunshade", (tool, args)


def test_orders_down_by_half_look_for_drops_only() -> None:
    tool, args = first_call("m_outdoor", "咋回事 前天订单少了快一半")
    assert tool == "detect_sales_anomalies" and args.get("direction") == "drop", (tool, args)
