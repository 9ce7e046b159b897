"""The mark of a tool that only reads the store (and derived caches): nothing a merchant sees changes when it runs.

A question asked while an approval waits is answered with marked tools alone (copilot.toolset.read_only_toolset,
copilot.pending). The mark sits on the tool where it is defined, so a new tool is writing until marked otherwise.
"""

from __future__ import annotations

from langchain_core.tools import BaseTool

_MARK = "read_only"


def read_only(tool: BaseTool) -> BaseTool:
    """Mark `tool` as one that only reads."""
    tool.metadata = {**(tool.metadata or {}), _MARK: True}
    return tool


def is_read_only(tool: BaseTool) -> bool:
    return bool((tool.metadata or {}).get(_MARK))
