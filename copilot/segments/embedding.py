"""Passage and query vectors of the memory's embedder for profiles, scenes and needs (the last QUERY_CACHE_SIZE
distinct queries cached per process)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

QUERY_CACHE_SIZE = 4096
_QUERY_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_QUERY_LOCK = threading.Lock()


def embed_passages(texts: list[str]) -> np.ndarray:
    """Passage vectors (e5 "passage: "), one row per text, from the memory's embedder (LRU-cached)."""
    from copilot.memory.embedding import Embedder

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack(Embedder().passages(texts)).astype(np.float32)


def embed_queries(texts: Sequence[str]) -> np.ndarray:
    """Query vectors (e5 "query: "), one row per text; a text among the last QUERY_CACHE_SIZE distinct ones is not
    embedded again."""
    from copilot.memory.embedding import Embedder

    found: dict[str, np.ndarray] = {}
    with _QUERY_LOCK:
        for text in dict.fromkeys(texts):
            if text in _QUERY_CACHE:
                _QUERY_CACHE.move_to_end(text)
                found[text] = _QUERY_CACHE[text]
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        vectors = Embedder().embed_query(missing)
        found.update(zip(missing, (np.asarray(v, dtype=np.float32) for v in vectors), strict=True))
        with _QUERY_LOCK:
            for text in missing:
                _QUERY_CACHE[text] = found[text]
            while len(_QUERY_CACHE) > QUERY_CACHE_SIZE:
                _QUERY_CACHE.popitem(last=False)
    return np.vstack([found[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)
