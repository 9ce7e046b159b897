import asyncio
import threading
from collections.abc import Iterator

from copilot.service import TurnEvent
from copilot.web.metrics import ApiMetrics
from copilot.web.runs import RunFailed, TurnRunner


def test_a_failed_run_is_reported_only_after_it_has_finished():
    """The lease is released before the client hears of the failure, so its next request is not refused as busy."""
    finished = threading.Event()

    def events() -> Iterator[TurnEvent]:
        yield TurnEvent("token", {"text": "working"})
        raise RuntimeError("the turn broke")

    def finish() -> None:
        threading.Event().wait(0.2)
        finished.set()

    async def collect() -> list[tuple[object, bool]]:
        items = await TurnRunner(ApiMetrics()).run("chat", events, finish=finish)
        return [(item, finished.is_set()) async for item in items]

    seen = asyncio.run(collect())

    failures = [(item, done) for item, done in seen if isinstance(item, RunFailed)]
    assert failures == [(RunFailed("run_failed", "the turn failed; the server log has the details"), True)]
    assert isinstance(seen[0][0], TurnEvent)
