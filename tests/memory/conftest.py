"""Memory fixtures: an empty memory, a private copy of the demo memory (tests/conftest.py builds it once per
run), and a guard that fails any attempt to reach a non-loopback address."""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.config import Settings
from copilot.memory import MemoryStore


class NetworkAttempt(AssertionError):
    """Raised by the no-network guard: something tried to leave the machine."""


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False
    return isinstance(address, str | bytes)  # AF_UNIX paths stay on the machine


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every non-loopback connect raises NetworkAttempt; the attempted addresses are recorded."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_create_connection = socket.create_connection

    def connect(self: socket.socket, address: object) -> None:
        if not _is_loopback(address):
            attempts.append(address)
            raise NetworkAttempt(f"network access attempted: {address!r}")
        real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        if not _is_loopback(address):
            attempts.append(address)
            raise NetworkAttempt(f"network access attempted: {address!r}")
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    def create_connection(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        if not _is_loopback(address):
            attempts.append(address)
            raise NetworkAttempt(f"network access attempted: {address!r}")
        return real_create_connection(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return attempts


@pytest.fixture
def memory_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "memdata")


@pytest.fixture
def memory(memory_settings: Settings) -> Iterator[MemoryStore]:
    """An empty memory in a fresh local Chroma folder."""
    store = MemoryStore.open(memory_settings)
    yield store
    store.close()


@pytest.fixture
def demo_memory_settings(demo_memory_template: Path, tmp_path: Path) -> Settings:
    """Settings whose data folder is a private copy of the demo memory."""
    data_dir = tmp_path / "demo_memdata"
    shutil.copytree(demo_memory_template, data_dir)
    return Settings(data_dir=data_dir)


@pytest.fixture
def demo_memory(demo_memory_settings: Settings) -> Iterator[MemoryStore]:
    store = MemoryStore.open(demo_memory_settings)
    yield store
    store.close()
