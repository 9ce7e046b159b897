"""Routing words the offline model was not tuned on at first (issue 18): colloquial drop questions look for
anomalies, "how is X doing" is sales, rules, reviews and lessons are document questions without a document word,
and what ads brought (or would bring) is the promotion effect, over the period the words name."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import first_call as _call


@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("最近有没有卖得特别差的", "drop"),
        ("冲锋衣为啥上个月掉了", "drop"),
        ("any products whose sales fell off a cliff recently?", "drop"),
        ("最近有没有啥卖得不对劲的", "both"),
    ],
)
def test_colloquial_drop_questions_look_for_anomalies(question: str, direction: str) -> None:
    name, args = _call("m_outdoor", question)
    assert name == "detect_sales_anomalies" and args["direction"] == direction, args


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("what was the ROI in the 618 campaign review", "search_merchant_docs"),
        ("去年双11那个campaign review里ROI是多少", "search_merchant_docs"),
        ("how are headlamps doing this week", "query_store_sales"),
        ("新款风衣最近一周卖咋样", "query_store_sales"),
    ],
)
def test_reviews_are_documents_and_how_is_it_doing_is_sales(question: str, tool: str) -> None:
    assert _call("m_outdoor", question)[0] == tool


@pytest.mark.parametrize(
    ("merchant", "question"),
    [
        ("m_outdoor", "咱家写文案有哪些词是不让用的"),
        ("m_outdoor", "品牌主色是哪个色号？logo能放图片哪个位置"),
        ("m_pet", "买家评价里大家对猫砂吐槽最多的是啥"),
        ("m_baby", "are we allowed to say the formula is 'closest to breast milk'?"),
        ("m_outdoor", "冲锋衣的 size chart 和洗涤说明发我下"),
        ("m_outdoor", "what did we learn from the 618 campaign?"),
    ],
)
def test_rules_reviews_and_lessons_are_document_questions(merchant: str, question: str) -> None:
    assert _call(merchant, question)[0] == "search_merchant_docs"


@pytest.mark.parametrize(
    ("question", "args"),
    [
        (
            "how much of last month's ad GMV would've happened anyway",
            {"mode": "past", "when": "2026-10-01..2026-10-31"},
        ),
        ("上个月广告带来的成交里 自然的占多少", {"mode": "past", "when": "2026-10-01..2026-10-31"}),
        ("双11投的那些钱 真正带来的增量有多少", {"mode": "past", "when": "double11"}),
        ("双12要是投3万，能回来多少GMV", {"mode": "plan", "budget": 30000, "when": "double12"}),
        ("what would 8k in ads get us over double 12", {"mode": "plan", "budget": 8000, "when": "double12"}),
    ],
)
def test_what_ads_brought_or_would_bring_is_the_promotion_effect(question: str, args: dict[str, Any]) -> None:
    assert _call("m_outdoor", question) == ("estimate_promotion_effect", args)


@pytest.mark.parametrize(
    ("merchant", "ask", "kind", "count"),
    [
        ("m_baby", "just images for the high chair, no copy needed", "image", 3),
        ("m_outdoor", "出几张图就行 不要文案", "image", 3),
        ("m_outdoor", "帐篷那几款都出点素材 图和文案都要", "both", 3),
        ("m_baby", "write 4 captions for the sleep sack", "copy", 4),
    ],
)
def test_creatives_of_the_kinds_wanted_and_not_those_declined(merchant: str, ask: str, kind: str, count: int) -> None:
    name, args = _call(merchant, ask)
    assert name == "generate_creatives" and (args["kind"], args["count"]) == (kind, count), args


@pytest.mark.parametrize(
    ("question", "tool", "mode"),
    [
        ("投两万能多卖多少", "estimate_promotion_effect", "plan"),
        ("if i put 30k into ads how much extra gmv would i get", "estimate_promotion_effect", "plan"),
        ("双11投的广告到底带来了多少额外销量", "estimate_promotion_effect", "past"),
        ("did the ads from oct 15 to nov 11 actually bring in extra sales", "estimate_promotion_effect", "past"),
        ("618的广告是不是白投了", "estimate_promotion_effect", None),
        ("上个月多卖了多少件冲锋衣", "query_store_sales", None),
        ("how many more orders did we get last month than in september", "query_store_sales", None),
    ],
)
def test_extra_sales_from_ads_is_the_promotion_effect_and_more_sales_alone_is_not(
    question: str, tool: str, mode: str | None
) -> None:
    name, args = _call("m_outdoor", question)
    assert name == tool, args
    if mode is not None:
        assert args["mode"] == mode


@pytest.mark.parametrize(
    ("said", "tool"),
    [
        ("品牌手册里主色调是啥", "search_merchant_docs"),
        ("我们品牌主色调是啥", "search_merchant_docs"),
        ("品牌主色是墨绿色", "remember_preference"),
        ("记住：我们的品牌主色调是墨绿色", "remember_preference"),
    ],
)
def test_a_question_about_the_brand_colour_is_never_saved_as_a_preference(said: str, tool: str) -> None:
    assert _call("m_outdoor", said)[0] == tool
