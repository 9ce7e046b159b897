"""What a thread waiting for an approval answers to a new message: a reminder of what waits and how to decide, after
the answer to a read-only question when one could be given.

While an approval waits, the thread's graph stays paused on it: a new message never runs there (it would start a new
run past the interrupt). A question is instead run once on the read-only graph (copilot.graph.read_only_builder),
with no thread of its own and only the thread's words as context; its answer is kept only when it called read-only
tools and nothing else (`read_only_answer`), so a text-only reply ("I approved it") is never shown. Nothing of it is
written to the thread: the pending approval and the thread's messages stay exactly as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage

from copilot.prompts import prompt_file
from copilot.toolset import read_only_tool_names
from copilot.yaml_data import load_yaml
from tools.spending import ApprovalRequest


class _Event(Protocol):
    """What this module reads of a turn's event (copilot.service.TurnEvent)."""

    @property
    def kind(self) -> str: ...

    @property
    def data(self) -> dict[str, Any]: ...


@cache
def _notices() -> dict[str, dict[str, Any]]:
    return load_yaml(prompt_file("notices.yaml").read_text(encoding="utf-8"))


def pending_reminder(pending: ApprovalRequest, lang: str, *, answered: bool = False) -> str:
    """The reminder in the message's language (after an answer when `answered`); it never decides anything."""
    notices = _notices()
    key = "pending_after_answer" if answered else "pending_reminder"
    return str(notices.get(lang, notices["en"])[key]).format(summary=pending.summary)


def aside_context(messages: Sequence[AnyMessage]) -> list[AnyMessage]:
    """The thread's words as the read-only run sees them: the merchant's messages and the final answers, without
    tool calls or results (the paused spending call has no result, and no model may see it half done)."""
    kept: list[AnyMessage] = []
    for message in messages:
        if isinstance(message, HumanMessage):
            kept.append(HumanMessage(message.content))
        elif isinstance(message, AIMessage) and not message.tool_calls and message.content:
            kept.append(AIMessage(message.content))
    return kept


def read_only_answer(events: Sequence[_Event]) -> str | None:
    """The answer of a read-only run, or None when it may not be shown: it called no tool (a reply in words only),
    a tool outside the read-only ones, or requested an approval."""
    calls = [event.data.get("name") for event in events if event.kind == "tool_start"]
    read_only = read_only_tool_names()
    if not calls or any(name not in read_only for name in calls):
        return None
    if any(event.kind == "approval" for event in events):
        return None
    answers = [str(event.data.get("text") or "") for event in events if event.kind == "answer"]
    return answers[-1] if answers and answers[-1].strip() else None
