"""Edits of a draft that move its days as a whole, set both ends at once, or change its budget in mixed words."""

from __future__ import annotations

from typing import Any

import pytest

from tests.offline.planned import draft_turn, first_call

_PLAN = "Make a clearance plan for the cooling mats, budget 8000, 25 to 30 November"
_ARGS: dict[str, Any] = {"objective": "clearance", "product": "pet_cooling_mat", "budget": 8000}
_SAVED = {"start_date": "2026-11-25", "end_date": "2026-11-30", "budget_total": 8000}


def _edit(text: str) -> tuple[str, dict[str, Any]]:
    return first_call("m_pet", text, earlier=draft_turn(_PLAN, _ARGS, _SAVED))


@pytest.mark.parametrize(
    ("said", "start", "end"),
    [
        ("pls bring the whole plan forward by 3 days", "2026-11-22", "2026-11-27"),
        ("please postpone it by one week", "2026-12-02", "2026-12-07"),
        ("日期整体提前1天", "2026-11-24", "2026-11-29"),
        ("let it begin on 2nd December and finish on the 10th", "2026-12-02", "2026-12-10"),
    ],
)
def test_a_plan_moved_as_a_whole_or_given_both_ends_moves_both(said: str, start: str, end: str) -> None:
    tool, args = _edit(said)
    assert tool == "draft_campaign"
    assert (args["start"], args["end"], args["edit"]) == (start, end, True)


def test_a_budget_lowered_in_mixed_words_edits_the_draft_not_an_estimate() -> None:
    tool, args = _edit("预估回报太低，budget 减到 5000 再出一版")
    assert tool == "draft_campaign"
    assert args["budget"] == 5000
    assert args["edit"] is True
