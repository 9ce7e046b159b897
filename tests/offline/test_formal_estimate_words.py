"""A formal request for what a promotion budget would bring (投入推广预算…, 预计/预期可带来…成交额) is an estimate
of the promotion's effect, with its sum said in formal numerals (人民币贰万元) and its days; never a sales figure
of the dates, and 人民币 names no product."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("said", "budget", "when"),
    [
        (
            "拟于2026年12月5日至2026年12月15日投放推广预算人民币伍万元，请估计能带来的销售额。",
            50000.0,
            "2026-12-05..2026-12-15",
        ),
        ("如果下个月投入推广费用2万元，预期可产生多少GMV？", 20000.0, "2026-12-01..2026-12-31"),
    ],
)
def test_what_a_budget_would_bring_is_an_estimate(said: str, budget: float, when: str) -> None:
    tool, args = first_call("m_outdoor", said)
    assert tool == "estimate_promotion_effect", (tool, args)
    assert args.get("budget") == budget and args.get("when") == when, args
