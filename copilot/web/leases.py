"""The run leases of this worker: one run at a time per thread across every API worker, and a dead worker's lease
recognised within seconds instead of blocking its thread.

A lease names its run, its owner (this worker: host, process id and a nonce drawn when the app starts) and a
heartbeat, written and judged by the database's clock (copilot/api/threads_store.py), never a worker's. While a
run is alive its worker renews the lease every `run_heartbeat_s`; a lease not renewed for `run_lease_s` belonged
to a worker that died (SIGKILL, a lost machine) and the next run takes it over. A worker
does not wait even that long for the lease of a worker it can see is gone: an owner in this process space (same
kernel boot and PID namespace) whose process no longer exists, or an earlier start of this very process, is dead
at once. An owner elsewhere is only ever judged by its heartbeat.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

import anyio
import anyio.to_thread

from copilot.clock import Clock
from copilot.config import ApiLimits
from copilot.store import Store
from copilot.web import threads_store
from copilot.web.threads_store import RunLease

log = logging.getLogger("copilot.api")

_SEPARATOR = "|"
_OPEN_NONCES: set[str] = set()  # the workers (app starts) of this process whose leases are alive
_OPEN_LOCK = threading.Lock()

HeldRun = tuple[str, str, str]  # (merchant_id, thread_id, run_id)


@cache
def process_space() -> str:
    """The kernel boot and PID namespace this process runs in ("" when unknown): process ids are comparable
    only between processes of the same space."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return f"{boot}/{namespace.removeprefix('pid:').strip('[]')}"


@dataclass(frozen=True)
class WorkerId:
    """Who runs a lease's run: recorded as `host|space|pid|nonce` in the thread's row."""

    host: str
    space: str
    pid: int
    nonce: str

    @classmethod
    def new(cls) -> WorkerId:
        """This process, with a fresh nonce (a new app start)."""
        return cls(socket.gethostname()[:64], process_space(), os.getpid(), secrets.token_hex(6))

    @classmethod
    def parse(cls, text: str | None) -> WorkerId | None:
        parts = (text or "").split(_SEPARATOR)
        if len(parts) != 4 or not parts[2].isdigit():
            return None
        host, space, pid, nonce = parts
        return cls(host, space, int(pid), nonce)

    def __str__(self) -> str:
        return _SEPARATOR.join((self.host, self.space, str(self.pid), self.nonce))


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: it exists, as another user's
        return True
    return True


class RunLeases:
    """This worker's run leases: take, renew (`heartbeat`), give back, and tell a live lease from a dead one."""

    def __init__(self, store: Store, clock: Clock, limits: ApiLimits, worker: WorkerId | None = None) -> None:
        self.store = store
        self.clock = clock
        self.lease = timedelta(seconds=limits.run_lease_s)
        self.heartbeat_s = limits.run_heartbeat_s
        self.worker = worker or WorkerId.new()
        self._owner = str(self.worker)
        self._held: set[HeldRun] = set()
        self._lock = threading.Lock()
        self._beat_limiter = anyio.CapacityLimiter(1)  # never queued behind turns in the default thread pool
        with _OPEN_LOCK:
            _OPEN_NONCES.add(self.worker.nonce)

    def close(self) -> None:
        """This worker stops: from now on its leases count as a dead worker's in this process."""
        with _OPEN_LOCK:
            _OPEN_NONCES.discard(self.worker.nonce)

    def is_gone(self, owner: str | None) -> bool:
        """True when the worker `owner` is known to be dead (without waiting for its lease to expire)."""
        worker = WorkerId.parse(owner)
        if worker is None or not worker.space or worker.space != self.worker.space:
            return False
        if worker.pid == self.worker.pid:
            with _OPEN_LOCK:
                return worker.nonce not in _OPEN_NONCES
        return not _process_exists(worker.pid)

    def is_live(self, lease: RunLease | None) -> bool:
        """True while `lease` holds its thread: renewed within `run_lease_s` (by the database's clock, when it was
        read) by a worker not known to be gone."""
        if lease is None or lease.renewed_at is None:
            return False
        return lease.renewed_at >= lease.read_at - self.lease and not self.is_gone(lease.owner)

    def acquire(self, merchant_id: str, thread_id: str) -> str | None:
        """Take the thread's lease for a new run; its run id, or None while a live run holds it (or no thread).
        A run this worker still holds is live whatever its heartbeat says: its thread is not granted again."""
        with self._lock:
            if any(held[:2] == (merchant_id, thread_id) for held in self._held):
                return None
        run_id = uuid.uuid4().hex

        def take(dead_run_id: str | None = None) -> bool:
            return threads_store.acquire_run(
                self.store,
                merchant_id,
                thread_id,
                run_id,
                owner=self._owner,
                lease_s=self.lease.total_seconds(),
                dead_run_id=dead_run_id,
            )

        if not take():
            info = threads_store.get_thread(self.store, merchant_id, thread_id)
            holder = info.lease if info is not None else None
            if holder is None or not self.is_gone(holder.owner) or not take(holder.run_id):
                return None
            log.warning("took over the run lease of %s from %s, a worker that is gone", thread_id, holder.owner)
        with self._lock:
            self._held.add((merchant_id, thread_id, run_id))
        return run_id

    def release(self, merchant_id: str, thread_id: str, run_id: str) -> None:
        """Give the lease back (a no-op when `run_id` no longer holds it); it is no longer renewed either way."""
        with self._lock:
            self._held.discard((merchant_id, thread_id, run_id))
        threads_store.release_run(self.store, merchant_id, thread_id, run_id, now=self.clock.now())

    def renew(self) -> None:
        """One heartbeat: renew every lease this worker holds."""
        with self._lock:
            held = sorted(self._held)
        if not held:
            return
        for merchant_id, thread_id, run_id in threads_store.renew_runs(self.store, held):
            log.warning("the run lease of %s was lost (taken over after missed heartbeats)", thread_id)
            with self._lock:
                self._held.discard((merchant_id, thread_id, run_id))

    async def heartbeat(self) -> None:
        """Renew this worker's leases every `run_heartbeat_s` until cancelled; a failed renewal is logged and
        retried at the next beat (a lease expires only after `run_lease_s` without one). Renewals run in a thread
        of their own limiter, so turns filling the default thread pool cannot delay them past the lease."""
        while True:
            await asyncio.sleep(self.heartbeat_s)
            try:
                await anyio.to_thread.run_sync(self.renew, limiter=self._beat_limiter)
            except Exception as exc:
                log.warning("could not renew this worker's run leases; trying again at the next beat", exc_info=exc)
