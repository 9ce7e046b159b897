"""Audience questions at store scale: persisted incremental profiles against the former full rebuild.

Usage: `python benchmarks/segments_scale.py --large PATH [--demo PATH] [--record]`

`--large` is a demo store built with many orders (`python benchmarks/build_store.py --orders 1000000 --keep PATH`);
it is copied first and the copy is migrated (the profile tables and their triggers come with migration 0023).
`--demo` is the default 45k-order demo store (built into data/bench/ when missing, then copied).
Every figure is taken in a fresh process (peak RSS is that process's), for the same question
(find_target_segments' audiences of the scene "露营过夜" for m_outdoor), new code and former code in the same run:
- new: the store's first audience question ever (the one-time full build of the persisted profiles, and the
  item vectors embedded once), then in a new process the first question (profiles read from the store), then
  1,000 new paid orders (1 new event on the demo store) and the next question (only the touched customers
  recomputed);
- baseline: the former path, which rebuilds every profile in memory (copilot/segments/rebuild.py) for the first
  question and again after any new order or event.
"Profiles" is the part of the question spent getting the profile matrices; the rest is scoring and statistics.
Every figure is given as wall-clock seconds and as the process's CPU seconds (user + system, resource.getrusage):
other people share the machine's CPUs, so wall-clock is inflated by their load (the load average is sampled
before and after every child process and reported). The children keep their data folder (the query-vector
table of copilot/segments/embedding.py) in the run's temporary folder: the build fills it, as a store's first
audience question does.
Precision: scene segments against the demo's hidden scenes next to the purchase baseline cut to the segment's
size (the size-matched baseline), from benchmarks/segments.py. Goals (issue 21): first answer on the large store
< 5 s and < 1.5 GB RSS, < 1 s after 1,000 new orders, < 1 s on the demo store after a new event.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import insert, select

try:
    from benchmarks._report import BENCH_DIR, add_record_flag, git_commit, machine, save
except ImportError:  # run as a script from benchmarks/
    from _report import BENCH_DIR, add_record_flag, git_commit, machine, save  # type: ignore[no-redef]

MERCHANT = "m_outdoor"
SCENE = "露营过夜"
NEW_ORDERS = 1_000


def _finder() -> Any:
    """The module holding build_segments and its merchant_profiles reference (moved by the domain split)."""
    try:
        from copilot.segments import finder
    except ImportError:
        import tools.segments as finder  # type: ignore[no-redef]
    return finder


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _ask(store: Any, finder: Any) -> dict[str, float]:
    from copilot.clock import demo_clock
    from copilot.config import Settings
    from copilot.context import Context

    spent: list[tuple[float, float]] = []
    original = finder.merchant_profiles

    def timed(*args: Any) -> Any:
        began, cpu = time.perf_counter(), _cpu()
        try:
            return original(*args)
        finally:
            spent.append((time.perf_counter() - began, _cpu() - cpu))

    finder.merchant_profiles = timed
    try:
        began, cpu = time.perf_counter(), _cpu()
        ctx = Context(merchant_id=MERCHANT, store=store, settings=Settings(), clock=demo_clock())
        result = finder.build_segments(ctx, scene=SCENE)
        total, total_cpu = time.perf_counter() - began, _cpu() - cpu
    finally:
        finder.merchant_profiles = original
    return {
        "seconds": total,
        "cpu": total_cpu,
        "profiles": sum(wall for wall, _ in spent),
        "profiles_cpu": sum(used for _, used in spent),
        "size": float(result.segments[0].stats.size),
    }


def _add_orders(store: Any, count: int) -> None:
    from copilot.clock import demo_clock
    from copilot.store.models import Customer, Order, OrderItem, Product

    now, rng, tag = demo_clock().now(), np.random.default_rng(count), uuid.uuid4().hex[:8]
    with store.engine.begin() as conn:
        customers = conn.execute(select(Customer.id).where(Customer.merchant_id == MERCHANT).limit(50_000)).scalars()
        chosen = rng.choice(list(customers), size=count, replace=False)
        products = list(conn.execute(select(Product.id).where(Product.merchant_id == MERCHANT)).scalars())
        orders, lines = [], []
        for i, customer in enumerate(chosen):
            oid = f"bench_{tag}_{i}"
            at = now - timedelta(minutes=int(rng.integers(1, 600)))
            orders.append({"id": oid, "merchant_id": MERCHANT, "customer_id": str(customer), "created_at": at,
                           "status": "paid", "channel": "search", "total_amount": Decimal("199")})  # fmt: skip
            lines.append({"id": f"{oid}/1", "merchant_id": MERCHANT, "order_id": oid,
                          "product_id": str(rng.choice(products)), "quantity": 1, "unit_price": Decimal("199"),
                          "amount": Decimal("199")})  # fmt: skip
        conn.execute(insert(Order), orders)
        conn.execute(insert(OrderItem), lines)


def _add_event(store: Any) -> None:
    from copilot.clock import demo_clock
    from copilot.store.models import Event, Product

    with store.engine.begin() as conn:
        product = conn.execute(select(Product.id).where(Product.merchant_id == MERCHANT).limit(1)).scalar_one()
        customer = conn.execute(select(Event.customer_id).where(Event.merchant_id == MERCHANT).limit(1)).scalar_one()
        conn.execute(
            insert(Event).values(id=f"bench_{uuid.uuid4().hex[:12]}", merchant_id=MERCHANT, customer_id=customer,
                                 product_id=product, kind="view", created_at=demo_clock().now() - timedelta(minutes=1))
        )  # fmt: skip


def child(mode: str, path: str, change: str) -> dict[str, Any]:
    """One measurement in this (fresh) process; printed as JSON by `--child`."""
    from copilot.clock import demo_clock
    from copilot.segments import state
    from copilot.segments.config import load_config
    from copilot.store import Store

    store = Store.open(f"sqlite:///{path}", migrate=False)
    finder = _finder()
    if mode == "build":
        params = load_config().profile_params
        began, cpu = time.perf_counter(), _cpu()
        state.refresh(store, MERCHANT, demo_clock().now(), params.kind_weights, params.half_life_days)
        stored, stored_cpu = time.perf_counter() - began, _cpu() - cpu
        _ask(store, finder)
        return {
            "seconds": stored,
            "cpu": stored_cpu,
            "first": time.perf_counter() - began,
            "first_cpu": _cpu() - cpu,
            "rss": _rss_mib(),
        }
    if mode == "precision":
        return _precision(store)
    if mode == "baseline":
        from copilot.segments.rebuild import rebuild_profiles

        finder.merchant_profiles = rebuild_profiles
    first = _ask(store, finder)
    (_add_orders(store, NEW_ORDERS) if change == "orders" else _add_event(store))
    after = _ask(store, finder)
    return {"first": first, "after": after, "rss": _rss_mib()}


def _precision(store: Any) -> dict[str, Any]:
    from benchmarks.segments import SCENES, baseline, core_category, quality, segment_rows, truth_rows

    finder, rows = _finder(), []
    for merchant, text, scene in SCENES:
        from copilot.clock import demo_clock
        from copilot.config import Settings
        from copilot.context import Context

        data = finder.profiles_for(Context(merchant_id=merchant, store=store, settings=Settings(), clock=demo_clock()))
        truth = truth_rows(store, data)[scene]
        ours = quality(segment_rows(store, merchant, scene=text), truth)
        matched = quality(baseline(data, core_category(merchant, scene), ours.size), truth)
        rows.append([merchant, text, ours.size, ours.precision, matched.precision])
    return {"rows": rows}


LOADS: list[float] = []


def _run(mode: str, path: Path, change: str = "") -> dict[str, Any]:
    LOADS.append(os.getloadavg()[0])
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path), change],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COPILOT_DATA_DIR": str(path.parent / "data")},
    )
    LOADS.append(os.getloadavg()[0])
    if done.returncode:
        raise SystemExit(f"{mode} on {path.name} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _prepare(source: Path, folder: Path, name: str) -> Path:
    from copilot.store.db import upgrade

    copy = folder / name
    shutil.copyfile(source, copy)
    upgrade(f"sqlite:///{copy}")
    return copy


def _demo_source(path: Path | None) -> Path:
    if path is not None:
        return path
    source = BENCH_DIR / "segments-scale-demo.db"
    if not source.exists():
        from copilot.demo.build import build_demo
        from copilot.store import Store

        source.parent.mkdir(parents=True, exist_ok=True)
        build_demo(Store.open(f"sqlite:///{source}"))
    return source


def _verdict(value: float, goal: float) -> str:
    return "met" if value < goal else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=Path, required=True, help="a large demo store (build_store.py --keep)")
    parser.add_argument("--demo", type=Path, help="the 45k demo store (built into data/bench/ when missing)")
    add_record_flag(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="segments-scale-") as tmp:
        folder = Path(tmp)
        large = _prepare(args.large, folder, "large.db")
        build = _run("build", large)
        new_large = _run("new", large, "orders")
        old_large = _run("baseline", large, "orders")
        demo = _prepare(_demo_source(args.demo), folder, "demo.db")
        build_demo = _run("build", demo)
        new_demo = _run("new", demo, "event")
        old_demo = _run("baseline", demo, "event")
        precision = _run("precision", demo)["rows"]

    def row(label: str, new: dict[str, float], old: dict[str, float], rss: tuple[float, float] | None) -> str:
        memory = f" | {rss[0]:,.0f} | {rss[1]:,.0f}" if rss else " | | "
        return (
            f"| {label} | {new['seconds']:.2f} | {new['cpu']:.2f} | {new['profiles']:.2f} | {new['profiles_cpu']:.2f} "
            f"| {old['seconds']:.2f} | {old['cpu']:.2f} | {old['profiles']:.2f} "
            f"| {old['seconds'] / new['seconds']:.1f}x | {old['cpu'] / new['cpu']:.1f}x{memory} |"
        )

    def both(run: dict[str, float]) -> str:
        return f"{run['seconds']:.2f} s ({run['cpu']:.2f} s CPU)"

    large_rss = (new_large["rss"], old_large["rss"])
    ratios = [ours / matched for *_, ours, matched in precision if matched > 0]
    worse = sum(1 for *_, ours, matched in precision if ours < matched)
    verdict = [
        f"load average (1 min) sampled before and after each child process: {min(LOADS):.1f} to {max(LOADS):.1f} "
        f"on {os.cpu_count()} CPUs",
        f"1M-order store, first answer: {both(new_large['first'])} (goal < 5 s: "
        f"{_verdict(new_large['first']['seconds'], 5)}), peak RSS {new_large['rss']:,.0f} MiB (goal < 1,536: "
        f"{_verdict(new_large['rss'], 1536)}); former full rebuild {both(old_large['first'])}, "
        f"{old_large['rss']:,.0f} MiB",
        f"after {NEW_ORDERS:,} new orders: {both(new_large['after'])} (goal < 1 s: "
        f"{_verdict(new_large['after']['seconds'], 1)}); former {both(old_large['after'])}",
        f"45k demo store after one new event: {both(new_demo['after'])} (goal < 1 s: "
        f"{_verdict(new_demo['after']['seconds'], 1)}); former {both(old_demo['after'])}",
        f"the store's first audience question ever ({MERCHANT}) builds the persisted profiles once: "
        f"{build['seconds']:.1f} s ({build['cpu']:.1f} s CPU) on the 1M-order store ({build['first']:.1f} s, "
        f"{build['first_cpu']:.1f} s CPU with the question, embedding the catalog, search texts and the scene's "
        f"query texts once; peak RSS {build['rss']:,.0f} MiB), {build_demo['seconds']:.1f} s on the "
        f"demo store ({build_demo['first']:.1f} s)",
        f"scene precision / size-matched purchase baseline precision, mean over {len(ratios)} scenes: "
        f"{statistics.mean(ratios):.2f}x; the segment is less precise than the baseline in {worse} of "
        f"{len(precision)} scenes (profiles equal the former rebuild's, so these are the former figures too)",
    ]
    section = [
        "## Audience questions at store scale: persisted incremental profiles vs the former full rebuild",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        f"- commit: {git_commit()}",
        *(f"- {line}" for line in verdict),
        "",
        "| question (scene 露营过夜, m_outdoor), fresh process | new s | new CPU s | of which profiles s "
        "| of which profiles CPU s | former s | former CPU s | of which profiles s | speed-up | CPU speed-up "
        "| new peak RSS MiB | former peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        row("1M-order store, first question", new_large["first"], old_large["first"], large_rss),
        row(f"1M-order store, after {NEW_ORDERS:,} new orders", new_large["after"], old_large["after"], None),
        row("45k demo store, first question", new_demo["first"], old_demo["first"], (new_demo["rss"], old_demo["rss"])),
        row("45k demo store, after 1 new event", new_demo["after"], old_demo["after"], None),
        "",
        "| merchant | scene text | segment size | precision | size-matched baseline precision | ratio |",
        "|---|---|---:|---:|---:|---:|",
        *(
            f"| {m} | {text} | {size:,.0f} | {ours:.2f} | {matched:.2f} | {ours / matched if matched else 0:.2f}x |"
            for m, text, size, ours, matched in precision
        ),
        "",
    ]
    print("\n".join(section))
    save("segments_scale", "\n".join(section), record=args.record)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        print(json.dumps(child(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "")))
    else:
        main()
