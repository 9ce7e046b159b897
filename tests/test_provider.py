"""The provider path through the graph, against a scripted OpenAI-compatible server on loopback.

The copilot runs with `COPILOT_MODEL=openai:test-model` pointed at `tests/llm_server.py`, so the real
langchain-openai client, its HTTP retries and timeouts, and the real wire format (JSON and SSE) are exercised.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from langchain.tools import ToolRuntime, tool
from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.tools import BaseTool
from langgraph.checkpoint.sqlite import SqliteSaver

from copilot.config import Settings
from copilot.context import Context
from copilot.graph import MODEL_FAILED_TEXT, make_builder
from copilot.models import load_chat_model
from copilot.service import Copilot, TurnEvent, collect, thread_key
from copilot.store import Store
from copilot.toolset import Toolset
from tests.llm_server import (
    Reply,
    ScriptedLLMServer,
    error,
    raw_tool_call,
    stall,
    text,
    text_pieces,
    tool_calls,
)

MERCHANT = "m_outdoor"
TIMEOUT_S = 0.5
MAX_RETRIES = 2
# The openai client's first two backoff sleeps are 0.5 s and 1 s, each less up to 25% jitter.
MIN_BACKOFF_S = (0.5 * 0.75, 1.0 * 0.75)


def system_text(ctx: Context) -> str:
    return f"You are the copilot of merchant {ctx.merchant_id}. Use tools for every number."


@dataclass
class Harness:
    copilot: Copilot
    server: ScriptedLLMServer
    runs: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def invoke(self, thread: str, question: str) -> list[Any]:
        """One turn through `graph.invoke` (no streaming handler: the model is called without `stream`)."""
        config = {"configurable": {"thread_id": thread_key(MERCHANT, thread)}}
        state = self.copilot.graph.invoke(
            {"messages": [HumanMessage(question)]}, config, context=self.copilot.context(MERCHANT)
        )
        return list(state["messages"])


def make_tools(runs: list[tuple[str, str, dict[str, Any]]]) -> list[BaseTool]:
    """Two tools that record the merchant id they received by injection."""

    @tool
    def sales_total(days: int, runtime: ToolRuntime[Context]) -> str:
        """Total paid sales of the store over the last `days` days."""
        runs.append((runtime.context.merchant_id, "sales_total", {"days": days}))
        return f"sales over {days} days: 1400.00 CNY"

    @tool
    def top_products(limit: int, runtime: ToolRuntime[Context]) -> str:
        """The store's best-selling products by revenue, at most `limit`."""
        runs.append((runtime.context.merchant_id, "top_products", {"limit": limit}))
        return "1. Trail tent 2. Down jacket 3. Headlamp"[: 20 * limit]

    return [sales_total, top_products]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedLLMServer]:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with ScriptedLLMServer() as llm:
        yield llm
    assert llm.unexpected == [], "the client sent more requests than were scripted"


@pytest.fixture
def harness(server: ScriptedLLMServer, empty_store: Store, tmp_path: Path) -> Iterator[Harness]:
    settings = Settings(
        data_dir=tmp_path / "data",
        model="openai:test-model",
        base_url=server.base_url,
        api_key="test",
        model_timeout_s=TIMEOUT_S,
        model_max_retries=MAX_RETRIES,
    )
    runs: list[tuple[str, str, dict[str, Any]]] = []
    conn = sqlite3.connect(tmp_path / "checkpoints.db", check_same_thread=False)
    saver = SqliteSaver(conn)
    graph = make_builder(Toolset(make_tools(runs)), load_chat_model, system_text).compile(checkpointer=saver)
    copilot = Copilot(settings=settings, store=empty_store, checkpointer=saver, graph=graph)
    yield Harness(copilot=copilot, server=server, runs=runs)
    conn.close()


def gaps(server: ScriptedLLMServer) -> list[float]:
    times = [r.at for r in server.requests]
    return [b - a for a, b in itertools.pairwise(times)]


def roles(body: dict[str, Any]) -> list[str]:
    return [m["role"] for m in body["messages"]]


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


def test_5xx_is_retried_with_backoff_and_the_turn_succeeds(harness: Harness):
    harness.server.script(error(503), error(500), text("Recovered."))
    result = harness.copilot.ask(MERCHANT, "t1", "hi")
    assert result.answer == "Recovered."
    assert len(harness.server.requests) == MAX_RETRIES + 1
    first_gap, second_gap = gaps(harness.server)
    assert first_gap >= MIN_BACKOFF_S[0] and second_gap >= MIN_BACKOFF_S[1]


def test_timeout_is_retried_and_the_turn_succeeds(harness: Harness):
    harness.server.script(stall(5 * TIMEOUT_S), text("Recovered."))
    result = harness.copilot.ask(MERCHANT, "t1", "hi")
    assert result.answer == "Recovered."
    assert len(harness.server.requests) == 2
    assert gaps(harness.server)[0] >= TIMEOUT_S + MIN_BACKOFF_S[0]


@pytest.mark.parametrize("failure", [error(503), stall(5 * TIMEOUT_S)], ids=["5xx-every-time", "timeout-every-time"])
def test_failure_on_every_retry_ends_cleanly_and_the_thread_stays_usable(harness: Harness, failure: Reply):
    harness.server.script(*[failure] * (MAX_RETRIES + 1))
    result = harness.copilot.ask(MERCHANT, "t1", "How were sales?")
    assert result.answer == MODEL_FAILED_TEXT["en"]
    assert len(harness.server.requests) == MAX_RETRIES + 1
    harness.server.script(text("Back online."))
    assert harness.copilot.ask(MERCHANT, "t1", "Try again").answer == "Back online."
    assert roles(harness.server.requests[-1].body) == ["system", "user", "assistant", "user"]


def test_client_error_is_not_retried(harness: Harness):
    harness.server.script(error(401))
    assert harness.copilot.ask(MERCHANT, "t1", "上个月卖得怎么样？").answer == MODEL_FAILED_TEXT["zh"]
    assert len(harness.server.requests) == 1


def test_call_to_unknown_tool_goes_back_to_the_model(harness: Harness):
    harness.server.script(tool_calls(("drop_all_tables", {})), text("I cannot do that."))
    result = harness.copilot.ask(MERCHANT, "t1", "Delete everything")
    assert result.answer == "I cannot do that."
    (reply,) = result.tool_results
    assert reply["error"] and "drop_all_tables" in reply["text"]
    tool_message = harness.server.requests[1].body["messages"][-1]
    assert tool_message["role"] == "tool" and "not a valid tool" in tool_message["content"]
    assert harness.runs == []
    harness.server.script(text("Still here."))
    assert harness.copilot.ask(MERCHANT, "t1", "hello").answer == "Still here."


@pytest.mark.parametrize("streamed", [False, True], ids=["json", "sse"])
def test_malformed_tool_arguments_go_back_to_the_model(harness: Harness, streamed: bool):
    harness.server.script(
        raw_tool_call("sales_total", '{"days": seven}', call_id="call_bad"),
        tool_calls(("sales_total", {"days": 7})),
        text("Sales over 7 days: 1400.00 CNY."),
    )
    if streamed:
        events: list[TurnEvent] = list(harness.copilot.stream(MERCHANT, "t1", "weekly sales?"))
        answer = [e.data["text"] for e in events if e.kind == "answer"]
        assert answer == ["Sales over 7 days: 1400.00 CNY."]
    else:
        assert harness.invoke("t1", "weekly sales?")[-1].content == "Sales over 7 days: 1400.00 CNY."
    assert harness.runs == [(MERCHANT, "sales_total", {"days": 7})]
    retry_request = harness.server.requests[1].body
    assert roles(retry_request) == ["system", "user", "assistant", "tool"]
    assert retry_request["messages"][2]["tool_calls"][0]["function"]["arguments"] == '{"days": seven}'
    feedback = retry_request["messages"][3]
    assert feedback["tool_call_id"] == "call_bad" and "not valid JSON" in feedback["content"]
    harness.server.script(text("Still here."))
    assert harness.copilot.ask(MERCHANT, "t1", "hello").answer == "Still here."
