"""The planner passes a family said with a variant on as that product, or, when the store has no such variant, as
the name said (the sales tool then says what the store has) — never the family's figures in its place."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("merchant", "text", "product"),
    [
        ("m_outdoor", "三人帐篷上个月卖了多少", "out_tent_family"),
        ("m_outdoor", "how did the 2-person tents do last month", "out_tent_2p"),
        ("m_baby", "M码的纸尿裤这周卖了几包", "baby_diapers_m"),
        ("m_pet", "dog beds sold last week", "pet_dog_bed"),  # 宠物窝 also holds a cat bed and a cooling mat
    ],
)
def test_a_variant_that_the_store_sells_is_that_product(merchant: str, text: str, product: str) -> None:
    tool, args = first_call(merchant, text)
    assert (tool, args.get("product"), args.get("category")) == ("query_store_sales", product, None)


@pytest.mark.parametrize(
    ("merchant", "text", "said"),
    [
        ("m_baby", "二段奶粉上个月卖了多少", "二段奶粉"),
        ("m_baby", "stage 3 formula sales this month", "stage 3 formula"),
        ("m_outdoor", "单人帐篷最近卖得怎么样", "单人帐篷"),
        ("m_pet", "5kg装的猫粮卖了多少", "5kg"),
        ("m_pet", "狗罐头这个月卖了几箱", "狗罐头"),
    ],
)
def test_a_variant_the_store_does_not_carry_is_passed_on_as_said(merchant: str, text: str, said: str) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "query_store_sales" and "category" not in args
    assert said in args["product"]
