"""The offline model routes forecast-accuracy questions to estimate_promotion_effect's track record, and keeps
the other promotion questions where they were."""

from __future__ import annotations

import pytest

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import parse
from tests.offline.test_nlu import demo_catalogs


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("上次双11的预测准吗？", {"mode": "track_record", "when": "double11"}),
        ("How accurate was the forecast for last Double 11?", {"mode": "track_record", "when": "double11"}),
        ("我们的推广预测准不准？", {"mode": "track_record"}),
        ("Show me the forecast track record", {"mode": "track_record"}),
        ("618的预测和实际差多少？", {"mode": "track_record", "when": "618"}),
        ("双11的推广带动自然流量了吗？", {"mode": "past", "when": "double11"}),
        ("双12投2万推广预算能带来多少GMV？", {"mode": "plan", "budget": 20000, "when": "double12"}),
    ],
)
def test_promotion_questions_route_with_their_mode(text: str, slots: dict[str, object]) -> None:
    got = parse(text, catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY)
    assert (got.intent, got.slots) == ("promotion", slots)


def test_a_holdout_result_question_reads_out_the_last_four_weeks() -> None:
    got = parse("对照测试结果怎么样？", catalog=demo_catalogs()["m_outdoor"], today=DEMO_TODAY)
    assert (got.intent, got.slots) == ("promotion", {"mode": "holdout", "when": "2026-10-23..2026-11-19"})
