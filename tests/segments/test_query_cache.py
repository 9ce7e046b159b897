"""The segments' query vectors are cached per process, within a bound."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from copilot.memory import embedding as memory_embedding
from copilot.segments import embedding


class _CountingEmbedder:
    calls: ClassVar[list[str]] = []

    def embed_query(self, texts: list[str]) -> list[list[float]]:
        _CountingEmbedder.calls += texts
        return [[float(len(t))] * 384 for t in texts]


def test_query_cache_keeps_the_most_recent_texts_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory_embedding, "Embedder", _CountingEmbedder)
    monkeypatch.setattr(embedding, "QUERY_CACHE_SIZE", 3, raising=False)
    monkeypatch.setattr(embedding, "_QUERY_CACHE", type(embedding._QUERY_CACHE)())
    _CountingEmbedder.calls = []
    embedding.embed_queries(["a", "bb", "ccc"])
    again = embedding.embed_queries(["a", "dddd", "a"])
    assert again.shape == (3, 384) and np.allclose(again[:, 0], [1.0, 4.0, 1.0])
    assert len(embedding._QUERY_CACHE) <= 3
    embedding.embed_queries(["a", "bb"])
    assert _CountingEmbedder.calls == ["a", "bb", "ccc", "dddd", "bb"]
