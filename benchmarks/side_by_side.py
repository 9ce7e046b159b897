"""Any benchmark of this folder on this tree and on an earlier commit, in the same run, sides alternating.

Usage: `python benchmarks/side_by_side.py --baseline REF [--current REF] [--rounds R] [--record] SCRIPT [-- ARGS...]`

The earlier commit is `git archive REF` unpacked in a temporary folder; this tree's copy of SCRIPT (and of
_report.py) is put in it, so both sides are measured by the same benchmark code, each importing its own
`copilot` package (PYTHONPATH is the side's folder). `--current REF` measures that commit instead of the work
tree (unpacked the same way), so that edits made meanwhile do not enter the run. Each round runs SCRIPT once
per side in its own process, the side that goes first alternating, so that load on a shared machine hits both.
The section keeps each run's printed tables under its side and round; results go to reports/bench/
(`--record`: also BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from benchmarks._report import ROOT, add_record_flag, unpack_commit, write_section
except ModuleNotFoundError:  # run as a script: benchmarks/ is on sys.path, not the project root
    from _report import ROOT, add_record_flag, unpack_commit, write_section  # type: ignore[no-redef]


def _run(tree: Path, script: str, args: list[str]) -> str:
    env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, str(tree / "benchmarks" / script), *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{script} failed in {tree} (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return "\n".join(line for line in done.stdout.splitlines() if line.startswith("|") or "oal" in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--baseline", required=True, help="git ref of the earlier commit")
    parser.add_argument("--current", help="git ref to measure instead of the work tree")
    parser.add_argument("--rounds", type=int, default=2, help="runs per side")
    add_record_flag(parser)
    parser.add_argument("script", help="a benchmark of this folder, e.g. turn_overhead.py")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="its arguments, after --")
    args = parser.parse_args()
    script_args = [a for a in args.args if a != "--"]
    here = Path(__file__).resolve().parent
    outputs: list[tuple[str, int, str]] = []
    with tempfile.TemporaryDirectory(prefix="side-by-side-") as tmp:
        baseline, current = Path(tmp) / "baseline", Path(tmp) / "current"
        unpacked = [(args.baseline, baseline)] + ([(args.current, current)] if args.current else [])
        for ref, tree in unpacked:
            tree.mkdir()
            unpack_commit(ref, tree)
            for name in (args.script, "_report.py"):
                shutil.copyfile(here / name, tree / "benchmarks" / name)
        this = (f"this tree at {args.current}", current) if args.current else ("this tree", ROOT)
        sides = [this, (f"baseline {args.baseline}", baseline)]
        for round_ in range(args.rounds):
            for label, tree in sides if round_ % 2 == 0 else sides[::-1]:
                print(f"round {round_ + 1}: {label}", flush=True)
                outputs.append((label, round_ + 1, _run(tree, args.script, script_args)))
    tables = [f"**{label}, round {round_}**\n\n{text}" for label, round_, text in sorted(outputs)]
    write_section(
        f"side_by_side_{Path(args.script).stem}",
        f"Side by side: {args.script} on {args.current or 'this tree'} vs {args.baseline}",
        [
            f"`{' '.join([args.script, *script_args])}`, {args.rounds} runs per side, each in its own process, "
            "the first side alternating; both sides run this tree's benchmark code"
        ],
        tables,
        record=args.record,
    )


if __name__ == "__main__":
    main()
