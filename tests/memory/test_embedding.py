"""The embedder shares one model: a query waits for at most one small batch of someone's long ingest."""

from __future__ import annotations

import threading

import pytest

from copilot.memory import embedding
from copilot.memory.embedding import DIMENSIONS, Embedder
from tests.memory.fakes import GUARD_S, CountingModel, use_counting_model


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> CountingModel:
    return use_counting_model(monkeypatch)


def test_a_query_waits_for_one_small_batch_of_a_long_ingest_not_for_all_of_it(model: CountingModel) -> None:
    texts = [f"第{i}条售后说明：冲锋衣提供一年质保。" for i in range(400)]
    ingest = threading.Thread(target=Embedder().passages, args=(texts,))
    ingest.start()
    assert model.first_passage.wait(GUARD_S)
    asked_at = model.passages_done
    [vector] = Embedder().embed_query(["冲锋衣质保多久"])
    ingest.join(GUARD_S)
    assert not ingest.is_alive()
    assert len(vector) == DIMENSIONS
    [answered_at] = model.passages_at_query
    assert answered_at < len(texts), "the query waited for the whole ingest"
    assert answered_at - asked_at <= 2 * embedding.PASSAGE_BATCH  # the batch under way, and at most one more
    assert model.largest_call <= embedding.PASSAGE_BATCH


def test_passages_come_back_in_order_and_repeated_texts_once(model: CountingModel) -> None:
    texts = [f"passage {i % 11}" for i in range(30)]
    rows = Embedder().passages(texts)
    assert model.passages_done == 11
    assert [row.tolist() for row in rows] == [row.tolist() for row in CountingModel.vectors(texts)]
