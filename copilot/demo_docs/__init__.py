"""Demo documents of the three demo merchants: brand guide, return policy, two campaign reviews each.

Layout: copilot/demo_docs/<merchant_id>/*.md (the first H1 of a file is the document's title).
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from copilot.memory.text import markdown_title

if TYPE_CHECKING:
    from copilot.memory import MemoryStore

DEMO_MERCHANTS = ("m_outdoor", "m_baby", "m_pet")


def demo_documents(merchant_id: str) -> list[tuple[str, str, str]]:
    """(title, text, source) of each demo document of one demo merchant, sorted by file name."""
    if merchant_id not in DEMO_MERCHANTS:
        raise ValueError(f"{merchant_id!r} is not a demo merchant ({', '.join(DEMO_MERCHANTS)})")
    folder = resources.files(__name__).joinpath(merchant_id)
    documents: list[tuple[str, str, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".md"):
            text = entry.read_text("utf-8")
            title = markdown_title(text) or entry.name.removesuffix(".md")
            documents.append((title, text, f"demo_docs/{merchant_id}/{entry.name}"))
    return documents


def ingest_demo_docs(memory: MemoryStore, merchant_ids: list[str] | None = None) -> int:
    """Ingest the demo documents of `merchant_ids` (default: all demo merchants); returns chunks written.
    Idempotent: documents are keyed by title, so a second run replaces rather than duplicates."""
    from copilot.memory.records import NewDocument

    return sum(
        memory.ingest_many(merchant_id, [NewDocument(*document) for document in demo_documents(merchant_id)])
        for merchant_id in merchant_ids or list(DEMO_MERCHANTS)
    )
