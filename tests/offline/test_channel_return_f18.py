"""A return asked of a paid channel over days gone ("直播上周的投产比", "ROI on search in october"): the ad platform's
report of that channel, never the store-wide promotion estimate that reads no channel; with a budget it is still an
estimate."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, sales_args


@pytest.mark.parametrize(
    ("text", "channel"),
    [("直播上周的投产比怎么样", "live"), ("ROI on search in october", "search")],
)
def test_a_channels_return_is_read_from_its_report(text: str, channel: str) -> None:
    sql = sales_args("m_outdoor", text)["sql"]
    assert "FROM ad_daily" in sql and f"a.channel IN ('{channel}')" in sql


def test_a_return_with_a_budget_is_still_an_estimate() -> None:
    tool, args = first_call("m_outdoor", "砸3万在搜索上投产比能到多少")
    assert tool == "estimate_promotion_effect" and args["mode"] == "plan"
