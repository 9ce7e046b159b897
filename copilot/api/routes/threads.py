"""Threads and runs, after LangGraph's conventions: create/list/read/delete a thread, send it a message (a run,
streamed or not), and decide the approval a run paused on."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage, ToolMessage
from starlette.concurrency import run_in_threadpool

from copilot.api.events import approval_public, summary_line
from copilot.api.schemas import (
    AUTH_ERRORS,
    THREAD_ID_PATTERN,
    ApprovalDecisionCreate,
    MessageCreate,
    MessagePublic,
    ThreadCreate,
    ThreadDetail,
    ThreadList,
    ThreadPublic,
    ToolCallPublic,
    TurnPublic,
    responses,
    sse_responses,
)
from copilot.api.turns import collect_turn, lease_thread, sse_response, start_chat_turn, start_run
from copilot.service import thread_key
from copilot.web import threads_store
from copilot.web.deps import CopilotDep, LeasesDep, MerchantDep, RuntimeDep, StoreDep, WallClockDep
from copilot.web.errors import ApiError, not_found
from copilot.web.leases import RunLeases
from copilot.web.threads_store import ThreadInfo

router = APIRouter(prefix="/v1/threads", tags=["threads"], responses=responses(*AUTH_ERRORS))

ThreadId = Annotated[str, Path(pattern=THREAD_ID_PATTERN, description="the thread's id")]


def _public(info: ThreadInfo, leases: RunLeases) -> ThreadPublic:
    return ThreadPublic(
        id=info.id,
        title=info.title,
        created_at=info.created_at,
        updated_at=info.updated_at,
        running=leases.is_live(info.lease),
    )


def _message(message: AnyMessage) -> MessagePublic | None:
    content = message.content if isinstance(message.content, str) else str(message.content)
    if isinstance(message, HumanMessage):
        return MessagePublic(role="user", content=content)
    if isinstance(message, AIMessage):
        calls = [ToolCallPublic(id=str(c["id"]), name=c["name"], args=dict(c["args"])) for c in message.tool_calls]
        return MessagePublic(role="assistant", content=content, tool_calls=calls or None)
    if isinstance(message, ToolMessage):
        step = summary_line(content, message.artifact)
        return MessagePublic(role="tool", content=content, name=message.name, summary=step)
    if isinstance(message, SystemMessage):
        return MessagePublic(role="system", content=content)
    return None


@router.post("", status_code=201, summary="Create a thread")
async def create_thread(
    merchant: MerchantDep, store: StoreDep, clock: WallClockDep, leases: LeasesDep, body: ThreadCreate | None = None
) -> ThreadPublic:
    title = body.title if body else ""
    info = await run_in_threadpool(partial(threads_store.create_thread, store, merchant, now=clock.now(), title=title))
    return _public(info, leases)


@router.get("", summary="List the merchant's threads, most recently updated first")
async def list_threads(merchant: MerchantDep, store: StoreDep, leases: LeasesDep) -> ThreadList:
    infos = await run_in_threadpool(threads_store.list_threads, store, merchant)
    return ThreadList(threads=[_public(info, leases) for info in infos])


@router.get("/{thread_id}", summary="A thread: its messages and the approval it waits for", responses=responses(404))
async def get_thread(
    thread_id: ThreadId, merchant: MerchantDep, store: StoreDep, copilot: CopilotDep, leases: LeasesDep
) -> ThreadDetail:
    info = await run_in_threadpool(threads_store.get_thread, store, merchant, thread_id)
    if info is None:
        raise not_found("thread")
    messages = await run_in_threadpool(copilot.messages, merchant, thread_id)
    pending = await run_in_threadpool(copilot.pending_approval, merchant, thread_id)
    card = approval_public(pending.to_dict()) if pending else None
    if card is not None:  # the store's word on the request: a crash may have left the thread behind it
        status = await run_in_threadpool(threads_store.approval_status, store, merchant, card.approval_id)
        card = card.model_copy(update={"status": status or card.status})
    return ThreadDetail(
        **_public(info, leases).model_dump(),
        messages=[m for m in (_message(message) for message in messages) if m is not None],
        pending_approval=card,
    )


@router.delete(
    "/{thread_id}", status_code=204, summary="Delete a thread and its history", responses=responses(404, 409)
)
async def delete_thread(
    thread_id: ThreadId, merchant: MerchantDep, runtime: RuntimeDep, copilot: CopilotDep, clock: WallClockDep
) -> Response:
    lease = await lease_thread(runtime, copilot.store, merchant, thread_id)
    try:
        await run_in_threadpool(
            partial(threads_store.delete_thread, copilot.store, merchant, thread_id, lease.run_id, now=clock.now())
        )
    finally:
        await run_in_threadpool(lease.release)
    checkpointer = copilot.graph.checkpointer
    if checkpointer is not None and not isinstance(checkpointer, bool):
        await run_in_threadpool(checkpointer.delete_thread, thread_key(merchant, thread_id))
    return Response(status_code=204)


@router.post(
    "/{thread_id}/messages",
    summary="Send a message: run one turn (Server-Sent Events, or JSON with stream=false)",
    response_model=TurnPublic,
    responses={**sse_responses("The turn (JSON TurnPublic when stream=false)"), **responses(404, 409, 413)},
)
async def post_message(
    thread_id: ThreadId, body: MessageCreate, merchant: MerchantDep, runtime: RuntimeDep, copilot: CopilotDep
) -> Any:
    items = await start_chat_turn(runtime, copilot, merchant, thread_id, body.content, kind="chat")
    if body.stream:
        return sse_response(items, thread_id)
    return await collect_turn(items, thread_id)


@router.post(
    "/{thread_id}/approvals",
    summary="Approve or reject the thread's pending approval (resumes the paused run)",
    response_model=TurnPublic,
    responses={
        **sse_responses("The resumed turn (JSON TurnPublic unless stream=true)"),
        **responses(404, 409),
    },
)
async def decide_approval(
    thread_id: ThreadId, body: ApprovalDecisionCreate, merchant: MerchantDep, runtime: RuntimeDep, copilot: CopilotDep
) -> Any:
    release = (await lease_thread(runtime, copilot.store, merchant, thread_id)).release
    try:
        pending = await run_in_threadpool(copilot.pending_approval, merchant, thread_id)
        if pending is None or pending.approval_id != body.approval_id:
            status = await run_in_threadpool(threads_store.approval_status, copilot.store, merchant, body.approval_id)
            if status is not None and status != "pending_approval":
                raise ApiError(409, "already_decided", f"approval {body.approval_id} was already decided ({status})")
            raise not_found("pending approval")
    except BaseException:
        await run_in_threadpool(release)
        raise

    def events() -> Any:
        return copilot.decide(
            merchant,
            thread_id,
            body.approval_id,
            approved=body.decision == "approve",
            decided_by=body.decided_by,
            reason=body.reason,
        )

    items = await start_run(runtime, "approval", events, release)
    if body.stream:
        return sse_response(items, thread_id)
    return await collect_turn(items, thread_id)
