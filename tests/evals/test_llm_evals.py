"""The same scenario runner drives a real LLM provider path (a scripted OpenAI-compatible server on loopback)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evals.report import summarize
from evals.runner import run_scenario
from evals.scenario import Scenario
from tests.llm_server import ScriptedLLMServer, text, tool_calls


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedLLMServer]:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with ScriptedLLMServer() as server:
        monkeypatch.setenv("COPILOT_BASE_URL", server.base_url)
        monkeypatch.setenv("COPILOT_API_KEY", "test")
        yield server


def test_scenario_runs_against_an_llm_and_counts_tokens(llm: ScriptedLLMServer, demo_template: Path, tmp_path: Path):
    llm.script(
        tool_calls(("query_store_sales", {"metric": "paid_orders", "period": "last_month"})),
        text("上个月的支付订单数见上面的查询结果。"),
    )
    memory = tmp_path / "memory"
    memory.mkdir()
    scenario = Scenario.model_validate(
        {
            "id": "llm-path",
            "merchant": "m_pet",
            "tags": ["llm"],
            "turns": [{"user": "上个月有多少支付订单？", "expect": {"tools": ["query_store_sales"]}}],
        }
    )
    result = run_scenario(scenario, demo_db=demo_template, demo_memory=memory, model="openai:test-model")
    assert result.passed, result.reason
    assert result.turns[0].tool_calls == [
        {"name": "query_store_sales", "args": {"metric": "paid_orders", "period": "last_month"}}
    ]
    assert result.turns[0].tokens > 0
    assert summarize([result], model="openai:test-model", repeat=1)["tokens_per_turn"] > 0
    first = llm.requests[0].body
    assert {tool["function"]["name"] for tool in first["tools"]} >= {"query_store_sales", "submit_promotion_budget"}
    tool_result = llm.requests[1].body["messages"][-1]
    assert tool_result["role"] == "tool" and "paid orders" in tool_result["content"]
