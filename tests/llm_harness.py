"""A copilot on the provider path (`openai:test-model`) pointed at the scripted server of tests/llm_server.py.

Shared by the provider tests (tests/test_provider.py) and the LLM-endpoint fault tests (tests/faults/): the
real langchain-openai client, its HTTP retries and timeouts, and the real wire format (JSON and SSE).
Test modules get the `server` and `harness` fixtures by importing them into their conftest or module.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from langchain.tools import ToolRuntime, tool
from langchain_core.messages import HumanMessage
from langchain_core.tools import BaseTool
from langgraph.checkpoint.sqlite import SqliteSaver

from copilot.config import Settings
from copilot.context import Context
from copilot.graph import make_builder
from copilot.models import load_chat_model
from copilot.service import Copilot, thread_key
from copilot.store import Store
from copilot.toolset import Toolset
from tests.llm_server import ScriptedLLMServer

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


@contextmanager
def open_harness(
    monkeypatch: pytest.MonkeyPatch, store: Store, tmp_path: Path, *, toolset: Toolset | None = None, **settings: Any
) -> Iterator[Harness]:
    """A scripted server on loopback and a copilot on it (no proxy, no OpenAI variables from the environment);
    on exit, checks that the client sent no request beyond the script. `toolset` replaces the two recording
    tools (e.g. `default_toolset()`); `settings` are more Settings fields."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with ScriptedLLMServer() as server:
        settings = Settings(
            data_dir=tmp_path / "data",
            model="openai:test-model",
            base_url=server.base_url,
            api_key="test",
            model_timeout_s=TIMEOUT_S,
            model_max_retries=MAX_RETRIES,
            **settings,
        )
        runs: list[tuple[str, str, dict[str, Any]]] = []
        conn = sqlite3.connect(tmp_path / "checkpoints.db", check_same_thread=False)
        try:
            saver = SqliteSaver(conn)
            tools = toolset or Toolset(make_tools(runs))
            graph = make_builder(tools, load_chat_model, system_text).compile(checkpointer=saver)
            copilot = Copilot(settings=settings, store=store, checkpointer=saver, graph=graph)
            yield Harness(copilot=copilot, server=server, runs=runs)
        finally:
            conn.close()
    assert server.unexpected == [], "the client sent more requests than were scripted"


def gaps(server: ScriptedLLMServer) -> list[float]:
    times = [r.at for r in server.requests]
    return [b - a for a, b in itertools.pairwise(times)]


def roles(body: dict[str, Any]) -> list[str]:
    return [m["role"] for m in body["messages"]]


def faults_served(server: ScriptedLLMServer) -> Counter[str]:
    """The failures the server actually sent, by kind: 5xx, 4xx, a stall past the client's timeout, a tool
    call whose arguments are not JSON, a call to a tool the request did not offer."""
    served: Counter[str] = Counter()
    for request in server.requests:
        reply = request.reply
        if reply is None:
            continue
        if reply.status >= 500:
            served["LLM 5xx"] += 1
        elif reply.status >= 400:
            served["LLM 4xx"] += 1
        elif reply.stall_s > TIMEOUT_S:
            served["LLM timeout"] += 1
        for call in reply.tool_calls:
            if call.name not in request.tool_names:
                served["LLM unknown tool"] += 1
            elif not _is_json(call.arguments):
                served["LLM malformed tool call"] += 1
    return served


def _is_json(value: str) -> bool:
    try:
        json.loads(value)
    except json.JSONDecodeError:
        return False
    return True
