"""The contract of a tool that moves money: prepared first, executed only after a human decides.

The graph gives such a tool its own nodes: `prepare` (validates and records the request, idempotently, before
the pause) and `execute` (after `interrupt()` returns the human decision). Nothing is spent in `prepare`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from copilot.context import Context
    from tools.result import ToolOutput


@dataclass
class ApprovalRequest:
    """What a human is asked to approve; `summary` is the readable text of the approval card."""

    approval_id: str
    tool: str
    tool_call_id: str
    summary: str
    amount: str | None = None
    currency: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ApprovalRequest:
        return cls(**data)


@dataclass(frozen=True)
class Decision:
    approval_id: str
    approved: bool
    decided_by: str
    reason: str | None = None


class SpendingAction(Protocol):
    @property
    def tool(self) -> BaseTool:
        """The tool as the model sees it (its schema and docstring)."""
        ...

    def prepare(self, ctx: Context, args: dict[str, Any], *, key: str, tool_call_id: str) -> ApprovalRequest:
        """Validate and record the request (idempotent for the same key); raise ToolRefusal to refuse."""
        ...

    def execute(self, ctx: Context, request: ApprovalRequest, decision: Decision) -> ToolOutput:
        """Carry out (or record the rejection of) an approved/rejected request, exactly once per request."""
        ...
