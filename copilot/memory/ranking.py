"""Rankings of a merchant's chunks: BM25 over the collection's corpus, exact vectors, reciprocal rank fusion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from copilot.memory.records import chunk_id, documents_scope
from copilot.memory.text import keyword_tokens

if TYPE_CHECKING:
    import bm25s
    from chromadb.api.models.Collection import Collection

RRF_K = 60


@dataclass(frozen=True)
class Corpus:
    """A merchant's chunks (`ids`, `texts`, `metadatas`) and the BM25 index over every indexed record:
    the chunks and their sentence passages, row r of the index scoring the chunk at `owners[r]`."""

    ids: tuple[str, ...]
    texts: tuple[str, ...]
    metadatas: tuple[dict[str, Any], ...]
    bm25: bm25s.BM25 | None
    owners: np.ndarray

    @cached_property
    def position(self) -> dict[str, int]:
        """Record id -> its index in `ids`."""
        return {record_id: i for i, record_id in enumerate(self.ids)}

    def keyword_ranking(self, query: str, limit: int) -> list[str]:
        """Ids of the `limit` best chunks by BM25 (a chunk scores as its best record: itself or one of its
        sentences; score > 0), best first, ties in corpus order."""
        tokens = keyword_tokens(query)
        if self.bm25 is None or not tokens or limit < 1:
            return []
        scores = np.zeros(len(self.ids))
        np.maximum.at(scores, self.owners, np.asarray(self.bm25.get_scores(tokens)))
        matched = np.flatnonzero(scores > 0)
        if len(matched) > limit:
            cut = len(matched) - limit
            kth = np.partition(scores[matched], cut)[cut]
            matched = matched[scores[matched] >= kth]
        order = matched[np.lexsort((matched, -scores[matched]))][:limit]
        return [self.ids[i] for i in order.tolist()]


def vector_rows(embeddings: Any) -> list[Any]:
    """Chroma's `embeddings` (an array, a list or None) as a list of vectors."""
    return [] if embeddings is None else list(embeddings)


def exact_vector_ranking(collection: Collection, merchant_id: str, query: np.ndarray, limit: int) -> list[str]:
    """The `limit` chunks of the merchant nearest to `query` by cosine over every document record (no index),
    each as near as its nearest record, ties in id order."""
    records = collection.get(where=documents_scope(merchant_id), include=["embeddings", "metadatas"])
    if not records["ids"]:
        return []
    vectors = np.asarray(records["embeddings"], dtype=np.float64)
    target = np.asarray(query, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1) * np.linalg.norm(target)
    distances = 1.0 - (vectors @ target) / np.where(norms > 0, norms, 1.0)
    ids = records["ids"]
    order = sorted(range(len(ids)), key=lambda r: (distances[r], ids[r]))
    metadatas = records["metadatas"] or []
    chunks = dict.fromkeys(chunk_id(ids[r], dict(metadatas[r])) for r in order)
    return list(chunks)[:limit]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse ranked id lists: score(id) = sum of 1 / (k + rank), rank from 1; best first, ties by id."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
