"""Several questions in one message are each answered, numbered, in the order asked (issue 18: only the first was
answered, the rest lost silently); a piece that only narrows the one before it is one question; actions are not
split; a follow-up of such a message follows its last question."""

from __future__ import annotations

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.questions import questions
from copilot.service import Copilot
from tests.offline.test_nlu import demo_catalogs


def _asked(merchant: str, text: str) -> list[tuple[str, dict[str, object]]]:
    found = questions(text, catalog=demo_catalogs()[merchant], today=DEMO_TODAY, history=[])
    return [(q.parse.intent, q.parse.slots) for q in found]


def test_two_figures_asked_together_are_both_computed_and_numbered(copilot: Copilot) -> None:
    result = copilot.ask("m_baby", "two", "10月的订单数是多少？客单价呢？")
    args = [call["args"] for call in result.tool_calls]
    assert [(a["metric"], a["period"]) for a in args] == [("paid_orders", "2026-10"), ("aov", "2026-10")]
    first, second = result.answer.split("\n\n")
    assert first.startswith("1）") and "支付订单数" in first
    assert second.startswith("2）") and "客单价" in second


def test_a_figure_and_an_anomaly_check_in_english(copilot: Copilot) -> None:
    result = copilot.ask(
        "m_pet", "two-en", "What were paid orders last week? Also, anything unusual going on with sales?"
    )
    assert [call["name"] for call in result.tool_calls] == ["query_store_sales", "detect_sales_anomalies"]
    assert result.answer.startswith("1) What were paid orders last week?")


def test_a_follow_up_after_them_follows_the_last_question(copilot: Copilot) -> None:
    copilot.ask("m_outdoor", "then", "上周卖了多少钱？转化率多少？")
    result = copilot.ask("m_outdoor", "then", "那上上周呢")
    [call] = result.tool_calls
    assert call["args"]["metric"] == "conversion" and call["args"]["period"] == "2026-11-02..2026-11-08"


@pytest.mark.parametrize(
    "text",
    [
        "上个月销量多少？按品类拆一下",  # the second only narrows the first
        "How many units did we sell in October? By channel please.",
        "上个月GMV多少？帮我做个推广方案，预算2万",  # an action is not a question to split off
        "上个月卖得最好的是哪个？",  # one question
        "Hi there! What was yesterday's GMV? Thanks!",  # courtesy around one question
        "浙江 vs 上个月，订单数涨了吗？这个月的",  # a word added to the question, not another question
        "冲浪板今年卖得怎么样？销售额多少",  # the same question said again: never the whole store instead
        "最近有啥不对劲的吗？订单怎么少了",  # one anomaly check asked twice over
    ],
)
def test_one_request_is_not_split(text: str) -> None:
    assert _asked("m_outdoor", text) == []
