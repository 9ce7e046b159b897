"""A rule said before asked back ("你还记得吗") is recalled, never saved again; chat shorthand typed in Latin
letters or slang addressed to friends (kk, 集美们, 救命) names nothing sold; 动销 (goods moving) counts units."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    "text",
    [
        "上回说的周末不投，你还记得吗",
        "我讲过大促前一周不加预算 你记住了没",
        "do you still remember what I said about weekends?",
    ],
)
def test_a_rule_asked_back_is_recalled(text: str) -> None:
    tool, _ = first_call("m_pet", text)
    assert tool == "recall_preferences"


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_pet", "kk 昨天几单", {"metric": "paid_orders", "period": "yesterday"}),
        ("m_baby", "集美们 这周卖了多少钱 救命", {"metric": "gmv", "period": "this_week"}),
        ("m_outdoor", "这周动销怎么样", {"metric": "units", "period": "this_week"}),
    ],
)
def test_shorthand_names_nothing_sold(merchant: str, text: str, expected: dict[str, object]) -> None:
    args = sales_args(merchant, text)
    assert {k: args.get(k) for k in expected} == expected and "product" not in args, args
