"""What a tool gives back: a compact text for the model and a structured payload for the UI.

People see a step as one plain line (`step_line`): the payload's `step` when the tool gives one (its text may
carry formulas or instructions meant for the model only), else the text's first line.

`capped_view` is the form both take in the thread (the graph's checkpoint and history): whole when together
they fit the checkpointed tool-output budget, else cut down, and the text says what was cut.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

VALUE_CHARS = (1000, 200, 50)
NOTE_BYTES = 400
MARK = "…"


@dataclass
class ToolOutput:
    text: str
    payload: dict[str, Any] = field(default_factory=dict)

    def as_tuple(self) -> tuple[str, dict[str, Any]]:
        """The (content, artifact) pair of a LangChain tool with response_format='content_and_artifact'."""
        return self.text, self.payload


def step_line(text: str, payload: Any) -> str:
    """The one line people see of a tool step: the payload's `step`, else the text's first non-empty line."""
    step = payload.get("step") if isinstance(payload, dict) else None
    if isinstance(step, str) and step.strip():
        return step.strip()
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


class ToolRefusal(ValueError):
    """A request the tool refuses, with a reason the model can act on (becomes an error tool message)."""


def _bytes(value: Any) -> int:
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass"))
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))


def _cut_text(text: str, max_bytes: int) -> str:
    return text.encode("utf-8", "surrogatepass")[:max_bytes].decode("utf-8", "ignore")


def _cut_values(value: Any, chars: int) -> Any:
    """`value` with every text longer than `chars` cut to `chars` (and marked)."""
    if isinstance(value, str):
        return value if len(value) <= chars else value[:chars] + MARK
    if isinstance(value, dict):
        return {key: _cut_values(item, chars) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_cut_values(item, chars) for item in value)
    return value


def _head_lists(value: Any, keep: int) -> Any:
    """`value` with every list (or tuple) longer than `keep` cut to its first `keep` items."""
    if isinstance(value, dict):
        return {key: _head_lists(item, keep) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_head_lists(item, keep) for item in value[:keep])
    return value


def _longest_list(value: Any, name: str = "items") -> tuple[str, int]:
    """(the key naming it, the length) of the longest list in `value`."""
    if isinstance(value, dict):
        children, best = [(str(key), item) for key, item in value.items()], (name, 0)
    elif isinstance(value, list | tuple):
        children, best = [(name, item) for item in value], (name, len(value))
    else:
        return name, 0
    for key, item in children:
        found = _longest_list(item, key)
        if found[1] > best[1]:
            best = found
    return best


@dataclass
class _Cut:
    value: Any
    value_chars: int | None = None
    kept: tuple[str, int, int] | None = None
    dropped: bool = False

    def notes(self) -> list[str]:
        if self.dropped:
            return ["its structured data left out"]
        notes = []
        if self.kept is not None:
            name, kept, total = self.kept
            notes.append(f"showing {kept} of {total} {'rows' if name == 'rows' else f'items of {name}'}")
        if self.value_chars is not None:
            notes.append(f"values cut at {self.value_chars} chars")
        return notes


def _shrink(value: Any, max_bytes: int) -> _Cut:
    """`value` cut until its JSON fits `max_bytes`: texts first, then the lists' tails, else dropped."""
    cut = _Cut(value)
    for chars in VALUE_CHARS:
        if _bytes(cut.value) <= max_bytes:
            return cut
        shorter = _cut_values(value, chars)
        if shorter != value:
            cut = _Cut(shorter, value_chars=chars)
    if _bytes(cut.value) <= max_bytes:
        return cut
    name, total = _longest_list(cut.value)
    fits, too_many = 0, total
    while too_many - fits > 1:
        keep = (fits + too_many) // 2
        fits, too_many = (keep, too_many) if _bytes(_head_lists(cut.value, keep)) <= max_bytes else (fits, keep)
    shortest = _head_lists(cut.value, fits)
    if _bytes(shortest) > max_bytes:
        return _Cut({} if isinstance(value, dict) else None, dropped=True)
    return _Cut(shortest, cut.value_chars, (name, fits, total))


def capped_view(content: Any, artifact: Any, max_bytes: int) -> tuple[Any, Any]:
    """A tool message's (content, artifact) as the thread keeps them, in at most about `max_bytes`.

    Unchanged when the content's UTF-8 bytes and the artifact's JSON bytes fit together. Else the content keeps at
    most half the budget (all of it without an artifact), the artifact's texts are cut and then its lists
    shortened to fit the rest, and a note saying plainly what was cut ends the content (and is the artifact's
    `capped` entry when it is a dict).
    """
    total = _bytes(content) + (_bytes(artifact) if artifact is not None else 0)
    if total <= max_bytes:
        return content, artifact
    budget = max(max_bytes - NOTE_BYTES, NOTE_BYTES)
    text_budget = budget // 2 if artifact is not None else budget
    notes: list[str] = []
    if isinstance(content, str):
        if _bytes(content) > text_budget:
            notes.append(f"text cut at {text_budget:,} of {_bytes(content):,} bytes")
            content = _cut_text(content, text_budget) + MARK
    else:
        cut = _shrink(content, text_budget)
        content = cut.value
        notes += cut.notes()
    if artifact is not None:
        cut = _shrink(artifact, budget - _bytes(content))
        artifact = cut.value
        notes += cut.notes()
    note = f"[Output capped at {max_bytes:,} bytes for the conversation: {'; '.join(notes) or 'shortened'}.]"
    if isinstance(artifact, dict):
        artifact = {**artifact, "capped": note}
    if isinstance(content, str):
        content = f"{content}\n{note}"
    return content, artifact
