"""What a metric means ("GMV是啥意思", "how is conversion calculated", "GMV和商品销售额有什么区别") is answered from the
semantic layer's own explanation, without computing a figure (was read as a sales question about a product called
"啥意思"). A question about a figure stays a sales question."""

from __future__ import annotations

import pytest

from copilot.analytics.metrics import definitions, metric_info
from copilot.service import Copilot
from tests.offline.planned import first_call


def test_every_metric_of_the_sales_tool_has_a_plain_explanation_in_both_languages() -> None:
    for name in definitions()["metrics"]:
        info = metric_info(name)
        assert info.explain_zh and info.explain_en, name


@pytest.mark.parametrize(
    ("merchant", "question", "explained"),
    [
        ("m_pet", "儿子老跟我提客单价，这个到底是个啥东西", ["aov"]),
        ("m_outdoor", "毛利率你们是咋算出来的", ["gross_margin"]),
        ("m_baby", "what does refund rate actually mean here?", ["refund_rate"]),
        ("m_outdoor", "how do you guys calculate conversion", ["conversion"]),
        ("m_pet", "订单数跟销量有什么不一样", ["paid_orders", "units"]),
    ],
)
def test_a_meaning_is_explained_without_a_figure(
    copilot: Copilot, merchant: str, question: str, explained: list[str]
) -> None:
    result = copilot.ask(merchant, "meaning", question)
    assert result.tool_calls == [], result.tool_calls
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in question) else "en"
    for name in explained:
        info = metric_info(name)
        assert (info.explain_zh if lang == "zh" else info.explain_en) in result.answer, result.answer


@pytest.mark.parametrize(
    "question",
    [
        "上个月客单价是多少",
        "退款率怎么这么高",
        "what does our conversion look like this week",
        "how is the refund rate trending last month",
        "How much GMV did we do yesterday, and what does it mean for the month?",
    ],
)
def test_a_figure_question_is_still_computed(question: str) -> None:
    tool, _ = first_call("m_outdoor", question)
    assert tool == "query_store_sales"


def test_a_meaning_asked_of_something_that_is_no_metric_is_not_explained_as_one(copilot: Copilot) -> None:
    result = copilot.ask("m_baby", "meaning-other", "冷启动是啥意思")
    assert not any(metric_info(name).explain_zh in result.answer for name in definitions()["metrics"])
