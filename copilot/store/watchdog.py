"""One thread that interrupts SQLite statements past their time limit, instead of a timer thread per query.

Starting a thread waits until the new thread runs: about 0.1 ms on an idle machine, tens of milliseconds on a
busy one (measured: 43 ms per query on a loaded 2-CPU machine, more than the query itself), and every guarded
query paid it. The watchdog thread starts on first use and again in a forked child (threads do not survive a
fork).
"""

from __future__ import annotations

import heapq
import itertools
import os
import sqlite3
import threading
import time


class Alarm:
    """A connection's time limit: `fired` is set once the watchdog interrupted it; `disarm` ends it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.fired = threading.Event()
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.Lock()

    def fire(self) -> None:
        with self._lock:
            if self._conn is not None:
                self.fired.set()
                self._conn.interrupt()
                self._conn = None

    def disarm(self) -> None:
        """Nothing is interrupted after this returns, so the connection's next statement is never hit."""
        with self._lock:
            self._conn = None

    @property
    def armed(self) -> bool:
        return self._conn is not None


class Watchdog:
    """Alarms ordered by deadline, served by one daemon thread."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._due: list[tuple[float, int, Alarm]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, conn: sqlite3.Connection, timeout_s: float) -> Alarm:
        """An alarm interrupting `conn` once `timeout_s` has passed, unless disarmed before."""
        alarm = Alarm(conn)
        entry = (time.monotonic() + timeout_s, next(self._order), alarm)
        with self._changed:
            heapq.heappush(self._due, entry)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="sql-watchdog", daemon=True)
                self._thread.start()
            if self._due[0] is entry:  # else the thread already wakes up earlier (waking it costs a GIL handoff)
                self._changed.notify()
        return alarm

    def _serve(self) -> None:
        with self._changed:
            while True:
                now = time.monotonic()
                while self._due and (self._due[0][0] <= now or not self._due[0][2].armed):
                    heapq.heappop(self._due)[2].fire()
                self._changed.wait(self._due[0][0] - now if self._due else None)


_watchdog = Watchdog()


def _new_watchdog_in_child() -> None:
    global _watchdog
    _watchdog = Watchdog()


os.register_at_fork(after_in_child=_new_watchdog_in_child)


def arm(conn: sqlite3.Connection, timeout_s: float) -> Alarm:
    """An alarm of this process's watchdog (see `Watchdog.arm`)."""
    return _watchdog.arm(conn, timeout_s)
