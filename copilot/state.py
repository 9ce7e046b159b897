"""The graph's state: the conversation, the approval awaiting a human, and the step budget."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from langchain_core.messages import AnyMessage
from langgraph.graph import add_messages
from langgraph.managed import RemainingSteps


@dataclass
class InputState:
    messages: Annotated[list[AnyMessage], add_messages] = field(default_factory=list)


@dataclass
class State(InputState):
    # The spending request prepared for approval in this turn (an ApprovalRequest as a dict), or None.
    pending: dict[str, Any] | None = None
    # Why the last decision on `pending` did not land (a fault while carrying it out), or None. The approval is
    # then asked again with a fresh interrupt, so a later decision never meets the failed one's resume value.
    decision_fault: str | None = None
    remaining_steps: RemainingSteps = 25
