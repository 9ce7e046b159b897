"""A draft's end moved later by a number of days or weeks said as more ("延长3天", "add 4 more days"), counted
from the draft's own end, never a new schedule counted from today."""

from __future__ import annotations

import pytest

from tests.offline.planned import draft_turn, first_call

_SAVED = {"campaign_id": "c_9", "budget_total": "9000.00", "start_date": "2026-11-23", "end_date": "2026-12-06"}


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("延长3天", "2026-12-09"),
        ("往后再顺延1周吧", "2026-12-13"),
        ("add 4 more days", "2026-12-10"),
        ("extend it by 2 weeks", "2026-12-20"),
    ],
)
def test_days_added_move_the_drafts_end_later(text: str, end: str) -> None:
    plan = "给睡袋做个推广 预算9千 下周一开始跑两周"
    tool, args = first_call("m_outdoor", text, earlier=draft_turn(plan, {"category": "睡袋"}, _SAVED))
    assert tool == "draft_campaign" and args.get("edit") is True
    assert args.get("end") == end and "start" not in args
