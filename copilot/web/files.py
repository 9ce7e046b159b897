"""Serving a file the copilot made for a merchant: a name is resolved strictly inside the merchant's own folder."""

from __future__ import annotations

from pathlib import Path


def inside(folder: Path, candidate: Path) -> Path | None:
    """`candidate` resolved, when it is an existing file strictly inside `folder`; else None."""
    root = folder.resolve()
    resolved = candidate.resolve()
    if resolved == root or not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved
