"""The memory against a real Chroma server on loopback (`chroma run`), as with COPILOT_CHROMA_URL."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from copilot.config import Settings
from copilot.memory import MemoryStore, MemoryUnavailableError

START_TIMEOUT_S = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server in a subprocess on a free loopback port; skipped when it cannot start."""
    executable = shutil.which("chroma")
    if executable is None:
        pytest.skip("the `chroma` CLI (shipped with chromadb) is not on PATH")
    port = _free_port()
    folder = tmp_path_factory.mktemp("chroma_server")
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [executable, "run", "--path", str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            if server.poll() is not None:
                pytest.skip(f"chroma run exited with {server.returncode}: {(folder / 'server.log').read_text()[-500:]}")
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.skip(f"chroma run did not answer within {START_TIMEOUT_S:.0f}s")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_memory_on_a_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", chroma_url=chroma_url)
    worker_a = MemoryStore.open(settings)
    worker_b = MemoryStore.open(settings)
    assert worker_a.location == chroma_url
    worker_a.ingest(
        "m_srv", "退货政策", "## 运费\n\n退货运费由买家承担，质量问题由商家承担，最高 25 元。", source="s.md"
    )
    worker_a.remember("m_srv", "单日预算不超过5000")
    hits = worker_b.search("m_srv", "who pays for return shipping?", k=1)
    assert hits[0].title == "退货政策" and hits[0].source == "s.md"
    assert worker_b.constraints("m_srv") == {"daily_budget_cap": Decimal("5000")}
    assert worker_b.search("m_other", "退货运费", k=3) == []
    worker_b.ingest("m_srv", "发票", "## 发票\n\n电子发票确认收货后 3 天内开具。")
    assert worker_a.search("m_srv", "电子发票", k=1, mode="keyword")[0].title == "发票"
    assert not (tmp_path / "data" / "chroma").exists(), "a server URL means no local folder"
    worker_a.reset("m_srv")
    assert worker_b.documents("m_srv") == []


def test_an_unreachable_server_is_reported_clearly(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(MemoryUnavailableError, match="not reachable"):
        MemoryStore.open(settings)


def test_a_malformed_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="http"):
        MemoryStore.open(Settings(data_dir=tmp_path / "data", chroma_url="ftp://127.0.0.1:8000"))
