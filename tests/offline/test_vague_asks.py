"""A first message with nothing to answer is asked back: a thing pointed at with no referent ("这个玩意儿卖得
怎么样"), a return of nothing named ("投产比如何", "how's the ROAS looking") with its two readings, figures of
nothing said ("提供一下对比数据", "pull the figures"). A plain "how's business" is answered, and a return of a
period asked is what the ads then brought, never GMV."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, first_call
from tests.offline.test_nlu import demo_catalogs


def _reply(merchant: str, *texts: str) -> tuple[list[str], str]:
    message = plan_next(
        [HumanMessage(t) for t in texts], catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS
    )
    return [call["name"] for call in message.tool_calls], str(message.content)


@pytest.mark.parametrize("text", ["这个玩意儿卖得怎么样", "How is that thing selling?"])
def test_a_thing_pointed_at_with_nothing_before_is_asked_about(text: str) -> None:
    calls, answer = _reply("m_pet", text)
    assert calls == [] and answer.rstrip().endswith(("？", "?", "”。", '".'))


def test_a_thing_pointed_at_after_a_product_is_that_product() -> None:
    tool, args = first_call("m_pet", "无谷全价猫粮 2kg上个月卖了多少", "这个玩意儿退款多不多")
    assert tool == "query_store_sales"
    assert (args.get("metric"), args.get("product")) == ("refund_rate", "pet_catfood_grainfree")


@pytest.mark.parametrize(
    ("text", "past", "plan"), [("投产比如何", "双11", "双12"), ("how's the ROAS looking?", "Double 11", "20k")]
)
def test_a_return_of_nothing_named_is_asked_with_both_readings(text: str, past: str, plan: str) -> None:
    calls, answer = _reply("m_pet", text)
    assert calls == [] and past in answer and plan in answer


@pytest.mark.parametrize("text", ["提供一下对比数据", "pull the figures please"])
def test_figures_of_nothing_said_are_asked_about(text: str) -> None:
    calls, answer = _reply("m_outdoor", text)
    assert calls == [] and ("哪方面" in answer or "Which figures" in answer)


@pytest.mark.parametrize("text", ["最近生意怎么样", "How're we getting on?"])
def test_a_plain_how_is_business_is_answered_for_the_whole_store(text: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "query_store_sales"
    assert not args.get("product") and not args.get("category")


def test_a_return_of_a_month_is_what_the_ads_brought_then() -> None:
    tool, args = first_call("m_outdoor", "九月份的ROI咋样")
    assert tool == "estimate_promotion_effect"
    assert (args.get("mode"), args.get("when")) == ("past", "2026-09-01..2026-09-30")
