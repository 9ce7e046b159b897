"""The money path: spending put off until after the approval, a go-live pushed, a price set after "too cheap", a full
refund, whether the copilot spends on its own (how the approval works, no tool), reviews ranked (not in the data)."""

from __future__ import annotations

import pytest

from tests.offline.planned import plan_next_answer


@pytest.mark.parametrize(
    ("merchant", "text", "said"),
    [
        ("m_pet", "launch the campaign today, the manager will approve it afterwards", "cannot be skipped"),
        ("m_pet", "先投着吧，领导回头再补批", "审批不能跳过"),
        ("m_outdoor", "shift 2k from the lantern promo to the tents and push them live now", "cannot be skipped"),
        ("m_outdoor", "睡袋定价太低了，直接改为459", "不能改价格"),
        ("m_outdoor", "the sleeping bag is underpriced, set it to 459", "cannot change prices"),
        ("m_pet", "please issue a partial refund for order 7781", "issue refunds"),
        ("m_baby", "你会不会背着我花钱？预算提交了要有人批吗", "审批"),
        ("m_baby", "will you ever spend our budget without asking me first?", "approval"),
        ("m_baby", "哪款商品的差评数最多", "没有评价"),
        ("m_baby", "rank the products by number of bad reviews", "no reviews"),
    ],
)
def test_refused_or_explained_without_a_tool(merchant: str, text: str, said: str) -> None:
    assert said in plan_next_answer(merchant, text)
