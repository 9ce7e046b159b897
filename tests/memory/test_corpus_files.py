"""The keyword corpus is kept in the data folder: a new process's first search reads it instead of rebuilding it,
with the same results, and a change to the merchant's documents makes the next search rebuild it."""

from __future__ import annotations

import pytest

from copilot.config import Settings
from copilot.memory import MemoryStore
from copilot.memory.store import CORPUS_FOLDER

QUERIES = ("What is our brand colour?", "退货运费谁出", "冲锋衣防水", "campaign review")


def _results(memory: MemoryStore, merchant: str) -> list[list[tuple[str, int, float]]]:
    return [
        [(h.title, h.chunk, h.score) for h in memory.search(merchant, q, k=5, mode=mode)]
        for q in QUERIES
        for mode in ("keyword", "hybrid")
    ]


def _refuse_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("the keyword corpus was rebuilt")

    monkeypatch.setattr(MemoryStore, "_build_corpus", refuse)


def test_a_new_memory_reads_the_saved_corpus_with_the_same_results(
    demo_memory_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = MemoryStore.open(demo_memory_settings)
    built = _results(first, "m_outdoor")
    first.close()
    assert built[0]
    saved = list((demo_memory_settings.data_dir / CORPUS_FOLDER).glob("*/*/chunks.json"))
    assert len(saved) == 1
    _refuse_builds(monkeypatch)
    again = MemoryStore.open(demo_memory_settings)
    assert _results(again, "m_outdoor") == built
    again.close()


def test_a_changed_collection_is_rebuilt_and_its_old_corpus_removed(demo_memory_settings: Settings) -> None:
    memory = MemoryStore.open(demo_memory_settings)
    memory.search("m_outdoor", "冲锋衣防水", mode="keyword")
    memory.ingest("m_outdoor", "Glacier blue", "Our new glacier blue tent colourway launches in spring.")
    memory.close()
    fresh = MemoryStore.open(demo_memory_settings)
    hits = fresh.search("m_outdoor", "glacier blue colourway", k=1, mode="keyword")
    fresh.close()
    assert hits and "glacier blue" in hits[0].text.lower()
    assert len(list((demo_memory_settings.data_dir / CORPUS_FOLDER).glob("*/*/chunks.json"))) == 1


def test_no_saved_text_outlives_a_deleted_document_or_a_reset(demo_memory_settings: Settings) -> None:
    memory = MemoryStore.open(demo_memory_settings)
    memory.ingest("m_outdoor", "Secret supplier terms", "Our supplier Zephyrcorp gives us a 17% rebate.")
    memory.search("m_outdoor", "supplier rebate", mode="keyword")
    folder = demo_memory_settings.data_dir / CORPUS_FOLDER

    def saved_text() -> str:
        return "".join(path.read_text(encoding="utf-8") for path in folder.glob("*/*/chunks.json"))

    assert "Zephyrcorp" in saved_text()
    assert memory.delete_document("m_outdoor", "Secret supplier terms")
    assert "Zephyrcorp" not in saved_text()
    memory.search("m_outdoor", "冲锋衣防水", mode="keyword")
    assert saved_text()
    memory.reset("m_outdoor")
    assert saved_text() == ""
    memory.close()
