"""The runner checks what the contract says, and a wrong expectation fails with expected and actual."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.report import summarize, to_junit, to_markdown
from evals.runner import run_scenario
from evals.scenario import Scenario

TOP3 = """SELECT p.title FROM order_items oi JOIN orders o ON o.id = oi.order_id
JOIN products p ON p.id = oi.product_id
WHERE o.merchant_id = :merchant AND o.status = 'paid'
AND o.created_at >= '2026-10-01' AND o.created_at < '2026-11-01'
GROUP BY p.id, p.title ORDER BY SUM(oi.amount) DESC LIMIT 3"""


@pytest.fixture
def empty_memory(tmp_path: Path) -> Path:
    folder = tmp_path / "memory"
    folder.mkdir()
    return folder


def _scenario(turns: list[dict], final: dict | None = None) -> Scenario:
    return Scenario.model_validate(
        {"id": "t", "merchant": "m_outdoor", "tags": ["sales"], "turns": turns, "final": final or {}}
    )


def test_passing_scenario(demo_template: Path, empty_memory: Path):
    scenario = _scenario(
        [
            {
                "user": "上个月卖得最好的3个商品是什么？",
                "expect": {
                    "tools": ["query_store_sales"],
                    "forbidden_tools": ["submit_promotion_budget"],
                    "answer_values_from_sql": {"sql": TOP3},
                },
            },
            {"approve": True, "expect": {"answer_contains": ["Nothing to approve"]}},
        ],
        {"db": [{"sql": "SELECT COUNT(*) FROM budget_requests WHERE merchant_id = :merchant", "equals": 0}]},
    )
    result = run_scenario(scenario, demo_db=demo_template, demo_memory=empty_memory, model="offline")
    assert result.passed, result.reason
    assert result.turns[0].tool_calls[0]["name"] == "query_store_sales"
    summary = summarize([result], model="offline", repeat=1)
    assert summary["pass_rate"] == 1.0 and summary["tool_recall"] == 1.0
    assert "1/1 passed" in to_markdown([result], summary)


def test_wrong_expected_value_names_the_check_and_both_values(demo_template: Path, empty_memory: Path):
    scenario = _scenario(
        [{"user": "上个月的GMV是多少？", "expect": {"answer_values_from_sql": {"sql": "SELECT 123456.78"}}}]
    )
    result = run_scenario(scenario, demo_db=demo_template, demo_memory=empty_memory, model="offline")
    assert not result.passed
    assert result.reason.startswith("turn 1: answer_values_from_sql: expected 123457 in the answer; actual")
    assert "¥" in result.reason  # the actual answer is shown
    assert "answer_values_from_sql" in to_junit([result], summarize([result], model="offline", repeat=1))


def test_forbidden_tool_fails_the_turn(demo_template: Path, empty_memory: Path):
    scenario = _scenario([{"user": "最近有什么异常吗", "expect": {"forbidden_tools": ["detect_sales_anomalies"]}}])
    result = run_scenario(scenario, demo_db=demo_template, demo_memory=empty_memory, model="offline")
    assert not result.passed and result.reason.startswith("turn 1: forbidden_tools")


def test_final_db_check_fails_with_the_value(demo_template: Path, empty_memory: Path):
    scenario = _scenario(
        [{"user": "你好"}],
        {"db": [{"sql": "SELECT COUNT(*) FROM merchants WHERE id = :merchant", "at_least": 2}]},
    )
    result = run_scenario(scenario, demo_db=demo_template, demo_memory=empty_memory, model="offline")
    assert not result.passed
    assert result.reason.startswith("final.db at_least") and result.reason.endswith("expected >= 2; actual 1")
