"""Words that ask for pieces sold (units): "pieces", "the sold pieces", "how many" said right before the period, the
most of something sold; a metric said not to be meant ("not the revenue") gives way to the one named beside it;
a currency sign alone asks for money (analytics/metrics.yaml, reader._metric_meant)."""

from __future__ import annotations

from tests.offline.planned import sales_args


def test_sold_pieces_are_units() -> None:
    args = sales_args("m_outdoor", "show the sold pieces of the headlamps per day this week")
    assert args["metric"] == "units"
    assert args["by"] == "day"


def test_where_the_most_were_sold_counts_units() -> None:
    args = sales_args("m_outdoor", "Which regions had the most headlamps sold this month?")
    assert args["metric"] == "units"
    assert args["by"] == "region"


def test_how_many_before_the_period_counts_units() -> None:
    args = sales_args("m_pet", "the cat trees, how many last week")
    assert args["metric"] == "units"


def test_a_metric_said_not_meant_gives_way() -> None:
    args = sales_args("m_outdoor", "GMV of the headlamps last month", "no, I want the pieces, not the revenue")
    assert args["metric"] == "units"
    assert args["period"] == "last_month"


def test_a_currency_sign_alone_asks_for_money() -> None:
    args = sales_args("m_pet", "猫爬架上周卖了几件", "我要看$ 不是件数")
    assert args["metric"] == "gmv"
    assert args["period"] == "last_week"


def test_a_title_shortened_names_that_product() -> None:
    """蛋卷桌 is 蛋卷折叠桌 shortened: the product, not its category 折叠桌椅 (matching._shortened)."""
    assert sales_args("m_outdoor", "蛋卷桌这个月卖了多少钱")["product"] == "out_egg_roll_table"
    assert sales_args("m_outdoor", "月亮椅这个月卖了多少钱", "蛋卷桌的呢")["product"] == "out_egg_roll_table"


def test_the_metric_asked_for_after_one_said_in_passing() -> None:
    args = sales_args("m_pet", "这几天感觉订单很少啊 你帮我查一下上周猫粮卖了多少钱")
    assert args["metric"] == "gmv"
    assert sales_args("m_pet", "帮我看看上周的订单数，GMV也要")["metric"] == "paid_orders"
