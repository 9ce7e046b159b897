"""A product's price taken down or up to a figure is a price change, never a campaign budget; orders named in
English and deleted in Chinese are refused like the Chinese words."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, plan_next_answer


@pytest.mark.parametrize(
    ("merchant", "text"),
    [
        ("m_outdoor", "mark the family tent down to 899 for black friday pls"),
        ("m_baby", "can you bring the baby monitor down to 299 this weekend"),
        ("m_pet", "把宠物摄像头降价到299"),
        ("m_outdoor", "冲锋衣打折到599吧"),
        ("m_pet", "上周那些test orders全删了吧"),
    ],
)
def test_a_price_set_or_orders_deleted_are_refused(merchant: str, text: str) -> None:
    answer = plan_next_answer(merchant, text)
    assert "price" in answer or "价格" in answer


@pytest.mark.parametrize(
    ("merchant", "text", "tool"),
    [
        ("m_outdoor", "bring the daily budget down to 2000", None),
        ("m_pet", "把预算降到6000", "draft_campaign"),
        ("m_outdoor", "how did the tents sell after we marked them down to 899?", "query_store_sales"),
    ],
)
def test_budgets_and_questions_about_a_price_are_not_refused(merchant: str, text: str, tool: str | None) -> None:
    if tool is None:
        assert "price" not in plan_next_answer(merchant, text)
    else:
        assert first_call(merchant, text)[0] == tool
