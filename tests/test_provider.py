"""The provider path through the graph, against a scripted OpenAI-compatible server on loopback.

The copilot runs with `COPILOT_MODEL=openai:test-model` pointed at `tests/llm_server.py`, so the real
langchain-openai client and the real wire format (JSON and SSE) are exercised. The endpoint's failures (5xx,
timeouts, malformed tool calls, unknown tools) are in tests/faults/test_llm_endpoint.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage

from copilot.service import collect
from copilot.store import Store
from tests.llm_harness import MERCHANT, Harness, open_harness, roles, system_text
from tests.llm_server import text, text_pieces, tool_calls


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch, empty_store: Store, tmp_path: Path) -> Iterator[Harness]:
    with open_harness(monkeypatch, empty_store, tmp_path) as scripted:
        yield scripted


def test_tool_call_then_answer_without_streaming(harness: Harness):
    harness.server.script(tool_calls(("sales_total", {"days": 7})), text("Sales over 7 days: 1400.00 CNY."))
    messages = harness.invoke("t1", "How much did we sell this week?")
    assert harness.runs == [(MERCHANT, "sales_total", {"days": 7})]
    assert messages[-1].content == "Sales over 7 days: 1400.00 CNY."
    first, second = harness.server.requests
    assert not first.streamed and not second.streamed
    assert roles(second.body) == ["system", "user", "assistant", "tool"]
    assistant, tool_reply = second.body["messages"][2:]
    assert assistant["tool_calls"][0]["id"] == "call_0_sales_total"
    assert json.loads(assistant["tool_calls"][0]["function"]["arguments"]) == {"days": 7}
    assert tool_reply == {
        "role": "tool",
        "tool_call_id": "call_0_sales_total",
        "content": "sales over 7 days: 1400.00 CNY",
    }


def test_streamed_turn_yields_tokens_in_order_and_assembles_tool_calls(harness: Harness):
    answer = "Sales over 30 days were 1400.00 CNY; the trail tent sold best."
    harness.server.script(
        tool_calls(("sales_total", {"days": 30}), ("top_products", {"limit": 3}), text="Let me check."),
        text(answer),
    )
    events = list(harness.copilot.stream(MERCHANT, "t1", "How did the last 30 days go?"))
    tokens = [e.data["text"] for e in events if e.kind == "token"]
    assert tokens == [*text_pieces("Let me check."), *text_pieces(answer)]
    starts = [e.data for e in events if e.kind == "tool_start"]
    assert starts == [
        {"name": "sales_total", "args": {"days": 30}, "id": "call_0_sales_total"},
        {"name": "top_products", "args": {"limit": 3}, "id": "call_1_top_products"},
    ]
    assert harness.runs == [(MERCHANT, "sales_total", {"days": 30}), (MERCHANT, "top_products", {"limit": 3})]
    assert [e.data["text"] for e in events if e.kind == "answer"] == [answer]
    assert [e.kind for e in events].index("tool_end") < [e.kind for e in events].index("answer")
    requests = harness.server.requests
    assert all(r.streamed and r.body["stream_options"] == {"include_usage": True} for r in requests)
    usage = [e.data for e in events if e.kind == "usage"]
    assert [u["input_tokens"] for u in usage] == [r.usage["prompt_tokens"] for r in requests if r.usage]
    assert collect(iter(events)).tokens == sum(r.usage["total_tokens"] for r in requests if r.usage)


def test_usage_tokens_are_on_the_ai_message(harness: Harness):
    harness.server.script(text("Hello."))
    messages = harness.invoke("t1", "hi")
    reply = messages[-1]
    assert isinstance(reply, AIMessage) and reply.usage_metadata is not None
    (request,) = harness.server.requests
    assert request.usage is not None
    assert reply.usage_metadata["input_tokens"] == request.usage["prompt_tokens"]
    assert reply.usage_metadata["output_tokens"] == request.usage["completion_tokens"]
    assert reply.usage_metadata["total_tokens"] == request.usage["total_tokens"]


def test_system_prompt_and_tool_schemas_are_sent_without_merchant_id(harness: Harness):
    harness.server.script(text("Hello."))
    harness.copilot.ask(MERCHANT, "t1", "hi")
    (request,) = harness.server.requests
    assert request.body["model"] == "test-model"
    assert request.body["messages"][0] == {"role": "system", "content": system_text(harness.copilot.context(MERCHANT))}
    assert request.body["messages"][1] == {"role": "user", "content": "hi"}
    tools = {t["function"]["name"]: t["function"] for t in request.body["tools"]}
    assert set(tools) == {"sales_total", "top_products"}
    assert tools["sales_total"]["description"].startswith("Total paid sales")
    assert tools["sales_total"]["parameters"]["properties"] == {"days": {"type": "integer"}}
    assert tools["top_products"]["parameters"]["required"] == ["limit"]
    schemas = json.dumps(request.body["tools"]).lower()
    assert MERCHANT not in schemas and "merchant" not in schemas and "runtime" not in schemas
