"""A question about what the figure just given means or holds ("这个数里面退货的单子算不算进去", "is that a percentage
of orders or of money?", "异常是怎么判断出来的") is answered from the definition of that figure's metric (the semantic
layer) or the method of the tool that gave it, with no tool run; the follow-ups after it change the last request
that ran a tool, not the explanation (meanings.py)."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.analytics.metrics import metric_info
from copilot.offline.answer_text import text
from tests.offline.planned import first_call, plan_next_answer


@pytest.mark.parametrize(
    ("merchant", "said", "metric"),
    [
        ("m_outdoor", ["这个月订单数多少", "这个数里面退货的单子算不算进去"], "paid_orders"),
        ("m_baby", ["our refund rate this month?", "is that a percentage of orders or of money?"], "refund_rate"),
        ("m_pet", ["上周卖了几件", "要是一个订单里有两件，你这边记几件"], "units"),
        ("m_outdoor", ["上个月毛利率多少", "这个里面运费和广告费扣了吗"], "gross_margin"),
        ("m_pet", ["gmv last week?", "does that figure include refunded orders?"], "gmv"),
        ("m_baby", ["what was the AOV last month", "what does it cover exactly? delivery? returns?"], "aov"),
        ("m_outdoor", ["毛利率里面广告费扣了吗"], "gross_margin"),
        ("m_baby", ["if a buyer sends back one item of three, does the refund rate count that order?"], "refund_rate"),
    ],
)
def test_a_question_about_the_figure_is_answered_from_its_metric(merchant: str, said: list[str], metric: str) -> None:
    answer = plan_next_answer(merchant, *said)
    info = metric_info(metric)
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in said[-1]) else "en"
    assert (info.explain_zh if lang == "zh" else info.explain_en) in answer, answer


def test_what_the_margin_leaves_out_and_a_partial_refund_are_said() -> None:
    assert "推广费" in metric_info("gross_margin").explain_zh
    assert "ad spend" in metric_info("gross_margin").explain_en
    assert "partly refunded order stays a paid one" in metric_info("refund_rate").explain_en


@pytest.mark.parametrize(
    ("merchant", "said", "tool"),
    [
        ("m_outdoor", ["最近两周有什么异常", "异常是怎么判断出来的"], "anomalies"),
        ("m_outdoor", ["any unusual drops this month?", "how does the tool tell what's unusual?"], "anomalies"),
        ("m_outdoor", ["去年618推广效果怎么样", "organic那块是怎么算出来的"], "promotion"),
    ],
)
def test_a_question_about_how_a_tool_judged_is_answered_from_its_method(
    merchant: str, said: list[str], tool: str
) -> None:
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in said[-1]) else "en"
    assert plan_next_answer(merchant, *said) == text(lang, f"term_meaning_{tool}")


@pytest.mark.parametrize(
    ("merchant", "said", "expected"),
    [
        (
            "m_outdoor",
            ["这个月订单数多少", "这个数里面退货的单子算不算进去", "按渠道看"],
            ("query_store_sales", {"metric": "paid_orders", "by": "channel", "period": "this_month"}),
        ),
        (
            "m_pet",
            ["上周卖了几件", "要是一个订单里有两件，你这边记几件", "那金额呢"],
            ("query_store_sales", {"metric": "gmv", "period": "last_week"}),
        ),
        (
            "m_pet",
            ["今年转化率多少", "转化率是怎么算的", "按月看"],
            ("query_store_sales", {"metric": "conversion", "by": "month", "period": "this_year"}),
        ),
        (
            "m_baby",
            ["what was the AOV last month", "what does it cover exactly? delivery? returns?", "split it by channel"],
            ("query_store_sales", {"metric": "aov", "by": "channel", "period": "last_month"}),
        ),
        (
            "m_outdoor",
            ["最近两周有什么异常", "异常是怎么判断出来的", "按品类看"],
            ("detect_sales_anomalies", {"days": 14, "scope": "category", "direction": "both"}),
        ),
    ],
)
def test_a_follow_up_after_an_explanation_changes_the_last_request_that_ran(
    merchant: str, said: list[str], expected: tuple[str, dict[str, Any]]
) -> None:
    assert first_call(merchant, *said) == expected


def test_the_period_of_the_figure_explained_is_kept_by_a_new_question_about_it() -> None:
    tool, args = first_call("m_baby", "今年退款率多少", "退款率是按单数还是按金额算的", "哪三个品类退款率最高")
    assert (tool, args["metric"], args["by"], args["period"], args["top"]) == (
        "query_store_sales", "refund_rate", "category", "this_year", 3,
    )  # fmt: skip


def test_a_metric_explained_that_was_not_the_figure_still_asks_its_own_figure() -> None:
    tool, args = first_call("m_outdoor", "上个月GMV多少", "客单价是什么意思", "上周呢")
    assert (tool, args["metric"]) == ("query_store_sales", "aov")


def test_a_day_found_too_low_after_a_daily_series_looks_for_drops_back_to_it() -> None:
    assert first_call("m_pet", "这个月按天的销售额", "18号那天怎么这么低") == (
        "detect_sales_anomalies", {"days": 7, "scope": "product", "direction": "drop"},
    )  # fmt: skip


def test_days_said_as_shorthand_before_a_breakdown_are_the_window() -> None:
    assert first_call("m_pet", "看一下异常 60d by category") == (
        "detect_sales_anomalies", {"days": 60, "scope": "category", "direction": "both"},
    )  # fmt: skip


def test_which_part_moved_most_after_a_comparison_is_that_comparison_by_the_part() -> None:
    tool, args = first_call("m_pet", "这周订单数跟上周比", "为什么少了，哪几款掉得最厉害")
    assert (tool, args) == (
        "query_store_sales",
        {"metric": "paid_orders", "by": "product", "period": "this_week", "compare": "previous_period"},
    )


def test_a_figure_quoted_from_elsewhere_is_looked_up_in_the_documents() -> None:
    tool, _ = first_call("m_pet", "去年618那个转化率5.6%是从哪来的")
    assert tool == "search_merchant_docs"


def test_which_of_a_category_named_in_english_is_each_product_of_it() -> None:
    args = first_call("m_outdoor", "refund rate for tents last quarter", "which tent is dragging it up")[1]
    assert (args["by"], args["category"], args["metric"]) == ("product", "帐篷", "refund_rate")


def test_a_figure_found_too_low_with_the_part_that_drags_it_asked_is_that_figure_by_the_part() -> None:
    tool, args = first_call("m_pet", "狗粮这个月转化率多少", "怎么这么低，哪款在拖后腿")
    assert (tool, args["metric"], args["by"]) == ("query_store_sales", "conversion", "product")
    assert args["category"] == "狗粮"
