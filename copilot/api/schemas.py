"""The API's request and response bodies: `*Create` models are what a client sends, `*Public` what it gets.

Every error is an `ErrorResponse`: ``{"error": {"code": "...", "message": "..."}}``. `responses(...)` builds
the `responses=` of a route from the statuses it can answer, so the OpenAPI schema documents each error.
Streaming routes send Server-Sent Events whose `data` is one of the `*Event` models (JSON), by event name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from copilot.store.text import NOT_STORABLE, is_storable

THREAD_ID_PATTERN = r"^[A-Za-z0-9_-]{1,100}$"
PRODUCT_MODEL = "merchant-copilot"


class ErrorDetail(BaseModel):
    code: str = Field(description="stable machine code, e.g. not_found, run_in_progress, rate_limited")
    message: str = Field(description="a human-readable explanation (never internal details)")


class ErrorResponse(BaseModel):
    """The single shape of every error answered by the API."""

    error: ErrorDetail


_ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Bad request",
    401: "Missing, malformed, unknown or revoked API key",
    404: "Not found (or it belongs to another merchant)",
    405: "Method not allowed",
    409: "Conflict: a run is in progress on the thread, an approval is pending, or it was already decided",
    413: "Request body or uploaded document too large (the message says the limit)",
    415: "Unsupported file type",
    422: "Invalid request (validation failed, message too long)",
    429: "Rate limit exceeded, or too many uploads being stored; see the Retry-After header",
    500: "Internal error",
    503: "A dependency (database or memory) is unavailable",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each status documented with the ErrorResponse shape."""
    return {status: {"model": ErrorResponse, "description": _ERROR_DESCRIPTIONS[status]} for status in statuses}


AUTH_ERRORS = (401, 422, 429, 500)


def _storable(value: str) -> str:
    if not is_storable(value):
        raise PydanticCustomError("not_storable", NOT_STORABLE)
    return value


# Request text that is stored or reaches the agent: text the database cannot hold (NUL) is a 422.
StoredText = Annotated[str, AfterValidator(_storable)]


class ThreadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: StoredText = Field(default="", max_length=200, description="empty: set from the first message")


class ThreadPublic(BaseModel):
    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    running: bool = Field(description="a run is in progress on the thread")


class ThreadList(BaseModel):
    threads: list[ThreadPublic]


class ToolCallPublic(BaseModel):
    id: str
    name: str
    args: dict[str, Any]


class MessagePublic(BaseModel):
    role: Literal["user", "assistant", "tool", "system"]
    content: str
    tool_calls: list[ToolCallPublic] | None = None
    name: str | None = Field(default=None, description="the tool's name, on tool messages")
    summary: str | None = Field(default=None, description="the step's one plain line for people, on tool messages")


class ApprovalPublic(BaseModel):
    """A spending request waiting for a human: approve or reject it with POST /v1/threads/{id}/approvals."""

    approval_id: str
    tool: str
    summary: str = Field(description="the readable text of the approval card")
    amount: str | None = None
    currency: str | None = None
    status: str = Field(
        default="pending_approval",
        description="the request's status in the store: pending_approval, or submitted/rejected/failed once decided "
        "(after a crash a thread may still wait on a request the store shows decided: decide it again to let the "
        "thread finish; nothing is spent twice)",
    )


class ThreadDetail(ThreadPublic):
    messages: list[MessagePublic]
    pending_approval: ApprovalPublic | None = None


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    content: StoredText = Field(
        min_length=1, description="the merchant's message (length limit: COPILOT_API_MAX_MESSAGE_CHARS)"
    )
    stream: bool = Field(default=True, description="true: Server-Sent Events; false: one JSON TurnPublic")


class ApprovalDecisionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approval_id: StoredText = Field(min_length=1, max_length=100)
    decision: Literal["approve", "reject"]
    decided_by: StoredText = Field(min_length=1, max_length=200, description="who decided, recorded in the audit log")
    reason: StoredText | None = Field(default=None, max_length=1000)
    stream: bool = Field(default=False, description="true: the resumed turn as Server-Sent Events")


class TokenEvent(BaseModel):
    """SSE `token`: a piece of the answer; the tokens of a turn concatenate to the `done` answer."""

    text: str


class ToolStartedEvent(BaseModel):
    """SSE `tool_started`."""

    id: str
    name: str
    args: dict[str, Any]


class ToolFinishedEvent(BaseModel):
    """SSE `tool_finished`: the first line of the tool's text, and URLs of the charts and images it made."""

    id: str
    name: str
    summary: str
    error: bool
    charts: list[str] = Field(default_factory=list, description="URLs under /v1/files/charts/")
    images: list[str] = Field(default_factory=list, description="URLs under /v1/creatives/")


class ApprovalRequestedEvent(ApprovalPublic):
    """SSE `approval_requested`: the turn is paused until the approval is decided."""


class DoneEvent(BaseModel):
    """SSE `done`: the last event of a successful turn."""

    thread_id: str
    answer: str = Field(description="empty when the turn paused for an approval")
    approval_pending: bool = Field(description="the turn is paused until the approval is decided")


class TurnPublic(BaseModel):
    """A whole turn, when not streamed."""

    thread_id: str
    answer: str
    tool_steps: list[ToolFinishedEvent]
    approval: ApprovalPublic | None = None


SSE_EVENTS = {
    "token": TokenEvent,
    "tool_started": ToolStartedEvent,
    "tool_finished": ToolFinishedEvent,
    "approval_requested": ApprovalRequestedEvent,
    "done": DoneEvent,
    "error": ErrorDetail,
}


def sse_responses(description: str) -> dict[int | str, dict[str, Any]]:
    """The 200 of a route that may stream: the JSON model and the text/event-stream alternative."""
    names = ", ".join(f"`{name}` ({model.__name__})" for name, model in SSE_EVENTS.items())
    return {
        200: {
            "description": f"{description}. When streamed: Server-Sent Events named {names}; `data` is JSON.",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        }
    }


class DocumentPublic(BaseModel):
    title: str
    source: str | None = None
    kind: str = "document"
    chunks: int
    ingested_at: str | None = None


class DocumentList(BaseModel):
    documents: list[DocumentPublic]


class IngestJobPublic(BaseModel):
    """A document upload being stored: poll GET /v1/documents/jobs/{id} until `status` is done or failed."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    title: str
    source: str | None = Field(default=None, description="the uploaded file's name")
    passages: int = Field(description="passages (chunks and their sentences) the document embeds")
    passages_done: int = Field(description="passages stored so far")
    chunks: int | None = Field(default=None, description="chunks stored, once done")
    error: str | None = Field(default=None, description="why it failed and what to do; the memory is as it was")
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None = None


class HealthPublic(BaseModel):
    status: Literal["ok"]


class ReadyPublic(BaseModel):
    status: Literal["ready"]
    checks: dict[str, str] = Field(description="each dependency: ok, or a short reason")


class ChatContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessageIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[ChatContentPart] | None = None
    name: str | None = None

    @field_validator("content")
    @classmethod
    def _storable_content(cls, content: str | list[ChatContentPart] | None) -> str | list[ChatContentPart] | None:
        for text in [content] if isinstance(content, str) else [part.text or "" for part in content or []]:
            _storable(text)
        return content

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        return "".join(part.text or "" for part in self.content or [] if part.type == "text")


class ChatCompletionCreate(BaseModel):
    """OpenAI's chat completion request; fields other than these (temperature, tools, ...) are ignored."""

    model_config = ConfigDict(extra="ignore")

    model: str | None = Field(default=None, description=f"'{PRODUCT_MODEL}' or absent; it selects nothing")
    messages: list[ChatMessageIn] = Field(min_length=1, description="the last user message is the turn")
    stream: bool = False
    user: str | None = Field(default=None, max_length=200, description="the thread, unless X-Thread-Id is sent")


class ChatMessageOut(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class ChatChoice(BaseModel):
    index: int = 0
    message: ChatMessageOut
    finish_reason: Literal["stop"] = "stop"


class ChatUsage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class ChatCompletionPublic(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = PRODUCT_MODEL
    choices: list[ChatChoice]
    usage: ChatUsage


class ModelPublic(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelPublic]
