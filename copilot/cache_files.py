"""Values kept between processes in the data folder's cache (`<data_dir>/cache/...`): marshalled values, and word
tables as memory-mapped tries.

A file is written beside its place and renamed into it, so a reader never sees half of one; a file that cannot
be read is built again and one that cannot be written is skipped: a cache only ever costs the work it saves.
A mapped table's pages are its file's: shared by every process that maps it, read from the page cache and never
copied onto the Python heap (jieba's dictionary: ~53 MB of dict per process, 2 MB of file as a trie).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import marisa_trie


def read_cached(path: Path) -> Any:
    """The value kept at `path`, or None when there is none or it cannot be read."""
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        return marshal.loads(path.read_bytes())
    return None


def write_cached(path: Path, value: Any) -> None:
    """Keep `value` at `path` (see the module doc)."""
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = _partial(path)
        partial.write_bytes(marshal.dumps(value))
        os.replace(partial, path)


def mapped_table(path: Path, fmt: str, build: Callable[[], Iterable[tuple[str, tuple[int, ...]]]]) -> Any:
    """The word table kept at `path`: a `marisa_trie.RecordTrie` of records packed as `fmt` (struct format),
    memory-mapped; built from `build()`'s (word, record) pairs and kept there when there is none or it cannot be
    read (in memory only when it cannot be written)."""
    with contextlib.suppress(OSError, RuntimeError, ValueError):
        return marisa_trie.RecordTrie(fmt).mmap(str(path))
    table = marisa_trie.RecordTrie(fmt, build())
    with contextlib.suppress(OSError, RuntimeError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = _partial(path)
        table.save(str(partial))
        os.replace(partial, path)
    return table


def _partial(path: Path) -> Path:
    return path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
