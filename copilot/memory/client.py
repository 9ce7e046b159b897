"""The Chroma client for the settings: an embedded store in a folder, or a Chroma server (chromadb is imported
here, when a client is made)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from copilot.memory.records import MemoryUnavailableError

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

    from copilot.config import Settings


_IMPORTING = threading.Lock()


def import_chroma() -> None:
    """Import Chroma and register the memory's embedder with it, one thread at a time: Chroma's embedding-function
    package imports itself in a cycle, and two ingest jobs importing it at once on a fresh process fail (a deadlock
    Python detects, or a partially initialised module). After the first call the modules are loaded and it is free."""
    with _IMPORTING:
        import chromadb
        import chromadb.errors  # noqa: F401

        import copilot.memory.chroma_embedder  # noqa: F401  (registers the embedder before a collection is opened)


def client_for(settings: Settings) -> tuple[ClientAPI, str]:
    import_chroma()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        parts = urlsplit(settings.chroma_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(f"COPILOT_CHROMA_URL must be an http(s) URL, got {settings.chroma_url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 8000)
        try:
            client = chromadb.HttpClient(
                host=parts.hostname, port=port, ssl=parts.scheme == "https", settings=chroma_settings
            )
            client.heartbeat()
        except Exception as exc:
            raise MemoryUnavailableError(
                f"Chroma server at {parts.scheme}://{parts.hostname}:{port} is not reachable: {exc}"
            ) from exc
        return client, f"{parts.scheme}://{parts.hostname}:{port}"
    folder = settings.chroma_dir
    folder.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(folder), settings=chroma_settings), str(folder)
