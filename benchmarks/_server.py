"""The chat API as a separate `uvicorn server:app` process on loopback, for load benchmarks and crash tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """`uvicorn server:app` of the checkout at `root` (default: this one) on 127.0.0.1 with the given store and
    data folder (offline model, demo 'today'), with the keep-alive of the deployed workers
    (deploy/systemd/copilot-api@.service)."""

    db_path: Path
    data_dir: Path
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    root: Path = ROOT
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 90.0) -> None:
        """Start the server and wait until /healthz answers; raises RuntimeError when it does not."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
        env.update(
            COPILOT_DB_URL=f"sqlite:///{self.db_path}",
            COPILOT_DATA_DIR=str(self.data_dir),
            COPILOT_MODEL="offline",
            COPILOT_TODAY="2026-11-20",
            HF_HUB_OFFLINE="1",
            **self.env,
        )
        log = (self.log_path or self.data_dir.parent / f"server-{self.port}.log").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "server:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--timeout-keep-alive",
                "75",
            ],
            cwd=self.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not answer /healthz in time")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flush; as a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM and wait (SIGKILL after 30 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


class RssSampler:
    """Samples the RSS of a process tree every `interval_s` in a thread; `peak_mb` is the maximum seen,
    `own_peak_mb` the process's own and `children_peak_mb` its children's together (each at its own moment)."""

    def __init__(self, pid: int, interval_s: float = 0.1) -> None:
        self.process = psutil.Process(pid)
        self.interval_s = interval_s
        self.peak_mb = 0.0
        self.own_peak_mb = 0.0
        self.children_peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                own = self.process.memory_info().rss / 1e6
                children = sum(p.memory_info().rss for p in self.process.children(recursive=True)) / 1e6
            except psutil.Error:
                break
            self.peak_mb = max(self.peak_mb, own + children)
            self.own_peak_mb = max(self.own_peak_mb, own)
            self.children_peak_mb = max(self.children_peak_mb, children)
            self._stop.wait(self.interval_s)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
