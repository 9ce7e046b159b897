"""A few memory-heavy tool runs at a time per process (segment scoring, creatives rendering); the rest wait.

Under the GIL, CPU-bound work in more threads than there are CPUs adds no throughput, yet each run in flight
holds its temporaries (score matrices, images being drawn and encoded). Under 100 concurrent chat streams a
worker's peak RSS was far above its RSS after one turn of each kind. A run waiting here waits no longer than it
would have for the CPU anyway; light work (SQL, documents, drafts) is never held.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

AT_ONCE = max(1, min(2, os.cpu_count() or 1))

_slots = threading.BoundedSemaphore(AT_ONCE)


@contextmanager
def heavy_work() -> Iterator[None]:
    """Hold one of the process's AT_ONCE heavy-work slots for the block."""
    with _slots:
        yield
