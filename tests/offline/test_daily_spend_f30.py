"""A new plan's amount said per day with a spending verb ("每天花3000", "日均烧2000"): times the schedule's days."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("merchant", "text", "budget"),
    [
        ("m_pet", "猫砂推广 每天花3000 跑一周", 21000),
        ("m_outdoor", "帐篷 日均烧2000 投5天 做个计划", 10000),
        ("m_baby", "每天投放1500 连续8天 帮我排个方案", 12000),
    ],
)
def test_an_amount_spent_per_day_is_multiplied_by_the_days(merchant: str, text: str, budget: int) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "draft_campaign"
    assert args.get("budget") == budget
