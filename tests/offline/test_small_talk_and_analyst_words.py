"""Words around a sales question that name nothing sold: a greeting or a preface of chat before it, an analyst's
framework words (人货场, 货盘, 结构, 格式如下), "articles" for products, the people figures are for (an advisor);
a request to send figures by e-mail is refused in words (no tool sends anything)."""

from __future__ import annotations

import pytest

from tests.offline.planned import plan_next_answer, sales_args


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("哈喽，帮我瞅一眼前天的成交额", {"metric": "gmv", "period": "2026-11-18..2026-11-18"}),
        ("嗨 上周卖了多少单", {"metric": "paid_orders", "period": "last_week"}),
        ("hey there, what was the refund rate last month?", {"metric": "refund_rate", "period": "last_month"}),
        ("早上好呀 这个月的毛利率多少", {"metric": "gross_margin", "period": "this_month"}),
    ],
)
def test_a_greeting_before_the_question_names_no_product(said: str, expected: dict[str, str]) -> None:
    args = sales_args("m_outdoor", said)
    assert "product" not in args and "category" not in args, args
    for key, value in expected.items():
        assert str(args.get(key)) == value or args.get(key) == value, (key, args)


@pytest.mark.parametrize(
    "said",
    [
        "外面下大雨了 真不想出门 对了 今天到现在成交了几单",
        "周末想带娃去公园玩 话说回来 今天到目前卖了几单",
    ],
)
def test_chat_before_a_turn_to_business_is_not_the_request(said: str) -> None:
    args = sales_args("m_outdoor", said)
    assert args.get("metric") == "paid_orders" and args.get("period") == "today", args
    assert "product" not in args, args


def test_a_question_before_the_turn_word_is_kept() -> None:
    args = sales_args("m_outdoor", "上周退款率多少 对了 顺便看看")
    assert args.get("metric") == "refund_rate" and args.get("period") == "last_week", args


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("人货场拆开看，先看人：上个月成交按地区", {"by": "region", "period": "last_month"}),
        ("毛利结构盘一下，今年各品类毛利率", {"metric": "gross_margin", "by": "category", "period": "this_year"}),
        ("把货盘里卖得差的找出来，近7天销量倒数5", {"metric": "units", "by": "product", "top": 5, "order": "asc"}),
        ("拆一下上周成交额的构成，按渠道", {"by": "channel", "period": "last_week"}),
        ("请按渠道列示2026年第二季度销售额，格式如下：渠道、金额、占比", {"by": "channel"}),
    ],
)
def test_an_analysts_framework_words_name_no_product(said: str, expected: dict[str, object]) -> None:
    args = sales_args("m_outdoor", said)
    assert "product" not in args, args
    for key, value in expected.items():
        assert args.get(key) == value, (key, args)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Which three articles sold the least last week?", {"by": "product", "top": 3, "order": "asc"}),
        ("List our ten best-selling articles this year, please.", {"by": "product", "top": 10}),
    ],
)
def test_articles_are_the_stores_products(said: str, expected: dict[str, object]) -> None:
    args = sales_args("m_outdoor", said)
    assert "product" not in args, args
    for key, value in expected.items():
        assert args.get(key) == value, (key, args)


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("Could you e-mail last quarter's sales figures to our consultant?", "cannot send"),
        ("Forward the monthly revenue report to my bookkeeper via email please", "cannot send"),
        ("把这个月的销售数据发邮件给我们财务", "不能发邮件"),
        ("本周成交额发到我邮箱里", "不能发邮件"),
    ],
)
def test_sending_figures_to_someone_is_refused_in_words(said: str, words: str) -> None:
    assert words in plan_next_answer("m_outdoor", said)
