"""Benchmark: import a generated Shopify orders export (one row per line item) into a fresh SQLite store.

    python benchmarks/import.py [--lines 1000000] [--also 100000] [--baseline HEAD [--baseline-lines N ...]]
                                [--record]

Writes the export (streamed) to a temporary folder, then imports it in a child process per size so each
peak RSS belongs to the import alone; the sizes show whether memory stays bounded as the file grows.
With `--baseline REV` the same exports are also imported by the `copilot` package as it was at git
revision REV (extracted with `git archive`, run in its own child process, before the working tree's run
of the same size), so before and after are measured in the same run and under the same machine load.
Prints a Markdown section (with the load average) and writes it with the date, the machine and the git
commit to reports/bench/ (`--record`: also BENCHMARKS.md). Goal: >= 20,000 rows/s on SQLite.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._report import add_record_flag, save  # noqa: E402
from tests.importers.exports import SHOPIFY_ORDER_HEADER  # noqa: E402

STATUSES = ["paid"] * 17 + ["partially_refunded", "refunded", "pending", "voided"]
SOURCES = ["web", "web", "web", "pos", "facebook", "google", "tiktok", "580111"]


def write_export(path: Path, lines: int, seed: int = 7) -> int:
    """A Shopify-shaped orders export of exactly `lines` data rows; returns the number of orders."""
    rng = random.Random(seed)
    start = datetime(2025, 11, 1, tzinfo=UTC)
    index = {name: i for i, name in enumerate(SHOPIFY_ORDER_HEADER)}
    written = orders = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SHOPIFY_ORDER_HEADER)
        while written < lines:
            orders += 1
            items = min(rng.choice((1, 1, 1, 2, 2, 3)), lines - written)
            created = start + timedelta(seconds=orders * 30 + rng.randrange(30))
            prices = [rng.randrange(900, 30000) / 100 for _ in range(items)]
            quantities = [rng.choice((1, 1, 2, 3)) for _ in range(items)]
            total = sum(p * q for p, q in zip(prices, quantities, strict=True))
            status = rng.choice(STATUSES)
            for n in range(items):
                row = [""] * len(SHOPIFY_ORDER_HEADER)
                row[index["Name"]] = f"#{100000 + orders}"
                row[index["Created at"]] = created.astimezone().strftime("%Y-%m-%d %H:%M:%S -0500")
                sku = rng.randrange(2000)
                row[index["Lineitem sku"]] = f"SKU-{sku:05d}"
                row[index["Lineitem name"]] = f"Product {sku} - M / Blue"
                row[index["Lineitem quantity"]] = str(quantities[n])
                row[index["Lineitem price"]] = f"{prices[n]:.2f}"
                row[index["Vendor"]] = "Bench Co"
                if n == 0:
                    customer = rng.randrange(orders // 3 + 1)
                    row[index["Email"]] = f"customer{customer}@example.com"
                    row[index["Financial Status"]] = status
                    row[index["Currency"]] = "USD"
                    row[index["Subtotal"]] = row[index["Total"]] = f"{total:.2f}"
                    row[index["Refunded Amount"]] = f"{total / 4:.2f}" if status == "partially_refunded" else ""
                    row[index["Billing Name"]] = row[index["Shipping Name"]] = "Jane Public"
                    row[index["Shipping Street"]] = "12 Lake Road, Apt 4"
                    row[index["Shipping Province Name"]] = "Ontario"
                    row[index["Source"]] = rng.choice(SOURCES)
                    row[index["Notes"]] = "gift wrap, please\nthanks" if orders % 50 == 0 else ""
                writer.writerow(row)
                written += 1
    return orders


def child(export: Path, db: Path, source: Path | None) -> None:
    """Import `export` into a fresh store at `db` with the `copilot` package under `source` (default: this
    working tree); print the figures as JSON."""
    if source is not None:
        sys.path.insert(0, str(source))
    from copilot.importers import import_files
    from copilot.store import Store

    store = Store.open(f"sqlite:///{db}")
    began = time.perf_counter()
    report = import_files(store, [export], merchant_id="m_bench", secret="bench", report_dir=db.parent)
    seconds = time.perf_counter() - began
    store.close()
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "seconds": seconds, "peak_rss_mib": own.ru_maxrss / 1024, "cpu_seconds": own.ru_utime + own.ru_stime,
        "report": report.to_dict(),
    }))  # fmt: skip


def extract_package(revision: str, folder: Path) -> Path:
    """The `copilot` package as it was at git `revision`, extracted under `folder`; returns the folder."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "copilot"], cwd=ROOT,
                             capture_output=True, check=True).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def import_once(export: Path, folder: Path, source: Path | None) -> dict:
    """Import `export` into a fresh store in a child process; its figures with the load average before."""
    db = folder / "store.db"
    load = os.getloadavg()[0]
    command = [sys.executable, __file__, "--child", str(export), str(db)]
    if source is not None:
        command += ["--source", str(source)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    for leftover in folder.glob("store.db*"):
        leftover.unlink()
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"load": load}


def measure(lines: int, folder: Path, baseline: Path | None) -> list[dict]:
    """The working tree's import of a `lines`-line export, after the baseline's when one is given."""
    export = folder / f"orders_export_{lines}.csv"
    orders = write_export(export, lines)
    about = {"lines": lines, "orders": orders, "file_mib": export.stat().st_size / 2**20}
    runs = []
    if baseline is not None:
        runs.append(import_once(export, folder, baseline) | about | {"code": "baseline"})
    runs.append(import_once(export, folder, None) | about | {"code": "this tree"})
    export.unlink()
    return runs


def section(results: list[dict], baseline: str | None) -> str:
    """The Markdown section of a run: the goal, then one row per import (baseline first for each size)."""
    from _report import git_commit, machine

    big = [r for r in results if r["code"] == "this tree"][-1]
    rate = big["lines"] / big["seconds"]
    out = [
        f"## Import: Shopify orders export, {big['lines']:,} lines (SQLite)",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        f"- commit: {git_commit()}",
        f"- goal >= 20,000 rows/s: {'met' if rate >= 20_000 else 'NOT met'} ({rate:,.0f} rows/s)",
        "- streamed: peak RSS of the importing process per file size (a bounded import keeps it flat)",
        "- CPU s: CPU time of the importing process (steadier than the wall time when other work shares the CPUs)",
        "- load: the 1-minute load average of the machine when the import started (other work shares the CPUs)",
    ]
    if baseline:
        out.append(f"- baseline: the `copilot` package at `{baseline}` on the same export, just before")
    out += [
        "",
        "| code | lines | orders | file MiB | seconds | rows/s | CPU s | peak RSS MiB "
        "| orders imported | skipped (pending) | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        counts = r["report"]["counts"]["orders"]
        cpu = r.get("cpu_seconds")
        out.append(
            f"| {r['code']} | {r['lines']:,} | {r['orders']:,} | {r['file_mib']:,.0f} | {r['seconds']:.1f} | "
            f"{r['lines'] / r['seconds']:,.0f} | {'–' if cpu is None else f'{cpu:.1f}'} | "
            f"{r['peak_rss_mib']:,.0f} | {counts['imported']:,} | {counts['skipped']:,} | {r['load']:.2f} |"
        )
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--also", type=int, nargs="*", default=[100_000], help="smaller sizes for the RSS trend")
    parser.add_argument("--baseline", metavar="REV", help="also import with the copilot package at git REV")
    parser.add_argument("--baseline-lines", type=int, nargs="*", metavar="N",
                        help="the sizes the baseline imports (default: all)")  # fmt: skip
    add_record_flag(parser)
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.source)
        return
    sizes = [*sorted(args.also), args.lines]
    with tempfile.TemporaryDirectory(prefix="copilot-import-bench-") as name:
        folder = Path(name)
        baseline = extract_package(args.baseline, folder / "baseline") if args.baseline else None
        results = []
        for lines in sizes:
            compare = baseline if args.baseline_lines is None or lines in args.baseline_lines else None
            results += measure(lines, folder, compare)
    text = section(results, args.baseline)
    print(text)
    save("import", text, record=args.record)


if __name__ == "__main__":
    main()
