"""This process's copy of a merchant's persisted customer states (copilot/segments/state.py) as flat arrays.

Each customer has a slot (in the order first read); each part of the states (item numbers, weights, view and
purchase times, paid orders, bought products) is one array of values with the slot owning each value. A worker
reads only the rows written since its last read and swaps those customers' values, so a new order costs the
work of its customer, not of the whole store. `order` lists the slots sorted by customer id.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Connection

from copilot.segments import state
from copilot.store import Store

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
    lengths = np.array(list(map(len, blobs)), dtype=np.int64) // 8
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


def _rows_since(conn: Connection, merchant_id: str, version: int) -> Iterator[list[tuple[Any, Any]]]:
    """The merchant's (customer id, state) rows written after `version`, READ_ROWS at a time, through the driver's
    own cursor (a server-side one on PostgreSQL): SQLAlchemy's row objects cost more than decoding the states."""
    postgres = conn.dialect.name == "postgresql"
    driver: Any = conn.connection.driver_connection
    cursor = driver.cursor(name="profile_copy") if postgres else driver.cursor()
    mark = "%s" if postgres else "?"
    try:
        cursor.execute(
            f"SELECT customer_id, state FROM customer_profiles WHERE merchant_id = {mark} AND version > {mark}",
            (merchant_id, version),
        )
        while batch := cursor.fetchmany(READ_ROWS):
            yield list(batch)
    finally:
        cursor.close()


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
    layout: Any = None  # their rows and columns
    changed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # slots swapped in since (repeats)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self, store: Store, merchant_id: str, mark: state.StateMark) -> None:
        """Read the rows written since this copy's version (all of them after a full rebuild): decoded a batch
        at a time, swapped in at once."""
        if mark.generation != self.generation:
            fresh = WorkerCopy(generation=mark.generation)
            self.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "lock"})
        if mark.version <= self.version:
            return
        customers: list[str] = []
        lasts: list[np.ndarray] = []
        batches: list[dict[str, tuple[np.ndarray, np.ndarray]]] = []
        with store.engine.connect() as conn:
            for batch in _rows_since(conn, merchant_id, self.version):
                last, parts = decode([bytes(blob) for _, blob in batch])
                batches.append({name: (owner + len(customers), values) for name, (owner, values) in parts.items()})
                lasts.append(last)
                customers += [str(customer) for customer, _ in batch]
        if customers:
            merged = {
                name: (np.concatenate([b[name][0] for b in batches]), np.concatenate([b[name][1] for b in batches]))
                for name in PARTS
            }
            self._swap(customers, np.concatenate(lasts), merged)
        self.version = mark.version

    def _swap(self, customers: list[str], last: np.ndarray, parts: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
        """Put the decoded states of `customers` (each once) in place of their former values."""
        grew = [c for c in customers if c not in self.slot_of]
        self.slot_of.update(zip(grew, range(len(self.ids), len(self.ids) + len(grew)), strict=True))
        self.ids += grew
        slots = np.array([self.slot_of[c] for c in customers], dtype=np.int64)
        if grew:
            self.last = np.concatenate([self.last, np.full(len(grew), np.nan)])
        self.last[slots] = last
        self.changed = np.concatenate([self.changed, slots])
        replaced = np.zeros(len(self.ids), dtype=bool)
        replaced[slots] = True
        for name, (owner, values) in parts.items():
            old_owner, old_values = self.parts[name]
            keep = ~replaced[old_owner]
            self.parts[name] = (
                np.concatenate([old_owner[keep], slots[owner]]) if len(old_owner) else slots[owner],
                np.concatenate([old_values[keep], values]) if len(old_owner) else values,
            )
        if grew:
            self.id_array = np.array(self.ids, dtype=object)
            self.order = np.argsort(np.array(self.ids, dtype=str), kind="stable")
