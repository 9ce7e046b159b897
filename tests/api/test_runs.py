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


def test_no_more_turns_run_at_once_than_the_runner_has_slots_and_the_others_wait_their_turn():
    running = 0
    most = 0
    counted = threading.Lock()
    started: list[int] = []

    def turn(n: int) -> Iterator[TurnEvent]:
        nonlocal running, most
        with counted:
            running += 1
            most = max(most, running)
            started.append(n)
        threading.Event().wait(0.05)
        with counted:
            running -= 1
        yield TurnEvent("answer", {"text": f"turn {n}"})

    async def run_all() -> list[list[object]]:
        runner = TurnRunner(ApiMetrics(), at_once=2)
        streams = [await runner.run("chat", lambda n=n: turn(n), finish=lambda: None) for n in range(8)]

        async def drain(stream) -> list[object]:  # type: ignore[no-untyped-def]
            return [item async for item in stream]

        return await asyncio.gather(*(drain(s) for s in streams))

    results = asyncio.run(run_all())

    assert most == 2
    assert [[item.data["text"] for item in r] for r in results] == [[f"turn {n}"] for n in range(8)]  # type: ignore[attr-defined]
    assert sorted(started) == list(range(8))
    assert all(started.index(n) < started.index(n + 2) for n in range(6))  # in the order they came


def test_turns_have_no_limit_of_their_own_unless_set():
    from copilot.config import ApiLimits, Settings
    from copilot.web.runs import turns_at_once

    assert turns_at_once(Settings(model="offline")) is None
    assert turns_at_once(Settings(model="openai:gpt-4o-mini")) is None
    assert turns_at_once(Settings(model="offline", api=ApiLimits(turns_at_once=4))) == 4
    assert TurnRunner(ApiMetrics())._slots is None and TurnRunner(ApiMetrics(), 4)._slots is not None


def test_an_approval_does_not_wait_behind_the_chat_turns_holding_every_slot():
    approved = threading.Event()

    def chat() -> Iterator[TurnEvent]:
        approved.wait(30)
        yield TurnEvent("answer", {"text": f"approved first: {approved.is_set()}"})

    def approval() -> Iterator[TurnEvent]:
        approved.set()
        yield TurnEvent("answer", {"text": "approved"})

    async def run_both() -> list[object]:
        runner = TurnRunner(ApiMetrics(), at_once=1)
        busy = await runner.run("chat", chat, finish=lambda: None)
        decision = await runner.run("approval", approval, finish=lambda: None)
        return [[item.data["text"] async for item in stream] for stream in (busy, decision)]  # type: ignore[attr-defined]

    assert asyncio.run(run_both()) == [["approved first: True"], ["approved"]]
