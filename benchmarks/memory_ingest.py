"""Writing documents into a merchant's memory: `ingest_many` (batched) against one `ingest` call per document.

Usage: `python benchmarks/memory_ingest.py [--documents N] [--runs R] [--record]` (or `copilot bench
memory_ingest`)

The documents are N distractors of benchmarks/_memory_corpus.py (one chunk each, some with sentence
passages), written into a fresh local Chroma folder per run and per way. Their passage vectors are embedded
once, before the runs, into a vector cache copied into every folder, so the figures are the write path
(chunking, keyword tokens, Chroma upserts, leftover checks, revision) and not the model (about 25–45 ms per
passage on 2 CPUs, the same for both ways). The ways alternate within each run; each figure is the median
over runs with the min–max spread. The baseline is one `ingest` per document, which is what
`ingest_path` and the memory benchmark's build did before `ingest_many`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from copilot.config import Settings
from copilot.memory import MemoryStore, NewDocument
from copilot.memory.store import VECTOR_CACHE_FILE

try:
    from benchmarks._memory_corpus import distractors
    from benchmarks._report import add_record_flag, write_section
    from benchmarks.memory import MERCHANT, prefill_vectors
except ImportError:  # run as a script from benchmarks/
    from _memory_corpus import distractors  # type: ignore[no-redef]
    from _report import add_record_flag, write_section  # type: ignore[no-redef]
    from memory import MERCHANT, prefill_vectors  # type: ignore[no-redef]


def one_by_one(memory: MemoryStore, documents: list[NewDocument]) -> int:
    return sum(memory.ingest(MERCHANT, d.title, d.text, source=d.source) for d in documents)


def batched(memory: MemoryStore, documents: list[NewDocument]) -> int:
    return memory.ingest_many(MERCHANT, documents)


WAYS: dict[str, Callable[[MemoryStore, list[NewDocument]], int]] = {
    "one `ingest` per document (baseline)": one_by_one,
    "`ingest_many` (batches of 256 records)": batched,
}


def embed_once(cache_dir: Path, documents: list[NewDocument]) -> int:
    """Fill a vector cache in `cache_dir` with every passage of `documents`; returns the passages embedded."""
    memory = MemoryStore.open(Settings(data_dir=cache_dir))
    try:
        return prefill_vectors(memory, [(d.title, d.text) for d in documents])
    finally:
        memory.close()


def timed_write(
    cache_dir: Path, folder: Path, way: Callable[[MemoryStore, list[NewDocument]], int], documents: list[NewDocument]
) -> tuple[float, int]:
    """Seconds to write `documents` the given way into a fresh memory in `folder`, and the records it holds."""
    folder.mkdir(parents=True)
    shutil.copyfile(cache_dir / VECTOR_CACHE_FILE, folder / VECTOR_CACHE_FILE)
    memory = MemoryStore.open(Settings(data_dir=folder))
    try:
        started = time.perf_counter()
        way(memory, documents)
        seconds = time.perf_counter() - started
        collection = memory._collection(MERCHANT, create=False)
        return seconds, collection.count() if collection is not None else 0
    finally:
        memory.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500, help="documents written per run and way")
    parser.add_argument("--runs", type=int, default=3, help="runs (each writes the documents both ways)")
    add_record_flag(parser)
    args = parser.parse_args()

    documents = [
        NewDocument(title, text, f"bench/{n}.md")
        for n, (title, text) in enumerate(distractors(MERCHANT, args.documents))
    ]
    seconds: dict[str, list[float]] = {name: [] for name in WAYS}
    records: dict[str, set[int]] = {name: set() for name in WAYS}
    with tempfile.TemporaryDirectory(prefix="memory-ingest-") as tmp:
        root = Path(tmp)
        passages = embed_once(root / "cache", documents)
        for run in range(args.runs):
            order = list(WAYS) if run % 2 == 0 else list(reversed(WAYS))
            for name in order:
                folder = root / f"run{run}-way{list(WAYS).index(name)}"
                took, held = timed_write(root / "cache", folder, WAYS[name], documents)
                seconds[name].append(took)
                records[name].add(held)
                print(f"  run {run + 1}: {name}: {took:.1f} s", flush=True)
    base = statistics.median(seconds[next(iter(WAYS))])
    rows = [
        "| way | median s | spread (runs) | documents/s | vs baseline | records stored |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, samples in seconds.items():
        median = statistics.median(samples)
        rows.append(
            f"| {name} | {median:.2f} | {min(samples):.2f}–{max(samples):.2f} | {len(documents) / median:,.0f} "
            f"| {base / median:.1f}× | {', '.join(f'{n:,}' for n in sorted(records[name]))} |"
        )
    table = "\n".join(rows)
    print(table)
    write_section(
        "memory_ingest",
        f"Memory ingest: {len(documents):,} documents, batched vs one call each ({args.runs} runs)",
        [
            f"documents: {len(documents):,} distractors of benchmarks/_memory_corpus.py ({passages:,} passages "
            "with sentence passages), each way into a fresh local Chroma folder per run, ways alternating",
            "vectors embedded once before the runs and copied in as the vector cache: the figures are the write "
            "path (chunking, keyword tokens, Chroma upserts, leftover check, revision), not the model",
            "spread = min–max over runs; same records stored both ways",
        ],
        [table],
        record=args.record,
    )


if __name__ == "__main__":
    main()
