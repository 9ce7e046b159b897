"""A new product nobody has bought yet, asked whom to sell it to: its cold-start audience (find_target_segments),
never a list of unsold products or a sales figure; "N 个最可能买的人群" is a count of audiences, not a description."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("merchant", "text", "product"),
    [
        ("m_pet", "刚上的感应饮水机还没人买过，该卖给什么样的客户", "pet_fountain_sensor_new"),
        ("m_baby", "the new one-hand stroller, who should we chase?", "baby_stroller_fold_new"),
        ("m_outdoor", "new windproof shell, zero orders. who do we pitch the shell to", "out_shell_light_new"),
        ("m_outdoor", "just launched the windproof shell - who should we go after", "out_shell_light_new"),
    ],
)
def test_whom_to_sell_a_new_product_is_its_cold_start_audience(merchant: str, text: str, product: str) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "find_target_segments"
    assert args.get("product") == product and args.get("cold_start") is True


@pytest.mark.parametrize(
    ("merchant", "text", "product", "top"),
    [
        ("m_baby", "新款一键折叠推车刚上架，找两个最有可能下单的用户群", "baby_stroller_fold_new", 2),
        ("m_pet", "新上的智能感应饮水机，挑4个最可能买的人群", "pet_fountain_sensor_new", 4),
    ],
)
def test_the_likeliest_buyers_counted_are_audiences(merchant: str, text: str, product: str, top: int) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "find_target_segments"
    assert args.get("product") == product and args.get("top") == top and "scene" not in args


def test_products_nobody_bought_are_still_listed() -> None:
    tool, args = first_call("m_pet", "有什么商品都还没人买过")
    assert tool == "query_store_sales" and "NOT IN" in args["sql"]
