"""Benchmarks write their results to reports/bench/ and change the tracked BENCHMARKS.md only with --record."""

from __future__ import annotations

import argparse
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _report_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_report", BENCHMARKS / "_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    module = _report_module()
    tracked = tmp_path / "BENCHMARKS.md"
    tracked.write_text("# Benchmarks\n\n## An earlier run\n", encoding="utf-8")
    monkeypatch.setattr(module, "REPORT", tracked)
    monkeypatch.setattr(module, "RESULTS_DIR", tmp_path / "reports" / "bench")
    return module


def test_a_run_writes_a_results_file_and_leaves_benchmarks_md_alone(report: ModuleType):
    section = report.write_section("memory", "Memory retrieval", ["recall@5 0.91"], ["| a |\n|---|"], record=False)
    (written,) = (report.RESULTS_DIR).glob("memory-*.md")
    assert written.read_text(encoding="utf-8") == section.strip("\n") + "\n"
    assert "## Memory retrieval" in section and "- recall@5 0.91" in section and "- commit: " in section
    assert report.REPORT.read_text(encoding="utf-8") == "# Benchmarks\n\n## An earlier run\n"


def test_record_also_appends_the_section_to_benchmarks_md(report: ModuleType):
    report.save("import", "## Import\n\n| rows/s |\n|---|\n| 22,742 |", record=True)
    assert report.REPORT.read_text(encoding="utf-8") == (
        "# Benchmarks\n\n## An earlier run\n\n## Import\n\n| rows/s |\n|---|\n| 22,742 |\n"
    )
    assert len(list(report.RESULTS_DIR.glob("import-*.md"))) == 1


def test_the_record_flag_is_off_by_default():
    parser = argparse.ArgumentParser()
    _report_module().add_record_flag(parser)
    assert parser.parse_args([]).record is False and parser.parse_args(["--record"]).record is True


@pytest.mark.parametrize("script", sorted(p.name for p in BENCHMARKS.glob("*.py") if not p.name.startswith("_")))
def test_every_benchmark_saves_through_the_report_helpers_only(script: str):
    source = (BENCHMARKS / script).read_text(encoding="utf-8")
    assert "add_record_flag(parser)" in source
    assert re.search(r"\b(save|write_section)\(", source)
    assert 'BENCHMARKS.md").open' not in source and "REPORT.open" not in source
