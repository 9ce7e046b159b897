"""Meaning questions asked together with a figure word: answered in words from the semantic layer or the defined
terms (ROAS, ROI, 动销率, 售罄率), nothing computed; the same words asking a figure still compute it."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, plan_next_answer


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("roas 跟 roi 是一回事吗", ["ROAS", "ROI"]),
        ("what's the difference between roi and roas", ["ROI (return on investment)", "ROAS (return on ad spend)"]),
        ("动销率指什么，和售罄率有什么区别", ["动销率：", "售罄率："]),
        ("客单价到底是啥？", ["客单价："]),
        ("销售额到底指什么？退货的算不算在里面", ["退款和未支付的订单不算"]),
    ],
)
def test_meanings_are_answered_in_words(said: str, words: list[str]) -> None:
    answer = plan_next_answer("m_outdoor", said)
    for word in words:
        assert word in answer


def test_a_defined_terms_figure_is_still_computed() -> None:
    tool, args = first_call("m_outdoor", "上个月各渠道的花费和ROAS")
    assert tool == "query_store_sales"
    assert "roas" in args["sql"]
