"""Refunds in money, counts and by product, yes/no and threshold questions about a figure, two things set side by
side, a year compared, customers by age band and region, the repurchase rate (the classes fresh39 missed), in
wording of their own."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, plan_next_answer, sales_args


def _sql(merchant: str, *texts: str) -> str:
    tool, args = first_call(merchant, *texts)
    assert tool == "query_store_sales"
    assert set(args) == {"sql"}
    return str(args["sql"])


def test_refund_money_asked_after_the_refund_rate_keeps_its_days() -> None:
    sql = _sql("m_pet", "上周退款率多少", "那退掉的钱有多少")
    assert "o.status = 'refunded'" in sql
    assert "o.created_at >= '2026-11-09' AND o.created_at < '2026-11-16'" in sql


def test_pieces_sent_back_of_the_product_just_asked_about_keep_its_days() -> None:
    sql = _sql("m_outdoor", "头灯这个月退款率怎么样", "退了多少个")
    assert "o.status = 'refunded'" in sql
    assert "o.created_at >= '2026-11-01'" in sql
    assert "SELECT pc.id FROM products pc WHERE pc.category IN ('头灯')" in sql


@pytest.mark.parametrize(
    ("texts", "since", "limit"),
    [
        (["上个月哪些商品退得最多 前三"], "2026-10-01", "LIMIT 3"),
        (["what got returned the most this week? top 4"], "2026-11-16", "LIMIT 4"),
        (["这周退款率多少", "退得最多的是哪几款 前3"], "2026-11-16", "LIMIT 3"),
    ],
)
def test_the_goods_sent_back_most_are_counted_by_product_in_the_days_asked(
    texts: list[str], since: str, limit: str
) -> None:
    sql = _sql("m_outdoor", *texts)
    assert "GROUP BY p.id" in sql and "o.status = 'refunded'" in sql
    assert f"o.created_at >= '{since}'" in sql
    assert limit in sql


@pytest.mark.parametrize("text", ["近半年 refund 金额按月看看", "refunded money by month this year"])
def test_refund_money_month_by_month(text: str) -> None:
    sql = _sql("m_baby", text)
    assert "AS month" in sql and "GROUP BY month" in sql and "o.status = 'refunded'" in sql


@pytest.mark.parametrize(
    "text",
    [
        "退款一般几天能到账",
        "the refund, how long till the buyer gets it?",
        "客户想退货，东西要不要寄回来",
        "can buyers send a bag of food back once it is opened?",
    ],
)
def test_refund_rules_are_a_documents_question(text: str) -> None:
    assert first_call("m_pet", text)[0] == "search_merchant_docs"


def test_a_refund_to_a_person_is_declined() -> None:
    answer = plan_next_answer("m_pet", "go ahead and refund the customer who left that angry review")
    assert "refund" in answer


@pytest.mark.parametrize(
    ("text", "metric", "period"),
    [
        ("上个月有没有破五万", "gmv", "last_month"),
        ("这周过没过2万", "gmv", "this_week"),
        ("did we crack 30k last week?", "gmv", "last_week"),
        ("客单价 over 300 了吗 this month", "aov", "this_month"),
        ("这个月退款率有没有跌到3%", "refund_rate", "this_month"),
    ],
)
def test_a_mark_reached_or_not_is_the_figure_asked(text: str, metric: str, period: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["metric"] == metric
    assert args["period"] == period


@pytest.mark.parametrize(
    ("merchant", "text", "by", "named"),
    [
        ("m_outdoor", "这个月帐篷是不是比睡袋卖得多", "category", "帐篷,睡袋"),
        ("m_pet", "上周狗粮退款率是不是比猫砂低", "category", "狗粮,猫砂"),
        ("m_outdoor", "is search ahead of live last week?", "channel", "search,live"),
        ("m_outdoor", "推荐是不是比直播多", "channel", "recommend,live"),
    ],
)
def test_one_asked_to_be_above_the_other_is_both_side_by_side(merchant: str, text: str, by: str, named: str) -> None:
    args = sales_args(merchant, text)
    assert args["by"] == by
    assert (",".join(args.get("categories") or []) or args[by]) == named


def test_one_of_two_overtaking_keeps_both() -> None:
    args = sales_args("m_outdoor", "帐篷和睡袋今年谁卖得多", "按周看 睡袋有没有超过过")
    assert (",".join(args.get("categories") or []) or args["category"]) == "帐篷,睡袋"
    assert args["by"] == "week"


@pytest.mark.parametrize(
    ("texts", "period", "compare"),
    [
        (["is September down on last year?"], "2026-09", "year_over_year"),
        (["上个月成交额", "去年同期呢？高了吗"], "last_month", "year_over_year"),
        (["这周卖了多少单", "去年这周同期呢"], "this_week", "year_over_year"),  # this week named beside last year's
    ],
)
def test_a_year_compared_or_its_days_asked(texts: list[str], period: str, compare: str | None) -> None:
    args = sales_args("m_baby", *texts)
    assert args["period"] == period
    assert args.get("compare") == compare


@pytest.mark.parametrize(
    ("texts", "since", "monthly"),
    [
        (["上个月不同年龄段的客单价"], "2026-10-01", False),
        (["00后和95后哪个花得多 今年"], "2026-01-01", False),
        (["35-39 岁的买家这个季度消费多少"], "2026-10-01", False),
        (["what did the 40-49s spend this year?", "by month please"], "2026-01-01", True),
    ],
)
def test_buyers_by_age_band_in_the_days_asked(texts: list[str], since: str, monthly: bool) -> None:
    sql = _sql("m_outdoor", *texts)
    assert "JOIN customers c ON c.id = o.customer_id" in sql and "age_band" in sql
    assert f"o.created_at >= '{since}'" in sql
    assert ("GROUP BY month" in sql) == monthly


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("杭州南京成都，哪个省帐篷卖得最多", "浙江,江苏,四川"),
        ("深圳和武汉这个月卖了多少", "广东,湖北"),
        ("青海宁夏今年有订单吗", "青海,宁夏"),
    ],
)
def test_cities_count_under_their_provinces_and_listed_regions_are_each(text: str, region: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["region"] == region
    assert args["by"] == "region"


@pytest.mark.parametrize(
    ("text", "metric"),
    [("去年哪几个省买头灯买得最多件", "units"), ("which province buys the most, in money terms?", "gmv")],
)
def test_the_count_or_the_money_said_as_the_unit(text: str, metric: str) -> None:
    assert sales_args("m_outdoor", text)["metric"] == metric


@pytest.mark.parametrize("text", ["回购 rate 怎么样", "what is the re-order rate this year"])
def test_the_repurchase_rate_is_the_repeat_rate(text: str) -> None:
    assert "repeat_rate" in _sql("m_pet", text)


@pytest.mark.parametrize("text", ["无谷猫粮的退款率是不是比冻干的高", "冻干的猫粮跟无谷的比 哪个卖得多"])
def test_two_products_of_one_category_said_by_their_words_are_its_products_side_by_side(text: str) -> None:
    args = sales_args("m_pet", text)
    assert (args["by"], args.get("category"), args.get("product")) == ("product", "猫粮", None)
