"""A sales question right after a store statistic about one product (its stock) is about that product."""

from __future__ import annotations

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import Parse, parse
from tests.offline.test_nlu import demo_catalogs


def _thread(merchant: str, *texts: str) -> list[Parse]:
    catalog = demo_catalogs()[merchant]
    history: list[Parse] = []
    for text in texts:
        history.append(parse(text, catalog=catalog, today=DEMO_TODAY, history=list(history)))
    return history


def test_units_asked_after_a_products_stock_are_that_products() -> None:
    stock, units = _thread("m_outdoor", "强光感应头灯库存还剩多少", "上个月卖了几个")
    assert stock.intent == "sales_sql"
    assert units.intent == "sales_query"
    assert units.slots.get("product") == stock.slots.get("product") == "out_headlamp"


def test_units_asked_after_a_storewide_stock_ranking_stay_the_stores() -> None:
    _, units = _thread("m_pet", "哪些商品库存最少", "上个月卖了几件")
    assert "product" not in units.slots and "category" not in units.slots
