"""Asks written as a numbered list ("1. … 2. …", "1) … 2) …", "①…②…", "一、…二、…") are each answered on their own
(issue 18: only the first was answered); a preamble naming a period or a target is said again before each ask;
numbers that are no list marks (1.5万, "1、2月") leave the message one request."""

from __future__ import annotations

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.questions import questions
from tests.offline.test_nlu import demo_catalogs


def _asked(text: str) -> list[dict[str, object]]:
    found = questions(text, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY, history=[])
    return [q.parse.slots for q in found]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "1. 这周的成交额 2. 睡袋的订单数",
            [{"metric": "gmv", "period": "this_week"}, {"metric": "paid_orders", "category": "睡袋"}],
        ),
        (
            "quick ones: 1) orders yesterday 2) conversion rate last week 3) AOV by channel this month",
            [
                {"metric": "paid_orders", "period": "yesterday"},
                {"metric": "conversion", "period": "last_week"},
                {"metric": "aov", "by": "channel", "period": "this_month"},
            ],
        ),
        (
            "①上个月的销售额②帐篷的退款率",
            [{"metric": "gmv", "period": "last_month"}, {"metric": "refund_rate", "category": "帐篷"}],
        ),
        (
            "十月份帮我看看：一、客单价 二、件数",
            [{"metric": "aov", "period": "2026-10"}, {"metric": "units", "period": "2026-10"}],
        ),
    ],
)
def test_each_numbered_ask_is_answered_on_its_own(said: str, expected: list[dict[str, object]]) -> None:
    asked = _asked(said)
    assert len(asked) == len(expected), asked
    for slots, want in zip(asked, expected, strict=True):
        assert {key: slots.get(key) for key in want} == want, slots
    assert "category" not in asked[-1] or "category" in expected[-1]


@pytest.mark.parametrize("said", ["预算1.5万，投2.5周", "1、2月的销售额", "1. 上周的销售额"])
def test_numbers_that_mark_no_list_leave_one_request(said: str) -> None:
    assert _asked(said) == []
