"""The merchant's memory: documents and stated preferences in Chroma, hybrid retrieval with citations.

    from copilot.memory import MemoryStore, Hit, Embedder
    memory = MemoryStore.open(settings)          # settings.chroma_dir, or the server at settings.chroma_url
    memory.ingest("m_outdoor", "退货政策", text)   # chunks written; same title replaces
    memory.ingest_many("m_outdoor", [NewDocument(title, text), ...])  # the same, written in batches
    memory.search("m_outdoor", "who pays return shipping?", k=5)  # [Hit(text, title, source, chunk, score)]
    memory.quotes("m_outdoor", "who pays return shipping?", hits)  # [Quote(n, title, chunk, text, score)]
    memory.remember("m_outdoor", "单日预算不超过5000"); memory.constraints("m_outdoor")

Chroma is imported when a memory first reads or writes (copilot.memory.client), not with this package.
"""

from copilot.memory.embedding import Embedder
from copilot.memory.preferences import parse_constraints
from copilot.memory.ranking import reciprocal_rank_fusion
from copilot.memory.records import (
    Hit,
    MemoryIsolationError,
    MemoryStoreError,
    MemoryUnavailableError,
    NewDocument,
    collection_name,
    record_count,
)
from copilot.memory.store import MemoryStore
from copilot.memory.text import UnsupportedDocumentError
from copilot.memory.untrusted import Screened, quote_untrusted, screen

__all__ = [
    "Embedder",
    "Hit",
    "MemoryIsolationError",
    "MemoryStore",
    "MemoryStoreError",
    "MemoryUnavailableError",
    "NewDocument",
    "Screened",
    "UnsupportedDocumentError",
    "collection_name",
    "parse_constraints",
    "quote_untrusted",
    "reciprocal_rank_fusion",
    "record_count",
    "screen",
]
