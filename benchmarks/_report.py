"""Helpers shared by the benchmarks: machine, commit, robust statistics, and where results go.

A benchmark writes its Markdown section to reports/bench/ (git-ignored) every run; only `--record` also appends it
to the tracked BENCHMARKS.md, so running a benchmark never changes the repository unless asked to."""

from __future__ import annotations

import argparse
import io
import os
import platform
import sqlite3
import statistics
import subprocess
import tarfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "BENCHMARKS.md"
RESULTS_DIR = ROOT / "reports" / "bench"
BENCH_DIR = ROOT / "data" / "bench"


def machine() -> str:
    """The CPU model, CPUs, memory, OS and the Python and SQLite versions the figures were taken on."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        model = names[0] if names else model
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{model}, {os.cpu_count()} CPUs, {memory:.0f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def git_commit() -> str:
    """The short HEAD commit, marked when the work tree has uncommitted changes ('unknown' outside git)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    return head + (" (with uncommitted changes)" if dirty.strip() else "")


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile, q in [0, 1]."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median_spread(samples: Sequence[float]) -> tuple[float, float]:
    """The median and the spread as the interquartile range (p75 - p25)."""
    return statistics.median(samples), percentile(samples, 0.75) - percentile(samples, 0.25)


def add_record_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--record",
        action="store_true",
        help="also append the results to BENCHMARKS.md (tracked); without it they go to reports/bench/ only",
    )


def save(name: str, section: str, *, record: bool) -> Path:
    """Write `section` to reports/bench/<name>-<UTC time>.md and, with `record`, append it to BENCHMARKS.md; the
    results file's path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = section.strip("\n") + "\n"
    path = RESULTS_DIR / f"{name}-{datetime.now(UTC):%Y%m%dT%H%M%S}.md"
    path.write_text(text, encoding="utf-8")
    print(f"results written to {path}")
    if record:
        with REPORT.open("a", encoding="utf-8") as out:
            out.write(("\n" if REPORT.exists() and REPORT.stat().st_size else "# Benchmarks\n\n") + text)
        print(f"recorded in {REPORT}")
    return path


def write_section(name: str, title: str, bullets: Sequence[str], tables: Sequence[str], *, record: bool) -> str:
    """`## title` with date, machine, commit, the bullets and the tables, saved (`save`); return it."""
    lines = [
        f"## {title}",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        f"- commit: {git_commit()}",
        *(f"- {bullet}" for bullet in bullets),
        "",
    ]
    for table in tables:
        lines += [table, ""]
    section = "\n".join(lines)
    save(name, section, record=record)
    return section


def unpack_commit(ref: str, into: Path) -> None:
    """The tree of git `ref` (tracked files only), unpacked into `into`."""
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
