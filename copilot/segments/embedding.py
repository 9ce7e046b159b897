"""Passage and query vectors of the memory's embedder for profiles, scenes and needs.

Query vectors (scene texts, need labels and expansions) come from the last QUERY_CACHE_SIZE distinct texts cached
per process, then from a table of the last QUERY_CACHE_SIZE texts any process embedded, kept in the data folder
(cache/query_vectors, marshal, one file per embedding model), and only then from the model: a worker's first
audience question on a scene asked before does not wait for the model's first call (about 1 s of CPU) nor embed
the need's expansions again. An unreadable or unwritable table costs only that time.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from copilot.cache_files import read_cached, write_cached

QUERY_CACHE_SIZE = 4096
_QUERY_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_QUERY_LOCK = threading.Lock()
_TABLES: dict[Path, dict[str, bytes]] = {}


def embed_passages(texts: list[str]) -> np.ndarray:
    """Passage vectors (e5 "passage: "), one row per text, from the memory's embedder (LRU-cached)."""
    from copilot.memory.embedding import Embedder

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack(Embedder().passages(texts)).astype(np.float32)


def _table_path() -> Path:
    from copilot.config import get_settings
    from copilot.memory.embedding import passage_model_identity

    model = hashlib.sha256(passage_model_identity().encode()).hexdigest()[:16]
    return get_settings().data_dir / "cache" / "query_vectors" / f"{model}.marshal"


def _read_table(path: Path) -> dict[str, bytes]:
    table = read_cached(path)
    return table if isinstance(table, dict) else {}


def _stored(path: Path) -> dict[str, bytes]:
    """The table as this process read it (read on first use)."""
    if path not in _TABLES:
        _TABLES[path] = _read_table(path)
    return _TABLES[path]


def _merged(path: Path, vectors: dict[str, np.ndarray]) -> dict[str, bytes]:
    """The table on disk (with other processes' writes) and `vectors`, the newest QUERY_CACHE_SIZE kept."""
    table = _read_table(path)
    for text, vector in vectors.items():
        table.pop(text, None)
        table[text] = vector.astype(np.float32).tobytes()
    for text in list(table)[: max(len(table) - QUERY_CACHE_SIZE, 0)]:
        del table[text]
    return table


def embed_queries(texts: Sequence[str]) -> np.ndarray:
    """Query vectors (e5 "query: "), one row per text: from the process's cache, the data folder's table, or the
    model (see the module doc)."""
    from copilot.memory.embedding import Embedder

    found: dict[str, np.ndarray] = {}
    distinct = list(dict.fromkeys(texts))
    with _QUERY_LOCK:
        for text in distinct:
            if text in _QUERY_CACHE:
                _QUERY_CACHE.move_to_end(text)
                found[text] = _QUERY_CACHE[text]
        if len(found) < len(distinct):
            stored = _stored(_table_path())
            for text in distinct:
                if text not in found and text in stored:
                    found[text] = np.frombuffer(stored[text], dtype=np.float32)
    missing = [t for t in distinct if t not in found]
    if missing:
        vectors = Embedder().embed_query(missing)
        fresh = {text: np.asarray(v, dtype=np.float32) for text, v in zip(missing, vectors, strict=True)}
        found.update(fresh)
        path = _table_path()
        table = _merged(path, fresh)
        with _QUERY_LOCK:
            _TABLES[path] = table
        write_cached(path, table)
    with _QUERY_LOCK:
        for text in distinct:
            _QUERY_CACHE[text] = found[text]
            _QUERY_CACHE.move_to_end(text)
        while len(_QUERY_CACHE) > QUERY_CACHE_SIZE:
            _QUERY_CACHE.popitem(last=False)
    return np.vstack([found[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)
