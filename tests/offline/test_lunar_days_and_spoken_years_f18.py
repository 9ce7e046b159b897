"""Days of the Spring Festival counted the lunar way ("去年过年初二到初六", "大年初三", "正月初一至初十") read from the
one calendar's lunar new year of the year said; a year said aloud before its month ("twenty twenty four october") is
that month of that year; creatives asked for an audience after an audience turn are creatives for that audience."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("去年过年初二到初六卖了多少", "2025-01-30..2025-02-03"),
        ("今年大年初三那天的单量", "2026-02-19..2026-02-19"),
        ("2025年春节 也就是 初一至初十的销售额", "2025-01-29..2025-02-07"),
        ("sales for days 2 to 4 of chinese new year", "2026-02-18..2026-02-20"),
    ],
)
def test_lunar_new_year_days_are_the_calendars(text: str, period: str) -> None:
    assert period_read(text) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("orders by channel for twenty twenty four october", "2024-10"),
        ("units in twenty twenty five's march", "2025-03"),
    ],
)
def test_a_year_said_before_its_month_is_that_year(text: str, period: str) -> None:
    assert period_read(text) == period


def test_creatives_for_a_segment_after_an_audience_turn() -> None:
    tool, args = first_call(
        "m_pet", "who would buy the pet camera?", "ad copy for the gadget-fan crowd, 2 versions please"
    )
    assert tool == "generate_creatives"
    assert (args.get("product"), args.get("kind"), args.get("count")) == ("pet_camera", "copy", 2)
