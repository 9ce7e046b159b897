"""Sales questions in Sichuan dialect, formal Chinese and Indian English: dialect question words, polite words
and '-wise' breakdowns are read, never taken for a product name."""

from __future__ import annotations

import pytest

from tests.offline.planned import sales_args


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("上个礼拜卖了好多钱", "gmv"),
        ("帐篷这个月卖了好多件", "units"),
        ("前天一共好多单", "paid_orders"),
    ],
)
def test_sichuan_haoduo_asks_how_many(text: str, metric: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["metric"] == metric
    assert "product" not in args


@pytest.mark.parametrize(
    "text",
    ["劳驾您查一下上周的退款率", "麻烦您看一下本店昨天的支付订单数，谢谢您", "有劳您查询一下本店本月的客单价"],
)
def test_polite_words_and_the_store_name_nothing(text: str) -> None:
    args = sales_args("m_outdoor", text)
    assert "product" not in args and "category" not in args


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("Kindly share region-wise GMV for last month.", "region"),
        ("Need product-wise units for this week.", "product"),
        ("Share week-wise refund rate for the last 60 days.", "week"),
        ("Please give date-wise paid orders for yesterday and today.", "day"),
        ("上周哪天客单价最高", "day"),
    ],
)
def test_wise_and_which_day_are_breakdowns(text: str, by: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["by"] == by
    assert "product" not in args


@pytest.mark.parametrize(
    ("text", "period"),
    [("最近一个礼拜的退款率", "last_7_days"), ("最近两个礼拜卖了好多单", "last_2_weeks")],
)
def test_sichuan_libai_counts_weeks(text: str, period: str) -> None:
    assert sales_args("m_outdoor", text)["period"] == period


@pytest.mark.parametrize(
    "text",
    [
        "本月到今天的GMV，跟上个月同期比一下",
        "这周的订单数和上周同期相比",
        "Share last month's AOV and the month prior.",
    ],
)
def test_same_days_of_the_period_before_is_previous_period(text: str) -> None:
    assert sales_args("m_outdoor", text)["compare"] == "previous_period"


@pytest.mark.parametrize(
    "text",
    [
        "帐篷和睡袋上周哪个卖得多",
        "睡袋 vs 帐篷，这个月的客单价",
        "Tents and sleeping bags, which sold more last month?",
    ],
)
def test_categories_set_side_by_side_break_down_by_category(text: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["by"] == "category"


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("Tell me the category having the lowest AOV last month.", "category"),
        ("the region with the highest refund rate this week", "region"),
        ("上个月 GMV 哪个 category 最高", "category"),
        ("退款率按 region 拆一下", "region"),
    ],
)
def test_breakdown_nouns_in_english_and_mixed_wordings(text: str, by: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["by"] == by
