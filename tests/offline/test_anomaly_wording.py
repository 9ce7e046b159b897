"""Asking why something sells badly, or which items are rising or falling, is an anomaly question with its
direction; how something sells, or what sells best, stays a sales question."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("纸尿裤最近卖得不行是什么原因", {"category": "纸尿裤", "direction": "drop"}),
        ("推车销量下滑是怎么回事", {"category": "婴儿推车", "direction": "drop"}),
        ("店里哪几款在涨", {"direction": "spike"}),
        ("最近哪些商品在跌", {"direction": "drop"}),
        ("which products are picking up lately?", {"direction": "spike"}),
        ("which items are slipping this month", {"direction": "drop"}),
    ],
)
def test_why_it_sells_badly_or_what_is_rising_is_an_anomaly_question(text: str, args: dict[str, str]) -> None:
    tool, got = first_call("m_baby", text)
    assert tool == "detect_sales_anomalies"
    assert {k: got.get(k) for k in args} == args


@pytest.mark.parametrize("text", ["奶粉最近卖得怎么样", "哪些商品卖得最好", "how are the strollers selling?"])
def test_how_it_sells_stays_a_sales_question(text: str) -> None:
    assert first_call("m_baby", text)[0] == "query_store_sales"
