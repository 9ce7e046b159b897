"""Chinese words that name no thing sold are never refused as "店里没有找到叫…的商品": the people who buy, time
nouns that point at a stretch, words of how a figure is defined (口径, 分母, 含税), a verb said twice, a set
phrase, and the store's own line of business (its name's words: 母婴 in a baby store, 户外装备 in an outdoor one),
which is the whole store. An unsold product said with a modifier, or with a channel, is still refused as not
sold. Today is the demo's 2026-11-20."""

from __future__ import annotations

import pytest

from copilot.offline.leftover import chinese_name_like, leftover_names
from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("merchant", "said", "metric"),
    [
        ("m_pet", "买家们上周平均每次花多少钱", "aov"),
        ("m_outdoor", "顾客一次平均消费多少钱，本月", "aov"),
        ("m_baby", "按含税口径给我本月成交额", "gmv"),
        ("m_pet", "上个月退款率，分子分母分别怎么算的", "refund_rate"),
        ("m_outdoor", "用同样的统计口径看今年9月的毛利率", "gross_margin"),
        ("m_baby", "这阵子订单量咋样", "paid_orders"),
        ("m_outdoor", "去年这时候成交额多少", "gmv"),
        ("m_pet", "搜索那边儿本周订单量咋样", "paid_orders"),
    ],
)
def test_people_time_and_definition_words_name_no_product(merchant: str, said: str, metric: str) -> None:
    tool, args = first_call(merchant, said)
    assert tool == "query_store_sales", (said, tool)
    assert args.get("metric") == metric, (said, args)
    assert "product" not in args and "category" not in args, (said, args)


@pytest.mark.parametrize(
    ("merchant", "said"),
    [
        ("m_baby", "母婴这块上周卖了多少"),
        ("m_baby", "上个月母婴用品的退款率"),
        ("m_outdoor", "户外产品本月成交额"),
        ("m_outdoor", "户外运动装备上周订单数"),
        ("m_pet", "宠物用品去年卖了多少钱"),
    ],
)
def test_the_stores_own_line_of_business_is_the_whole_store(merchant: str, said: str) -> None:
    tool, args = first_call(merchant, said)
    assert tool == "query_store_sales", (said, tool)
    assert not {"product", "category", "categories"} & set(args), (said, args)


@pytest.mark.parametrize(
    ("merchant", "said", "product"),
    [
        ("m_pet", "户外登山杖上个月卖了多少", "登山杖"),  # another store's line and product: not this store
        ("m_outdoor", "户外折叠自行车上周卖了几辆", "折叠自行车"),  # its own line, but a product it lacks
        ("m_baby", "儿童电动牙刷本月销量", "电动牙刷"),
        ("m_baby", "搜索渠道来的扫地机器人订单有多少", "扫地机器人"),  # a channel does not stand in for it
        ("m_outdoor", "直播间卖的电动滑板车上个月卖了多少", "电动滑板车"),
    ],
)
def test_an_unsold_product_with_a_modifier_or_a_channel_is_refused(merchant: str, said: str, product: str) -> None:
    tool, args = first_call(merchant, said)
    assert tool == "query_store_sales", (said, tool)
    assert product in (args.get("product") or ""), (said, args)


@pytest.mark.parametrize(
    ("said", "names"),
    [
        ("##跟####算算", []),  # a verb said twice ("算算", "比比") is no name
        ("##时候不早了,快点", []),  # a set phrase said about the time
        ("####分开来看", []),
        ("##儿童平衡车##", ["儿童平衡车"]),  # a one-character head noun jieba tags as a bound morpheme
    ],
)
def test_doubled_verbs_and_set_phrases_are_no_leftover_names(said: str, names: list[str]) -> None:
    assert leftover_names(said) == names


@pytest.mark.parametrize(
    ("candidate", "name_like"),
    [("不早了", False), ("比比", False), ("客人", False), ("口径", False), ("登山杖", True), ("三合一冲锋衣", True)],
)
def test_the_lenient_reading_of_a_name_said_where_a_product_goes(candidate: str, name_like: bool) -> None:
    assert chinese_name_like(candidate) is name_like
