"""This process's copy of a merchant's persisted customer states (copilot/segments/state.py) as flat arrays.

Each customer has a slot (in the order first read); each part of the states (item numbers, weights, view and
purchase times, paid orders, bought products) is one array of values with the slot owning each value. A worker
reads only the rows written since its last read and swaps those customers' values, so a new order costs the
work of its customer, not of the whole store. `order` lists the slots sorted by customer id.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select

from copilot.segments import state
from copilot.store import Store
from copilot.store.models import CustomerProfile

PARTS = ("item", "weight", "view", "purchase", "order_at", "order_total", "bought_item", "bought_qty")
READ_ROWS = 20_000


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenated index ranges [start, start + count) of every row."""
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    before = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return np.repeat(starts - before, counts) + np.arange(total)


def decode(blobs: Sequence[bytes]) -> tuple[np.ndarray, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """(last event time per blob, {part: (index of the owning blob, values)}) of encoded states."""
    if not blobs:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(0), {name: (empty, np.zeros(0)) for name in PARTS}
    values = np.frombuffer(b"".join(blobs), dtype=np.float64)
    lengths = np.fromiter((len(b) // 8 for b in blobs), dtype=np.int64, count=len(blobs))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    counts = values[starts[:, None] + np.arange(state.HEADER - 1)].astype(np.int64)
    n_weights, n_views, n_purchases, n_orders, n_bought = counts.T
    sizes = np.stack([n_weights, n_weights, n_views, n_purchases, n_orders, n_orders, n_bought, n_bought], axis=1)
    part_starts = starts[:, None] + state.HEADER + np.cumsum(sizes, axis=1) - sizes
    owners = np.arange(len(blobs))
    parts = {
        name: (np.repeat(owners, sizes[:, j]), values[_ranges(part_starts[:, j], sizes[:, j])])
        for j, name in enumerate(PARTS)
    }
    return values[starts + state.HEADER - 1], parts


@dataclass
class WorkerCopy:
    """A merchant's states as read by this process (see the module doc)."""

    generation: str = ""
    version: int = -1
    ids: list[str] = field(default_factory=list)
    slot_of: dict[str, int] = field(default_factory=dict)
    last: np.ndarray = field(default_factory=lambda: np.zeros(0))
    parts: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=lambda: decode([])[1])
    order: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    id_array: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    assembled: Any = None  # the matrices last assembled from this copy (copilot/segments/profiles.py)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self, store: Store, merchant_id: str, mark: state.StateMark) -> None:
        """Read the rows written since this copy's version (all of them after a full rebuild)."""
        if mark.generation != self.generation:
            fresh = WorkerCopy(generation=mark.generation)
            self.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "lock"})
        if mark.version <= self.version:
            return
        with store.engine.connect() as conn:
            rows = conn.execution_options(yield_per=READ_ROWS).execute(
                select(CustomerProfile.customer_id, CustomerProfile.state).where(
                    CustomerProfile.merchant_id == merchant_id, CustomerProfile.version > self.version
                )
            )
            for batch in rows.partitions():
                self._swap([str(r[0]) for r in batch], [bytes(r[1]) for r in batch])
        self.version = mark.version

    def _swap(self, customers: list[str], blobs: list[bytes]) -> None:
        grew = [c for c in dict.fromkeys(customers) if c not in self.slot_of]
        for customer in grew:
            self.slot_of[customer] = len(self.ids)
            self.ids.append(customer)
        slots = np.fromiter((self.slot_of[c] for c in customers), dtype=np.int64, count=len(customers))
        last, parts = decode(blobs)
        if grew:
            self.last = np.concatenate([self.last, np.full(len(grew), np.nan)])
        self.last[slots] = last
        replaced = np.zeros(len(self.ids), dtype=bool)
        replaced[slots] = True
        for name, (owner, values) in parts.items():
            old_owner, old_values = self.parts[name]
            keep = ~replaced[old_owner]
            self.parts[name] = (
                np.concatenate([old_owner[keep], slots[owner]]),
                np.concatenate([old_values[keep], values]),
            )
        if grew:
            self.id_array = np.array(self.ids, dtype=object)
            self.order = np.argsort(self.id_array, kind="stable")
