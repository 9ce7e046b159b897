"""Drafts with the budget said as a cap or a range (its upper end: the most the merchant allows) and a plan said only
by its end day ("到12月10号结束", "until Dec 10": from tomorrow); edits that decline a channel in chat words ("no need
live"), that set the audience and name the draft after an audience search, and a channel dropped that the plan lacks."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.campaigns.edits import edited_request
from copilot.campaigns.request import CampaignRequest
from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("merchant", "text", "expected"),
    [
        ("m_outdoor", "帐篷清仓，预算3到5万，12月3号到12号", {"budget": 50000, "start": "2026-12-03"}),
        ("m_outdoor", "帐篷清仓 预算2万到3万 12月3号到12号", {"budget": 30000}),
        ("m_outdoor", "clearance for the tents, budget between 10k and 15k, dec 3 to dec 9", {"budget": 15000}),
        ("m_pet", "猫砂清仓，5000封顶，到12月15号结束", {"budget": 5000, "end": "2026-12-15"}),
        ("m_pet", "猫砂做个双12活动，上限8000", {"budget": 8000, "event": "double12"}),
        ("m_pet", "cat litter double 12 event, cap 4k", {"budget": 4000, "event": "double12"}),
        (
            "m_outdoor",
            "Double 12 event for the lanterns, 9k tops, Dec 4 through Dec 12",
            {"budget": 9000, "start": "2026-12-04", "end": "2026-12-12"},
        ),
        ("m_outdoor", "lantern clearance, 6000 max, run it until dec 10", {"budget": 6000, "end": "2026-12-10"}),
    ],
)
def test_a_capped_or_ranged_budget_drafts(merchant: str, text: str, expected: dict[str, Any]) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "draft_campaign"
    assert {k: args.get(k) for k in expected} == expected


def test_a_change_of_budget_from_one_amount_to_another_is_no_range() -> None:
    tool, args = first_call("m_outdoor", "冲锋衣预算两万，12月5号到12号", "预算从2万改到1万")
    assert tool == "draft_campaign"
    assert args.get("budget") == 10000


@pytest.mark.parametrize(
    "text", ["don't need live, just search and recommend", "no need for live, only search and recommend"]
)
def test_a_channel_not_needed_is_dropped(text: str) -> None:
    tool, args = first_call("m_outdoor", "tent campaign, budget 8000, dec 3 to dec 9", text)
    assert tool == "draft_campaign"
    assert args.get("edit") and args.get("channels") == ["search", "recommend"]


def test_an_audience_set_after_a_search_edits_the_draft_it_names() -> None:
    tool, args = first_call(
        "m_pet", "猫砂盆推广，预算一万，12月3号到12号", "先帮我找找该投给谁", "人群就用多猫家庭吧，改到方案里"
    )
    assert tool == "draft_campaign"
    assert args.get("edit") and args.get("segments") == ["多猫家庭"]


def test_dropping_a_channel_the_plan_lacks_leaves_it_as_it_is() -> None:
    stored = CampaignRequest.from_json(
        {"objective": "clearance", "budget": "5000", "channels": ["search", "recommend"]}
    )
    updated, said = edited_request(stored, {}, ("live",))
    assert said == [] and updated.channels == ("search", "recommend")
