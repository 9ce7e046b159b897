"""What the memory stores: documents, chunk and preference records, their ids and merchant scopes, the errors."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from copilot.memory.text import chunk_records, chunk_text

PREFERENCE = "preference"
SENTENCE = "sentence"
MAX_MERCHANT_ID = 200
MAX_TITLE = 200

_SLUG = re.compile(r"[^a-z0-9_-]+")


class MemoryStoreError(RuntimeError):
    """Base of the memory's own failures (not raised for bad arguments, which are ValueError)."""


class MemoryUnavailableError(MemoryStoreError):
    """The Chroma server named by COPILOT_CHROMA_URL cannot be reached."""


class MemoryIsolationError(MemoryStoreError):
    """A collection's recorded merchant differs from the merchant asking: refuse rather than mix data."""


@dataclass
class Hit:
    """One retrieved passage with its citation: document title, chunk index (0-based) and source."""

    text: str
    title: str
    source: str | None
    chunk: int
    score: float


@dataclass(frozen=True)
class NewDocument:
    """A document to ingest: its title (the same title replaces a stored document), text, source and kind."""

    title: str
    text: str
    source: str | None = None
    kind: str = "document"


def collection_name(merchant_id: str) -> str:
    """The Chroma collection of a merchant: 'mc-<slug>-<sha256 prefix>' (3-63 safe characters)."""
    slug = _SLUG.sub("_", merchant_id.lower()).strip("_-")[:24]
    digest = hashlib.sha256(merchant_id.encode("utf-8")).hexdigest()[:24]
    return f"mc-{slug}-{digest}" if slug else f"mc-{digest}"


def check_merchant(merchant_id: str) -> str:
    if not isinstance(merchant_id, str) or not merchant_id.strip():
        raise ValueError("merchant_id must be a non-empty string")
    if len(merchant_id) > MAX_MERCHANT_ID:
        raise ValueError(f"merchant_id is longer than {MAX_MERCHANT_ID} characters")
    return merchant_id


def document_key(title: str) -> str:
    return "doc-" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:24]


def scope(merchant_id: str, **conditions: Any) -> dict[str, Any]:
    """A Chroma `where` that always pins the merchant, plus the given conditions."""
    clauses: list[dict[str, Any]] = [{"merchant_id": merchant_id}]
    clauses.extend({key: value} for key, value in conditions.items())
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def documents_scope(merchant_id: str) -> dict[str, Any]:
    return scope(merchant_id, kind={"$ne": PREFERENCE})


def chunk_id(record_id: str, metadata: Mapping[str, Any]) -> str:
    """The chunk a record stands for: itself, or for a sentence passage the chunk it was cut from."""
    if SENTENCE in metadata:
        return f"{metadata['doc_key']}:{metadata['chunk']}"
    return record_id


def checked_chunks(document: NewDocument) -> tuple[str, list[str]]:
    """The document's normalised title and its chunks; ValueError for a bad title, a reserved kind or no text."""
    title = " ".join(document.title.split())
    if not title or len(title) > MAX_TITLE:
        raise ValueError(f"a document title must have 1-{MAX_TITLE} characters")
    if document.kind == PREFERENCE:
        raise ValueError("kind 'preference' is reserved; use remember() for preferences")
    chunks = chunk_text(document.text)
    if not chunks:
        raise ValueError(f"document {title!r} has no text")
    return title, chunks


def record_count(document: NewDocument) -> int:
    """How many records (chunks and their sentence passages) the document is stored as: what its ingest
    embeds. Raises ValueError as `MemoryStore.ingest` would."""
    return len(chunk_records(checked_chunks(document)[1]))


def embed_text(text: str, metadata: dict[str, Any]) -> str:
    """The text a record's vector is made from: a document chunk under its title, a preference as is."""
    return text if metadata.get("kind") == PREFERENCE else f"{metadata['title']}\n{text}"
