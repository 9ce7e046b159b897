"""From the copilot's TurnEvents to the API's events: what a client may see of a turn, and nothing more.

Tool texts are cut to their first line; chart files become URLs under /v1/files/charts/ and creative images
URLs under /v1/creatives/{id} (a tool payload's `chart` path, and `creatives` items carrying `id` and
`image_path`). Server paths never reach the client in an event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from copilot.api.schemas import (
    ApprovalPublic,
    ApprovalRequestedEvent,
    TokenEvent,
    ToolFinishedEvent,
    ToolStartedEvent,
    TurnPublic,
)
from copilot.service import TurnEvent
from tools.result import step_line

SUMMARY_CHARS = 200


def chart_url(path: str) -> str:
    return f"/v1/files/charts/{Path(path).name}"


def creative_url(creative_id: str) -> str:
    return f"/v1/creatives/{creative_id}"


def _charts(payload: dict[str, Any]) -> list[str]:
    chart = payload.get("chart")
    return [chart_url(chart)] if isinstance(chart, str) and chart else []


def _images(payload: dict[str, Any]) -> list[str]:
    items = payload.get("creatives")
    if not isinstance(items, list):
        return []
    return [
        creative_url(str(item["id"]))
        for item in items
        if isinstance(item, dict) and item.get("id") and item.get("image_path")
    ]


def summary_line(text: str, payload: Any = None) -> str:
    """The step's line for people (tools.result.step_line), cut to SUMMARY_CHARS."""
    first = step_line(text, payload)
    return first if len(first) <= SUMMARY_CHARS else first[: SUMMARY_CHARS - 1] + "…"


def approval_public(data: dict[str, Any]) -> ApprovalPublic:
    return ApprovalPublic(
        approval_id=str(data["approval_id"]),
        tool=str(data.get("tool", "")),
        summary=str(data.get("summary", "")),
        amount=data.get("amount"),
        currency=data.get("currency"),
    )


def to_api_event(event: TurnEvent) -> tuple[str, BaseModel] | None:
    """The (SSE event name, data) a client sees for one TurnEvent; None for `usage` (internal) and `answer`
    (sent once the turn ends, as `done`)."""
    data = event.data
    if event.kind == "token":
        return "token", TokenEvent(text=str(data["text"]))
    if event.kind == "tool_start":
        return "tool_started", ToolStartedEvent(id=str(data["id"]), name=str(data["name"]), args=dict(data["args"]))
    if event.kind == "tool_end":
        payload = data.get("payload") or {}
        return "tool_finished", ToolFinishedEvent(
            id=str(data["id"]),
            name=str(data["name"]),
            summary=summary_line(str(data.get("text", "")), payload),
            error=bool(data.get("error")),
            charts=_charts(payload),
            images=_images(payload),
        )
    if event.kind == "approval":
        return "approval_requested", ApprovalRequestedEvent(**approval_public(data).model_dump())
    return None


@dataclass
class TurnCollector:
    """Folds a turn's API events into one TurnPublic (the non-streaming answer)."""

    thread_id: str
    answer: str = ""
    tokens: list[str] = field(default_factory=list)
    steps: list[ToolFinishedEvent] = field(default_factory=list)
    approval: ApprovalPublic | None = None
    usage_tokens: int = 0

    def add(self, event: TurnEvent) -> None:
        if event.kind == "usage":
            self.usage_tokens += int(event.data.get("total_tokens", 0))
            return
        if event.kind == "answer":
            self.answer = str(event.data["text"])
            return
        converted = to_api_event(event)
        if converted is None:
            return
        _, model = converted
        if isinstance(model, TokenEvent):
            self.tokens.append(model.text)
        elif isinstance(model, ToolFinishedEvent):
            self.steps.append(model)
        elif isinstance(model, ApprovalRequestedEvent):
            self.approval = approval_public(model.model_dump())

    def result(self) -> TurnPublic:
        return TurnPublic(thread_id=self.thread_id, answer=self.answer, tool_steps=self.steps, approval=self.approval)
