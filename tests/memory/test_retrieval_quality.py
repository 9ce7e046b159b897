"""Recall@5 of hybrid retrieval vs vectors only on a labelled question set over the demo documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from copilot.memory import MemoryStore
from copilot.memory.store import SearchMode

QUESTIONS: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "retrieval_set.yaml").read_text("utf-8"))[
    "questions"
]


pytestmark = pytest.mark.slow  # embeds the whole quality corpus (about 30 s of CPU)


def _first_correct_rank(memory: MemoryStore, question: dict[str, Any], mode: SearchMode) -> int | None:
    """1-based rank of the first top-5 hit that answers the question, None when none does."""
    hits = memory.search(question["merchant"], question["q"], k=5, mode=mode)
    return next(
        (
            rank
            for rank, hit in enumerate(hits, 1)
            if hit.title == question["title"] and question["contains"] in hit.text
        ),
        None,
    )


def _recall(ranks: list[int | None], k: int) -> float:
    return sum(1 for rank in ranks if rank is not None and rank <= k) / len(ranks)


def test_the_labelled_set_is_answerable_and_covers_every_merchant_and_language() -> None:
    assert len(QUESTIONS) >= 10
    assert {q["merchant"] for q in QUESTIONS} == {"m_outdoor", "m_baby", "m_pet"}
    assert {q["lang"] for q in QUESTIONS} == {"zh", "en", "cross"}


def test_hybrid_recall_at_5_beats_or_matches_vectors_only(demo_memory: MemoryStore) -> None:
    modes: tuple[SearchMode, ...] = ("hybrid", "vector", "keyword")
    ranks = {mode: [_first_correct_rank(demo_memory, q, mode) for q in QUESTIONS] for mode in modes}
    table = {mode: {k: _recall(ranks[mode], k) for k in (1, 3, 5)} for mode in modes}
    cross = [i for i, q in enumerate(QUESTIONS) if q["lang"] == "cross"]
    lines = [f"{mode:8s} " + " ".join(f"R@{k}={v:.2f}" for k, v in row.items()) for mode, row in table.items()]
    print(
        f"\nrecall over {len(QUESTIONS)} labelled questions ({len(cross)} cross-language):\n"
        + "\n".join(lines)
        + "\ncross-language R@5: "
        + " ".join(f"{mode}={_recall([ranks[mode][i] for i in cross], 5):.2f}" for mode in modes)
    )
    assert table["hybrid"][5] >= 0.9
    assert table["hybrid"][5] >= table["vector"][5]
    assert table["hybrid"][5] >= table["keyword"][5]
