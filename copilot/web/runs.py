"""Runs a copilot turn (a sync generator) in a worker thread and hands its events to the event loop.

A run is detached from the request that started it: when a client disconnects mid-stream the turn still runs
to the end, so its checkpoint, its audit entries and the thread's run lease are always left consistent. The
runner keeps the tasks it started, and `wait_idle` (called on shutdown) waits for them. Turns run on the event
loop's shared thread pool unless `turns_at_once` is set: then at most that many chat turns run at a time and the
others wait for a slot in the order they came, while a person's decision on a pending approval (kind "approval": it
carries out or cancels the approved call and lets the model answer) stays on the shared pool and never waits
behind them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import anyio
import anyio.to_thread

from copilot.config import Settings
from copilot.service import NoPendingApproval, TurnEvent
from copilot.store.faults import is_transient
from copilot.web.metrics import ApiMetrics

log = logging.getLogger("copilot.api")


@dataclass(frozen=True)
class RunFailed:
    """The turn stopped on an error; `code`/`message` are safe to show a client."""

    code: str
    message: str


_END = object()
STORE_UNAVAILABLE = RunFailed(
    "store_unavailable",
    "the database is busy or unreachable right now, so this turn did not finish; try again in a moment "
    "(a pending approval stays pending, and nothing is spent twice)",
)


def _failure(exc: BaseException) -> RunFailed:
    if isinstance(exc, NoPendingApproval):
        return RunFailed("nothing_pending", "no such pending approval in this thread")
    if is_transient(exc):
        log.warning("copilot run stopped on a database fault", exc_info=exc)
        return STORE_UNAVAILABLE
    log.error("copilot run failed", exc_info=exc)
    return RunFailed("run_failed", "the turn failed; the server log has the details")


UNQUEUED_KINDS = frozenset({"approval"})


def turns_at_once(settings: Settings) -> int | None:
    """COPILOT_API_TURNS_AT_ONCE; unset (None), turns share the thread pool's 40 threads with the rest of the app.
    Measured under 100 streams with the offline model (BENCHMARKS.md, load mix): a limit of 4 did not lower the
    worker's peak RSS (1,069-1,071 MB; the shared pool's runs 1,145-1,255 MB, other runs) and about doubled the
    median wait, so no limit is set by default."""
    return settings.api.turns_at_once


class TurnRunner:
    def __init__(self, metrics: ApiMetrics, at_once: int | None = None) -> None:
        self.metrics = metrics
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = anyio.CapacityLimiter(at_once) if at_once is not None else None

    async def run(
        self, kind: str, events: Callable[[], Iterator[TurnEvent]], *, finish: Callable[[], None]
    ) -> AsyncIterator[TurnEvent | RunFailed]:
        """Start `events()` in a worker thread now; iterate what it yields (a RunFailed last on an error).

        `finish` runs in the worker thread after the turn, whatever happened (e.g. to release the run lease), and
        before a failure is handed on: a client told that its turn failed can start the next one at once.
        """
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[object] = asyncio.Queue()

        def produce() -> None:
            started = time.perf_counter()
            failed: RunFailed | None = None
            self.metrics.active_runs.inc()
            try:
                for event in events():
                    loop.call_soon_threadsafe(queue.put_nowait, event)
            except Exception as exc:
                failed = _failure(exc)
            finally:
                try:
                    finish()
                except Exception:
                    log.exception("could not finish a %s run (its lease expires after run_lease_s)", kind)
                finally:
                    self.metrics.active_runs.dec()
                    outcome = "ok" if failed is None else "error"
                    self.metrics.turn_seconds.labels(kind, outcome).observe(time.perf_counter() - started)
                    if failed is not None:
                        loop.call_soon_threadsafe(queue.put_nowait, failed)
                    loop.call_soon_threadsafe(queue.put_nowait, _END)

        task = asyncio.create_task(
            anyio.to_thread.run_sync(produce, limiter=None if kind in UNQUEUED_KINDS else self._slots)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return self._drain(queue)

    @staticmethod
    async def _drain(queue: asyncio.Queue[object]) -> AsyncIterator[TurnEvent | RunFailed]:
        while True:
            item = await queue.get()
            if item is _END:
                return
            assert isinstance(item, TurnEvent | RunFailed)
            yield item

    async def wait_idle(self) -> None:
        """Wait for every run started by this runner to finish."""
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
