"""Prompt texts live as files in the `prompts` package and are loaded by name."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable


def prompt_file(*parts: str) -> Traversable:
    """A file of the `prompts` package (e.g. `prompt_file("offline", "answers.yaml")`), wherever it is installed."""
    return resources.files("prompts").joinpath(*parts)


@cache
def load_prompt(name: str) -> str:
    """The text of prompts/<name>.md (or .txt); a KeyError names what is missing."""
    for suffix in (".md", ".txt"):
        path = prompt_file(f"{name}{suffix}")
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
    raise KeyError(f"no prompt named {name!r} in the prompts package")


def render_prompt(name: str, **values: object) -> str:
    return load_prompt(name).format(**values)
