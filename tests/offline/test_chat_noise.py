"""Chat noise names nothing: a cry or laugh typed as a run of one particle ("呜呜呜", "哈哈哈"), emoji, chat
shorthand ("rn", "tbh"), spoken fillers ("uh", "erm") and greetings of other Englishes ("howzit", "ja") were read as
product names, so the question was refused as about a product not sold."""

from __future__ import annotations

import pytest

from tests.offline.planned import sales_args


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_pet", "呜呜呜这周卖了几单😢", {"metric": "paid_orders", "period": "this_week"}),
        ("m_outdoor", "嘿嘿嘿 昨天GMV多少🎉🎉", {"metric": "gmv", "period": "yesterday"}),
        ("m_baby", "tbh how many orders did we get yesterday rn", {"metric": "paid_orders", "period": "yesterday"}),
        ("m_pet", "erm so uh what did we take last week", {"metric": "gmv", "period": "last_week"}),
        ("m_outdoor", "howzit! ja, orders yesterday?", {"metric": "paid_orders", "period": "yesterday"}),
        ("m_baby", "weekly GMV this month, just to get the shape", {"metric": "gmv", "period": "this_month"}),
    ],
)
def test_noise_is_not_a_product(merchant: str, text: str, expected: dict[str, str]) -> None:
    args = sales_args(merchant, text)
    assert {key: args.get(key) for key in expected} == expected and "product" not in args, args


def test_a_product_title_with_a_symbol_still_resolves() -> None:
    args = sales_args("m_outdoor", "羽绒睡袋（舒适温度-5℃）上个月卖了几个")
    assert args.get("product") == "out_sleeping_bag" or args.get("category") == "睡袋", args
