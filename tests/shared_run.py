"""Expensive stores built once per pytest run and shared by its pytest-xdist workers.

The process that starts the run (the xdist controller, or the only process without xdist) makes a run folder and
a run id before any worker starts and exports both; the workers inherit them. The first worker that needs a
resource (the SQLite demo store, the demo memory, a PostgreSQL template database) builds it under a file lock in
the run folder; the others wait for it and reuse it. When the run ends, the starting process drops the run's
PostgreSQL templates and removes the folder; a run killed before its end is cleaned up by the next one.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

RUN_DIR_ENV = "MERCHANT_COPILOT_TEST_RUN_DIR"
RUN_ID_ENV = "MERCHANT_COPILOT_TEST_RUN_ID"
RUN_DIR_PREFIX = "copilot-test-run-"
_OWNER = pytest.StashKey[bool]()
TEMPLATE_PREFIX = "copilot_tpl_"


def start_run(config: pytest.Config) -> None:
    """Make and export the run folder and id, unless this is a worker or a run is already under way."""
    if hasattr(config, "workerinput") or os.environ.get(RUN_DIR_ENV):
        return
    _sweep_dead_runs()
    folder = Path(tempfile.mkdtemp(prefix=RUN_DIR_PREFIX))
    (folder / "owner.pid").write_text(str(os.getpid()))
    os.environ[RUN_DIR_ENV] = str(folder)
    os.environ[RUN_ID_ENV] = uuid.uuid4().hex[:12]
    config.stash[_OWNER] = True


def finish_run(config: pytest.Config) -> None:
    """Drop the run's PostgreSQL templates and remove its folder (in the process that started the run)."""
    if not config.stash.get(_OWNER, False):
        return
    folder = Path(os.environ.pop(RUN_DIR_ENV))
    os.environ.pop(RUN_ID_ENV, None)
    _remove(folder)


def _remove(folder: Path) -> None:
    templates = list(folder.glob(f"{TEMPLATE_PREFIX}*.server"))
    if templates:
        from copilot.store.pgadmin import drop_database

        for marker in templates:
            drop_database(marker.read_text(), marker.stem)
    shutil.rmtree(folder, ignore_errors=True)


def _sweep_dead_runs() -> None:
    """Remove what runs killed before their end left behind (their process is gone)."""
    for owner in Path(tempfile.gettempdir()).glob(f"{RUN_DIR_PREFIX}*/owner.pid"):
        try:
            os.kill(int(owner.read_text()), 0)
        except ProcessLookupError:
            _remove(owner.parent)
        except (OSError, ValueError):
            continue


def run_dir() -> Path:
    """The run folder shared by the workers (created by `pytest_configure`)."""
    return Path(os.environ[RUN_DIR_ENV])


@contextmanager
def _locked(name: str) -> Iterator[None]:
    with (run_dir() / f"{name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_path(name: str, build: Callable[[Path], None]) -> Path:
    """`<run folder>/<name>`, built by `build(path)` once per run (by whichever worker asks first)."""
    path = run_dir() / name
    done = run_dir() / f"{name}.done"
    with _locked(name):
        if not done.exists():
            if path.is_dir():
                shutil.rmtree(path)
            path.unlink(missing_ok=True)
            build(path)
            done.touch()
    return path


def shared_pg_template(kind: str, build: Callable[[str], None], admin_url: str) -> str:
    """The name of this run's PostgreSQL template database `kind`, built by `build(url)` once per run; never
    connected to afterwards, so `CREATE DATABASE ... TEMPLATE` can copy it. Dropped when the run ends."""
    from copilot.store.pgadmin import create_database

    name = f"{TEMPLATE_PREFIX}{kind}_{os.environ[RUN_ID_ENV]}"
    done = run_dir() / f"{name}.done"
    with _locked(name):
        if not done.exists():
            (run_dir() / f"{name}.server").write_text(admin_url)
            build(create_database(admin_url, name))
            done.touch()
    return name
