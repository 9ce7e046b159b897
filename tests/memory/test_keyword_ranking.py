"""BM25 keyword ranking of a corpus: the best `limit` matches, best first, ties in corpus order."""

from __future__ import annotations

import random

import bm25s
import numpy as np
import pytest

from copilot.memory.store import _Corpus
from copilot.memory.text import keyword_tokens


def _corpus(texts: list[str]) -> _Corpus:
    bm25 = bm25s.BM25()
    bm25.index([keyword_tokens(text) for text in texts], show_progress=False)
    ids = tuple(f"id{i}" for i in range(len(texts)))
    return _Corpus(ids=ids, texts=tuple(texts), metadatas=tuple({} for _ in texts), bm25=bm25)


def _reference(corpus: _Corpus, query: str, limit: int) -> list[str]:
    """The plain definition: every positive score sorted by (-score, position), cut to `limit`."""
    assert corpus.bm25 is not None
    scores = np.asarray(corpus.bm25.get_scores(keyword_tokens(query)))
    order = sorted((i for i in range(len(corpus.ids)) if scores[i] > 0), key=lambda i: (-scores[i], i))
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
