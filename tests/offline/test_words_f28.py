"""Wordings of the fresh28 kinds (issue 18): Jin (Shanxi) dialect words, Northern English, a category manager's
SPU/SKU words and views added to, and interns' background told before the question."""

from __future__ import annotations

import pytest

from copilot.offline.script import mainland
from copilot.offline.spelling import corrected
from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("防潮垫卖给甚人合适", "防潮垫卖给什么人合适"),
        ("年时国庆卖了多少", "去年国庆卖了多少"),
        ("兀些货退款多不多", "那些货退款多不多"),
        ("海报嫑做了", "海报不要做了"),
        ("这周单量咋地", "这周单量怎么样"),
        ("过年时卖得好", "过年时卖得好"),  # 过年时 is no 去年
        ("甚至没人看", "甚至没人看"),
        ("有点突兀", "有点突兀"),
    ],
)
def test_jin_words_read_as_mandarin(said: str, read: str) -> None:
    assert mainland(said) == read


def test_pointing_at_two_categories_split_apart() -> None:
    args = sales_args("m_outdoor", "睡袋上周卖了几件", "天幕呢", "兀两样的退款率，分开看看")
    assert args["category"] == "睡袋,天幕" and args["by"] == "category" and args["metric"] == "refund_rate"


def test_unsold_item_named_before_find_buyers() -> None:
    assert first_call("m_outdoor", "帮我给滑雪板找找买家") == ("find_target_segments", {"product": "滑雪板"})


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("how did t shop do wi t cat food", "how did the shop do with the cat food"),
        ("has t'feeder sold owt", "has the feeder sold anything"),
        ("don t know", "don t know"),
        ("wi-fi camera", "wi-fi camera"),
        ("who are we flogging it to", "who are we selling it to"),
    ],
)
def test_northern_english_written_out(said: str, read: str) -> None:
    assert corrected(said) == read


@pytest.mark.parametrize(
    ("text", "metric"),
    [("whats t average order been last month", "aov"), ("has t cat tree sold owt this week", "units")],
)
def test_northern_english_metrics(text: str, metric: str) -> None:
    assert sales_args("m_pet", text)["metric"] == metric


def test_regions_buying_most_is_their_spend() -> None:
    args = sales_args("m_pet", "which regions buy most cat litter")
    assert args["metric"] == "gmv" and args["by"] == "region"


def test_same_weekend_last_year_compares() -> None:
    args = sales_args("m_pet", "gmv last weekend", "and how does that compare wi same weekend last year")
    assert args["period"] == "2026-11-14..2026-11-15" and args["compare"] == "year_over_year"


@pytest.mark.parametrize("said", ["按SPU拆一下", "拆到sku看"])
def test_spu_sku_is_by_product(said: str) -> None:
    args = sales_args("m_outdoor", "睡袋这个月GMV环比", said)
    assert args["by"] == "product" and args["category"] == "睡袋" and args["compare"] == "previous_period"


def test_figure_added_keeps_the_breakdown() -> None:
    args = sales_args("m_outdoor", "帐篷和睡袋上个月毛利率对比", "再加上销量")
    assert args["metric"] == "units" and args["by"] == "category"


def test_category_added_to_the_same_chart() -> None:
    args = sales_args("m_outdoor", "weekly GMV of 冲锋衣 since Sep 1", "add 羽绒服 too, same chart")
    assert args["category"] == "冲锋衣,羽绒服" and args["by"] == "week"


def test_our_best_selling_category_is_the_first() -> None:
    args = sales_args("m_baby", "Need to know what our best-selling category was in August, by units.")
    assert args["top"] == 1 and args["by"] == "category"


def test_categories_said_after_a_ranking_keep_it_by_product() -> None:
    args = sales_args(
        "m_baby",
        "lowest conversion products last month, top 5",
        "Sorry, she meant only the stroller and crib categories",
    )
    assert args["by"] == "product" and args["category"] == "婴儿推车,婴儿床"


def test_repeat_buyers_with_a_floor_keep_the_period() -> None:
    _, args = first_call("m_pet", "how many customers ordered 3+ times in the last 60 days?")
    assert "COUNT(*) > 2" in args["sql"] and "2026-09-22" in args["sql"]


def test_registrations_are_counted_not_an_audience() -> None:
    tool, args = first_call("m_baby", "领导让我数一下这个月新注册的客户有多少人")
    assert tool == "query_store_sales" and "registered_at" in args["sql"]


def test_background_before_the_question() -> None:
    assert first_call(
        "m_baby",
        "My manager mentioned a cap on weekly ad spend, but that was before I started. "
        "Can you list my saved preferences?",
    ) == ("recall_preferences", {})
    args = sales_args(
        "m_baby", "My boss saw a rival selling kids scooters and wants to know how ours are selling this week."
    )
    assert args["product"] == "kids scooters"
