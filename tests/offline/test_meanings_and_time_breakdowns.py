"""What a comparison means and whether two metrics are one thing are answered from the semantic layer with no
figure; the month, week or day asked for ("哪个月", "best day") is a breakdown by that unit, ranked; top provinces a
breakdown by region; how long stock lasts, asked right after one product's sales, is that product's cover."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, plan_next_answer, sales_args


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("同比到底是什么意思啊", "去年"),
        ("环比怎么算的", "上一个"),
        ("what does yoy mean exactly?", "a year earlier"),
        ("how is month over month calculated", "just before"),
    ],
)
def test_a_comparison_is_defined_not_computed(said: str, words: str) -> None:
    assert words in plan_next_answer("m_pet", said)


@pytest.mark.parametrize(
    ("said", "labels"),
    [
        ("客单价跟成交额是一回事吗", ("客单价", "成交额")),
        ("is revenue the same thing as gmv?", ("revenue", "GMV")),
    ],
)
def test_two_metrics_said_as_one_thing_are_both_defined(said: str, labels: tuple[str, str]) -> None:
    answer = plan_next_answer("m_pet", said)
    assert all(label in answer for label in labels)


def test_a_figure_with_a_comparison_is_still_computed() -> None:
    tool, args = first_call("m_pet", "这个月猫粮卖了多少，同比涨了没")
    assert tool == "query_store_sales"
    assert args["compare"] == "year_over_year"


@pytest.mark.parametrize(
    ("said", "by"),
    [
        ("今年哪一个月份卖的钱最多", "month"),
        ("which month did we do best in this year", "month"),
        ("十月份哪个礼拜单量最高", "week"),
        ("上个月成交额最高的那一天是哪天", "day"),
        ("what was our biggest day last month", "day"),
    ],
)
def test_the_unit_asked_for_is_ranked_by_that_unit(said: str, by: str) -> None:
    args = sales_args("m_baby", said)
    assert args["by"] == by
    assert args.get("top") == 1


@pytest.mark.parametrize("said", ["上个月销售额前三的省份", "订单最多的省份有哪些"])
def test_provinces_ranked_are_a_breakdown_by_region(said: str) -> None:
    assert sales_args("m_outdoor", said)["by"] == "region"


def test_stock_cover_after_a_product_is_that_products() -> None:
    tool, args = first_call("m_pet", "自动喂食器这个月卖了几台", "那现有库存还能撑多久")
    assert tool == "query_store_sales"
    assert "stock" in args["sql"]
    assert "IN ('" in args["sql"]


def test_stock_cover_of_which_products_stays_the_stores() -> None:
    _, args = first_call("m_pet", "自动喂食器这个月卖了几台", "哪些商品库存撑不过两周")
    assert "IN ('" not in args.get("sql", "")
