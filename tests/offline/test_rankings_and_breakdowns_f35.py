"""Rankings, breakdowns and metric words said in a merchant's own way (classes of wording first seen in the fresh35
blind set, tested here in other words, products and languages)."""

from __future__ import annotations

from tests.offline.planned import sales_args


def test_maximum_and_minimum_rank_and_the_singular_asks_for_the_first() -> None:
    args = sales_args("m_pet", "which city is bringing maximum orders this month")
    assert (args["by"], args["top"], args.get("order", "desc")) == ("region", 1, "desc")
    args = sales_args("m_outdoor", "which region has minimum sales this month")
    assert (args["by"], args["top"], args["order"]) == ("region", 1, "asc")


def test_a_stretch_of_places_in_a_ranking_is_the_head_down_to_its_last_place() -> None:
    args = sales_args("m_baby", "上个月销量排第三到第六的单品")
    assert (args["by"], args["top"]) == ("product", 6)
    args = sales_args("m_outdoor", "今年排第2至第4的省份")
    assert (args["by"], args["top"]) == ("region", 4)
    assert sales_args("m_pet", "上个月第3到第8名的品类，按销售额")["by"] == "category"


def test_weakest_and_strongest_with_a_count_are_a_ranking_of_that_many() -> None:
    args = sales_args("m_baby", "the 4 strongest categories last month")
    assert (args["by"], args["top"], args.get("order", "desc")) == ("category", 4, "desc")
    args = sales_args("m_outdoor", "the 2 weakest channels by GMV this month")
    assert (args["by"], args["top"], args["order"]) == ("channel", 2, "asc")
    args = sales_args("m_pet", "the 2 weakest channels by refund rate this month")  # a rate better low: the highest
    assert (args["top"], args.get("order", "desc")) == (2, "desc")


def test_the_tail_of_a_ranking_counted_after_a_space() -> None:
    args = sales_args("m_baby", "上个月 refund rate 倒数 3 的 channels")
    assert (args["by"], args["top"], args["order"]) == ("channel", 3, "asc")


def test_the_days_weeks_or_months_ranked_are_the_breakdown() -> None:
    args = sales_args("m_pet", "今年订单数最少的两个月")
    assert (args["by"], args["top"], args["order"]) == ("month", 2, "asc")
    args = sales_args("m_baby", "上个月成交额最高的两周")
    assert (args["by"], args["top"]) == ("week", 2)
    args = sales_args("m_outdoor", "这个月哪两天卖得最好")
    assert (args["by"], args["top"]) == ("day", 2)


def test_which_one_sells_more_is_the_first_of_the_ranking_but_selling_well_is_not_a_ranking() -> None:
    args = sales_args("m_pet", "这周猫砂这个品类，哪款卖得多")
    assert (args["by"], args["top"], args["category"]) == ("product", 1, "猫砂")
    args = sales_args("m_outdoor", "这周卖得多吗")
    assert "by" not in args and "top" not in args


def test_within_the_categories_named_the_ranking_is_of_their_products() -> None:
    args = sales_args("m_baby", "哺乳用品跟婴儿床两个类目中，按销量排前三")
    assert (args["by"], args["top"], args["category"]) == ("product", 3, "哺乳用品,婴儿床")


def test_each_product_in_turn_is_the_breakdown_by_product() -> None:
    args = sales_args("m_outdoor", "头灯这个品类逐个商品看成交额")
    assert (args["by"], args["category"]) == ("product", "头灯")


def test_the_goods_a_figure_is_summed_over_are_no_breakdown() -> None:
    assert sales_args("m_pet", "revenue from all the items last week per channel")["by"] == "channel"
    assert "by" not in sales_args("m_outdoor", "revenue of all products last month")


def test_a_quantity_of_orders_paid_is_the_paid_orders() -> None:
    args = sales_args("m_baby", "the quantity of orders paid each day this week")
    assert (args["metric"], args["by"]) == ("paid_orders", "day")
    assert sales_args("m_baby", "quantity of paid orders by region this month")["metric"] == "paid_orders"


def test_days_set_against_as_many_days_before_are_the_previous_period() -> None:
    assert sales_args("m_pet", "退款率近14日同前14日比睇下")["compare"] == "previous_period"


def test_a_cantonese_change_of_metric_keeps_the_ranking() -> None:
    args = sales_args("m_outdoor", "上个月哪个品类卖得好？排个名", "改做订单数来排")
    assert (args["metric"], args["by"]) == ("paid_orders", "category")
