"""The copilot as every face uses it: ask in a thread, stream the turn, decide a pending approval.

Threads are keyed by merchant (`<merchant>:<thread>`), so a merchant can only ever reach its own threads; the
merchant id comes from the authenticated caller, never from the conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from langchain_core.messages import AIMessage, AIMessageChunk, AnyMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, Durability, StreamMode

from copilot import startup
from copilot.blas import one_blas_thread
from copilot.clock import Clock, SystemClock
from copilot.config import Settings
from copilot.context import Context
from copilot.graph import FAULT_TRANSIENT
from copilot.i18n import language_of
from copilot.pending import aside_context, pending_reminder, read_only_answer
from copilot.store import Store
from copilot.store.anchor import clock_for, merchant_clock
from copilot.store.faults import ReportedFault
from copilot.store.text import storable
from tools.spending import ApprovalRequest

if TYPE_CHECKING:
    from copilot.memory import MemoryStore

log = logging.getLogger(__name__)

EventKind = Literal["token", "tool_start", "tool_end", "approval", "answer", "usage"]


class NoPendingApproval(LookupError):
    """The thread has no pending approval with that id (unknown thread, finished, or already decided)."""


@dataclass
class TurnEvent:
    kind: EventKind
    data: dict[str, Any]


@dataclass
class TurnResult:
    answer: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    tool_results: list[dict[str, Any]] = field(default_factory=list)
    approval: ApprovalRequest | None = None
    tokens: int = 0

    @property
    def tools_called(self) -> list[str]:
        return [call["name"] for call in self.tool_calls]


def thread_key(merchant_id: str, thread_id: str) -> str:
    return f"{merchant_id}:{thread_id}"


class Copilot:
    def __init__(
        self,
        *,
        settings: Settings,
        store: Store,
        checkpointer: BaseCheckpointSaver,
        memory: MemoryStore | None = None,
        clock: Clock | None = None,
        graph: CompiledStateGraph[Any, Context, Any, Any] | None = None,
        aside_graph: CompiledStateGraph[Any, Context, Any, Any] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.memory = memory
        self.clock = clock or SystemClock()
        self.aside_graph = aside_graph
        if graph is None:
            from copilot.graph import builder, read_only_builder

            graph = builder.compile(checkpointer=checkpointer, name="Merchant Copilot")
            if aside_graph is None:  # a graph given without its read-only twin answers only with the reminder
                self.aside_graph = read_only_builder().compile(name="Merchant Copilot (read-only)")
        self.graph = graph

    def context(
        self, merchant_id: str, actor: str = "merchant", thread_id: str | None = None, lang: str | None = None
    ) -> Context:
        return Context(
            merchant_id=merchant_id,
            store=self.store,
            settings=self.settings,
            memory=self.memory,
            clock=merchant_clock(self.clock, merchant_id),
            actor=actor,
            thread=thread_key(merchant_id, thread_id) if thread_id is not None else None,
            lang=lang,
        )

    def _config(self, merchant_id: str, thread_id: str) -> RunnableConfig:
        return {
            "configurable": {"thread_id": thread_key(merchant_id, thread_id)},
            "recursion_limit": self.settings.step_limit * 2 + 4,
        }

    def stream(
        self, merchant_id: str, thread_id: str, text: str, *, actor: str = "merchant", tokens: bool = True
    ) -> Iterator[TurnEvent]:
        """One chat turn: the events of its run, tokens included unless `tokens` is False.

        While the thread waits for an approval the message is not run in the thread: the turn hands the pending
        request back with a reminder of how to decide, after the answer of a read-only run when it gave one
        (copilot.pending), and nothing is written or decided (a typed "I approved it" approves nothing). Otherwise
        the turn runs as the returned iterator is consumed.
        """
        lang = language_of(text)
        pending = self.pending_approval(merchant_id, thread_id)
        if pending is not None:
            return iter(self._while_pending(pending, merchant_id, thread_id, text, actor, lang))
        return self._run({"messages": [HumanMessage(text)]}, merchant_id, thread_id, actor, tokens=tokens, lang=lang)

    def _while_pending(
        self, pending: ApprovalRequest, merchant_id: str, thread_id: str, text: str, actor: str, lang: str
    ) -> list[TurnEvent]:
        """A message while an approval waits: the pending request, the answer of the read-only run when it may be
        shown (copilot.pending), and the reminder. The thread itself is not touched."""
        events: list[TurnEvent] = [TurnEvent("approval", pending.to_dict())]
        aside: list[TurnEvent] = []
        if self.aside_graph is not None:
            seed = aside_context(self.messages(merchant_id, thread_id))
            payload = {"messages": [*seed, HumanMessage(text)]}
            config: RunnableConfig = {"recursion_limit": self.settings.step_limit * 2 + 4}
            try:
                run = self._run(
                    payload,
                    merchant_id,
                    thread_id,
                    actor,
                    tokens=False,
                    lang=lang,
                    graph=self.aside_graph,
                    config=config,
                )
                aside = list(run)
            except Exception:  # the reminder alone, as before: the question is never worth the pending approval
                log.exception("read-only answer while pending failed for merchant %s", merchant_id)
                aside = []
        answer = read_only_answer(aside)
        if answer is None:
            return [*events, TurnEvent("answer", {"text": pending_reminder(pending, lang)})]
        shown = [event for event in aside if event.kind in ("tool_start", "tool_end", "usage")]
        reminder = pending_reminder(pending, lang, answered=True)
        return [*events, *shown, TurnEvent("answer", {"text": f"{answer}\n\n{reminder}"})]

    def ask(self, merchant_id: str, thread_id: str, text: str, *, actor: str = "merchant") -> TurnResult:
        """One chat turn, collected (no token events: the answer arrives whole)."""
        return collect(self.stream(merchant_id, thread_id, text, actor=actor, tokens=False))

    def pending_approval(self, merchant_id: str, thread_id: str) -> ApprovalRequest | None:
        state = self.graph.get_state(self._config(merchant_id, thread_id))
        for task in state.tasks:
            for pending in task.interrupts:
                value = pending.value
                if isinstance(value, dict) and value.get("type") == "approval":
                    data = {k: v for k, v in value.items() if k != "type"}
                    return ApprovalRequest.from_dict(data)
        return None

    def decide(
        self,
        merchant_id: str,
        thread_id: str,
        approval_id: str,
        *,
        approved: bool,
        decided_by: str,
        reason: str | None = None,
    ) -> Iterator[TurnEvent]:
        """Resume a thread with a human decision; refuses unless that exact approval is pending there."""
        pending = self.pending_approval(merchant_id, thread_id)
        if pending is None or pending.approval_id != approval_id:
            raise NoPendingApproval(f"no pending approval {approval_id!r} in this thread")
        resume: dict[str, str | bool | None] = {
            "approval_id": approval_id,
            "approved": approved,
            "decided_by": storable(decided_by) or "unknown",  # whatever the face, the store can hold it
            "reason": storable(reason) if reason is not None else None,
        }
        yield from self._run(Command(resume=resume), merchant_id, thread_id, str(resume["decided_by"]))
        fault = self.graph.get_state(self._config(merchant_id, thread_id)).values.get("decision_fault")
        if fault == FAULT_TRANSIENT:
            raise DecisionNotRecorded(
                "the store was busy and this decision did not finish; the approval is asked again "
                "(a budget already sent to the ad platform is never spent twice)"
            )
        if fault is not None:
            raise DecisionFailed("the decision could not be carried out; the approval is still pending")

    def messages(self, merchant_id: str, thread_id: str) -> list[AnyMessage]:
        state = self.graph.get_state(self._config(merchant_id, thread_id))
        return list(state.values.get("messages", [])) if state.values else []

    def _run(
        self,
        payload: Any,
        merchant_id: str,
        thread_id: str,
        actor: str,
        *,
        tokens: bool = True,
        lang: str | None = None,
        graph: CompiledStateGraph[Any, Context, Any, Any] | None = None,
        config: RunnableConfig | None = None,
    ) -> Iterator[TurnEvent]:
        config = config or self._config(merchant_id, thread_id)
        ctx = self.context(merchant_id, actor, thread_id, lang)
        answer = ""
        modes: list[StreamMode] = ["updates", "messages"] if tokens else ["updates"]
        graph = graph or self.graph
        durability: Durability | None = "sync" if graph.checkpointer else None  # the read-only graph keeps none
        for part in graph.stream(payload, config, context=ctx, stream_mode=modes, durability=durability):
            mode, chunk = cast(tuple[StreamMode, Any], part)  # a list of modes streams (mode, chunk) pairs
            if mode == "messages":
                message, meta = chunk
                if (
                    isinstance(message, AIMessageChunk)
                    and message.content
                    and not message.tool_call_chunks
                    and meta.get("langgraph_node") == "call_model"
                ):
                    yield TurnEvent("token", {"text": str(message.content)})
                continue
            for node, update in chunk.items():
                if node == "__interrupt__":
                    for item in update:
                        value = item.value
                        if isinstance(value, dict) and value.get("type") == "approval":
                            yield TurnEvent("approval", {k: v for k, v in value.items() if k != "type"})
                    continue
                for message in (update or {}).get("messages", []):
                    if isinstance(message, AIMessage):
                        if message.usage_metadata:
                            yield TurnEvent("usage", dict(message.usage_metadata))
                        for call in message.tool_calls:
                            yield TurnEvent(
                                "tool_start", {"name": call["name"], "args": call["args"], "id": call["id"]}
                            )
                        if not message.tool_calls and message.content:
                            answer = str(message.content)
                    elif isinstance(message, ToolMessage):
                        yield TurnEvent(
                            "tool_end",
                            {
                                "name": message.name,
                                "id": message.tool_call_id,
                                "text": str(message.content),
                                "payload": message.artifact if isinstance(message.artifact, dict) else {},
                                "error": message.status == "error",
                            },
                        )
        if answer:
            yield TurnEvent("answer", {"text": answer})


class DecisionNotLanded(RuntimeError):
    """The decision was not carried out; nothing of it was kept in the thread and the same approval waits again."""


class DecisionNotRecorded(ReportedFault, DecisionNotLanded):
    """A transient fault stopped the decision (a face answers it like the fault itself: try again)."""


class DecisionFailed(DecisionNotLanded):
    """An error other than a transient fault stopped the decision."""


def collect(events: Iterator[TurnEvent]) -> TurnResult:
    result = TurnResult()
    for event in events:
        if event.kind == "tool_start":
            result.tool_calls.append(event.data)
        elif event.kind == "tool_end":
            result.tool_results.append(event.data)
        elif event.kind == "approval":
            result.approval = ApprovalRequest.from_dict(event.data)
        elif event.kind == "answer":
            result.answer = event.data["text"]
        elif event.kind == "usage":
            result.tokens += int(event.data.get("total_tokens", 0))
    return result


@contextmanager
def open_copilot(settings: Settings, *, clock: Clock | None = None, memory: bool = True) -> Iterator[Copilot]:
    """A Copilot on the configured store, memory and checkpointer; closes them on exit. Its 'today' is `clock`,
    else the settings' or the store's own (`clock_for`)."""
    from copilot.checkpoints import open_checkpointer

    store = Store.open(settings.database_url, busy_timeout_s=settings.db_busy_timeout_s)
    memory_store = None
    if memory:
        from copilot.memory import MemoryStore

        memory_store = MemoryStore.open(settings)
    try:
        with open_checkpointer(settings) as checkpointer:
            copilot = Copilot(
                settings=settings,
                store=store,
                checkpointer=checkpointer,
                memory=memory_store,
                clock=clock or clock_for(settings, store),
            )
            startup.settle()
            one_blas_thread()
            yield copilot
    finally:
        store.close()
