"""The chat API under load from this process, the server in its own `uvicorn` process on loopback.

Usage: `python benchmarks/load.py [--streams 100] [--seconds 60] [--repeat 2] [--record] [--server-log PATH]`

Builds the demo store (cached under ./data/bench), starts `uvicorn server:app` (offline model, demo 'today')
and, for `--seconds`, keeps `--streams` concurrent clients each sending chat turns as Server-Sent Event
streams (a new thread every 5 turns); a turn counts as an error unless it ends with `done` and an answer, and
every error is counted by its reason (HTTP status, SSE error code, missing answer, client exception). Two
question mixes: `repeated` rotates over five fixed sales questions (the same answers and charts recur, as when
many operators ask the same things), `varied` draws the period and the ranking size at random from wide ranges
(few answers or charts recur). Baseline in the same run: the same concurrency on GET /healthz (the cost of the
server and HTTP alone). Repeated `--repeat` times; medians with the spread (min-max) over the repeats. Peak RSS
of the server process (and its children) is sampled every 100 ms.
Two server configurations, each in its own process, in the same run: MALLOC_ARENA_MAX=2, as deployed
(deploy/copilot.env), and glibc's default of 8 malloc arenas per CPU (the baseline of the RSS figure): every
worker thread that allocates under contention gets an arena of its own, whose freed memory is rarely returned.
Goals (on the deployed configuration): 0 errors, server peak RSS < 600 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

try:
    from benchmarks._report import BENCH_DIR, add_record_flag, percentile, write_section
    from benchmarks._server import RssSampler, ServerProcess
except ModuleNotFoundError:
    from _report import BENCH_DIR, add_record_flag, percentile, write_section  # type: ignore[no-redef]
    from _server import RssSampler, ServerProcess  # type: ignore[no-redef]

from copilot.demo.build import build_demo
from copilot.store import Store
from copilot.web.keys import create_key

QUESTIONS = (
    "上个月GMV是多少？",
    "What was our GMV by channel last month?",
    "上个月卖得最好的3个商品是什么？",
    "最近30天每天的GMV",
    "refund rate by category last month",
)
VARIED = (
    "最近{days}天每天的GMV",
    "What was our GMV by channel in the last {days} days?",
    "上个月卖得最好的{top}个商品是什么？",
    "最近{days}天各品类的退款率",
    "过去{days}天各渠道的GMV",
)
MIXES = ("repeated", "varied")
RSS_GOAL_MB = 600
DEPLOYED = "MALLOC_ARENA_MAX=2 (deployed)"
CONFIGS: dict[str, dict[str, str]] = {DEPLOYED: {"MALLOC_ARENA_MAX": "2"}, "glibc default arenas": {}}


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    error_reasons: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0

    @property
    def errors(self) -> int:
        return sum(self.error_reasons.values())

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


def demo_store(folder: Path) -> Path:
    """A copy of the default demo store (built once into ./data/bench)."""
    cached = BENCH_DIR / "demo_default.db"
    if not cached.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        store = Store.open(f"sqlite:///{partial}")
        build_demo(store)
        store.close()
        partial.rename(cached)
    target = folder / "store.db"
    shutil.copyfile(cached, target)
    return target


def question(mix: str, rng: random.Random, worker: int, turn: int) -> str:
    if mix == "repeated":
        return QUESTIONS[(worker + turn) % len(QUESTIONS)]
    return rng.choice(VARIED).format(days=rng.randint(7, 120), top=rng.randint(3, 15))


async def chat_client(client: httpx.AsyncClient, worker: int, deadline: float, run: Run, mix: str) -> None:
    rng = random.Random(worker)
    turn = 0
    thread = ""
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            if turn % 5 == 0:
                created = await client.post("/v1/threads", json={"title": f"load {worker}"})
                created.raise_for_status()
                thread = created.json()["id"]
            text = question(mix, rng, worker, turn)
            failure = "no done event"
            async with client.stream("POST", f"/v1/threads/{thread}/messages", json={"content": text}) as response:
                if response.status_code != 200:
                    failure = f"HTTP {response.status_code}"
                event = ""
                async for line in response.aiter_lines():
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:") and event == "error":
                        failure = f"error event {json.loads(line[5:]).get('code', '?')}"
                    elif line.startswith("data:") and event == "done" and response.status_code == 200:
                        failure = "" if json.loads(line[5:]).get("answer") else "done without an answer"
            if failure:
                run.error_reasons[failure] += 1
            else:
                run.latencies_ms.append((time.perf_counter() - start) * 1000)
        except httpx.HTTPStatusError as exc:
            run.error_reasons[f"HTTP {exc.response.status_code}"] += 1
        except httpx.HTTPError as exc:
            run.error_reasons[type(exc).__name__] += 1
        turn += 1


async def health_client(client: httpx.AsyncClient, deadline: float, run: Run) -> None:
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            response = await client.get("/healthz")
            if response.status_code == 200:
                run.latencies_ms.append((time.perf_counter() - start) * 1000)
            else:
                run.error_reasons[f"HTTP {response.status_code}"] += 1
        except httpx.HTTPError as exc:
            run.error_reasons[type(exc).__name__] += 1


async def drive(base_url: str, key: str, streams: int, seconds: float, mix: str | None, pid: int) -> Run:
    """`streams` clients for `seconds`: chat turns of the question `mix`, or GET /healthz when `mix` is None."""
    run = Run()
    limits = httpx.Limits(max_connections=streams + 10, max_keepalive_connections=streams + 10)
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=300.0, limits=limits) as client:
        with RssSampler(pid) as sampler:
            start = time.monotonic()
            deadline = start + seconds
            if mix is not None:
                jobs = [chat_client(client, worker, deadline, run, mix) for worker in range(streams)]
            else:
                jobs = [health_client(client, deadline, run) for _ in range(streams)]
            await asyncio.gather(*jobs)
            run.seconds = time.monotonic() - start
        run.peak_rss_mb = sampler.peak_mb
    return run


def row(config: str, name: str, runs: list[Run]) -> str:
    def spread(values: list[float], fmt: str) -> str:
        return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})"

    def pct(q: float) -> list[float]:
        return [percentile(r.latencies_ms, q) if r.latencies_ms else float("nan") for r in runs]

    return (
        f"| {config} | {name} | {sum(len(r.latencies_ms) for r in runs):,} | "
        f"{spread([r.throughput for r in runs], ',.1f')} | "
        f"{spread(pct(0.5), ',.0f')} | {spread(pct(0.95), ',.0f')} | {spread(pct(0.99), ',.0f')} | "
        f"{sum(r.errors for r in runs)} | {max(r.peak_rss_mb for r in runs):,.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=2)
    add_record_flag(parser)
    parser.add_argument("--server-log", type=Path, help="keep the server's log at this path (default: discarded)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        folder = Path(tmp)
        db = demo_store(folder)
        store = Store.open(f"sqlite:///{db}")
        key = create_key(store, "m_outdoor", "load").key
        store.close()
        os.environ.pop("MALLOC_ARENA_MAX", None)  # each configuration sets its own
        chats: dict[tuple[str, str], list[Run]] = {}
        healths: dict[str, list[Run]] = {}
        for n, (config, config_env) in enumerate(CONFIGS.items()):
            env = {"COPILOT_API_RATE_PER_MINUTE": "1000000", "COPILOT_API_RATE_BURST": "100000", **config_env}
            server = ServerProcess(  # a data folder each: no configuration finds the other's charts drawn
                db_path=db, data_dir=folder / f"data-{n}", env=env, log_path=args.server_log or folder / "server.log"
            )
            server.start()
            assert server.process is not None
            try:
                pid = server.process.pid
                for _ in range(args.repeat):
                    run = asyncio.run(drive(server.base_url, key, args.streams, 5.0, None, pid))
                    healths.setdefault(config, []).append(run)
                    for mix in MIXES:
                        run = asyncio.run(drive(server.base_url, key, args.streams, args.seconds, mix, pid))
                        chats.setdefault((config, mix), []).append(run)
            finally:
                server.stop()
    table = "\n".join(
        [
            "| server | load | requests ok | per s (range) | p50 ms (range) | p95 ms (range) | p99 ms (range) "
            "| errors | server peak RSS MB |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
            *(
                row(config, f"{args.streams} concurrent chat turns, {mix} questions (SSE)", chats[config, mix])
                for config in CONFIGS
                for mix in MIXES
            ),
            *(row(config, f"baseline: {args.streams} concurrent GET /healthz", healths[config]) for config in CONFIGS),
        ]
    )
    every_chat = [run for mix in MIXES for run in chats[DEPLOYED, mix]]
    reasons = sum((run.error_reasons for run in every_chat), Counter())
    errors = sum(reasons.values())
    peak = max(r.peak_rss_mb for r in every_chat)
    why = f" — {', '.join(f'{reason}: {n}' for reason, n in reasons.most_common())}" if errors else ""
    verdict = (
        f"goals: errors 0 ({'met' if errors == 0 else f'NOT met: {errors}{why}'}), server peak RSS < {RSS_GOAL_MB} MB "
        f"({'met' if peak < RSS_GOAL_MB else 'NOT met'}: {peak:,.0f} MB)"
    )
    print(table, verdict, sep="\n")
    write_section(
        "load",
        "Chat API under load (uvicorn subprocess on loopback, demo store, offline model)",
        [
            f"{args.repeat} runs of {args.seconds:.0f} s per question mix with {args.streams} concurrent streams, "
            "one uvicorn worker; each run preceded by a 5 s /healthz baseline at the same concurrency; "
            "offline model, so a turn's time is the server's own work (SQL, answer, chart), queued",
            "two server processes one after the other: MALLOC_ARENA_MAX=2 as deployed (deploy/copilot.env), "
            "then glibc's default arenas; the goals are judged on the deployed one",
            verdict,
        ],
        [table],
        record=args.record,
    )


if __name__ == "__main__":
    main()
