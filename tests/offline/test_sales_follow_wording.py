"""Sales words typed with slips and sales follow-ups said differently (issue 18): slips in metric words are put
right without turning ordinary words into metrics; a comparison is taken back ("forget the yoy"), asked against
"再上一周", or of the last two questions' periods ("两个放一起对比下"); "跟去年同期比呢" compares with the same
dates a year earlier ("去年同期呢" alone asks for those dates: tests/offline/test_periods_f32.py); a festival's day
said again in another year stays the day; revenue said stays revenue across breakdowns."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.offline.nlu import normalise
from tests.offline.planned import first_call


def _args(merchant: str, *texts: str) -> dict[str, Any]:
    tool, args = first_call(merchant, *texts)
    assert tool == "query_store_sales"
    return args


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("refnd rate last month?", "refund_rate"),
        ("retrun rate by category last month", "refund_rate"),
        ("convresion last week", "conversion"),
        ("converson rate this month", "conversion"),
        ("avg ordr valu last month", "aov"),
        ("revnue by categry last week", "revenue"),
        ("gross margn last month", "gross_margin"),
    ],
)
def test_slips_in_metric_words_are_put_right(text: str, metric: str) -> None:
    assert _args("m_pet", text)["metric"] == metric


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("older customers", "older customers"),
        ("developer mode on", "developer mode on"),
        ("sale items", "sale items"),
        ("in case", "in case"),
        ("the unit price", "the unit price"),
    ],
)
def test_ordinary_words_near_a_metric_word_stay(text: str, kept: str) -> None:
    assert normalise(text) == kept


@pytest.mark.parametrize(
    ("texts", "compare"),
    [
        (["refund rate last month", "vs the same month last yr", "ok forget the yoy. just oct by category"], None),
        (["上个月销量 同比", "不要同比了 按品类看"], None),
        (["上周gmv多少", "跟再上一周比呢"], "previous_period"),
        (["上个月销量", "和再上个月比一下"], "previous_period"),
    ],
)
def test_a_comparison_taken_back_or_against_the_one_before(texts: list[str], compare: str | None) -> None:
    args = _args("m_outdoor", *texts)
    assert args.get("compare") == compare
    assert args["metric"] == _args("m_outdoor", texts[0])["metric"]


@pytest.mark.parametrize(
    ("texts", "period", "compare"),
    [
        (["奶粉上个月销量", "那去年10月呢", "两个放一起对比下"], "last_month", "year_over_year"),
        (["上周卖了多少钱", "上上周呢", "这俩比一下"], "last_week", "previous_period"),
        (["units last month", "and the month before last?", "compare the two"], "last_month", "previous_period"),
    ],
)
def test_the_last_two_periods_set_side_by_side(texts: list[str], period: str, compare: str) -> None:
    args = _args("m_baby", *texts)
    assert (args["period"], args["compare"]) == (period, compare)


@pytest.mark.parametrize(
    "texts",
    [
        ["拼接床边婴儿床这个月卖了几张", "跟去年同期对比下"],
        ["上个月的GMV", "跟去年同期比呢？"],
        ["gmv last month", "vs the same period last year"],
    ],
)
def test_the_same_period_last_year_compares_with_it(texts: list[str]) -> None:
    args = _args("m_baby", *texts)
    assert args["compare"] == "year_over_year"
    assert args["period"] == _args("m_baby", texts[0])["period"]


def test_a_festival_day_said_again_in_another_year_is_that_day() -> None:
    texts = ["双11当天卖了多少钱", "整个双11活动期呢", "去年双11当天呢"]
    assert _args("m_pet", *texts[:2])["period"] == "double11"
    assert _args("m_pet", *texts)["period"] == "2025-11-11..2025-11-11"


@pytest.mark.parametrize(
    ("texts", "metric"),
    [
        (["revenue by category last month", "now by region"], "revenue"),
        (["各品类上个月的商品销售额", "换成按渠道"], "revenue"),
        (["gmv by category last month", "now by region"], "gmv"),
    ],
)
def test_revenue_said_stays_revenue_across_breakdowns(texts: list[str], metric: str) -> None:
    assert _args("m_outdoor", *texts)["metric"] == metric
