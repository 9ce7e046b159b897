"""Production-path fixtures: the Redis at 127.0.0.1:6379 and API workers as separate uvicorn processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis
import redis.exceptions

REDIS_URL = os.environ.get("COPILOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Read at import: the autouse `_clean_env` removes every COPILOT_* variable before a test's fixtures run.
REQUIRE_REDIS = bool(os.environ.get("COPILOT_REQUIRE_REDIS"))
WORKER_START_TIMEOUT_S = 90.0


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis server's URL; skipped with a reason when it does not answer (a failure under CI)."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        reason = f"Redis not reachable at {REDIS_URL}: {type(exc).__name__}"
        if REQUIRE_REDIS:
            pytest.fail(reason)
        pytest.skip(reason)
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def rate_prefix() -> str:
    """A Redis key prefix no other test shares."""
    return f"copilot:test:{uuid.uuid4().hex}:"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Worker:
    """One API worker: a uvicorn process of its own, with its own data folder."""

    name: str
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, key: str) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers={"Authorization": f"Bearer {key}"}, timeout=120.0)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:]


def spawn_worker(name: str, env: dict[str, str], folder: Path) -> Worker:
    """`uvicorn copilot.app:create_app --factory` on a free loopback port, configured by `env` only; it may
    still be starting (`wait_until_healthy`)."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"{name}.log"
    command = [sys.executable, "-m", "uvicorn", "copilot.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Worker(name=name, base_url=f"http://127.0.0.1:{port}", process=process, log=log)


def wait_until_healthy(worker: Worker, path: str = "/healthz") -> None:
    deadline = time.monotonic() + WORKER_START_TIMEOUT_S
    while True:
        if worker.process.poll() is not None:
            raise RuntimeError(f"worker {worker.name} exited with {worker.process.returncode}:\n{worker.log_tail()}")
        try:
            if httpx.get(worker.base_url + path, timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"worker {worker.name} did not answer within {WORKER_START_TIMEOUT_S:.0f}s")
        time.sleep(0.2)


def stop_worker(worker: Worker) -> None:
    worker.process.terminate()
    try:
        worker.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.process.kill()
        worker.process.wait(timeout=10)


def worker_env(settings: dict[str, str]) -> dict[str, str]:
    """A worker process's environment: this process's without any COPILOT_* variable, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env["HF_HUB_OFFLINE"] = "1"
    env.update(settings)
    return env
