"""BM25 keyword ranking of a corpus: the best `limit` chunks, best first, ties in corpus order; a chunk
scores as its best indexed record (itself or one of its sentence passages)."""

from __future__ import annotations

import random

import bm25s
import numpy as np
import pytest

from copilot.memory.ranking import Corpus
from copilot.memory.text import keyword_tokens


def _corpus(texts: list[str], passages: list[tuple[int, str]] = ()) -> Corpus:  # type: ignore[assignment]
    """Chunks `texts`, and `passages` as (owning chunk, text) records indexed beside them."""
    bm25 = bm25s.BM25()
    bm25.index([keyword_tokens(text) for text in [*texts, *(text for _, text in passages)]], show_progress=False)
    ids = tuple(f"id{i}" for i in range(len(texts)))
    owners = np.array([*range(len(texts)), *(owner for owner, _ in passages)], dtype=np.intp)
    return Corpus(ids=ids, texts=tuple(texts), metadatas=tuple({} for _ in texts), bm25=bm25, owners=owners)


def _reference(corpus: Corpus, query: str, limit: int) -> list[str]:
    """The plain definition: each chunk's best positive record score, sorted by (-score, position), cut."""
    assert corpus.bm25 is not None
    scores = np.asarray(corpus.bm25.get_scores(keyword_tokens(query)))
    best: dict[int, float] = {}
    for row, owner in enumerate(corpus.owners.tolist()):
        best[owner] = max(best.get(owner, 0.0), float(scores[row]))
    order = sorted((i for i, score in best.items() if score > 0), key=lambda i: (-best[i], i))
    return [corpus.ids[i] for i in order[:limit]]


@pytest.mark.parametrize("limit", [1, 3, 20, 500])
def test_ranking_equals_the_sorted_definition_with_many_ties(limit: int) -> None:
    rng = random.Random(7)
    words = ["登山杖", "冲锋衣", "防水", "退货", "运费", "tent", "sunscreen", "warranty"]
    texts = [" ".join(rng.choices(words, k=rng.randint(1, 3))) for _ in range(300)]
    texts += ["冲锋衣 防水"] * 40
    corpus = _corpus(texts)
    for query in ("冲锋衣 防水", "退货运费", "tent warranty", "登山杖"):
        ranking = corpus.keyword_ranking(query, limit)
        assert ranking == _reference(corpus, query, limit)
        assert len(ranking) == min(limit, len(_reference(corpus, query, 10_000)))


def test_no_match_or_no_token_gives_an_empty_ranking() -> None:
    corpus = _corpus(["冲锋衣 防水", "登山杖 超轻"])
    assert corpus.keyword_ranking("帐篷", 5) == []
    assert corpus.keyword_ranking("的 了", 5) == []
    assert corpus.keyword_ranking("冲锋衣", 0) == []


@pytest.mark.parametrize("limit", [1, 5, 50])
def test_a_chunk_ranks_as_its_best_sentence_passage(limit: int) -> None:
    rng = random.Random(11)
    words = ["登山杖", "冲锋衣", "防水", "退货", "运费险", "质保", "tent", "warranty"]
    texts = [" ".join(rng.choices(words, k=rng.randint(4, 12))) for _ in range(120)]
    passages = [(owner, " ".join(rng.choices(words, k=2))) for owner in rng.sample(range(120), 40)]
    corpus = _corpus(texts, passages)
    for query in ("运费险 质保", "tent", "冲锋衣 防水 退货"):
        assert corpus.keyword_ranking(query, limit) == _reference(corpus, query, limit)


def test_a_long_chunk_is_found_by_its_one_matching_sentence() -> None:
    long_chunk = "帐篷 睡袋 登山杖 冲锋衣 防水 背包 头灯 炉具 " * 6 + "运费险 最高 赔付"
    corpus = _corpus([long_chunk, "运费险 赔了", "运费险 理赔"], [(0, "运费险 最高 赔付")])
    assert corpus.keyword_ranking("运费险最高赔付多少", 1) == ["id0"]
