"""Words that colour a question and name nothing sold: the Yunnan 格 of a yes-or-no question, a comparison's
degree (高点, 多些), Australian and New Zealand English (arvo, sweet as, heaps, all up), a channel said in the
plural, the source or schoolwork a question is put in (老师说, 书上说, 我在写论文) and the words of a lesson
(因子, 选品, 长尾效应)."""

from __future__ import annotations

from tests.offline.planned import sales_args


def test_yunnan_ge_asks_yes_or_no() -> None:
    args = sales_args("m_pet", "上周猫粮格有卖到五百袋")
    assert args == {"metric": "units", "period": "last_week", "category": "猫粮"}


def test_ge_glued_to_an_adjective_is_no_product() -> None:
    args = sales_args("m_baby", "前天的退款率格低")
    assert "product" not in args and args.get("metric") == "refund_rate"


def test_ge_inside_a_word_stays_that_word() -> None:
    args = sales_args("m_outdoor", "帐篷价格高的那几款上个月卖了多少件")
    assert args.get("category") == "帐篷"


def test_a_comparison_degree_is_no_product() -> None:
    args = sales_args("m_outdoor", "上周 search 的客单价是不是比 live 低些")
    assert "product" not in args and args.get("metric") == "aov"


def test_afternoon_slang_and_fillers_name_nothing() -> None:
    args = sales_args("m_pet", "heaps of orders this arvo eh, how many all up today")
    assert args == {"metric": "paid_orders", "period": "today"}


def test_sweet_as_opens_a_follow_up() -> None:
    args = sales_args("m_pet", "orders yesterday", "sweet as, and the day before?")
    assert "product" not in args and args.get("metric") == "paid_orders"


def test_channel_in_the_plural_is_the_channel() -> None:
    args = sales_args("m_baby", "refund rate on livestreams this month")
    assert args == {"metric": "refund_rate", "period": "this_month", "channel": "live"}


def test_a_source_preface_is_no_product() -> None:
    args = sales_args("m_outdoor", "课本上说转化率最重要，我们上周的转化率呢")
    assert args == {"metric": "conversion", "period": "last_week"}


def test_schoolwork_purpose_is_no_product_nor_out_of_scope() -> None:
    args = sales_args("m_pet", "我在做毕业论文，上个月猫砂的退款率多少")
    assert args == {"metric": "refund_rate", "period": "last_month", "category": "猫砂"}


def test_lesson_words_are_no_product() -> None:
    args = sales_args("m_baby", "选品的时候要看因子，帮我看下上个月销量最低的3个商品")
    assert "product" not in args and args.get("order") == "asc" and args.get("top") == 3
