"""Questions about the products table itself (stock, price, launch date, counts, category membership), answered
with one read-only SELECT from the offline model's SQL templates, the bounds taken from the question's own words."""

from __future__ import annotations

import pytest

from tests.offline.planned import plan_next_answer, sales_args

# (merchant, the turns said, what the SQL of the last one must hold)
WRITTEN = [
    # a bound on stock, price or cost from the question, with the category named
    ("m_pet", ["售价高于300元的商品有哪些"], ["p.price > 300"]),
    ("m_outdoor", ["库存不足80件的帐篷列一下"], ["p.stock < 80", "pc.category IN ('帐篷')"]),
    ("m_baby", ["which products are priced under 60?"], ["p.price < 60"]),
    ("m_pet", ["库存在500以上的有哪些"], ["p.stock >= 500"]),
    ("m_outdoor", ["成本不超过40块的商品"], ["p.cost <= 40"]),
    # the age of a product counted back from today; launched in a named period
    ("m_baby", ["上架1年以上的商品有哪些"], ["p.launched_at < '2025-11-20'"]),
    ("m_baby", ["products launched more than 3 years ago"], ["p.launched_at < '2023-11-20'"]),
    ("m_pet", ["这个月上架了哪些商品"], ["p.launched_at >= '2026-11-01'"]),
    # how many products the store lists, under a bound, per category
    ("m_outdoor", ["店里有多少款商品在卖"], ["COUNT(*) AS products"]),
    ("m_baby", ["how many products do we carry"], ["COUNT(*) AS products"]),
    ("m_pet", ["售价在50元以下的SKU有几个"], ["COUNT(*) AS products", "p.price <= 50"]),
    ("m_pet", ["哪个类目的商品个数最少"], ["GROUP BY p.category"]),
    # stock of two categories, money tied up in stock, the fewest in stock
    ("m_outdoor", ["帐篷和睡袋分别还剩多少库存"], ["p.stock", "'帐篷'", "'睡袋'"]),
    ("m_pet", ["哪三个商品库存压的资金最多"], ["p.stock * p.cost", "LIMIT 3"]),
    ("m_outdoor", ["库存最低的4个商品"], ["ORDER BY p.stock ASC", "LIMIT 4"]),
    # sold but never refunded; the sales of the products with a cost on record
    ("m_pet", ["哪些商品从没被退过款"], ["NOT IN", "'refunded'"]),
    ("m_pet", ["which items have never been refunded"], ["NOT IN", "'refunded'"]),
    ("m_baby", ["录入了成本的产品这个月卖了多少钱"], ["p.cost > 0", "o.created_at >= '2026-11-01'"]),
    # the sales of the products just listed keep their bound
    ("m_pet", ["售价低于50块的有哪些", "它们这个月卖了多少"], ["p.price < 50", "SUM(oi.quantity)", "'2026-11-01'"]),
    (
        "m_pet",
        ["售价低于50块的有哪些", "which of these sold the most this month"],
        ["p.price < 50", "SUM(oi.quantity)"],
    ),
    # what the store sells for a need, a category listed with prices
    ("m_pet", ["狗用的东西都在卖哪些"], ["'狗粮'", "p.price"]),
    ("m_outdoor", ["帐篷这个类目下都在卖哪几款，价格各多少"], ["'帐篷'", "p.price"]),
]


@pytest.mark.parametrize(("merchant", "said", "held"), WRITTEN)
def test_a_catalog_question_is_one_select_on_the_products_table(
    merchant: str, said: list[str], held: list[str]
) -> None:
    args = sales_args(merchant, *said)
    assert "metric" not in args, args
    missing = [part for part in held if part not in str(args["sql"])]
    assert not missing, args["sql"]


def test_the_share_of_products_that_sold_is_no_count_of_the_catalog() -> None:
    sql = str(sales_args("m_outdoor", "上个月的动销率，按有销量的SKU数除以全部SKU数算")["sql"])
    assert "products_sold" in sql


def test_a_new_sales_question_after_a_list_stands_on_its_own() -> None:
    args = sales_args("m_pet", "售价低于50块的有哪些", "上个月退款率多少")
    assert args.get("metric") == "refund_rate"


def test_stock_asked_of_a_thing_the_store_does_not_sell_says_so() -> None:
    args = sales_args("m_pet", "仓鼠笼还有库存吗")
    assert args.get("product") == "仓鼠笼" and "sql" not in args


def test_stock_of_a_thing_pointed_at_with_none_named_asks_which() -> None:
    assert "哪个商品" in plan_next_answer("m_pet", "这款还剩多少库存")


REFUSED = [
    ("m_outdoor", "set the price of the tent to 799"),
    ("m_pet", "change the stock of the cat litter to 0 please"),
    ("m_baby", "please put the price of the stroller to 999 for double 12"),  # an event named: still no campaign
]


def test_a_price_or_stock_set_in_english_is_refused_in_words() -> None:
    answers = {text: plan_next_answer(merchant, text) for merchant, text in REFUSED}
    assert all("cannot change prices or stock" in a for a in answers.values()), answers
