"""Uploaded files on the server: saved into a temporary folder of the request, never named to the client."""

from __future__ import annotations

from pathlib import Path

from fastapi import UploadFile

_COPY_CHUNK = 1 << 20


class UploadTooLarge(Exception):
    """The uploaded file has more than `limit` bytes (what was saved of it is removed)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the file has more than {limit:,} bytes")
        self.limit = limit


def save_upload(upload: UploadFile, path: Path, *, limit: int | None = None) -> int:
    """Copy the uploaded file to `path` (blocking I/O: call it in a worker thread); returns its size in bytes.
    Raises UploadTooLarge as soon as it has more than `limit` bytes."""
    size = 0
    try:
        with path.open("wb") as out:
            while chunk := upload.file.read(_COPY_CHUNK):
                size += len(chunk)
                if limit is not None and size > limit:
                    raise UploadTooLarge(limit)
                out.write(chunk)
    except UploadTooLarge:
        path.unlink(missing_ok=True)
        raise
    return size
