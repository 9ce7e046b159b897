"""Drafts: a named month's part ("the first two weeks of January", "12月上旬") is its coming days; days with the
running said between them ("12月3号开始跑到9号"); edits said in dialect or slang ("直播嫑投了 光投搜索", "stick live on
as well")."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Draft a push for the cat litter over the first two weeks of January, 12k", "2027-01-01", "2027-01-14"),
        ("冲锋衣12月上旬推一波，预算2万", "2026-12-01", "2026-12-10"),
        ("冲锋衣预算1万，12月3号开始跑到9号", "2026-12-03", "2026-12-09"),
    ],
)
def test_the_plans_days(text: str, start: str, end: str) -> None:
    merchant = "m_pet" if "cat" in text else "m_outdoor"
    tool, args = first_call(merchant, text)
    assert tool == "draft_campaign"
    assert (args.get("start"), args.get("end")) == (start, end)


def test_a_channel_declined_in_dialect_keeps_the_others() -> None:
    tool, args = first_call("m_outdoor", "冲锋衣预算两万，12月5号到12号", "推荐嫑投了，光投搜索跟直播")
    assert tool == "draft_campaign"
    assert args.get("edit") and args.get("channels") == ["search", "live"]
