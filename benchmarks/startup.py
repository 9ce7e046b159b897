"""Cold start: process start to the first answered turn, and the first turns of each costly kind.

Usage: `python benchmarks/startup.py [--baseline PATH] [--repeat 3] [--record]`

For this tree and, with `--baseline`, another checkout (e.g. `git worktree add /tmp/base <commit>`), each in
its own data folder with its own demo store (`copilot demo`) and the demo documents of m_outdoor ingested, a new
Python process (offline model, the demo's 'today') is timed from its start to:
- `import`: `copilot.service` imported (what `copilot chat` imports before its first turn);
- `open`: store, memory, checkpointer and graph built (`open_copilot`);
- `first turn`: "上个月GMV是多少？" answered — the goal: process start to here < 2 s;
- then, in the same process, the first chart turn ("最近30天每天的GMV", a chart drawn), the first document
  search ("What is our brand colour?": the keyword index) and 20 more charts of varied data (`chart_file` CPU
  ms per chart; CPU time, since other people share this machine's CPUs);
- `server`: `uvicorn server:app` started to its first answered chat turn over SSE (a fresh process again).
Bytecode is kept (in the run's own PYTHONPYCACHEPREFIX, even when PYTHONDONTWRITEBYTECODE is set here), as an
installed package has it: without it every process compiled the package's ~180 modules from source (~0.3 s of CPU).
The trees run interleaved round-robin, `--repeat` rounds after one discarded warm-up round; medians with the
range, and each figure's ratio to the baseline's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

try:
    from benchmarks._report import add_record_flag, write_section
except ModuleNotFoundError:
    from _report import add_record_flag, write_section  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 2.0
MERCHANT = "m_outdoor"
FIRST_QUESTION = "上个月GMV是多少？"

SETUP = """
import sys
from copilot.config import get_settings
from copilot.demo_docs import ingest_demo_docs
from copilot.memory import MemoryStore
from copilot.store import Store
try:
    from copilot.web.keys import create_key
except ImportError:
    from copilot.web.keys import create_key
settings = get_settings()
memory = MemoryStore.open(settings)
ingest_demo_docs(memory, [sys.argv[1]])
memory.close()
store = Store.open(settings.database_url)
print(create_key(store, sys.argv[1], "startup").key)
store.close()
"""

PROBE = """
import json, random, resource, sys, time, uuid
started = float(sys.argv[1])
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
marks = {"interpreter": time.time() - started}
from copilot.config import get_settings
from copilot.service import open_copilot
marks["import"] = time.time() - started
settings = get_settings()
with open_copilot(settings) as copilot:
    marks["open"] = time.time() - started
    thread = uuid.uuid4().hex[:12]
    def ask(text):
        began = time.time()
        result = copilot.ask(sys.argv[2], thread, text)
        if not result.answer:
            raise SystemExit(f"no answer to {text!r}")
        return time.time() - began
    ask(sys.argv[3])
    marks["first turn"] = time.time() - started
    marks["first turn CPU"] = cpu()
    marks["first chart turn"] = ask("最近30天每天的GMV")
    before = cpu()
    marks["first document search"] = ask("What is our brand colour?")
    marks["first document search CPU"] = cpu() - before
    from copilot.analytics.charts import chart_file
    labels = [f"2026-10-{day:02d}" for day in range(1, 31)]
    rng = random.Random(7)
    cpu = time.process_time()
    for n in range(20):
        values = [rng.random() * 1e5 for _ in labels]
        if n % 2:
            chart_file(settings.data_dir / "bench-charts", sys.argv[2], "line", title=f"最近{n}天每天的GMV",
                       labels=labels, series={"GMV": values}, currency="CNY")
        else:
            chart_file(settings.data_dir / "bench-charts", sys.argv[2], "bar", title=f"卖得最好的{n}个商品",
                       labels=[f"商品{i}" for i in range(10)], series={"GMV": values[:10]}, currency="CNY")
    marks["chart CPU ms"] = (time.process_time() - cpu) / 20 * 1000
print(json.dumps(marks))
"""


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        PYTHONPYCACHEPREFIX=str(data.parent / "pycache"),
        COPILOT_DATA_DIR=str(data),
        COPILOT_DB_URL=f"sqlite:///{data / 'store.db'}",
        COPILOT_MODEL="offline",
        COPILOT_TODAY="2026-11-20",
        HF_HUB_OFFLINE="1",
        MALLOC_ARENA_MAX="2",
        COPILOT_API_RATE_PER_MINUTE="100000",
    )
    return env


def prepare(tree: Path, data: Path) -> str:
    """The tree's own demo store and the merchant's demo documents in `data`; returns an API key."""
    data.mkdir(parents=True, exist_ok=True)
    env = _env(data)
    command = "from copilot.cli import app; app()"
    subprocess.run([sys.executable, "-c", command, "demo", "--no-answers"], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    done = subprocess.run([sys.executable, "-c", SETUP, MERCHANT], cwd=tree, env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def probe(tree: Path, data: Path) -> dict[str, float]:
    started = time.time()
    done = subprocess.run([sys.executable, "-c", PROBE, str(started), MERCHANT, FIRST_QUESTION], cwd=tree,
                          env=_env(data), check=True, capture_output=True, text=True)  # fmt: skip
    return {k: float(v) for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_first_turn(tree: Path, data: Path, key: str) -> float:
    """Seconds from starting `uvicorn server:app` in `tree` to the first chat turn answered over SSE."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.time()
    command = [sys.executable, "-m", "uvicorn", "server:app", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=tree, env=_env(data), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=60.0) as client:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the server in {tree} exited with {process.returncode}")
                try:
                    if client.get("/healthz", timeout=1.0).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.02)
            thread = client.post("/v1/threads", json={"title": "startup"}).raise_for_status().json()["id"]
            with client.stream("POST", f"/v1/threads/{thread}/messages", json={"content": FIRST_QUESTION}) as reply:
                event = ""
                for line in reply.iter_lines():
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:") and event == "done":
                        if not json.loads(line[5:]).get("answer"):
                            raise RuntimeError("the first turn ended without an answer")
                        return time.time() - started
        raise RuntimeError("the first turn's stream ended without 'done'")
    finally:
        process.terminate()
        process.wait(timeout=30)


FIGURES = (
    ("import", "process start to `copilot.service` imported, s"),
    ("open", "... to store, memory, checkpointer and graph ready, s"),
    ("first turn", "... to the first answer (offline sales turn), s"),
    ("first turn CPU", "CPU time (user + system) of the process to its first answer, s"),
    ("first chart turn", "first chart turn, s"),
    ("first document search", "first document search turn, s"),
    ("first document search CPU", "first document search turn, CPU s"),
    ("chart CPU ms", "a chart of new data, CPU ms (median of 20 per process)"),
    ("server", "`uvicorn server:app` start to the first SSE answer, s"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with (e.g. a git worktree)")
    parser.add_argument("--repeat", type=int, default=3)
    add_record_flag(parser)
    args = parser.parse_args()
    trees = {"this tree": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    samples: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    with tempfile.TemporaryDirectory(prefix="startup-") as tmp:
        keys = {name: prepare(tree, Path(tmp) / name.replace(" ", "-")) for name, tree in trees.items()}
        for round_ in range(args.repeat + 1):
            for name, tree in trees.items():
                data = Path(tmp) / name.replace(" ", "-")
                shutil.rmtree(data / "charts", ignore_errors=True)
                shutil.rmtree(data / "bench-charts", ignore_errors=True)
                marks: dict[str, Any] = probe(tree, data)
                marks["server"] = server_first_turn(tree, data, keys[name])
                print(name, round_, json.dumps({k: round(v, 3) for k, v in marks.items()}), flush=True)
                if round_:
                    for figure, value in marks.items():
                        samples[name].setdefault(figure, []).append(value)
    names = list(trees)
    header = "| figure | " + " | ".join(f"{n} median (range)" for n in names)
    header += " | this tree / baseline |" if args.baseline else " |"
    lines = [header, "|---|" + "---:|" * (len(names) + (1 if args.baseline else 0))]
    for figure, label in FIGURES:
        cells = []
        for name in names:
            values = samples[name][figure]
            cells.append(f"{statistics.median(values):.3g} ({min(values):.3g}-{max(values):.3g})")
        ratio = ""
        if args.baseline:
            ours, theirs = (statistics.median(samples[name][figure]) for name in ("this tree", "baseline"))
            ratio = f" {ours / theirs:.2f}x |"
        lines.append(f"| {label} | " + " | ".join(cells) + " |" + ratio)
    first = statistics.median(samples["this tree"]["first turn"])
    cpu = statistics.median(samples["this tree"]["first turn CPU"])
    verdict = (
        f"goal: process start to first answered turn < {GOAL_S:.0f} s "
        f"({'met' if first < GOAL_S else 'NOT met'}: {first:.2f} s wall, {cpu:.2f} s of CPU)"
    )
    table = "\n".join(lines)
    print(table, verdict, sep="\n")
    bullets = [
        f"{args.repeat} rounds after a discarded warm-up, trees interleaved; demo store (`copilot demo`), offline "
        "model, MALLOC_ARENA_MAX=2; every figure from a new process; CPUs shared with other users, so compare "
        "ratios; bytecode kept in the run's own cache folder, as an installed package has it (the warm-up round "
        "writes it)",
        verdict,
    ]
    if args.baseline:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.baseline, capture_output=True,
                                text=True).stdout.strip()  # fmt: skip
        bullets.insert(0, f"baseline: commit {commit or '?'} ({args.baseline})")
    write_section("startup", "Cold start and first turns (demo store, offline model)", bullets, [table],
                  record=args.record)  # fmt: skip


if __name__ == "__main__":
    main()
