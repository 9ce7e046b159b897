"""An OpenAI-compatible chat endpoint, so tools merchants already run (the `openai` client, Open WebUI,
LobeChat, Dify) can talk to the copilot.

- The last user message is the turn; earlier messages are ignored (the thread keeps the conversation).
- The thread comes from the `X-Thread-Id` header, else from the `user` field, else a new thread per request;
  the thread used is returned in the `X-Thread-Id` response header.
- `model` must be "merchant-copilot" or absent: it never selects a provider or a model.
- A turn that pauses for an approval answers with the approval card; decide it with
  POST /v1/threads/{id}/approvals.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from collections.abc import AsyncIterator
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from copilot.api.events import TurnCollector
from copilot.api.schemas import (
    AUTH_ERRORS,
    PRODUCT_MODEL,
    THREAD_ID_PATTERN,
    ApprovalPublic,
    ChatChoice,
    ChatCompletionCreate,
    ChatCompletionPublic,
    ChatMessageOut,
    ChatUsage,
    ModelList,
    ModelPublic,
    responses,
)
from copilot.api.turns import TurnItems, collect, start_chat_turn
from copilot.web import threads_store
from copilot.web.deps import CopilotDep, MerchantDep, RuntimeDep
from copilot.web.errors import ApiError
from copilot.web.runs import RunFailed

router = APIRouter(prefix="/v1", tags=["openai-compatible"], responses=responses(*AUTH_ERRORS))

_THREAD_ID = re.compile(THREAD_ID_PATTERN)
MODEL_CREATED = 1_764_547_200  # 2025-12-01, when the model id was first published


def _thread_for(header: str | None, user: str | None) -> str:
    if header is not None:
        if not _THREAD_ID.fullmatch(header):
            raise ApiError(422, "invalid_request", "X-Thread-Id must be 1-100 letters, digits, '_' or '-'")
        return header
    if user:
        if _THREAD_ID.fullmatch(f"u-{user}"):
            return f"u-{user}"
        return "u-" + hashlib.sha256(user.encode("utf-8")).hexdigest()[:32]
    return f"cc_{uuid.uuid4().hex[:20]}"


def _approval_text(approval: ApprovalPublic, thread_id: str) -> str:
    return (
        f"\n\n{approval.summary}\n\n"
        f"(approval {approval.approval_id}: approve or reject with POST /v1/threads/{thread_id}/approvals)"
    )


def _chunk(completion_id: str, created: int, delta: dict[str, Any], finish: str | None = None) -> ServerSentEvent:
    body = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": PRODUCT_MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return ServerSentEvent(_json(body))


def _json(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False)


async def _stream(items: TurnItems, thread_id: str, completion_id: str, created: int) -> AsyncIterator[ServerSentEvent]:
    collector = TurnCollector(thread_id)
    streamed = False
    yield _chunk(completion_id, created, {"role": "assistant", "content": ""})
    async for item in items:
        if isinstance(item, RunFailed):
            yield ServerSentEvent(_json({"error": {"code": item.code, "message": item.message}}))
            return
        collector.add(item)
        if item.kind == "token" and item.data.get("text"):
            streamed = True
            yield _chunk(completion_id, created, {"content": str(item.data["text"])})
    turn = collector.result()
    tail = "" if streamed else turn.answer
    if turn.approval is not None:
        tail += _approval_text(turn.approval, thread_id)
    if tail:
        yield _chunk(completion_id, created, {"content": tail})
    yield _chunk(completion_id, created, {}, "stop")
    yield ServerSentEvent("[DONE]")


@router.post(
    "/chat/completions",
    summary="OpenAI-compatible chat completion (streaming or not); one copilot turn",
    response_model=ChatCompletionPublic,
    responses={
        200: {
            "description": "A chat.completion, or chat.completion.chunk Server-Sent Events ending with [DONE]",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        **responses(400, 404, 409, 413),
    },
)
async def chat_completions(
    body: ChatCompletionCreate,
    merchant: MerchantDep,
    runtime: RuntimeDep,
    copilot: CopilotDep,
    response: Response,
    x_thread_id: Annotated[str | None, Header(description="the copilot thread to continue")] = None,
) -> Any:
    if body.model not in (None, "", PRODUCT_MODEL):
        raise ApiError(400, "model_not_supported", f"model must be '{PRODUCT_MODEL}' (or omitted)")
    user_messages = [message for message in body.messages if message.role == "user"]
    text = user_messages[-1].text().strip() if user_messages else ""
    if not text:
        raise ApiError(422, "invalid_request", "the last user message has no text")
    thread_id = _thread_for(x_thread_id, body.user)
    ensured = await run_in_threadpool(
        partial(threads_store.ensure_thread, copilot.store, merchant, thread_id, now=runtime.wall_clock.now())
    )
    if ensured is None:
        raise ApiError(404, "not_found", "thread not found (it was deleted)")
    items = await start_chat_turn(runtime, copilot, merchant, thread_id, text, kind="openai")
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    created = int(time.time())
    if body.stream:
        return EventSourceResponse(
            _stream(items, thread_id, completion_id, created), headers={"X-Thread-Id": thread_id}
        )
    collector = await collect(items, thread_id)
    turn = collector.result()
    content = turn.answer + (_approval_text(turn.approval, thread_id) if turn.approval else "")
    response.headers["X-Thread-Id"] = thread_id
    return ChatCompletionPublic(
        id=completion_id,
        created=created,
        choices=[ChatChoice(message=ChatMessageOut(content=content.strip()))],
        usage=ChatUsage(total_tokens=collector.usage_tokens, completion_tokens=collector.usage_tokens),
    )


@router.get("/models", summary="OpenAI-compatible model list: the one model this API serves")
async def list_models(merchant: MerchantDep) -> ModelList:
    return ModelList(data=[ModelPublic(id=PRODUCT_MODEL, created=MODEL_CREATED, owned_by="merchant-copilot")])
