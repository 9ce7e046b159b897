"""The segments' query vectors are cached per process, within a bound, and in the data folder for other
processes."""

from __future__ import annotations

from pathlib import Path
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


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[_CountingEmbedder]:
    monkeypatch.setattr(memory_embedding, "Embedder", _CountingEmbedder)
    monkeypatch.setattr(embedding, "QUERY_CACHE_SIZE", 3, raising=False)
    monkeypatch.setattr(embedding, "_QUERY_CACHE", type(embedding._QUERY_CACHE)())
    monkeypatch.setattr(embedding, "_TABLES", {})
    _CountingEmbedder.calls = []
    return _CountingEmbedder


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "_QUERY_CACHE", type(embedding._QUERY_CACHE)())
    monkeypatch.setattr(embedding, "_TABLES", {})


def test_query_cache_keeps_the_most_recent_texts_only(counting: type[_CountingEmbedder]) -> None:
    embedding.embed_queries(["a", "bb", "ccc"])
    again = embedding.embed_queries(["a", "dddd", "a"])
    assert again.shape == (3, 384) and np.allclose(again[:, 0], [1.0, 4.0, 1.0])
    assert len(embedding._QUERY_CACHE) <= 3
    assert counting.calls == ["a", "bb", "ccc", "dddd"]


def test_another_process_reads_the_vectors_from_the_data_folder(
    counting: type[_CountingEmbedder], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = embedding.embed_queries(["a", "bb", "ccc", "dddd"])
    _new_process(monkeypatch)
    again = embedding.embed_queries(["dddd", "ccc", "bb"])
    assert np.array_equal(again, first[[3, 2, 1]])
    assert counting.calls == ["a", "bb", "ccc", "dddd"]
    assert len(embedding._read_table(embedding._table_path())) == 3
    _new_process(monkeypatch)
    embedding.embed_queries(["a", "eeeee"])
    assert counting.calls[4:] == ["a", "eeeee"]


def test_an_unwritable_data_folder_only_costs_the_model(
    counting: type[_CountingEmbedder], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("COPILOT_DATA_DIR", str(blocked))
    assert embedding.embed_queries(["a"]).shape == (1, 384)
    _new_process(monkeypatch)
    assert embedding.embed_queries(["a"]).shape == (1, 384)
    assert counting.calls == ["a", "a"]
