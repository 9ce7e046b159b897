"""Promotion estimates read by kind, in wordings of their own (after fresh21): whether a sum would come back said
in learner English is a plan estimate; a test where some people see no ads is a holdout design; how "the last
campaign" did with none named asks which, and the festival said next is its past effect."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, first_call
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("say we spend 8k on double 12, can make back?", {"mode": "plan", "budget": 8000, "when": "double12"}),
        ("if we put 20k for 618 next year can earn it back anot", {"mode": "plan", "budget": 20000, "when": "618"}),
    ],
)
def test_whether_a_sum_comes_back_is_a_plan_estimate(text: str, expected: dict[str, object]) -> None:
    assert first_call("m_outdoor", text) == ("estimate_promotion_effect", expected)


@pytest.mark.parametrize(
    "text",
    [
        "how would we know the ads work? like a trial where a group of customers never see the ads",
        "can we run it with a control group to check the ads do anything",
        "留一部分顾客看不到广告，看看投放到底有没有用",
    ],
)
def test_a_test_where_some_people_see_no_ads_is_a_holdout(text: str) -> None:
    assert first_call("m_pet", text) == ("estimate_promotion_effect", {"mode": "holdout"})


@pytest.mark.parametrize("text", ["之前那次推广效果怎么样", "how did that last promo go?"])
def test_the_last_campaign_with_none_named_asks_which(text: str) -> None:
    message = plan_next([HumanMessage(text)], catalog=demo_catalogs()["m_pet"], today=DEMO_TODAY, tools=TOOLS)
    assert message.tool_calls == [] and ("?" in str(message.content) or "？" in str(message.content))


@pytest.mark.parametrize(
    ("texts", "when"),
    [
        (("之前那次推广效果怎么样", "今年618那个"), "618"),
        (("how did that last promo go?", "the double 11 one"), "double11"),
    ],
)
def test_the_festival_said_after_is_its_past_effect(texts: tuple[str, str], when: str) -> None:
    assert first_call("m_pet", *texts) == ("estimate_promotion_effect", {"mode": "past", "when": when})
