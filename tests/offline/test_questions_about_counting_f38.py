"""How a figure is counted asked as a choice, and customers who registered, in wording of their own (classes fresh38
missed)."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, plan_next_answer


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("退款率是按单算还是按金额算的", "退款率"),
        ("客单价用成交额算还是用商品销售额算", "客单价"),
        ("is conversion counted by visitors or by views?", "conversion"),
    ],
)
def test_how_a_figure_is_counted_asked_as_a_choice_is_explained(text: str, said: str) -> None:
    assert said in plan_next_answer("m_pet", text).lower()


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("how many people signed up this month", "2026-11-01"),
        ("上周注册的客户有几个", "2026-11-09"),
        ("newly registered members last month?", "2026-10-01"),
    ],
)
def test_customers_who_registered_are_counted_from_the_customers_table(text: str, since: str) -> None:
    tool, args = first_call("m_baby", text)
    assert tool == "query_store_sales"
    assert "FROM customers c" in args["sql"] and f"c.registered_at >= '{since}'" in args["sql"]
