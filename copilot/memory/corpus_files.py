"""A merchant's keyword corpus (chunks and BM25 index, `ranking.Corpus`) kept in the data folder between processes.

Contracts:
- `save(folder, key, merchant_id, corpus)` writes it under `folder/<collection id>/<revision>/` (bm25s's own
  files for the index, JSON for the chunks), written beside and renamed into place, so a reader never sees half
  of one; the folders of the collection's older revisions are removed.
- `load(folder, key, merchant_id)` gives the corpus saved under that collection id and revision for that
  merchant, else None. A collection's revision is a new random id on every change, so a saved corpus is never
  stale: the first search after a change rebuilds and saves it again. An unreadable or unwritable folder only
  costs the rebuild.
- `forget(folder, collection_id)` removes every saved revision of a collection (a merchant reset or a deleted
  document: no text of it stays on disk).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import uuid
from pathlib import Path
from typing import Any

import numpy as np

from copilot.memory.ranking import Corpus

CHUNKS_FILE = "chunks.json"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def _path(folder: Path, key: tuple[str, str]) -> Path:
    collection, revision = (_SAFE.sub("_", part) for part in key)
    return folder / collection / revision


def load(folder: Path, key: tuple[str, str], merchant_id: str) -> Corpus | None:
    """The corpus saved for this collection revision and merchant, or None."""
    path = _path(folder, key)
    try:
        chunks = json.loads((path / CHUNKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(chunks, dict) or chunks.get("merchant_id") != merchant_id:
        return None
    try:
        bm25 = None
        if chunks["indexed"]:
            import bm25s

            bm25 = bm25s.BM25.load(str(path), show_progress=False)
        return Corpus(
            ids=tuple(chunks["ids"]),
            texts=tuple(chunks["texts"]),
            metadatas=tuple(chunks["metadatas"]),
            bm25=bm25,
            owners=np.asarray(chunks["owners"], dtype=np.intp),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(folder: Path, key: tuple[str, str], merchant_id: str, corpus: Corpus) -> None:
    """Keep `corpus` for this collection revision and merchant (see the module contract)."""
    path = _path(folder, key)
    if path.is_dir():
        return
    partial = path.parent / f".{path.name}-{uuid.uuid4().hex[:8]}.partial"
    chunks: dict[str, Any] = {
        "merchant_id": merchant_id,
        "ids": list(corpus.ids),
        "texts": list(corpus.texts),
        "metadatas": list(corpus.metadatas),
        "owners": corpus.owners.tolist(),
        "indexed": corpus.bm25 is not None,
    }
    try:
        partial.mkdir(parents=True)
        if corpus.bm25 is not None:
            corpus.bm25.save(str(partial), show_progress=False)
        (partial / CHUNKS_FILE).write_text(json.dumps(chunks, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except (OSError, ValueError, TypeError):
        shutil.rmtree(partial, ignore_errors=True)
        return
    for old in path.parent.iterdir():
        if old != path and not old.name.startswith("."):
            with contextlib.suppress(OSError):
                shutil.rmtree(old)


def forget(folder: Path, collection_id: str) -> None:
    """Remove every saved revision of the collection (see the module contract)."""
    shutil.rmtree(folder / _SAFE.sub("_", collection_id), ignore_errors=True)
