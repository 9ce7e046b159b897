"""Results and tool outputs far larger than a conversation needs.

One query of 60 rows × 8 MB took the server from 0.33 to 5.3 GB RSS, its checkpoint file to 2.6 GB and the
response to 168 MB. The runner stops fetching at its byte budget (COPILOT_SQL_RESULT_MAX_BYTES), and what any
tool call leaves in the thread, the checkpoint and what the model reads, is a capped view that says what it cut
(COPILOT_TOOL_OUTPUT_MAX_BYTES). A jailbroken model stands in as the scripted OpenAI-compatible server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain.tools import tool
from langchain_core.messages import ToolMessage

from copilot.service import thread_key
from copilot.store import Store
from copilot.store.sales import SqlBounds, SqlSalesRunner
from copilot.toolset import Toolset, default_toolset
from tests.case_counts import CaseCount
from tests.llm_harness import MERCHANT, Harness, open_harness
from tests.llm_server import text, tool_calls

ROWS = 60
TEXT_BYTES = 65_536
BIG_ROWS = (
    f"WITH RECURSIVE d(s, k) AS (SELECT 'x', 1 UNION ALL SELECT s || s, k * 2 FROM d WHERE k < {TEXT_BYTES}), "
    f"big AS (SELECT s FROM d WHERE k = {TEXT_BYTES}), "
    f"r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < {ROWS}) "
    "SELECT r.n, big.s || r.n AS text FROM r, big ORDER BY r.n"
)
CAP = 16_384
NOTE_MARGIN = 1_024


def _bytes(value: Any) -> int:
    if isinstance(value, str):
        return len(value.encode())
    return len(json.dumps(value, ensure_ascii=False, default=str).encode())


@pytest.fixture
def harness(
    monkeypatch: pytest.MonkeyPatch, shared_demo_store: Store, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Harness]:
    toolset: Toolset = getattr(request, "param", None) or default_toolset()
    with open_harness(monkeypatch, shared_demo_store, tmp_path, toolset=toolset, tool_output_max_bytes=CAP) as made:
        yield made


def _tool_message(messages: list[Any]) -> ToolMessage:
    (found,) = [m for m in messages if isinstance(m, ToolMessage)]
    return found


def test_a_result_of_60_big_rows_is_cut_at_the_byte_budget(shared_demo_store: Store, case_count: CaseCount) -> None:
    budget = 256 * 1024
    runner = SqlSalesRunner(shared_demo_store.engine, bounds=SqlBounds(result_max_bytes=budget))
    try:
        result = runner.run(BIG_ROWS, MERCHANT)
    finally:
        runner.close()
    case_count("oversized result")
    assert result.bytes_capped and result.truncated
    assert 0 < len(result.rows) < ROWS
    assert [row[0] for row in result.rows] == list(range(1, len(result.rows) + 1))
    assert sum(len(row[1]) + 8 for row in result.rows) <= budget


def test_the_thread_keeps_only_a_capped_view_of_a_huge_sales_result(
    harness: Harness, tmp_path: Path, case_count: CaseCount
) -> None:
    harness.server.script(tool_calls(("query_store_sales", {"sql": BIG_ROWS})), text("Here are the texts."))
    harness.invoke("big", "Show me every text.")
    case_count("oversized result")
    state = harness.copilot.graph.get_state({"configurable": {"thread_id": thread_key(MERCHANT, "big")}})
    kept = _tool_message(list(state.values["messages"]))
    assert kept.status != "error", kept.content
    assert _bytes(kept.content) + _bytes(kept.artifact) <= CAP + NOTE_MARGIN
    assert "Truncated at the result size limit of 1,048,576 bytes" in str(kept.content)
    assert f"[Output capped at {CAP:,} bytes for the conversation" in str(kept.content)
    assert "values cut at" in str(kept.content)
    assert kept.artifact["capped"] and kept.artifact["summary"]["bytes_capped"] is True
    assert all(len(str(cell)) <= 1_001 for row in kept.artifact["rows"] for cell in row)
    sent = harness.server.requests[1].body["messages"][-1]
    assert sent["role"] == "tool" and _bytes(sent["content"]) <= CAP
    assert (tmp_path / "checkpoints.db").stat().st_size < 20 * CAP


@tool("export_everything", response_format="content_and_artifact")
def export_everything() -> tuple[str, dict[str, Any]]:
    """Everything the store has, in one go."""
    items = [{"id": i, "note": "n" * 300} for i in range(20_000)]
    return "Exported 20000 items:\n" + "\n".join(f"{i}: {'n' * 300}" for i in range(20_000)), {"items": items}


@pytest.mark.parametrize("harness", [Toolset([export_everything])], indirect=True, ids=["any tool"])
def test_any_tools_huge_output_is_capped_in_the_thread(harness: Harness, case_count: CaseCount) -> None:
    harness.server.script(tool_calls(("export_everything", {})), text("Exported."))
    messages = harness.invoke("export", "Export everything.")
    case_count("oversized result")
    kept = _tool_message(messages)
    assert _bytes(kept.content) + _bytes(kept.artifact) <= CAP + NOTE_MARGIN
    note = str(kept.content).rsplit("\n", 1)[-1]
    assert note.startswith(f"[Output capped at {CAP:,} bytes for the conversation: text cut at ")
    assert "showing " in note and " of 20000 items of items" in note
    assert 0 < len(kept.artifact["items"]) < 20_000
