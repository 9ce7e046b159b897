"""Follow-ups that compare, widen or re-aim the previous question (issue 18): a comparison with another period
keeps the previous question and sets the sales tool's comparison when the period named is the one the tool
compares with (the period before, the same stretch a year earlier), and says which comparisons it can make
otherwise; a period added to the previous one ("把X也加上") or the last two taken together ("这两天加起来") widens
it; an audience follow-up switches the product (a sibling named by a word of its title: "the alu ones") or asks
for more audiences, keeping the rest."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from tests.offline.planned import TOOLS, first_call
from tests.offline.test_nlu import demo_catalogs

_call = first_call


@pytest.mark.parametrize(
    ("merchant", "texts", "compare"),
    [
        ("m_outdoor", ["帐篷这个月卖了多少件", "和上个月同期对比一下"], "previous_period"),
        ("m_outdoor", ["上周各渠道的订单", "跟上上周的比比看"], "previous_period"),
        ("m_pet", ["近两周猫砂每天卖了多少", "和前两周对比"], "previous_period"),
        ("m_pet", ["最近7天的退款率", "相比前7天呢"], "previous_period"),
        ("m_outdoor", ["backpack units last week", "compared to the week before that?"], "previous_period"),
        ("m_outdoor", ["头灯9月卖了多少钱", "和去年9月比呢"], "year_over_year"),
        ("m_pet", ["618期间猫粮的销售额", "对比去年618"], "year_over_year"),
        ("m_outdoor", ["tents sales from june to august", "vs last year"], "year_over_year"),
        ("m_baby", ["纸尿裤 q3 的 gmv", "对比 last year"], "year_over_year"),
        ("m_outdoor", ["双11那周冲锋衣的销量", "跟去年双11那周比一下"], "year_over_year"),
    ],
)
def test_a_comparison_follow_up_keeps_the_question_and_compares(merchant: str, texts: list[str], compare: str) -> None:
    _, first = _call(merchant, texts[0])
    assert _call(merchant, *texts) == ("query_store_sales", {**first, "compare": compare})


def test_a_follow_up_after_a_comparison_keeps_it() -> None:
    _, compared = _call("m_pet", "猫砂这个月卖得怎么样", "跟上个月同期比呢")
    assert _call("m_pet", "猫砂这个月卖得怎么样", "跟上个月同期比呢", "按商品拆开看") == (
        "query_store_sales",
        {**compared, "by": "product", "metric": "revenue"},
    )


@pytest.mark.parametrize(
    ("texts", "words"),
    [
        (["上周卖了多少钱", "跟3月比呢"], "上一周期（2026-11-02 .. 2026-11-08）"),
        (["gmv last week", "compared with march?"], "previous period (2026-11-02 .. 2026-11-08)"),
    ],
)
def test_a_comparison_the_tool_cannot_make_is_said_not_answered(texts: list[str], words: str) -> None:
    message = plan_next(
        [HumanMessage(t) for t in texts], catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, tools=TOOLS
    )
    assert not message.tool_calls and words in str(message.content)


@pytest.mark.parametrize(
    ("merchant", "texts", "period"),
    [
        ("m_pet", ["11月3号到9号每天的订单", "10号也算上"], "2026-11-03..2026-11-10"),
        ("m_outdoor", ["orders from nov 2 to nov 6", "add nov 7 as well"], "2026-11-02..2026-11-07"),
        ("m_outdoor", ["上周每天的销售额", "把这周一也加进去"], "2026-11-09..2026-11-16"),
        ("m_pet", ["11月5号的订单", "6号呢", "这两天一共多少"], "2026-11-05..2026-11-06"),
        ("m_outdoor", ["units on nov 12", "and nov 13?", "both days combined"], "2026-11-12..2026-11-13"),
    ],
)
def test_a_follow_up_widens_the_period_it_adds_to(merchant: str, texts: list[str], period: str) -> None:
    name, args = _call(merchant, *texts)
    assert name == "query_store_sales" and args["period"] == period, args


@pytest.mark.parametrize(
    ("merchant", "texts", "expected"),
    [
        ("m_outdoor", ["谁会买碳素登山杖", "那铝合金的呢"], {"product": "out_pole_alu"}),
        ("m_outdoor", ["who would buy the carbon trekking poles", "what about the aluminium ones"],
         {"product": "out_pole_alu"}),
        ("m_outdoor", ["which audience fits the carbon poles?", "and for the alu ones?"], {"product": "out_pole_alu"}),
        ("m_pet", ["太空舱猫包适合推给谁", "改成猫爬架"], {"product": "pet_cat_tree"}),
        ("m_pet", ["给猫爬架找目标人群", "再多给几个，要6个"], {"product": "pet_cat_tree", "top": 6}),
        ("m_pet", ["猫爬架的目标人群", "give me 5 of them"], {"product": "pet_cat_tree", "top": 5}),
        ("m_outdoor", ["who should we target for the carbon poles", "a few more please, 7 groups"],
         {"product": "out_pole_carbon", "top": 7}),
    ],
)  # fmt: skip
def test_an_audience_follow_up_keeps_the_rest(merchant: str, texts: list[str], expected: dict[str, Any]) -> None:
    assert _call(merchant, *texts) == ("find_target_segments", expected)


@pytest.mark.parametrize(
    ("texts", "k"),
    [
        (["退货政策怎么规定的", "再多给几条 要6条"], 6),
        (["what does the brand guide say about logos", "show me 5 more passages"], 5),
    ],
)
def test_a_document_follow_up_asks_for_more_passages_of_the_same_subject(texts: list[str], k: int) -> None:
    assert _call("m_outdoor", *texts) == ("search_merchant_docs", {"query": texts[0], "k": k})


@pytest.mark.parametrize(
    ("merchant", "texts", "changed"),
    [
        ("m_pet", ["猫砂这个月的销量", "哪个卖得最好"], {"by": "product", "top": 1, "order": "desc"}),
        ("m_outdoor", ["帐篷上个月卖了多少件", "哪款最多"], {"by": "product", "top": 1, "order": "desc"}),
        ("m_pet", ["上个月各渠道的订单数", "哪个渠道最少"], {"top": 1, "order": "asc"}),
        ("m_baby", ["上周各地区的退款率", "只看最后5个"], {"top": 5, "order": "asc"}),
        ("m_baby", ["上周卖得最好的10个商品", "不对 我要看最高的品类"], {"by": "category", "metric": "revenue"}),
    ],
)
def test_a_ranking_follow_up_keeps_the_question_it_ranks(
    merchant: str, texts: list[str], changed: dict[str, Any]
) -> None:
    _, first = _call(merchant, texts[0])
    expected = {**first, **changed}
    if expected.get("order") == "desc":
        expected.pop("order")
    name, args = _call(merchant, *texts)
    assert name == "query_store_sales"
    assert {k: v for k, v in args.items() if k != "order" or v != "desc"} == expected


@pytest.mark.parametrize(
    ("text", "by"),
    [("最近30天各个地区的订单数", "region"), ("这个月各个品类的销量", "category"), ("上周各个渠道的退款率", "channel")],
)
def test_each_of_a_dimension_is_a_breakdown(text: str, by: str) -> None:
    assert _call("m_pet", text)[1]["by"] == by
