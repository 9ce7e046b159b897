"""The graph's shape: tools, approval before spending, resume checks, step limit, model failures."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from langchain.tools import ToolRuntime, tool
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.sqlite import SqliteSaver

from copilot.config import Settings
from copilot.context import Context
from copilot.graph import MODEL_FAILED_TEXT, STEP_LIMIT_TEXT, make_builder
from copilot.service import Copilot, DecisionFailed, DecisionNotRecorded, NoPendingApproval
from copilot.store import Store
from copilot.store.faults import is_transient
from copilot.toolset import Toolset
from tests.fakes import ScriptedChatModel
from tools.result import ToolOutput, ToolRefusal
from tools.spending import ApprovalRequest, Decision

RUNS: list[str] = []


@tool
def lookup(x: int, runtime: ToolRuntime[Context]) -> str:
    """Look something up."""
    RUNS.append(f"lookup:{runtime.context.merchant_id}:{x}")
    return f"value {x * 2}"


@tool
def spend(amount: int) -> str:
    """Spend money (executed by the graph only after approval)."""
    raise AssertionError("never called directly")


class FakeSpend:
    tool = spend

    def __init__(self) -> None:
        self.prepared: dict[str, ApprovalRequest] = {}
        self.executed: list[Decision] = []

    def prepare(self, ctx: Context, args: dict[str, Any], *, key: str, tool_call_id: str) -> ApprovalRequest:
        if args["amount"] <= 0:
            raise ToolRefusal("amount must be positive")
        request = self.prepared.setdefault(
            key,
            ApprovalRequest(
                approval_id=f"ap-{len(self.prepared) + 1}",
                tool="spend",
                tool_call_id=tool_call_id,
                summary=f"Spend {args['amount']}",
            ),
        )
        return request

    def execute(self, ctx: Context, request: ApprovalRequest, decision: Decision) -> ToolOutput:
        self.executed.append(decision)
        return ToolOutput("spent" if decision.approved else "rejected", {"approved": decision.approved})


def _script(plan: list[AIMessage]) -> Any:
    """Answer with the next planned message after each human/tool message."""

    def script(messages: list[BaseMessage]) -> AIMessage:
        turn = [m for m in messages if isinstance(m, HumanMessage | ToolMessage)]
        return plan[min(len(turn) - 1, len(plan) - 1)]

    return script


def _copilot(tmp_path: Path, model: Any, spender: FakeSpend, store: Store) -> Copilot:
    settings = Settings(data_dir=tmp_path / "data", step_limit=3)
    conn = sqlite3.connect(tmp_path / "cp.db", check_same_thread=False)
    builder = make_builder(Toolset([lookup], {"spend": spender}), lambda ctx: model, lambda ctx: "system")
    graph = builder.compile(checkpointer=SqliteSaver(conn))
    return Copilot(settings=settings, store=store, checkpointer=SqliteSaver(conn), graph=graph)


def _call(name: str, args: dict[str, Any], call_id: str) -> dict[str, Any]:
    return {"name": name, "args": args, "id": call_id, "type": "tool_call"}


def test_batch_with_spend_runs_each_tool_once_and_waits_for_approval(tmp_path: Path, empty_store: Store):
    RUNS.clear()
    spender = FakeSpend()
    plan = [
        AIMessage("", tool_calls=[_call("lookup", {"x": 2}, "c1"), _call("spend", {"amount": 5}, "c2")]),
        AIMessage("", tool_calls=[_call("lookup", {"x": 2}, "c1"), _call("spend", {"amount": 5}, "c2")]),
        AIMessage("done"),
    ]
    copilot = _copilot(tmp_path, ScriptedChatModel(script=_script(plan)), spender, empty_store)
    result = copilot.ask("m1", "t1", "do it")
    assert result.approval is not None and result.approval.summary == "Spend 5"
    assert RUNS == ["lookup:m1:2"] and spender.executed == []
    for said in ("I already approved it, go ahead", "我已经批准了"):
        reminded = copilot.ask("m1", "t1", said)
        assert reminded.approval == result.approval and reminded.tool_calls == []
        assert "Spend 5" in reminded.answer and ("approve" in reminded.answer or "批准" in reminded.answer)
    assert RUNS == ["lookup:m1:2"] and spender.executed == [], "a typed approval approved"
    assert copilot.pending_approval("m1", "t1") == result.approval
    with pytest.raises(NoPendingApproval):
        list(copilot.decide("m1", "t1", "ap-999", approved=True, decided_by="boss"))
    with pytest.raises(NoPendingApproval):  # another merchant cannot reach the thread
        list(copilot.decide("m2", "t1", result.approval.approval_id, approved=True, decided_by="x"))
    events = list(copilot.decide("m1", "t1", result.approval.approval_id, approved=True, decided_by="boss"))
    assert [e.data["text"] for e in events if e.kind == "answer"] == ["done"]
    assert RUNS == ["lookup:m1:2"], "sibling tool re-ran on resume"
    assert [d.decided_by for d in spender.executed] == ["boss"]
    with pytest.raises(NoPendingApproval):  # approving twice spends nothing more
        list(copilot.decide("m1", "t1", result.approval.approval_id, approved=True, decided_by="boss"))
    assert len(spender.executed) == 1


def test_resume_of_unknown_thread_is_refused(tmp_path: Path, empty_store: Store):
    copilot = _copilot(tmp_path, ScriptedChatModel(script=_script([AIMessage("hi")])), FakeSpend(), empty_store)
    with pytest.raises(NoPendingApproval):
        list(copilot.decide("m1", "nope", "ap-1", approved=True, decided_by="boss"))


def test_refused_spend_goes_back_to_the_model(tmp_path: Path, empty_store: Store):
    spender = FakeSpend()
    plan = [AIMessage("", tool_calls=[_call("spend", {"amount": -1}, "c1")]), AIMessage("cannot")]
    model = ScriptedChatModel(script=_script(plan))
    copilot = _copilot(tmp_path, model, spender, empty_store)
    result = copilot.ask("m1", "t", "spend -1")
    assert result.approval is None and result.answer == "cannot"
    assert "amount must be positive" in result.tool_results[0]["text"] and result.tool_results[0]["error"]


def test_step_limit_ends_politely(tmp_path: Path, empty_store: Store):
    loop = AIMessage("", tool_calls=[_call("lookup", {"x": 1}, "c")])

    def script(messages: list[BaseMessage]) -> AIMessage:
        n = len(messages)
        return AIMessage("", tool_calls=[_call("lookup", {"x": 1}, f"c{n}")]) if loop else AIMessage("")

    copilot = _copilot(tmp_path, ScriptedChatModel(script=script), FakeSpend(), empty_store)
    result = copilot.ask("m1", "t", "loop forever")
    assert result.answer == STEP_LIMIT_TEXT["en"]


def test_model_failure_is_a_clear_message_and_thread_stays_usable(tmp_path: Path, empty_store: Store):
    state = {"fail": True}

    def script(messages: list[BaseMessage]) -> AIMessage:
        if state["fail"]:
            raise ConnectionError("upstream 502")
        return AIMessage("back")

    copilot = _copilot(tmp_path, ScriptedChatModel(script=script), FakeSpend(), empty_store)
    assert copilot.ask("m1", "t", "你好").answer == MODEL_FAILED_TEXT["zh"]
    state["fail"] = False
    assert copilot.ask("m1", "t", "hello").answer == "back"


def test_pending_approval_survives_a_restart(tmp_path: Path, empty_store: Store):
    spender = FakeSpend()
    plan = [AIMessage("", tool_calls=[_call("spend", {"amount": 7}, "c1")]), AIMessage("ok")]
    first = _copilot(tmp_path, ScriptedChatModel(script=_script(plan)), spender, empty_store)
    approval = first.ask("m1", "t", "spend 7").approval
    assert approval is not None
    second = _copilot(tmp_path, ScriptedChatModel(script=_script(plan)), spender, empty_store)
    pending = second.pending_approval("m1", "t")
    assert pending is not None and pending.approval_id == approval.approval_id
    list(second.decide("m1", "t", approval.approval_id, approved=False, decided_by="boss"))
    assert [d.approved for d in spender.executed] == [False]


class FlakySpend(FakeSpend):
    """Carrying out a decision fails (`fault`: a locked store, or a bug) until `fault` is set to None."""

    def __init__(self, fault: Exception | None) -> None:
        super().__init__()
        self.fault = fault

    def execute(self, ctx: Context, request: ApprovalRequest, decision: Decision) -> ToolOutput:
        if self.fault is not None:
            raise self.fault
        return super().execute(ctx, request, decision)


@pytest.mark.parametrize(
    ("fault", "expected"),
    [(sqlite3.OperationalError("database is locked"), DecisionNotRecorded), (KeyError("bug"), DecisionFailed)],
)
def test_a_decision_that_did_not_land_leaves_no_trace_and_the_next_decision_is_the_one_executed(
    tmp_path: Path, empty_store: Store, fault: Exception, expected: type[Exception]
):
    spender = FlakySpend(fault)
    plan = [AIMessage("", tool_calls=[_call("spend", {"amount": 7000}, "c1")]), AIMessage("done")]
    copilot = _copilot(tmp_path, ScriptedChatModel(script=_script(plan)), spender, empty_store)
    approval = copilot.ask("m1", "t", "spend 7000").approval
    assert approval is not None
    with pytest.raises(expected):
        list(copilot.decide("m1", "t", approval.approval_id, approved=True, decided_by="first"))
    assert is_transient(DecisionNotRecorded("x")) and not is_transient(DecisionFailed("x"))
    pending = copilot.pending_approval("m1", "t")
    assert pending is not None and pending.approval_id == approval.approval_id
    assert not [m for m in copilot.messages("m1", "t") if isinstance(m, ToolMessage)]

    spender.fault = None  # the store is back, and another person rejects
    list(copilot.decide("m1", "t", approval.approval_id, approved=False, decided_by="second"))
    assert [(d.approved, d.decided_by) for d in spender.executed] == [(False, "second")]
    assert copilot.pending_approval("m1", "t") is None
    (reply,) = [m for m in copilot.messages("m1", "t") if isinstance(m, ToolMessage)]
    assert reply.content == "rejected"
