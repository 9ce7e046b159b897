"""Figures no named metric holds — per customer, per item, per order, the ad spend against GMV, the customers of a
region, the products with no stock — are read from their SQL templates (numerator, denominator and quotient), never
answered with GMV, units or AOV in their place; shares of the whole keep the part asked about as the breakdown; and
learners' English words ("facturation", "devolution rate", "less sold", "I mean the orders, not the pieces") name
their metric, ranking and breakdown (demo store, today 2026-11-20)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import first_call, sales_args


def _sql(merchant: str, *said: str) -> str:
    tool, args = first_call(merchant, *said)
    assert tool == "query_store_sales" and "sql" in args and "metric" not in args, (said, tool, args)
    return str(args["sql"])


@pytest.mark.parametrize(
    ("merchant", "said", "holds"),
    [
        # spend per customer: GMV ÷ distinct buyers, never the AOV (per order)
        ("m_baby", "上个月人均消费多少", ["spend_per_customer", "COUNT(DISTINCT o.customer_id)", "'2026-10-01'"]),
        ("m_outdoor", "这周每个顾客平均花了多少钱", ["spend_per_customer", "'2026-11-16'"]),
        ("m_outdoor", "what's the average spend per customer last month", ["spend_per_customer", "'2026-10-01'"]),
        ("m_baby", "per customer 十月份平均花了多少", ["spend_per_customer", "'2026-10-01'", "'2026-11-01'"]),
        ("m_pet", "猫粮人均消费多少", ["spend_per_customer", "SUM(oi.amount)", "'猫粮'"]),
        # units per customer, orders per customer
        ("m_baby", "双11当天人均买几件", ["units_per_customer", "'2026-11-11'", "'2026-11-12'"]),
        ("m_outdoor", "露营灯人均买几个", ["units_per_customer", "'露营灯'"]),
        (
            "m_pet",
            "how many litter boxes does each customer buy on average this year",
            ["units_per_customer", "'猫砂盆'"],
        ),
        ("m_pet", "每个customer平均下几单，今年", ["orders_per_customer", "'2026-01-01'"]),
        ("m_outdoor", "how many orders does each customer place on average this year", ["orders_per_customer"]),
        ("m_outdoor", "orders per customer last month", ["orders_per_customer", "'2026-10-01'"]),
        # the average price of one item sold, the profit of one item
        ("m_pet", "猫砂这个月件单价多少", ["price_per_item", "SUM(oi.quantity)", "'猫砂'", "'2026-11-01'"]),
        ("m_baby", "上周 average price per item 是多少", ["price_per_item", "'2026-11-09'"]),
        ("m_outdoor", "帐篷平均每件卖多少钱", ["price_per_item", "'帐篷'"]),
        ("m_outdoor", "冲锋衣每件能赚多少钱", ["profit_per_unit", "p.cost", "'冲锋衣'"]),
        ("m_outdoor", "how much profit do we make on each tent", ["profit_per_unit", "'帐篷'"]),
        ("m_outdoor", "profit per unit on trekking poles last month", ["profit_per_unit", "'登山杖'", "'2026-10-01'"]),
        # items of one category in an order that holds it, counted in its own unit
        ("m_pet", "猫罐头一单平均买几罐嘛不对几箱，这个月", ["items_per_order", "'猫罐头'", "'2026-11-01'"]),
        ("m_pet", "猫砂每单平均买几包", ["items_per_order", "'猫砂'"]),
        # the ads' cost against GMV, not the promotion estimate
        ("m_outdoor", "上个月广告费占成交额几成", ["ad_daily", "spend_pct_of_gmv", "a.date >= '2026-10-01'"]),
        (
            "m_outdoor",
            "ad spend as a percentage of sales last month",
            ["spend_pct_of_gmv", "o.created_at >= '2026-10-01'"],
        ),
        ("m_outdoor", "这个月的费比是多少", ["spend_pct_of_gmv", "'2026-11-01'"]),
        # the share of new customers, of the customers in a region, the buyers of an item in a region
        ("m_baby", "这个月下单的人里新客占几成", ["new_customer_rate", "'2026-11-01'"]),
        ("m_baby", "what percentage of our customers 在上海", ["share_pct", "c.region IN ('上海')"]),
        (
            "m_outdoor",
            "这个月海南有好多人买防晒衣嘛",
            ["COUNT(DISTINCT o.customer_id)", "'防晒衣'", "rc.region IN ('海南')"],
        ),
        # products with nothing left, the buyers' ages
        ("m_baby", "Which products are actually without stock?", ["p.stock <= 0"]),
        ("m_outdoor", "哪些商品缺货了", ["p.stock <= 0"]),
        ("m_baby", "Which clients buy more, the young or the old ones? by age please", ["age_band", "gmv"]),
    ],
)
def test_a_figure_no_metric_names_is_its_sql(merchant: str, said: str, holds: list[str]) -> None:
    sql = _sql(merchant, said)
    for part in holds:
        assert part in sql, (said, part, sql)


def test_per_customer_after_the_aov_is_the_spend_per_customer() -> None:
    sql = _sql("m_baby", "这个月AOV多少", "上个月的呢", "per customer呢，上个月")
    assert "spend_per_customer" in sql and "'2026-10-01'" in sql


@pytest.mark.parametrize(
    ("merchant", "said", "metric"),
    [
        ("m_outdoor", "上个月客单价多少", "aov"),
        ("m_outdoor", "顾客平均每次花多少钱", "aov"),
        ("m_outdoor", "客户每单平均消费多少钱 本周", "aov"),
    ],
)
def test_per_order_stays_the_aov(merchant: str, said: str, metric: str) -> None:
    assert sales_args(merchant, said)["metric"] == metric


def test_an_item_not_sold_is_said_not_answered_for_the_store() -> None:
    tool, args = first_call("m_pet", "冲锋衣退款了多少单")
    assert tool == "query_store_sales" and args.get("product") == "冲锋衣" and "sql" not in args


@pytest.mark.parametrize(
    ("merchant", "said", "expected"),
    [
        ("m_pet", "昨旦跟前天比卖得多还是少嘛", {"metric": "gmv", "compare": "previous_period"}),
        ("m_outdoor", "上周跟上上周比卖得多还是少", {"metric": "gmv", "period": "last_week"}),
        ("m_baby", "Which is the facturation of October?", {"metric": "gmv", "period": "2026-10"}),
        ("m_baby", "Give me the facturation of the last month by channel", {"metric": "gmv", "by": "channel"}),
        ("m_outdoor", "the facturación of last week", {"metric": "gmv", "period": "last_week"}),
        ("m_baby", "How is the devolution rate in October?", {"metric": "refund_rate", "period": "2026-10"}),
        ("m_pet", "devolutions of cat litter last month", {"metric": "refund_rate", "category": "猫砂"}),
        ("m_baby", "In what region we sell more the last month?", {"by": "region", "period": "last_month"}),
        ("m_outdoor", "in what city we sell the most?", {"by": "region"}),
        (
            "m_baby",
            "Which are the 3 products less sold in the last month?",
            {"by": "product", "top": 3, "order": "asc"},
        ),
        ("m_outdoor", "the 5 products less selling this month", {"by": "product", "top": 5, "order": "asc"}),
        ("m_pet", "Please I want to know the 5 products selling the most this month", {"by": "product", "top": 5}),
        (
            "m_baby",
            "Hello, how many sells we have the last month? I mean the orders, not the pieces",
            {"metric": "paid_orders"},
        ),
        ("m_outdoor", "how many did we sell last week? the orders I mean, not the units", {"metric": "paid_orders"}),
        ("m_outdoor", "上个月卖了多少，我说的是单数不是件数", {"metric": "paid_orders"}),
        ("m_baby", "上周100个人看能有几个买", {"metric": "conversion", "period": "last_week"}),
        ("m_outdoor", "purchases per 100 visitors last month", {"metric": "conversion", "period": "last_month"}),
    ],
)
def test_learners_words_name_their_metric_ranking_and_breakdown(
    merchant: str, said: str, expected: dict[str, Any]
) -> None:
    args = sales_args(merchant, said)
    for name, value in expected.items():
        assert args.get(name) == value, (said, name, args)


@pytest.mark.parametrize(
    ("merchant", "said", "expected", "absent"),
    [
        # the top N's share: by product, ranked
        ("m_baby", "上个月头部5个商品占了几成成交额", {"by": "product", "top": 5}, []),
        # several categories' share of the store: every category, none filtered
        ("m_outdoor", "防晒类（防晒霜、防晒衣、防晒袖套）占全店几成", {"by": "category"}, ["category", "categories"]),
        ("m_outdoor", "冲锋衣占全店多少", {"by": "category"}, ["category"]),
        # a channel's share of one category's GMV: by channel, the category kept, the channel no filter
        ("m_pet", "猫粮里直播占了几成 上个月", {"by": "channel", "category": "猫粮"}, ["channel"]),
        # regions listed one by one: each of them; said as one area or summed: together
        ("m_baby", "2026年11月3日至11月9日 浙江 江苏 上海 订单数", {"by": "region", "region": "浙江,江苏,上海"}, []),
        ("m_outdoor", "广东、福建 上个月GMV", {"by": "region"}, []),
        ("m_baby", "江浙沪上个月订单数", {"metric": "paid_orders"}, ["by"]),
        ("m_baby", "浙江和江苏上个月一共多少单", {"metric": "paid_orders"}, ["by"]),
    ],
)
def test_shares_and_lists_keep_the_part_asked_about(
    merchant: str, said: str, expected: dict[str, Any], absent: list[str]
) -> None:
    args = sales_args(merchant, said)
    for name, value in expected.items():
        assert args.get(name) == value, (said, name, args)
    for name in absent:
        assert name not in args, (said, name, args)


def test_a_channels_share_of_a_category_after_another_question() -> None:
    args = sales_args(
        "m_baby",
        "What's the refund rate for strollers last quarter?",
        "and what % of stroller GMV came from live that quarter?",
    )
    assert (args["metric"], args["by"], args["category"]) == ("gmv", "channel", "婴儿推车")
    assert "channel" not in args


def test_a_share_month_by_month_is_that_share_not_the_stores_gmv() -> None:
    sql = _sql("m_pet", "今年狗粮占全店几成", "按月看这个占比怎么变的")
    assert "share_pct" in sql and "'狗粮'" in sql and "'2026-01-01'" in sql and "GROUP BY month" in sql


def test_the_cans_after_cat_food_are_the_wet_food() -> None:
    args = sales_args("m_pet", "Please I want to know the gross margin on cat food this quarter", "and the cans?")
    assert args["metric"] == "gross_margin"
    assert args.get("category") == "猫罐头" or args.get("product") == "pet_cat_cans", args
