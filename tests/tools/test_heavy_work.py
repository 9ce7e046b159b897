"""Segment scoring and creatives rendering run a few at a time per process, however many turns ask at once."""

from __future__ import annotations

import platform
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import pytest

import tools.creatives
import tools.segments
from copilot import heavy_work
from copilot.heavy_work import AT_ONCE


class _Recorder:
    """Stands in for the domain call: counts how many run at the same moment."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0

    def __call__(self, *args: Any, **kwargs: Any) -> SimpleNamespace:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.05)
        with self.lock:
            self.running -= 1
        return SimpleNamespace(as_tuple=lambda: ("done", {}))


@pytest.mark.parametrize(
    ("module", "domain_call", "tool"),
    [
        (tools.segments, "run_find_target_segments", tools.segments.find_target_segments),
        (tools.creatives, "run_generate_creatives", tools.creatives.generate_creatives),
    ],
)
def test_heavy_tools_run_at_most_at_once(module: Any, domain_call: str, tool: Any, monkeypatch: pytest.MonkeyPatch):
    recorder = _Recorder()
    monkeypatch.setattr(module, domain_call, recorder)
    runtime = SimpleNamespace(context=None)
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: tool.func(runtime), range(6)))
    assert results == [("done", {})] * 6
    assert 1 <= recorder.most <= AT_ONCE < 6


def test_each_heavy_run_returns_the_freed_heap_after_its_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    trims: list[int] = []
    monkeypatch.setattr(heavy_work, "_trim", lambda: trims.append(heavy_work._slots._value))
    monkeypatch.setattr(tools.creatives, "run_generate_creatives", _Recorder())
    tools.creatives.generate_creatives.func(SimpleNamespace(context=None))
    with pytest.raises(RuntimeError), heavy_work.heavy_work():
        raise RuntimeError("failed run")
    assert trims == [AT_ONCE, AT_ONCE]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_glibc_trim_is_found() -> None:
    assert heavy_work._trim is not None
    assert heavy_work._trim() in (0, 1)
