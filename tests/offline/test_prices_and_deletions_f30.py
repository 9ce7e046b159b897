"""A product's price taken down or up to a figure is a price change, never a campaign budget; orders named in
English and deleted in Chinese are refused like the Chinese words."""

from __future__ import annotations

import pytest

from tests.offline.planned import draft_turn, first_call, plan_next_answer


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


@pytest.mark.parametrize(
    "text",
    [
        "之前提交的方案被老板打回了 预算砍到8000",
        "the budget got turned down, cut it to 8k",
        "送审的预算没通过，改成6000吧",
    ],
)
def test_a_rejected_submission_told_is_an_edit_of_the_draft_not_a_new_submission(text: str) -> None:
    earlier = draft_turn("给冲锋衣做个推广 预算2万 下周", {"category": "冲锋衣", "budget": 20000}, {"id": "cmp_1"})
    tool, args = first_call("m_outdoor", text, earlier=earlier)
    assert tool == "draft_campaign" and args["edit"] is True and args["budget"] in (8000, 6000)
