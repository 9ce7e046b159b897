"""``find_target_segments``: the tool's contract; the audiences come from copilot.segments (see its finder)."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime, tool

from copilot.context import Context
from copilot.heavy_work import heavy_work
from copilot.segments.finder import run_find_target_segments
from tools.read_only import read_only


@read_only
@tool("find_target_segments", response_format="content_and_artifact", parse_docstring=True)
def find_target_segments(
    runtime: ToolRuntime[Context],
    scene: str | None = None,
    product: str | None = None,
    category: str | None = None,
    cold_start: bool | None = None,
    top: int = 3,
) -> tuple[str, dict[str, Any]]:
    """Target audiences by life scene, interest, product or category, with size, reach, GMV, reasons.

    Args:
        scene: A life scene or need in the merchant's words.
        product: Product id or title words.
        category: Category (when no product).
        cold_start: True for a product without sales.
        top: 1-10.
    """
    with heavy_work():
        return run_find_target_segments(
            runtime.context, scene=scene, product=product, category=category, cold_start=cold_start, top=top
        ).as_tuple()
