"""Questions about customers (fresh44): who buys an item (its audience, or its buyers by age and region in SQL), a
store-wide customer figure narrowed to an item, customers gone quiet, what buyers of some ages or of an item buy,
and a trait the store does not record. Other wordings than the measured ones: each test shows the rule."""

from __future__ import annotations

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.age_bands import ages_sql, said_ages
from copilot.offline.lapse import lapse_days, lapse_start
from copilot.offline.sql_templates import unread_scope
from tests.offline.planned import first_call, sales_args


def _sql(merchant: str, *texts: str) -> str:
    args = sales_args(merchant, *texts)
    assert "sql" in args and "metric" not in args, args
    return str(args["sql"])


@pytest.mark.parametrize(
    ("merchant", "text", "scope"),
    [
        ("m_outdoor", "买睡袋的都多大年纪", "pc.category IN ('睡袋')"),
        ("m_baby", "what age are the stroller buyers", "pc.category IN ('婴儿推车')"),
        ("m_pet", "猫砂的买家 年龄段分布", "pc.category IN ('猫砂')"),
    ],
)
def test_the_age_of_an_items_buyers_is_read_from_its_order_lines(merchant: str, text: str, scope: str) -> None:
    sql = _sql(merchant, text)
    assert "age_band" in sql and scope in sql  # never the age of every customer on file


def test_the_regions_of_an_items_buyers_are_read_from_its_order_lines() -> None:
    sql = _sql("m_pet", "买猫砂的客户都在哪")
    assert "c.region" in sql and "pc.category IN ('猫砂')" in sql


@pytest.mark.parametrize(
    ("merchant", "first", "narrowed", "scope"),
    [
        ("m_pet", "上个月复购率是多少", "只看猫粮", "pc.category IN ('猫粮')"),
        ("m_outdoor", "repeat rate over the last 60 days?", "just the sleeping bags", "IN ('out_sleeping_bag')"),
    ],
)
def test_a_repeat_rate_narrowed_to_an_item_counts_orders_of_it(
    merchant: str, first: str, narrowed: str, scope: str
) -> None:
    sql = _sql(merchant, first, narrowed)
    assert "repeat_rate" in sql and scope in sql


def test_a_name_the_template_does_not_read_is_said_left_out() -> None:
    assert unread_scope({"template": "new_customers", "category": "猫砂"}) == ["猫砂"]
    assert unread_scope({"template": "repeat_rate", "category": "猫砂"}) == []
    assert unread_scope({"template": "customers_by_age", "product": "p1", "product_title": "睡袋"}) == []


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("how many new customers last month by region", "what about the returning customers?"),
        ("上个月各地区新客多少", "那老客呢"),
    ],
)
def test_returning_customers_after_the_new_ones_keep_the_breakdown(first: str, then: str) -> None:
    sql = _sql("m_pet", first, then)
    assert "returning_customers" in sql and "GROUP BY c.region" in sql and "o.created_at > f.first_at" in sql


@pytest.mark.parametrize(
    ("merchant", "text", "args"),
    [
        ("m_pet", "那个智能猫砂盆 哪类人买得比较多", {"product": "pet_smart_litterbox"}),
        ("m_outdoor", "想找找会买sleeping bag的人", {"product": "out_sleeping_bag"}),
        ("m_outdoor", "帮我找找会买tents的人", {"category": "帐篷"}),
        ("m_outdoor", "想入手登山杖的人 帮我圈一下", {"category": "登山杖"}),
    ],
)
def test_who_would_buy_an_item_is_its_audience(merchant: str, text: str, args: dict[str, str]) -> None:
    tool, called = first_call(merchant, text)
    assert tool == "find_target_segments"
    assert {k: called.get(k) for k in args} == args


def test_who_buys_an_item_the_store_lacks_names_it_for_the_audience_tool() -> None:
    tool, called = first_call("m_pet", "买电动滑板车的一般是什么人")
    assert tool == "find_target_segments" and called.get("product") == "电动滑板车"


@pytest.mark.parametrize(
    "text", ["新款推车还没出单 先推给谁看", "the new stroller has no sales yet, who should see it first?"]
)
def test_whom_a_new_item_should_reach_first_is_a_cold_start(text: str) -> None:
    tool, called = first_call("m_baby", text)
    assert tool == "find_target_segments"
    assert called.get("product") == "baby_stroller_fold_new" and called.get("cold_start") is True


@pytest.mark.parametrize(
    ("text", "scene"),
    [("铲屎官们 该推哪款", None), ("养狗的家庭 推什么", "养狗"), ("经常出差的 该推什么", "上班族养宠")],
)
def test_what_to_offer_a_kind_of_people_is_their_audience(text: str, scene: str | None) -> None:
    tool, called = first_call("m_pet", text)
    assert tool == "find_target_segments"
    if scene:
        assert called.get("scene") == scene


def test_which_region_buys_more_of_an_item_is_its_sales_by_region() -> None:
    args = sales_args("m_pet", "广东浙江的客户 哪里更爱买猫砂")
    assert args.get("by") == "region" and set(str(args.get("region")).split(",")) == {"广东", "浙江"}
    assert args.get("category") == "猫砂"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("3个月没下单的客户有多少", 90),
        ("how many customers have churned", 180),
        ("customers with no orders in 60 days", 60),
    ],
)
def test_customers_gone_quiet_are_counted_back_from_today(text: str, days: int) -> None:
    sql = _sql("m_pet", text)
    assert "lapsed_customers" in sql and "MAX(o.created_at)" in sql
    assert f"t.last_at < '{lapse_start(DEMO_TODAY, days)}'" in sql
    assert lapse_days("一年没来买") == 365 and lapse_days("半年没回购") == 182


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("30岁以下的客户买些啥", "< '30'"),
        ("what do customers over 40 buy most", ">= '40'"),
        ("25-34岁的买家都买什么", ">= '25'"),
    ],
)
def test_what_buyers_of_some_ages_buy_is_ranked_by_product(text: str, bound: str) -> None:
    sql = _sql("m_outdoor", text)
    assert "GROUP BY p.id" in sql and f"substr(c.age_band, 1, 2) {bound}" in sql


def test_ages_are_read_as_bounds_and_a_product_code_is_no_age() -> None:
    assert said_ages("50+的客户") == "50+" and said_ages("under 30s") == "<30"
    assert said_ages("UPF50+ 冰丝防晒衣") is None
    assert ages_sql("50+; DROP") == ""


@pytest.mark.parametrize(
    ("merchant", "text", "scope"),
    [
        ("m_outdoor", "买过睡袋的客户之后又买了什么", "pc.category IN ('睡袋')"),
        ("m_outdoor", "what do people buy after the tent", "pc.category IN ('帐篷')"),
    ],
)
def test_what_an_items_buyers_bought_afterwards_reads_their_later_orders(merchant: str, text: str, scope: str) -> None:
    sql = _sql(merchant, text)
    assert "o2.created_at > b.first_at" in sql and scope in sql


@pytest.mark.parametrize(
    ("merchant", "text", "scope"),
    [
        ("m_outdoor", "买睡袋的客户男女比例多少", "IN ('out_sleeping_bag')"),
        ("m_baby", "who buys the stroller, what's the gender split?", "pc.category IN ('婴儿推车')"),
    ],
)
def test_an_unrecorded_trait_of_an_items_buyers_shows_their_age_instead(merchant: str, text: str, scope: str) -> None:
    sql = _sql(merchant, text)
    assert "age_band" in sql and scope in sql


@pytest.mark.parametrize(
    ("text", "scene"), [("带娃出游的家庭 该推哪款帐篷", "亲子出游"), ("周末带孩子出去玩的家庭 推哪个帐篷", "亲子出游")]
)
def test_the_people_described_are_no_item_whose_title_holds_the_word(text: str, scene: str) -> None:
    tool, called = first_call("m_outdoor", text)
    assert tool == "find_target_segments"
    assert called.get("category") == "帐篷" and "product" not in called


def test_an_unrecorded_trait_of_a_one_product_category_names_that_product() -> None:
    sql = _sql("m_outdoor", "买防晒衣的人 男的多还是女的多")
    assert "IN ('out_sun_jacket')" in sql and "age_band" in sql
