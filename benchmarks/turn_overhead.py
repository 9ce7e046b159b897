"""Per-turn overhead of the copilot's graph + SQLite checkpoint + one tool, against LangChain's prebuilt agent.

Usage: `python benchmarks/turn_overhead.py [--turns N] [--repeat R] [--turns-per-thread T] [--postgres [URL]]
        [--record]`

Every variant runs the same turn, with the same instant scripted model and the same trivial tool that reads
the injected merchant id: the model asks for the tool, the tool answers, the model answers (two model calls,
one tool call). Variants, measured round-robin in the same process so drift hits all of them alike:

- `bare`: the model and the tool called directly, no graph, no checkpoint (the floor);
- `copilot graph`: `make_builder(...)` compiled with a `SqliteSaver` on a temp file, `invoke(durability="sync")`;
- `copilot service`: `Copilot.ask` on that graph (the pending-approval check, the stream of updates, events),
  as the JSON API, Slack, DingTalk and the evals run a turn;
- `copilot service, token stream`: `Copilot.stream` consumed whole, with the token events the web chat and the
  SSE API stream (LangGraph's `messages` mode on top of `updates`);
- `create_agent`: `langchain.agents.create_agent` with the same model, tool, context schema and a
  `SqliteSaver` on its own temp file, `invoke(durability="sync")`; and the same agent streamed in the copilot's
  stream modes (updates + messages), the baseline of the copilot's token stream;
- with `--postgres`: the copilot graph and service again, on a fresh PostgreSQL database with the production
  checkpointer (`open_checkpointer`: langgraph's `PostgresSaver` on a psycopg pool) — the production path.

Conversations are `T` turns long (the history grows within a thread as in real use). Prints median and p95
milliseconds per turn and writes the table with the date, machine and git commit to reports/bench/ (`--record`:
also BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from langchain.agents import create_agent
from langchain.tools import ToolRuntime, tool
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver

from copilot.checkpoints import connect_sqlite_checkpoints, open_checkpointer
from copilot.config import Settings
from copilot.context import Context
from copilot.graph import make_builder
from copilot.service import Copilot, collect, thread_key
from copilot.store import Store
from copilot.store.pgadmin import create_database, drop_database
from copilot.toolset import Toolset

try:
    from benchmarks._report import add_record_flag, git_commit, machine, save
except ImportError:  # run as a script from benchmarks/
    from _report import add_record_flag, git_commit, machine, save  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
MERCHANT = "m_bench"
SYSTEM = "You are a benchmark copilot. Use the tool, then answer."
SERVICE = "copilot service (Copilot.ask)"
STREAMED = "copilot service, token stream (Copilot.stream, as the SSE API)"
AGENT = "create_agent (invoke, sync checkpoint)"
AGENT_STREAMED = "create_agent, token stream (stream of updates + messages)"
PG_SERVER_URL = os.environ.get("COPILOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@tool
def double(x: int, runtime: ToolRuntime[Context]) -> str:
    """Double a number for the merchant."""
    return f"{runtime.context.merchant_id}: {2 * x}"


class InstantModel(BaseChatModel):
    """Calls `double` after a human message and answers after a tool message, with no latency of its own."""

    @property
    def _llm_type(self) -> str:
        return "instant-scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> InstantModel:
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=reply(messages))])


def reply(messages: Sequence[BaseMessage]) -> AIMessage:
    last = messages[-1]
    if isinstance(last, ToolMessage):
        return AIMessage(f"The answer is {last.content}.")
    call = {"name": "double", "args": {"x": len(messages)}, "id": f"call_{len(messages)}", "type": "tool_call"}
    return AIMessage("", tool_calls=[call])


@dataclass
class Variant:
    name: str
    run_turn: Callable[[str, str], str]
    samples_ms: list[float]
    run_medians_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)


def bare_turn(model: InstantModel, ctx: Context) -> Callable[[str, str], str]:
    """The floor: two model calls and one tool call, no graph and no checkpoint."""

    def run(thread: str, text: str) -> str:
        messages: list[BaseMessage] = [HumanMessage(text)]
        ai = model.invoke(messages)
        assert isinstance(ai, AIMessage)
        call = ai.tool_calls[0]
        runtime = ToolRuntime(
            state={}, context=ctx, config={}, stream_writer=lambda _: None, tool_call_id=call["id"], store=None
        )
        result = double.func(**call["args"], runtime=runtime)  # type: ignore[union-attr]
        messages += [ai, ToolMessage(result, tool_call_id=call["id"] or "")]
        return str(model.invoke(messages).content)

    return run


def copilot_for(
    model: InstantModel, store: Store, checkpoint_path: Path, settings: Settings, *, tuned: bool = True
) -> Copilot:
    """The copilot on a `SqliteSaver`: the production connection (`tuned`) or sqlite3's defaults."""
    conn = (
        connect_sqlite_checkpoints(checkpoint_path)
        if tuned
        else sqlite3.connect(checkpoint_path, check_same_thread=False)
    )
    return copilot_on(model, store, SqliteSaver(conn), settings)


def copilot_on(model: InstantModel, store: Store, saver: BaseCheckpointSaver, settings: Settings) -> Copilot:
    graph = make_builder(Toolset([double]), lambda ctx: model, lambda ctx: SYSTEM).compile(checkpointer=saver)
    return Copilot(settings=settings, store=store, checkpointer=saver, graph=graph)


def postgres_variants(model: InstantModel, server_url: str, folder: Path, stack: ExitStack) -> list[Variant]:
    """The copilot graph and service on a fresh PostgreSQL database (dropped when `stack` closes), with the
    production checkpointer factory."""
    name = f"copilot_bench_turns_{uuid.uuid4().hex[:8]}"
    url = create_database(server_url, name)
    stack.callback(drop_database, server_url, name)
    settings = Settings(data_dir=folder / "pg-data", db_url=url)
    store = Store.open(url)
    stack.callback(store.close)
    saver = stack.enter_context(open_checkpointer(settings))
    copilot = copilot_on(model, store, saver, settings)
    return [
        Variant("copilot graph on PostgreSQL (PostgresSaver pool, sync checkpoint)", graph_turn(copilot), []),
        Variant("copilot service on PostgreSQL (Copilot.ask)", service_turn(copilot), []),
    ]


def graph_turn(copilot: Copilot) -> Callable[[str, str], str]:
    def run(thread: str, text: str) -> str:
        config = {"configurable": {"thread_id": thread_key(MERCHANT, thread)}}
        state = copilot.graph.invoke(
            {"messages": [HumanMessage(text)]}, config, context=copilot.context(MERCHANT), durability="sync"
        )
        return str(state["messages"][-1].content)

    return run


def service_turn(copilot: Copilot) -> Callable[[str, str], str]:
    def run(thread: str, text: str) -> str:
        return copilot.ask(MERCHANT, thread, text).answer

    return run


def streamed_turn(copilot: Copilot) -> Callable[[str, str], str]:
    def run(thread: str, text: str) -> str:
        return collect(copilot.stream(MERCHANT, thread, text)).answer

    return run


def prebuilt_turn(
    model: InstantModel, ctx: Context, checkpoint_path: Path, *, tokens: bool = False
) -> Callable[[str, str], str]:
    """create_agent's turn: `invoke`, or with `tokens` its `stream` in the copilot's modes (updates + messages)."""
    saver = SqliteSaver(connect_sqlite_checkpoints(checkpoint_path))
    agent = create_agent(model, [double], system_prompt=SYSTEM, context_schema=Context, checkpointer=saver)

    def run(thread: str, text: str) -> str:
        config = {"configurable": {"thread_id": thread_key(MERCHANT, thread)}}
        payload = {"messages": [HumanMessage(text)]}
        if not tokens:
            state = agent.invoke(payload, config, context=ctx, durability="sync")
            return str(state["messages"][-1].content)
        answer = ""
        for mode, chunk in agent.stream(
            payload, config, context=ctx, stream_mode=["updates", "messages"], durability="sync"
        ):
            if mode == "updates":
                for update in chunk.values():
                    for message in (update or {}).get("messages", []):
                        if isinstance(message, AIMessage) and not message.tool_calls:
                            answer = str(message.content)
        return answer

    return run


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(variants: list[Variant], turns: int, per_thread: int, warmup: int, run: int = 0) -> None:
    """Round-robin over variants, one turn each, `turns` measured turns per variant after `warmup`; the
    median of this run is kept per variant (threads are named by `run`, so every run starts fresh ones)."""
    first = {v.name: len(v.samples_ms) for v in variants}
    for n in range(warmup + turns):
        thread = f"r{run}t{n // per_thread}" if n >= warmup else f"r{run}warm{n}"
        for variant in variants:
            cpu_start, start = time.process_time(), time.perf_counter()
            answer = variant.run_turn(thread, f"question {n}")
            elapsed = (time.perf_counter() - start) * 1000
            cpu = (time.process_time() - cpu_start) * 1000
            if not answer.startswith("The answer is"):
                raise RuntimeError(f"{variant.name}: unexpected answer {answer!r}")
            if n >= warmup:
                variant.samples_ms.append(elapsed)
                variant.cpu_ms.append(cpu)
    for variant in variants:
        variant.run_medians_ms.append(statistics.median(variant.samples_ms[first[variant.name] :]))


def table(variants: list[Variant]) -> str:
    """Median of the per-run medians with their range, p95 over every turn, the cost over the bare floor, and the
    median CPU time of a turn (the process's, checkpoint threads included: what other load on the machine does
    not inflate)."""
    floor = statistics.median(variants[0].run_medians_ms)
    lines = [
        "| variant | turns | median ms (range over runs) | p95 ms | median over bare ms | median CPU ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for v in variants:
        median = statistics.median(v.run_medians_ms)
        spread = f"{min(v.run_medians_ms):.2f}-{max(v.run_medians_ms):.2f}"
        lines.append(
            f"| {v.name} | {len(v.samples_ms)} | {median:.2f} ({spread}) | {percentile(v.samples_ms, 0.95):.2f} | "
            f"{median - floor:.2f} | {statistics.median(v.cpu_ms):.2f} |"
        )
    return "\n".join(lines)


def verdict(variants: list[Variant]) -> str:
    """The goal (service median <= 30 ms and <= 1.2x create_agent) and whether it is met, with and without tokens;
    the ratio of CPU times is given beside the ratio of wall times."""
    medians = {v.name: statistics.median(v.run_medians_ms) for v in variants}
    cpu = {v.name: statistics.median(v.cpu_ms) for v in variants}
    parts = []
    for name, baseline, label in ((SERVICE, AGENT, "Copilot.ask"), (STREAMED, AGENT_STREAMED, "token stream")):
        ratio = medians[name] / medians[baseline]
        met = medians[name] <= 30 and ratio <= 1.2
        parts.append(
            f"{label} {'met' if met else 'NOT met'} ({medians[name]:.1f} ms, {ratio:.2f}x wall, "
            f"{cpu[name] / cpu[baseline]:.2f}x CPU of {baseline})"
        )
    return "goal (copilot service median <= 30 ms and <= 1.2x create_agent): " + "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--turns", type=int, default=300, help="measured turns per variant")
    parser.add_argument("--turns-per-thread", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="runs of --turns turns; medians over the runs")
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=PG_SERVER_URL,
        default=None,
        metavar="URL",
        help=f"also measure on a fresh database of this PostgreSQL server (default {PG_SERVER_URL})",
    )
    add_record_flag(parser)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="turn-overhead-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        settings = Settings(data_dir=folder / "data")
        store = Store.open(f"sqlite:///{folder / 'store.db'}")
        model = InstantModel()
        ctx = Context(merchant_id=MERCHANT, store=store, settings=settings)

        # Each variant has a checkpoint file of its own, as create_agent has: a shared file would grow (and
        # checkpoint its WAL) several times as fast as the baseline's.
        def own_copilot(name: str, *, tuned: bool = True) -> Copilot:
            return copilot_for(model, store, folder / f"{name}-checkpoints.db", settings, tuned=tuned)

        untuned = own_copilot("untuned", tuned=False)
        variants = [
            Variant("bare (model + tool, no graph)", bare_turn(model, ctx), []),
            Variant("copilot graph (invoke, sync checkpoint)", graph_turn(own_copilot("graph")), []),
            Variant(SERVICE, service_turn(own_copilot("service")), []),
            Variant(STREAMED, streamed_turn(own_copilot("streamed")), []),
            Variant(AGENT, prebuilt_turn(model, ctx, folder / "agent.db"), []),
            Variant(AGENT_STREAMED, prebuilt_turn(model, ctx, folder / "agent-streamed.db", tokens=True), []),
            Variant("copilot service, sqlite3 default connection (before)", service_turn(untuned), []),
        ]
        if args.postgres:
            variants += postgres_variants(model, args.postgres, folder, stack)
        for run in range(args.repeat):
            measure(variants, args.turns, args.turns_per_thread, args.warmup, run)
        store.close()

    result = table(variants)
    print(result)
    section = "\n".join(
        [
            "## Per-turn overhead: copilot graph vs prebuilt agent (scripted instant model, one tool)",
            "",
            f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"- machine: {machine()}",
            f"- commit: {git_commit()}",
            f"- {args.repeat} runs of {args.turns} turns per variant, {args.turns_per_thread} turns per thread, "
            "SqliteSaver on a temp "
            "file; each turn = 2 model calls + 1 tool call; variants interleaved round-robin",
            "- checkpoint connection: `connect_sqlite_checkpoints` (WAL, synchronous=NORMAL) for the copilot and "
            "create_agent alike, one checkpoint file per variant; the 'before' row keeps sqlite3's defaults "
            "(rollback journal, fsync per commit)",
            *(
                ["- PostgreSQL rows: store and checkpoints on a fresh database of the local server (loopback TCP)"]
                if args.postgres
                else []
            ),
            f"- {verdict(variants)}",
            "",
            result,
            "",
        ]
    )
    save("turn_overhead", section, record=args.record)


if __name__ == "__main__":
    main()
