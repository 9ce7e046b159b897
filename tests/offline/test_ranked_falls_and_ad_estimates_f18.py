"""Falls and rises ranked by their size ("降幅前三", "涨幅最大的4个品类", "只看下跌"): anomalies with that direction and
count. A test of the ads asked to be designed is the holdout estimate; what a sum on ads would do over some days is
the plan estimate with that budget and those days, never a draft."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("text", "direction", "top", "scope"),
    [
        ("最近两周降幅最大的4个商品", "drop", 4, "product"),
        ("这个月涨幅前三的品类，只看上涨", "spike", 3, "category"),
        ("过去60天跌幅最狠的6款，只看下跌的", "drop", 6, "product"),
    ],
)
def test_falls_ranked_by_size_are_anomalies(text: str, direction: str, top: int, scope: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "detect_sales_anomalies"
    assert (args["direction"], args.get("top"), args["scope"]) == (direction, top, scope)


@pytest.mark.parametrize(
    "text",
    [
        "not sure the live ads pull their weight, could you plan a trial for us",
        "set up an experiment on the search ads please",
    ],
)
def test_a_test_of_the_ads_is_the_holdout_estimate(text: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "estimate_promotion_effect" and args["mode"] == "holdout"


def test_what_a_sum_on_ads_would_do_is_the_plan_estimate() -> None:
    tool, args = first_call(
        "m_outdoor", "so what would twelve thousand on advertising do for december third to december ninth"
    )
    assert tool == "estimate_promotion_effect"
    assert args == {"mode": "plan", "budget": 12000, "when": "2026-12-03..2026-12-09"}
