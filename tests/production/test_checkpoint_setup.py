"""API workers starting together on a new PostgreSQL database each set up the checkpoint schema: every one of
them starts (the set-up runs under an advisory lock), and the schema is made once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, text

from copilot.checkpoints import open_checkpointer
from copilot.config import Settings

WORKERS = 6


def test_workers_setting_up_checkpoints_together_all_start(pg_empty_url: str, tmp_path: Path) -> None:
    settings = Settings(db_url=pg_empty_url, data_dir=tmp_path / "data")
    start = threading.Barrier(WORKERS)

    def worker(n: int) -> int:
        start.wait()
        with open_checkpointer(settings) as saver:
            config = {"configurable": {"thread_id": f"t{n}"}}
            return len(list(saver.list(config)))

    with ThreadPoolExecutor(WORKERS) as pool:
        listed = list(pool.map(worker, range(WORKERS)))
    assert listed == [0] * WORKERS
    engine = create_engine(pg_empty_url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT v, count(*) FROM checkpoint_migrations GROUP BY v")).all()
    engine.dispose()
    assert versions and all(count == 1 for _, count in versions)
