"""Starting a turn on a thread (one run at a time) and answering it as SSE or as one JSON body.

Used by the thread routes and the OpenAI-compatible route alike. Before anything streams, every refusal is a
JSON error: 404 unknown thread, 409 `run_in_progress` (the thread's lease is held); a message to a thread waiting for
an approval is answered with a reminder and the pending request again. A
turn stopped by a database fault is a 503 `store_unavailable` (as JSON) or an `error` event (as SSE).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from functools import partial

from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from copilot.api.events import TurnCollector, to_api_event
from copilot.api.schemas import DoneEvent, ErrorDetail, TurnPublic
from copilot.service import Copilot, TurnEvent
from copilot.store import Store
from copilot.store.faults import retry_transient
from copilot.web import threads_store
from copilot.web.deps import Runtime
from copilot.web.errors import ApiError, not_found
from copilot.web.runs import STORE_UNAVAILABLE, RunFailed

TurnItems = AsyncIterator[TurnEvent | RunFailed]
_CONFLICT_CODES = frozenset({"nothing_pending"})


@dataclass(frozen=True)
class ThreadLease:
    """A run's hold on its thread: `release` (sync) gives it back."""

    run_id: str
    release: Callable[[], None]


async def lease_thread(runtime: Runtime, store: Store, merchant_id: str, thread_id: str) -> ThreadLease:
    """Take the thread's run lease (copilot/api/leases.py); 404 unknown thread, 409 while a live run holds it."""
    if await run_in_threadpool(threads_store.get_thread, store, merchant_id, thread_id) is None:
        raise not_found("thread")
    leases = runtime.leases
    run_id = await run_in_threadpool(leases.acquire, merchant_id, thread_id)
    if run_id is None:
        raise ApiError(409, "run_in_progress", "a run is in progress on this thread; wait for it to finish")
    return ThreadLease(run_id, partial(retry_transient, partial(leases.release, merchant_id, thread_id, run_id)))


async def start_chat_turn(
    runtime: Runtime, copilot: Copilot, merchant_id: str, thread_id: str, text: str, *, kind: str
) -> TurnItems:
    """Lease the thread and start the turn answering `text` (while an approval is pending: its reminder)."""
    if len(text) > runtime.limits.max_message_chars:
        raise ApiError(
            422, "message_too_long", f"a message may have at most {runtime.limits.max_message_chars} characters"
        )
    release = (await lease_thread(runtime, copilot.store, merchant_id, thread_id)).release
    try:
        events = await run_in_threadpool(copilot.stream, merchant_id, thread_id, text)
        await run_in_threadpool(threads_store.set_title_if_empty, copilot.store, merchant_id, thread_id, text)
    except BaseException:
        await run_in_threadpool(release)
        raise
    return await start_run(runtime, kind, lambda: events, release)


async def start_run(
    runtime: Runtime, kind: str, events: Callable[[], Iterator[TurnEvent]], release: Callable[[], None]
) -> TurnItems:
    try:
        return await runtime.runner.run(kind, events, finish=release)
    except BaseException:
        await run_in_threadpool(release)
        raise


def _failure_error(failure: RunFailed) -> ApiError:
    status = 409 if failure.code in _CONFLICT_CODES else 503 if failure.code == STORE_UNAVAILABLE.code else 500
    return ApiError(status, failure.code, failure.message)


async def collect(items: TurnItems, thread_id: str) -> TurnCollector:
    """Read the whole turn; a failed run raises its ApiError (409 for conflicts, else 500)."""
    collector = TurnCollector(thread_id)
    async for item in items:
        if isinstance(item, RunFailed):
            raise _failure_error(item)
        collector.add(item)
    return collector


async def collect_turn(items: TurnItems, thread_id: str) -> TurnPublic:
    """The whole turn as one JSON body (see `collect`)."""
    return (await collect(items, thread_id)).result()


async def _sse(items: TurnItems, thread_id: str) -> AsyncIterator[ServerSentEvent]:
    answer = ""
    approval_pending = False
    async for item in items:
        if isinstance(item, RunFailed):
            yield ServerSentEvent(ErrorDetail(code=item.code, message=item.message).model_dump_json(), event="error")
            return
        if item.kind == "answer":
            answer = str(item.data["text"])
            continue
        converted = to_api_event(item)
        if converted is None:
            continue
        name, model = converted
        approval_pending = approval_pending or name == "approval_requested"
        yield ServerSentEvent(model.model_dump_json(), event=name)
    done = DoneEvent(thread_id=thread_id, answer=answer, approval_pending=approval_pending)
    yield ServerSentEvent(done.model_dump_json(), event="done")


def sse_response(items: TurnItems, thread_id: str) -> EventSourceResponse:
    """The turn as Server-Sent Events: token, tool_started, tool_finished, approval_requested, then done or error."""
    return EventSourceResponse(_sse(items, thread_id), headers={"X-Thread-Id": thread_id})
