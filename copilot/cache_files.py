"""Values kept between processes in the data folder's cache (`<data_dir>/cache/...`), marshalled.

A value is written beside its file and renamed into place, so a reader never sees half of one; a file that cannot
be read gives None and one that cannot be written is skipped: a cache only ever costs the work it saves.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import threading
from pathlib import Path
from typing import Any


def read_cached(path: Path) -> Any:
    """The value kept at `path`, or None when there is none or it cannot be read."""
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        return marshal.loads(path.read_bytes())
    return None


def write_cached(path: Path, value: Any) -> None:
    """Keep `value` at `path` (see the module doc)."""
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_bytes(marshal.dumps(value))
        os.replace(partial, path)
