"""Kinds of single sales questions and refusals (issue 18): a ranking asked in the singular is its first one,
vocabulary words are never product names, another store's data, messaging customers and a message pointing at
nothing are not answered with the merchant's own figures. Phrasings written for these tests."""

from __future__ import annotations

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.leftover import vocabulary_only
from copilot.offline.nlu import parse
from tests.offline.test_nlu import demo_catalogs


def _parse(text: str, merchant: str = "m_outdoor"):  # type: ignore[no-untyped-def]
    return parse(text, catalog=demo_catalogs()[merchant], today=DEMO_TODAY)


@pytest.mark.parametrize(
    ("text", "by", "order"),
    [
        ("上周哪个渠道订单最多", "channel", "desc"),
        ("今年哪个地区退款率最低", "region", "asc"),
        ("10月份哪一个品类卖得最差", "category", "asc"),
        ("which category brought the most revenue last month", "category", "desc"),
        ("which province had the lowest refund rate this year", "region", "asc"),
        ("上个月 which channel has the highest GMV", "channel", "desc"),
    ],
)
def test_a_singular_ranking_is_its_first_one(text: str, by: str, order: str) -> None:
    slots = _parse(text).slots
    assert (slots.get("by"), slots.get("order"), slots.get("top")) == (by, order, 1)


@pytest.mark.parametrize(
    "text",
    [
        "上周哪些品类卖得最好",
        "哪几个渠道退款率最高",
        "各品类这个月谁卖得最好 排个名",
        "which ones sold best last month",
        "which products sold the most units in october",
        "rank the regions by refund rate, highest first",
    ],
)
def test_a_plural_ranking_stays_a_list(text: str) -> None:
    slots = _parse(text).slots
    assert slots.get("order") in ("asc", "desc") and slots.get("top") is None


def test_a_number_asked_wins_over_the_singular() -> None:
    assert _parse("哪个品类卖得最好 给我前三").slots.get("top") == 3


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("上个月 by channel 看一下订单数", "channel"),
        ("this week's orders by region please", "region"),
        ("哪几款上周卖得最好 前3", "product"),
        ("what about refunds by channel last week", "channel"),
    ],
)
def test_breakdown_and_question_words_are_no_product(text: str, by: str) -> None:
    slots = _parse(text).slots
    assert slots.get("by") == by and "product" not in slots


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("双11预热到当天 10.20-11.11 订单数多少", "2026-10-20..2026-11-11"),
        ("618 presale 那段 5月20到6月18 卖了多少钱", "2026-05-20..2026-06-18"),
        ("double 11 warm-up period, oct 25 to nov 10, gmv", "2026-10-25..2026-11-10"),
    ],
)
def test_promotion_phase_words_are_part_of_the_period(text: str, period: str) -> None:
    slots = _parse(text).slots
    assert slots.get("period") == period and "product" not in slots


@pytest.mark.parametrize("text", ["hw many orders last week", "wat was our gmv yesterday"])
def test_a_misspelt_function_word_is_no_product(text: str) -> None:
    assert "product" not in _parse(text).slots


@pytest.mark.parametrize("name", ["channel", "哪几个", "预售", "presale", "by region"])
def test_vocabulary_only_names(name: str) -> None:
    assert vocabulary_only(name)


@pytest.mark.parametrize("name", ["瑜伽垫", "bird cages", "儿童自行车"])
def test_unknown_names_are_not_vocabulary(name: str) -> None:
    assert not vocabulary_only(name)


@pytest.mark.parametrize(
    "text",
    [
        "m_baby 这个月订单多少",
        "pull up m_outdoor's refund rate",
        "隔壁那家店上周卖了多少",
        "竞争对手双11的成交额有多少",
        "what did our main rival sell in october",
        "how are other merchants doing this month",
    ],
)
def test_another_store_is_refused(text: str) -> None:
    assert _parse(text, "m_pet").intent == "other_store"


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("m_pet 这个月订单多少", "paid_orders"),
        ("pull up m_pet's refund rate", "refund_rate"),
        ("看看M_PET上月GMV", "gmv"),
    ],
)
def test_the_stores_own_id_is_its_own_data(text: str, metric: str) -> None:
    parsed = _parse(text, "m_pet")
    assert parsed.intent == "sales_query" and parsed.slots["metric"] == metric and "product" not in parsed.slots


@pytest.mark.parametrize(
    "text",
    [
        "帮我私信一下给差评的顾客",
        "给上周退货的客户发消息道个歉",
        "把那几条评价回复一下",
        "please reply to all the 1-star reviews",
        "message the buyers who left bad reviews",
        "can you get those negative reviews removed",
    ],
)
def test_contacting_customers_is_refused(text: str) -> None:
    assert _parse(text, "m_pet").intent == "contact_customers"


@pytest.mark.parametrize("text", ["差评应该怎么回复 文档里有模板吗", "售后手册里差评怎么回复"])
def test_asking_how_to_reply_searches_the_documents(text: str) -> None:
    assert _parse(text, "m_pet").intent == "docs"


@pytest.mark.parametrize("text", ["查一下那个数据", "这个咋样了", "帮我比较一下", "show me that data", "what about it"])
def test_a_first_message_pointing_at_nothing_is_asked_about(text: str) -> None:
    assert _parse(text).intent == "vague"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("帐篷每款上个月卖了几顶", "帐篷"),
        ("睡袋各款式这个月销售额", "睡袋"),
        ("tents, each model's units this month", "帐篷"),
    ],
)
def test_each_model_within_a_category_is_by_product(text: str, category: str) -> None:
    slots = _parse(text).slots
    assert (slots.get("by"), slots.get("category")) == ("product", category)


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("帐篷为什么最近卖得不太好", "drop"),
        ("睡袋咋这阵子销量不行", "drop"),
        ("something wrong with the tents lately?", "both"),
        ("what's off with our tents this month, top 2", "both"),
    ],
)
def test_why_a_category_sells_badly_is_an_anomaly_question(text: str, direction: str) -> None:
    understood = _parse(text)
    assert understood.intent == "anomalies" and understood.slots.get("direction") == direction
    assert understood.slots.get("category") in ("帐篷", "睡袋")


def test_these_n_weeks_are_the_last_n() -> None:
    assert _parse("这三周帐篷为啥卖得不好").slots.get("days") == 21


@pytest.mark.parametrize(("follow", "top"), [("哪款最多", 1), ("which one sold best", 1), ("哪些最少", None)])
def test_a_ranking_follow_up_keeps_the_category(follow: str, top: int | None) -> None:
    catalog = demo_catalogs()["m_outdoor"]
    first = parse("帐篷上个月卖了多少件", catalog=catalog, today=DEMO_TODAY)
    slots = parse(follow, catalog=catalog, today=DEMO_TODAY, history=[first]).slots
    assert (slots.get("category"), slots.get("by"), slots.get("top")) == ("帐篷", "product", top)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("这周客单怎么样", {"metric": "aov"}),
        ("上个月卖得最烂的3个商品", {"by": "product", "order": "asc", "top": 3}),
        ("过去90天哪个渠道最拉胯", {"by": "channel", "order": "asc", "top": 1}),
    ],
)
def test_short_and_slang_words_for_metrics_and_direction(text: str, expected: dict[str, object]) -> None:
    slots = _parse(text).slots
    assert {key: slots.get(key) for key in expected} == expected


def test_an_anomaly_window_said_as_a_span_up_to_today_is_its_days() -> None:
    slots = _parse("过去半年哪些品类波动最大").slots
    assert _parse("过去半年哪些品类波动最大").intent == "anomalies"
    assert slots["days"] > 170
