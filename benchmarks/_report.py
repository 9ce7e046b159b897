"""Helpers shared by the benchmarks written for issue 8: machine, commit, robust statistics, BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "BENCHMARKS.md"
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


def append_section(title: str, bullets: Sequence[str], tables: Sequence[str]) -> str:
    """Append `## title` with date, machine, commit, the bullets and the tables to BENCHMARKS.md; return it."""
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
    with REPORT.open("a", encoding="utf-8") as out:
        out.write(("\n" if REPORT.exists() and REPORT.stat().st_size else "") + section)
    return section
