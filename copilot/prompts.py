"""Prompt texts live as files in prompts/ and are loaded by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


@cache
def load_prompt(name: str) -> str:
    """The text of prompts/<name>.md (or .txt); a KeyError names what is missing."""
    for suffix in (".md", ".txt"):
        path = PROMPTS_DIR / f"{name}{suffix}"
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
    raise KeyError(f"no prompt named {name!r} in {PROMPTS_DIR}")


def render_prompt(name: str, **values: object) -> str:
    return load_prompt(name).format(**values)
