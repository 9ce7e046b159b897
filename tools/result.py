"""What a tool gives back: a compact text for the model and a structured payload for the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ToolOutput:
    text: str
    payload: dict[str, Any] = field(default_factory=dict)

    def as_tuple(self) -> tuple[str, dict[str, Any]]:
        """The (content, artifact) pair of a LangChain tool with response_format='content_and_artifact'."""
        return self.text, self.payload


class ToolRefusal(ValueError):
    """A request the tool refuses, with a reason the model can act on (becomes an error tool message)."""
