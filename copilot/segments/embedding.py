"""Passage and query vectors of the memory's embedder for profiles, scenes and needs (queries cached per process)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

_QUERY_CACHE: dict[str, np.ndarray] = {}
_QUERY_LOCK = threading.Lock()


def embed_passages(texts: list[str]) -> np.ndarray:
    """Passage vectors (e5 "passage: "), one row per text, from the memory's embedder (LRU-cached)."""
    from copilot.memory.embedding import Embedder

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack(Embedder().passages(texts)).astype(np.float32)


def embed_queries(texts: Sequence[str]) -> np.ndarray:
    """Query vectors (e5 "query: "), one row per text; each distinct text is embedded once per process."""
    from copilot.memory.embedding import Embedder

    with _QUERY_LOCK:
        missing = [t for t in dict.fromkeys(texts) if t not in _QUERY_CACHE]
    if missing:
        vectors = Embedder().embed_query(missing)
        with _QUERY_LOCK:
            _QUERY_CACHE.update(zip(missing, (np.asarray(v, dtype=np.float32) for v in vectors), strict=True))
    with _QUERY_LOCK:
        return np.vstack([_QUERY_CACHE[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)
