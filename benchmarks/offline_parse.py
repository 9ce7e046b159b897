"""Offline understanding speed: `copilot.offline.nlu.parse` per utterance, after warm-up, on the labelled set.

Usage: `python benchmarks/offline_parse.py [--repeat R] [--record]`

Every utterance of copilot/offline/data/utterances.yaml is parsed against its demo merchant's catalog (as the
planner loads it) with today = the demo's date, R rounds after a warm-up round (jieba, the catalog index and the
part-of-speech tagger loaded). Baseline in the same run, interleaved per utterance: `normalise` alone (NFKC, case,
numerals), the floor any parse pays. Goal: parse under 5 ms per utterance on average. Results go to reports/bench/
(`--record`: also BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import statistics
import time
from importlib import resources

import yaml

from copilot.clock import DEMO_TODAY
from copilot.demo.spec import load_spec
from copilot.offline.nlu import Catalog, normalise, parse

try:
    from benchmarks._report import add_record_flag, write_section
except ModuleNotFoundError:  # run as a script: benchmarks/ is on sys.path, not the project root
    from _report import add_record_flag, write_section  # type: ignore[no-redef]

GOAL_MS = 5.0


def _catalogs() -> dict[str, Catalog]:
    """Each demo merchant's catalog, as the planner would load it from a demo store."""
    spec = load_spec()
    regions = list(spec.population.regions)
    return {
        m.id: Catalog(
            products=[(p.id, p.title, p.title_en, p.category) for p in m.products],
            categories=sorted({p.category for p in m.products}),
            regions=regions,
        )
        for m in spec.catalog.merchants
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds over the labelled set after warm-up")
    add_record_flag(parser)
    args = parser.parse_args()
    items = yaml.safe_load(
        resources.files("copilot.offline").joinpath("data", "utterances.yaml").read_text(encoding="utf-8")
    )
    catalogs = _catalogs()
    texts = [(item["text"], catalogs[item.get("merchant", "m_outdoor")]) for item in items]
    for text, catalog in texts:
        parse(text, catalog=catalog, today=DEMO_TODAY)
    parse_ms: list[float] = []
    floor_ms: list[float] = []
    for _ in range(args.repeat):
        for text, catalog in texts:
            started = time.perf_counter()
            normalise(text)
            floor_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            parse(text, catalog=catalog, today=DEMO_TODAY)
            parse_ms.append((time.perf_counter() - started) * 1000)
    mean, p95 = statistics.fmean(parse_ms), statistics.quantiles(parse_ms, n=20)[-1]
    table = "\n".join(
        [
            "| variant | mean ms | median ms | p95 ms |",
            "|---|---:|---:|---:|",
            f"| parse | {mean:.2f} | {statistics.median(parse_ms):.2f} | {p95:.2f} |",
            f"| normalise only (floor) | {statistics.fmean(floor_ms):.3f} | {statistics.median(floor_ms):.3f} | "
            f"{statistics.quantiles(floor_ms, n=20)[-1]:.3f} |",
        ]
    )
    verdict = "met" if mean < GOAL_MS else "NOT met"
    bullets = [
        f"{len(texts)} labelled utterances x {args.repeat} rounds after warm-up",
        f"goal mean < {GOAL_MS} ms: {verdict}",
    ]
    print(write_section("offline_parse", "Offline understanding: parse speed", bullets, [table], record=args.record))


if __name__ == "__main__":
    main()
