"""Metric, count, breakdown and target words of sales and anomaly questions: colloquial and non-native English
("how many sell", "most selling", "price per order"), metrics said by their argument names ("paid_orders"),
Chinese remarks on refunds (退得多吗), counts said alone ("show me 3", "5 rows", 三样儿, 三个就行), channels listed
("search+live only"), a product described (自动的猫砂盆, 新上的那款), people at home who ask (我老婆问), and the
anomaly scan's days and direction said as shorthand ("60d", "trailing 14 days", "spike-only")."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("backpack last week how many sell?", "units"),
        ("tents how many sold yesterday", "units"),
        ("what is average price per order in search channel this month", "aov"),
        ("avg spend per order last week", "aov"),
        ("gross_margin by category last month", "gross_margin"),
        ("paid_orders this week", "paid_orders"),
        ("refund_rate for tents, October", "refund_rate"),
        ("帐篷上周退的多不多", "refund_rate"),
        ("冲锋衣这个月退得厉害吗", "refund_rate"),
        ("上周退货太多了吧，退款率是多少", "refund_rate"),
        ("how many orders last week", "paid_orders"),
        ("tent sales last week", "gmv"),
    ],
)
def test_colloquial_metric_words(text: str, metric: str) -> None:
    assert sales_args("m_outdoor", text)["metric"] == metric


def test_most_selling_ranks_units_and_a_count_said_alone_is_the_top() -> None:
    args = sales_args("m_outdoor", "which item is most selling last week? show me 3")
    assert (args["metric"], args["by"], args["top"]) == ("units", "product", 3)
    assert sales_args("m_outdoor", "top sellers this month, give me 4")["top"] == 4


@pytest.mark.parametrize(
    ("text", "top", "order"),
    [
        ("refund rate by product last week, 5 rows", 5, None),
        ("上个月卖得最次的三样儿", 3, "asc"),
        ("这周卖得不好的商品，三个就行", 3, "asc"),
    ],
)
def test_counts_said_alone(text: str, top: int, order: str | None) -> None:
    args = sales_args("m_outdoor", text)
    assert args["top"] == top and args["by"] == "product"
    assert args.get("order") == order or order is None
    assert "product" not in args


@pytest.mark.parametrize("text", ["show me 2025 sales", "give me 11.11 sales", "give me 3 days sales"])
def test_a_year_a_date_or_days_is_no_count(text: str) -> None:
    assert "top" not in sales_args("m_outdoor", text)


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("品类 ranking by refund rate this month, top 3", "category"),
        ("ranking of 品类 by GMV last month", "category"),
        ("上个月GMV，渠道维度", "channel"),
        ("上周销量，商品维度", "product"),
    ],
)
def test_dimension_words(text: str, by: str) -> None:
    assert sales_args("m_outdoor", text)["by"] == by


@pytest.mark.parametrize(
    ("text", "channel", "by"),
    [
        ("paid orders by week for tents, Oct, recommend+live only", "recommend,live", "week"),
        ("conversion last month, direct & search channels only", "direct,search", "channel"),
        ("AOV recommend vs direct this month", "recommend,direct", "channel"),
        ("上个月直播的GMV", "live", None),
    ],
)
def test_channels_listed_are_all_kept(text: str, channel: str, by: str | None) -> None:
    args = sales_args("m_outdoor", text)
    assert args["channel"] == channel and args.get("by") == by


@pytest.mark.parametrize(
    ("text", "compare"),
    [
        ("AOV recommend vs direct this month, and how does it compare to last year", "year_over_year"),
        ("paid orders last 14 days vs prior 14", "previous_period"),
        ("tents sell good this month, compare last month?", "previous_period"),
        ("GMV past 7d vs prior 7d", "previous_period"),
    ],
)
def test_comparisons_said_plainly(text: str, compare: str) -> None:
    assert sales_args("m_outdoor", text)["compare"] == compare


@pytest.mark.parametrize(
    "text",
    ["本周和上周比，哪个渠道跌得最多", "this week vs last week, which channel fell most?", "哪个地区最近掉得厉害"],
)
def test_a_drop_by_channel_or_region_is_a_sales_breakdown(text: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["by"] in ("channel", "region")
    assert "top" not in args  # every row with its change, not the one that sold most


def test_a_drop_without_a_channel_stays_an_anomaly_scan() -> None:
    assert first_call("m_outdoor", "最近哪些品类掉得厉害")[0] == "detect_sales_anomalies"


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("GMV last month for backpakcs, tents and lanterns", "背包,帐篷,露营灯"),
        ("units this week: lantrens and tents", "露营灯,帐篷"),
    ],
)
def test_a_mistyped_category_in_a_list_is_kept(text: str, categories: str) -> None:
    assert sales_args("m_outdoor", text)["category"] == categories


def test_a_word_beside_a_category_that_lists_nothing_is_no_category() -> None:
    assert sales_args("m_outdoor", "sunscreen stock sales this week")["category"] == "防晒霜"


@pytest.mark.parametrize(
    ("merchant", "text", "product"),
    [
        ("m_pet", "自动的猫砂盆这个月卖了几个", "pet_smart_litterbox"),
        ("m_pet", "那个封闭的猫砂盆，三百来块那个，上周卖了几个", "pet_litterbox_enclosed"),
        ("m_outdoor", "自动的帐篷卖了多少", "out_tent_family"),
        ("m_pet", "新上的那款饮水机，有没有人买", "pet_fountain_sensor_new"),
        ("m_pet", "has anyone bought the new water fountain yet?", "pet_fountain_sensor_new"),
        ("m_baby", "刚上的那个溜娃神器，卖出去没有？", "baby_stroller_fold_new"),
    ],
)
def test_a_product_described_or_said_new(merchant: str, text: str, product: str) -> None:
    args = sales_args(merchant, text)
    assert args["product"] == product
    assert "category" not in args


def test_the_category_alone_stays_the_category() -> None:
    assert sales_args("m_pet", "猫砂盆上周卖了几个")["category"] == "猫砂盆"
    assert sales_args("m_pet", "饮水机有人买吗") == {"metric": "units", "category": "饮水机"}
    assert first_call("m_pet", "哪些人买了饮水机")[0] == "find_target_segments"


@pytest.mark.parametrize(
    "text",
    [
        "我老婆问，上个月一共卖了多少钱",
        "老板让我查查，上个月卖了多少钱",
        "上个月卖了多少钱，儿子说挺多的",
        "我女儿问上个月卖了多少钱",
    ],
)
def test_people_who_ask_are_no_product(text: str) -> None:
    assert sales_args("m_outdoor", text) == {"metric": "gmv", "period": "last_month"}


def test_a_remark_with_a_time_in_it_is_kept() -> None:
    tool, args = first_call("m_outdoor", "老板说上周卖得不好，哪个品类跌得最多")
    assert (tool, args["days"]) == ("detect_sales_anomalies", 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anomaly check, 60d, category level, top 5", {"days": 60, "scope": "category", "top": 5}),
        ("spike-only anomalies for tents, trailing 14 days", {"days": 14, "direction": "spike"}),
        ("anomalies over the trailing 45 days, drops only", {"days": 45, "direction": "drop"}),
    ],
)
def test_anomaly_days_scope_and_direction_shorthand(text: str, expected: dict[str, object]) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "detect_sales_anomalies"
    assert {key: args.get(key) for key in expected} == expected


def _after(question: str, tool: str, args: dict[str, object]) -> list:
    call = {"name": tool, "args": args, "id": "c1", "type": "tool_call"}
    return [HumanMessage(question), AIMessage("", tool_calls=[call]), ToolMessage("ok", tool_call_id="c1", name=tool)]


def test_only_the_drops_or_rises_of_an_anomaly_scan() -> None:
    scan = {"days": 30, "direction": "both", "scope": "product"}
    earlier = _after("最近有啥异常波动", "detect_sales_anomalies", scan)
    assert first_call("m_outdoor", "光看往上涨的", earlier=earlier)[1]["direction"] == "spike"


def test_flipping_a_ranking_keeps_its_metric() -> None:
    args = {"metric": "units", "by": "product", "period": "last_month", "top": 5}
    earlier = _after("top 5 products by units sold last month", "query_store_sales", args)
    tool, flipped = first_call("m_outdoor", "now flip that, worst 8", earlier=earlier)
    assert (tool, flipped["metric"], flipped["top"], flipped["order"]) == ("query_store_sales", "units", 8, "asc")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("奶瓶 who buy? give me top 3 group", {"category": "奶瓶", "top": 3}),
        ("who buying our strollers?", {"category": "婴儿推车"}),
    ],
)
def test_who_buy_asks_for_audiences(text: str, expected: dict[str, object]) -> None:
    assert first_call("m_baby", text) == ("find_target_segments", expected)
