"""The eval runner refuses to start, with a clear error, when the temporary folder cannot hold the scenarios' copies
of the demo store (a CI run once died half-way with ENOSPC inside a worker)."""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path

import pytest

from evals import runner
from evals.runner import ScratchSpaceError, check_scratch_space, run_suite
from evals.scenario import Scenario

Usage = namedtuple("Usage", "total used free")
MIB = 1024 * 1024


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, Path]:
    store = tmp_path / "demo.db"
    store.write_bytes(b"\0" * (3 * MIB))
    memory = tmp_path / "memory"
    (memory / "chroma").mkdir(parents=True)
    (memory / "chroma" / "data.bin").write_bytes(b"\0" * MIB)
    return store, memory


def _free(monkeypatch: pytest.MonkeyPatch, free: int) -> None:
    monkeypatch.setattr(runner.shutil, "disk_usage", lambda path: Usage(100 * MIB, 100 * MIB - free, free))


def test_too_little_space_for_the_parallel_copies_is_refused_with_the_numbers(demo, tmp_path, monkeypatch):
    _free(monkeypatch, 10 * MIB)  # two jobs need 2 x (3 + 1) MiB x 2 = 16 MiB
    with pytest.raises(ScratchSpaceError) as caught:
        check_scratch_space(demo[0], demo[1], jobs=2, scratch=tmp_path)
    message = str(caught.value)
    assert "10 MiB free" in message and "16 MiB" in message and "TMPDIR" in message


def test_enough_space_or_one_job_fewer_starts(demo, tmp_path, monkeypatch):
    _free(monkeypatch, 10 * MIB)
    check_scratch_space(demo[0], demo[1], jobs=1, scratch=tmp_path)  # 8 MiB needed
    _free(monkeypatch, 20 * MIB)
    check_scratch_space(demo[0], demo[1], jobs=2, scratch=tmp_path)


def test_a_postgresql_template_counts_only_the_memory_copy(demo, tmp_path, monkeypatch):
    _free(monkeypatch, 3 * MIB)
    template = runner.PgTemplate("postgresql+psycopg://postgres@127.0.0.1/x", "tpl")
    check_scratch_space(template, demo[1], jobs=1, scratch=tmp_path)  # 1 MiB x 2
    with pytest.raises(ScratchSpaceError):
        check_scratch_space(template, demo[1], jobs=2, scratch=tmp_path)


def test_the_suite_stops_before_playing_any_scenario(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "cached_demo_db", lambda data_dir: demo[0])
    monkeypatch.setattr(runner, "cached_demo_memory", lambda data_dir: demo[1])
    played: list[str] = []
    monkeypatch.setattr(runner, "_run_one", lambda item: played.append(item[0].id))
    _free(monkeypatch, MIB)
    scenario = Scenario.model_validate({"id": "s1", "merchant": "m_outdoor", "turns": [{"user": "hi", "expect": {}}]})
    with pytest.raises(ScratchSpaceError):
        run_suite([scenario], data_dir=tmp_path, jobs=1)
    assert played == []
