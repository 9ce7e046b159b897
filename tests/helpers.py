"""Helpers shared by the test packages: loopback servers and rows the tests seed into a store."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from langgraph.checkpoint.sqlite import SqliteSaver

from copilot.clock import DEMO_TODAY, demo_clock
from copilot.config import Settings
from copilot.service import Copilot
from copilot.store import Store
from copilot.store.models import Campaign

SERVER_START_TIMEOUT_S = 60.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picked it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LoopbackServer:
    """An ASGI app served by uvicorn in a daemon thread on 127.0.0.1."""

    base_url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self, timeout: float = 30.0) -> None:
        """Ask uvicorn to exit and wait up to `timeout` seconds for its thread."""
        self.server.should_exit = True
        self.thread.join(timeout=timeout)


def serve(app: FastAPI, name: str = "a loopback server") -> LoopbackServer:
    """Start `app` under uvicorn on a free loopback port and return once it accepts connections.

    Raises RuntimeError (naming `name`) when the server thread dies or has not started within a minute.
    """
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not start")
        time.sleep(0.05)
    return LoopbackServer(f"http://127.0.0.1:{port}", server, thread)


def add_draft_campaign(
    store: Store,
    campaign_id: str,
    merchant_id: str = "m_outdoor",
    *,
    name: str = "双12防晒推广",
    budget_total: Decimal = Decimal("30000"),
    start_date: date = date(2026, 12, 1),
    end_date: date = date(2026, 12, 12),
    plan: dict[str, Any] | None = None,
    created_at: datetime = datetime(2026, 11, 20, 9, tzinfo=UTC),
) -> None:
    """Insert one `draft` event campaign for `merchant_id` (by default a 双12 campaign of 30,000 with no plan)."""
    with store.session() as session:
        session.add(
            Campaign(
                id=campaign_id,
                merchant_id=merchant_id,
                name=name,
                objective="event",
                status="draft",
                budget_total=budget_total,
                start_date=start_date,
                end_date=end_date,
                plan={} if plan is None else plan,
                created_at=created_at,
            )
        )


@contextmanager
def impatient_copilot(store: Store, tmp_path: Path, settings: Settings | None = None) -> Iterator[tuple[Copilot, Path]]:
    """A Copilot (on `settings`, by default the demo day's) whose checkpoint connection waits only 0.2 s for a
    lock, and the checkpoint file's path: a real lock on that file outlasts its busy timeout."""
    path = tmp_path / "checkpoints.db"
    conn = sqlite3.connect(path, check_same_thread=False, timeout=0.2)
    saver = SqliteSaver(conn)
    saver.setup()
    try:
        yield (
            Copilot(
                settings=settings or Settings(data_dir=tmp_path / "data", today=DEMO_TODAY),
                store=store,
                checkpointer=saver,
                clock=demo_clock(),
            ),
            path,
        )
    finally:
        conn.close()
