"""A comparison with "last time" (跟上次比, 和上回相比, compare to last time): in a thread it is the period before the
one asked about; said first, with nothing to compare, it is asked back, never answered as the store's 30 days."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from tests.offline.planned import first_call, plan_next_answer


@pytest.mark.parametrize("said", ["那跟上次比呢，怎么样", "和上1回相比如何", "how did it compare with last time"])
def test_last_time_with_nothing_before_is_asked_back(said: str) -> None:
    answer = plan_next_answer("m_outdoor", said)
    assert "哪方面" in answer or "Which figures" in answer


@pytest.mark.parametrize(
    ("earlier", "said", "metric", "period"),
    [
        ("上周的客单价是多少", "跟上次比怎么样", "aov", "last_week"),
        ("How many orders last month?", "and how does that compare to last time?", "paid_orders", "last_month"),
    ],
)
def test_last_time_in_a_thread_is_the_period_before(earlier: str, said: str, metric: str, period: str) -> None:
    tool, args = first_call("m_outdoor", said, earlier=[HumanMessage(earlier), AIMessage("…")])
    assert tool == "query_store_sales", (tool, args)
    assert args.get("metric") == metric and args.get("period") == period, args
    assert args.get("compare") == "previous_period", args
