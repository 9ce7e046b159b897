"""Benchmark: build the demo store at scale into a temporary SQLite file and record the figures.

    python benchmarks/build_store.py [--orders 1000000] [--seed 20261120] [--keep PATH] [--record]

Prints a Markdown table (rows, seconds and rows/s per stage, peak RSS, file size) and writes it with the date,
the machine and the git commit to reports/bench/ (`--record`: also BENCHMARKS.md at the repository root).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from copilot.demo.build import DemoSummary, build_demo
from copilot.store import Store

try:
    from benchmarks._report import add_record_flag, git_commit, machine, save
except ImportError:  # run as a script from benchmarks/
    from _report import add_record_flag, git_commit, machine, save  # type: ignore[no-redef]

STAGE_TABLES = {
    "customers": "customers",
    "orders": "orders",
    "order items": "order_items",
    "events": "events",
    "ground truth": "demo_truth_scenes",
}


@dataclass
class StageClock:
    """Times each stage from its first progress call to the first call of the next stage (or the end)."""

    order: list[str] = field(default_factory=list)
    started: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage in self.started:
            return
        now = time.perf_counter()
        if self.order:
            previous = self.order[-1]
            self.seconds[previous] = now - self.started[previous]
        self.order.append(stage)
        self.started[stage] = now

    def finish(self) -> None:
        if self.order and self.order[-1] not in self.seconds:
            self.seconds[self.order[-1]] = time.perf_counter() - self.started[self.order[-1]]


def report(summary: DemoSummary, clock: StageClock, db_bytes: int, orders: int) -> str:
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        f"## Demo store build, {orders:,} orders (SQLite)",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        f"- commit: {git_commit()}",
        f"- total: {summary.seconds:.1f} s; peak RSS {peak_rss:,.0f} MiB; database {db_bytes / 2**20:,.0f} MiB",
        f"- store: {summary}",
        "",
        "| stage | rows | seconds | rows/s |",
        "|---|---:|---:|---:|",
    ]
    for stage in clock.order:
        seconds = clock.seconds.get(stage, 0.0)
        table = STAGE_TABLES.get(stage)
        rows = summary.counts[table] if table else None
        rate = f"{rows / seconds:,.0f}" if rows and seconds > 0 else ""
        lines.append(f"| {stage} | {'' if rows is None else f'{rows:,}'} | {seconds:.1f} | {rate} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261120)
    parser.add_argument("--keep", type=Path, help="copy the built database to this path")
    add_record_flag(parser)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="copilot-bench-") as folder:
        path = Path(folder) / "store.db"
        store = Store.open(f"sqlite:///{path}")
        clock = StageClock()
        summary = build_demo(store, orders=args.orders, seed=args.seed, progress=clock)
        clock.finish()
        store.close()
        db_bytes = sum(p.stat().st_size for p in Path(folder).iterdir())
        if args.keep:
            shutil.copyfile(path, args.keep)
    text = report(summary, clock, db_bytes, args.orders)
    print(text)
    save("build_store", text, record=args.record)


if __name__ == "__main__":
    main()
