"""The chat API under a realistic mix of work: sales, trends with charts, documents, segments, campaign drafts,
creatives and approvals, through the real API (`uvicorn server:app`, one worker, MALLOC_ARENA_MAX=2).

Usage: `python benchmarks/load_mix.py [--streams 100] [--seconds 120] [--baseline PATH] [--record]`

Each checkout (this one and, with `--baseline`, another, e.g. `git worktree add /tmp/base <commit>`) gets its
own data folder: its own demo store with product illustrations (`copilot demo`), m_outdoor's demo documents
ingested and an API key. Its server is started twice:
1. one turn of each kind in sequence (a fresh server): the server's RSS after each, as a merchant's first
   session would grow it;
2. `--streams` concurrent clients for `--seconds`: each client picks a scenario at random (weights in
   SCENARIOS): a sales, trend, document or segment question in a thread of its own, or a campaign flow in one
   thread: draft a campaign, generate creatives for it, submit the budget and approve it (POST
   /v1/threads/{id}/approvals). Every turn is an SSE stream; it counts as an error unless it ends with `done`
   and an answer (the budget submission: or with `approval_requested`; the decision: HTTP 200 with an answer).
   A submission the budget checks refuse (the merchant's daily cap already committed by the approvals before it)
   is answered, so not an error; it is counted apart.
   p50/p95 per kind, errors by reason, and the peak RSS of the worker with its child processes (an older
   checkout's promotion fit worker and multiprocessing's resource tracker), sampled every 100 ms; the worker's own
   peak and its children's are reported beside it. The goal is read on the sum. The promotion models the sequence
   fitted are deleted before the mix, as new orders on a live store make them stale, so the mix's first campaign
   draft refits (the fits counted in the table: a model file written during the mix).
Goals (this checkout): 0 errors, peak RSS < 600 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

try:
    from benchmarks._report import add_record_flag, percentile, write_section
    from benchmarks._server import ROOT, RssSampler, ServerProcess
    from benchmarks.startup import prepare
except ModuleNotFoundError:
    from _report import add_record_flag, percentile, write_section  # type: ignore[no-redef]
    from _server import ROOT, RssSampler, ServerProcess  # type: ignore[no-redef]
    from startup import prepare  # type: ignore[no-redef]

RSS_GOAL_MB = 600
MERCHANT = "m_outdoor"
Ask = Callable[[random.Random], str]
SALES: tuple[Ask, ...] = (
    lambda r: "上个月GMV是多少？",
    lambda r: f"What was our GMV by channel in the last {r.randint(7, 120)} days?",
    lambda r: f"上个月卖得最好的{r.randint(3, 15)}个商品是什么？",
    lambda r: f"最近{r.randint(7, 120)}天各品类的退款率",
    lambda r: "上个月GMV最高的5个地区是哪些？",
)
TRENDS: tuple[Ask, ...] = (
    lambda r: f"最近{r.randint(7, 90)}天每天的GMV",
    lambda r: "Show monthly GMV this year",
    lambda r: f"Weekly paid orders over the last {r.randint(4, 12)} weeks",
    lambda r: "按月看今年的客单价",
)
DOCUMENTS: tuple[Ask, ...] = (
    lambda r: "What is our brand colour?",
    lambda r: "我们的退货政策是怎么规定的？质量问题运费最高赔多少",
    lambda r: "What did the 618 review say about ROI?",
    lambda r: "去年双11复盘说了什么",
)
SEGMENTS: tuple[Ask, ...] = (
    lambda r: "Who would buy trekking poles?",
    lambda r: "帮我给新款冲锋衣找目标人群",
    lambda r: "帮我找户外出游防晒的人群",
)


def campaign_request(rng: random.Random) -> str:
    return (
        f"双12前帮我做一个{rng.choice(['防晒', '帐篷', '冲锋衣', '登山杖'])}品类的推广方案，预算{rng.randint(1, 5)}万"
    )


KINDS = ("sales", "trend", "documents", "segments", "campaign draft", "creatives", "approval")
SINGLE: dict[str, tuple[Ask, ...]] = {"sales": SALES, "trend": TRENDS, "documents": DOCUMENTS, "segments": SEGMENTS}
SCENARIOS = {"sales": 30, "trend": 20, "documents": 15, "segments": 10, "campaign flow": 25}


@dataclass
class Mix:
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    errors: Counter[tuple[str, str]] = field(default_factory=Counter)
    refused_budgets: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    own_peak_rss_mb: float = 0.0
    children_peak_rss_mb: float = 0.0
    promotion_fits: int = 0


@dataclass
class Turn:
    failure: str = "no done event"
    approval_id: str = ""
    answer: str = ""


async def send(client: httpx.AsyncClient, thread: str, text: str, *, approval: bool = False) -> Turn:
    """One turn over SSE; `approval`: the turn may end asking for an approval (`approval_id`) instead of
    answering."""
    turn = Turn()
    async with client.stream("POST", f"/v1/threads/{thread}/messages", json={"content": text}) as response:
        if response.status_code != 200:
            turn.failure = f"HTTP {response.status_code}"
        event = ""
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif not line.startswith("data:"):
                continue
            elif event == "error":
                turn.failure = f"error event {json.loads(line[5:]).get('code', '?')}"
            elif event == "approval_requested":
                turn.approval_id = str(json.loads(line[5:])["approval_id"])
            elif event == "done" and response.status_code == 200 and turn.failure == "no done event":
                turn.answer = str(json.loads(line[5:]).get("answer") or "")
                turn.failure = "" if turn.answer or (approval and turn.approval_id) else "done without an answer"
    return turn


async def decide(client: httpx.AsyncClient, thread: str, approval_id: str) -> Turn:
    body = {"approval_id": approval_id, "decision": "approve", "decided_by": "load", "stream": False}
    response = await client.post(f"/v1/threads/{thread}/approvals", json=body)
    if response.status_code != 200:
        return Turn(failure=f"HTTP {response.status_code}")
    return Turn(failure="" if response.json().get("answer") else "decision without an answer")


async def timed(mix: Mix, kind: str, call: Callable[[], object]) -> Turn:
    start = time.perf_counter()
    try:
        turn = await call()  # type: ignore[misc]
    except httpx.HTTPError as exc:
        turn = Turn(failure=type(exc).__name__)
    if turn.failure:
        mix.errors[kind, turn.failure] += 1
    else:
        mix.latencies_ms[kind].append((time.perf_counter() - start) * 1000)
    return turn


async def new_thread(client: httpx.AsyncClient, title: str) -> str:
    created = await client.post("/v1/threads", json={"title": title})
    created.raise_for_status()
    return str(created.json()["id"])


async def scenario(client: httpx.AsyncClient, mix: Mix, name: str, rng: random.Random) -> None:
    thread = await new_thread(client, f"load {name}")
    if name in SINGLE:
        text = rng.choice(SINGLE[name])(rng)
        await timed(mix, name, lambda: send(client, thread, text))
        return
    drafted = await timed(mix, "campaign draft", lambda: send(client, thread, campaign_request(rng)))
    if drafted.failure:
        return
    await timed(mix, "creatives", lambda: send(client, thread, "生成3套创意"))
    submitted = await timed(mix, "approval", lambda: send(client, thread, "提交预算", approval=True))
    if submitted.approval_id:
        await timed(mix, "approval", lambda: decide(client, thread, submitted.approval_id))
    elif not submitted.failure:
        mix.refused_budgets += 1


async def client_loop(client: httpx.AsyncClient, worker: int, deadline: float, mix: Mix) -> None:
    rng = random.Random(worker)
    names, weights = list(SCENARIOS), list(SCENARIOS.values())
    while time.monotonic() < deadline:
        try:
            await scenario(client, mix, rng.choices(names, weights)[0], rng)
        except httpx.HTTPError as exc:
            mix.errors["thread", type(exc).__name__] += 1


def _client(server: ServerProcess, key: str, streams: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=streams + 10, max_keepalive_connections=streams + 10)
    headers = {"Authorization": f"Bearer {key}"}
    return httpx.AsyncClient(base_url=server.base_url, headers=headers, timeout=600.0, limits=limits)


async def sequence(server: ServerProcess, key: str) -> list[tuple[str, float, float]]:
    """One turn of each kind in order on a fresh server: (kind, seconds, server RSS MB after it)."""
    assert server.process is not None
    process = psutil.Process(server.process.pid)
    rows = [("server started", 0.0, process.memory_info().rss / 1e6)]
    rng = random.Random(1)
    async with _client(server, key, 1) as client:
        mix = Mix()
        thread = await new_thread(client, "sequence")
        texts = {"sales": "上个月GMV是多少？", "trend": "最近30天每天的GMV", "documents": "What is our brand colour?",
                 "segments": "Who would buy trekking poles?", "campaign draft": campaign_request(rng),
                 "creatives": "生成3套创意"}  # fmt: skip
        for kind, text in texts.items():
            start = time.perf_counter()
            await timed(mix, kind, lambda text=text: send(client, thread, text))  # type: ignore[misc]
            rows.append((kind, time.perf_counter() - start, process.memory_info().rss / 1e6))
        start = time.perf_counter()
        submitted = await timed(mix, "approval", lambda: send(client, thread, "提交预算", approval=True))
        if submitted.approval_id:
            await timed(mix, "approval", lambda: decide(client, thread, submitted.approval_id))
        rows.append(("approval", time.perf_counter() - start, process.memory_info().rss / 1e6))
    if mix.errors:
        raise RuntimeError(f"the sequence failed: {dict(mix.errors)}")
    return rows


async def drive(server: ServerProcess, key: str, streams: int, seconds: float) -> Mix:
    assert server.process is not None
    mix = Mix()
    async with _client(server, key, streams) as client:
        with RssSampler(server.process.pid) as sampler:
            start = time.monotonic()
            deadline = start + seconds
            await asyncio.gather(*(client_loop(client, worker, deadline, mix) for worker in range(streams)))
            mix.seconds = time.monotonic() - start
        mix.peak_rss_mb = sampler.peak_mb
        mix.own_peak_rss_mb, mix.children_peak_rss_mb = sampler.own_peak_mb, sampler.children_peak_mb
    return mix


def _server(tree: Path, data: Path) -> ServerProcess:
    env = {"COPILOT_API_RATE_PER_MINUTE": "1000000", "COPILOT_API_RATE_BURST": "100000", "MALLOC_ARENA_MAX": "2"}
    server = ServerProcess(db_path=data / "store.db", data_dir=data, env=env, root=tree, log_path=data / "server.log")
    server.start(timeout_s=300.0)
    return server


def measure(tree: Path, data: Path, streams: int, seconds: float) -> tuple[list[tuple[str, float, float]], Mix]:
    key = prepare(tree, data)
    server = _server(tree, data)
    try:
        steps = asyncio.run(sequence(server, key))
    finally:
        server.stop()
    models = data / "promotion"
    for model in models.glob("*.json"):
        model.unlink()  # as after new orders on a live store: the mix's first forecast refits the model
    began = time.time()
    server = _server(tree, data)
    try:
        mix = asyncio.run(drive(server, key, streams, seconds))
    finally:
        server.stop()
    mix.promotion_fits = sum(1 for model in models.glob("*.json") if model.stat().st_mtime >= began)
    return steps, mix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--baseline", type=Path, help="another checkout to measure the same way (a git worktree)")
    add_record_flag(parser)
    args = parser.parse_args()
    trees = {"this tree": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    results = {}
    with tempfile.TemporaryDirectory(prefix="load-mix-") as tmp:
        for name, tree in trees.items():
            results[name] = measure(tree, Path(tmp) / name.replace(" ", "-"), args.streams, args.seconds)
            print(name, "done", flush=True)
    names = list(trees)
    steps = ["| step | " + " | ".join(f"{n}: s | {n}: RSS MB" for n in names) + " |",
             "|---|" + "---:|---:|" * len(names)]  # fmt: skip
    for i, (kind, _, _) in enumerate(results[names[0]][0]):
        cells = " | ".join(f"{results[n][0][i][1]:.2f} | {results[n][0][i][2]:,.0f}" for n in names)
        steps.append(f"| {kind} | {cells} |")
    load = ["| checkout | kind | turns ok | p50 ms | p95 ms | errors |", "|---|---|---:|---:|---:|---:|"]
    summary = [
        "| checkout | turns ok | per s | budgets refused by the daily cap | errors | peak RSS MB | worker alone MB "
        "| its child processes MB | promotion fits in the mix |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    verdicts = []
    for name in names:
        mix = results[name][1]
        for kind in KINDS:
            samples = mix.latencies_ms[kind]
            errors = sum(n for (k, _), n in mix.errors.items() if k == kind)
            p50, p95 = (f"{percentile(samples, q):,.0f}" if samples else "-" for q in (0.5, 0.95))
            load.append(f"| {name} | {kind} | {len(samples):,} | {p50} | {p95} | {errors} |")
        ok = sum(len(v) for v in mix.latencies_ms.values())
        errors = sum(mix.errors.values())
        summary.append(
            f"| {name} | {ok:,} | {ok / mix.seconds:.2f} | {mix.refused_budgets} | {errors} | {mix.peak_rss_mb:,.0f} "
            f"| {mix.own_peak_rss_mb:,.0f} | {mix.children_peak_rss_mb:,.0f} | {mix.promotion_fits} |"
        )
        why = ", ".join(f"{kind} {reason}: {n}" for (kind, reason), n in mix.errors.most_common())
        verdicts.append(
            f"{name}: errors 0 ({'met' if not errors else f'NOT met: {errors} ({why})'}), peak RSS < {RSS_GOAL_MB} MB "
            f"({'met' if mix.peak_rss_mb < RSS_GOAL_MB else 'NOT met'}: {mix.peak_rss_mb:,.0f} MB)"
        )
    tables = ["\n".join(steps), "\n".join(summary), "\n".join(load)]
    print(*tables, *verdicts, sep="\n\n")
    bullets = [
        f"{args.streams} concurrent SSE streams for {args.seconds:.0f} s, one uvicorn worker, MALLOC_ARENA_MAX=2, "
        f"offline model, demo store with illustrations, {MERCHANT}'s demo documents; scenario weights "
        + ", ".join(f"{name} {weight}" for name, weight in SCENARIOS.items())
        + " (a campaign flow: draft, creatives, budget submission and its approval in one thread)",
        "first table: one turn of each kind in sequence on a fresh server (RSS after each); CPUs shared with "
        "other users: latencies are queueing under load, compare ratios",
        *verdicts,
    ]
    write_section("load_mix", "Chat API under a realistic mix (uvicorn, one worker)", bullets, tables,
                  record=args.record)  # fmt: skip


if __name__ == "__main__":
    main()
