"""``generate_creatives``: ad copy per segment scene and PNG images in the standard placements. The work is done
by copilot.creatives (its docstring says how)."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime, tool

from copilot.context import Context
from copilot.creatives.config import Kind
from copilot.creatives.service import run_generate_creatives
from copilot.heavy_work import heavy_work


@tool("generate_creatives", response_format="content_and_artifact", parse_docstring=True)
def generate_creatives(
    runtime: ToolRuntime[Context],
    count: int = 3,
    kind: Kind = "both",
    product: str | None = None,
    category: str | None = None,
    campaign_id: str | None = None,
    scene: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Ad copy and PNG images per audience scene, free of advertising-law banned words.

    Args:
        count: Copy variants per product, 1-10.
        kind: copy, image or both.
        product: Product id or title words.
        category: A category's products.
        campaign_id: Default: the latest draft.
        scene: Audience scene to write for.
    """
    with heavy_work():
        return run_generate_creatives(
            runtime.context,
            count=count,
            kind=kind,
            product=product,
            category=category,
            campaign_id=campaign_id,
            scene=scene,
        ).as_tuple()
