"""A few memory-heavy tool runs at a time per process (segment scoring, creatives rendering); the rest wait.

Under the GIL, CPU-bound work in more threads than there are CPUs adds no throughput, yet each run in flight
holds its temporaries (score matrices, images being drawn and encoded). Under 100 concurrent chat streams a
worker's peak RSS was far above its RSS after one turn of each kind. A run waiting here waits no longer than it
would have for the CPU anyway; light work (SQL, documents, drafts) is never held.

After each run the C heap's free pages go back to the system (glibc's `malloc_trim`; nothing elsewhere): with
MALLOC_ARENA_MAX=2 the temporaries of those runs were freed inside the heap, between live blocks, and stayed
resident. Under 100 streams of the realistic mix the worker held 760-820 MB without it, 530-590 MB with it, at the
same turns per second and CPU per turn (benchmarks/load_mix.py, BENCHMARKS.md).
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

AT_ONCE = max(1, min(2, os.cpu_count() or 1))

_slots = threading.BoundedSemaphore(AT_ONCE)


def _malloc_trim() -> Callable[[], object] | None:
    """glibc's malloc_trim(0), or None where the C library has none."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return lambda: trim(0)


_trim = _malloc_trim()


@contextmanager
def heavy_work() -> Iterator[None]:
    """Hold one of the process's AT_ONCE heavy-work slots for the block, then return the freed heap pages."""
    try:
        with _slots:
            yield
    finally:
        if _trim is not None:
            _trim()
