"""Tool-call arguments exactly as a chat model streamed them.

When a reply is streamed, LangChain merges the argument fragments of each tool call and parses them leniently
(`parse_partial_json`), so a cut-off `{"amount": 10` becomes a complete `{"amount": 10}`. `strict_tool_calls`
records the raw fragments while the reply streams and turns every call whose arguments are not one complete JSON
object into an invalid call, which the graph sends back to the model as an error, as it does for unstreamed
replies.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage
from langchain_core.messages.tool import InvalidToolCall, invalid_tool_call
from langchain_core.outputs import ChatGenerationChunk, GenerationChunk
from langchain_core.tracers.context import register_configure_hook


class _RawToolArgs(BaseCallbackHandler):
    """Collects the streamed argument fragments of each tool call, by call id (or index)."""

    def __init__(self) -> None:
        self.fragments: dict[str, list[str]] = {}
        self._ids: dict[int, str] = {}

    def on_llm_new_token(
        self,
        token: str | list[str | dict[str, Any]],
        *,
        chunk: GenerationChunk | ChatGenerationChunk | None = None,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        message = getattr(chunk, "message", None)
        for part in getattr(message, "tool_call_chunks", None) or []:
            index = part.get("index")
            key = part.get("id") or (self._ids.get(index) if index is not None else None) or f"#{index}"
            if index is not None and part.get("id"):
                self._ids[index] = part["id"]
            self.fragments.setdefault(key, []).append(part.get("args") or "")


_collector: ContextVar[_RawToolArgs | None] = ContextVar("copilot_raw_tool_args", default=None)
register_configure_hook(_collector, inheritable=True)


def _complete_object(raw: str) -> bool:
    try:
        return isinstance(json.loads(raw), dict)
    except ValueError:
        return False


@contextmanager
def strict_tool_calls() -> Iterator[Callable[[AIMessage], AIMessage]]:
    """Within the block, the model's reply is streamed or not as usual; the yielded function returns the reply
    with every streamed call whose raw arguments do not parse as a JSON object moved to `invalid_tool_calls`."""
    collector = _RawToolArgs()
    token = _collector.set(collector)

    def check(reply: AIMessage) -> AIMessage:
        if not collector.fragments:
            return reply
        kept, invalid = [], list(reply.invalid_tool_calls)
        for call in reply.tool_calls:
            raw = "".join(collector.fragments.get(call.get("id") or "", []))
            if call.get("id") in collector.fragments and not _complete_object(raw or "{}"):
                invalid.append(_invalid(call, raw))
            else:
                kept.append(call)
        if len(kept) == len(reply.tool_calls):
            return reply
        return reply.model_copy(update={"tool_calls": kept, "invalid_tool_calls": invalid})

    try:
        yield check
    finally:
        _collector.reset(token)


def _invalid(call: Any, raw: str) -> InvalidToolCall:
    return invalid_tool_call(name=call.get("name"), args=raw, id=call.get("id"), error="incomplete JSON arguments")
