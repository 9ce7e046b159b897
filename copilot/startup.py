"""Garbage collection while a process starts.

Starting the copilot creates ~600k objects that live as long as the process (modules, tool schemas, the graph).
With CPython's default thresholds (700, 10, 10) the collector scans them again and again while they are being
created: ~0.25 s of the ~2.1 s of CPU from process start to the first answer on the demo store. So:
- `defer()` (at `import copilot`) raises the first generation's threshold while the process starts, unless the
  host had already set thresholds of its own;
- `settle()` (when a copilot is open: `open_copilot`) moves everything alive into the permanent generation
  (`gc.freeze`: later collections never scan it again) and puts the default thresholds back. The few cyclic
  garbage objects of start-up (~2k) are frozen with the rest instead of paying a full collection (~0.1 s).
"""

from __future__ import annotations

import gc

_DEFAULT = (700, 10, 10)
_STARTING = (20_000, 20, 20)


def defer() -> None:
    """Collect rarely until `settle()` (only over the default thresholds)."""
    if gc.get_threshold() == _DEFAULT:
        gc.set_threshold(*_STARTING)


def settle() -> None:
    """Freeze what start-up made and collect as usual from now on (once; a no-op after that)."""
    if gc.get_threshold() == _STARTING:
        gc.freeze()
        gc.set_threshold(*_DEFAULT)
