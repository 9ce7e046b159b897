"""``draft_campaign``: the tool's contract; the plan is built by copilot.campaigns (see its docstring)."""

from __future__ import annotations

from typing import Any, Literal

from langchain.tools import ToolRuntime, tool

from copilot.campaigns.config import TOOL_NAME
from copilot.campaigns.service import run_draft_campaign
from copilot.context import Context

Objective = Literal["launch", "clearance", "event", "full_site"]
EventName = Literal["double11", "double12", "618"]


@tool(TOOL_NAME, response_format="content_and_artifact", parse_docstring=True)
def draft_campaign(
    runtime: ToolRuntime[Context],
    objective: Objective | None = None,
    event: EventName | None = None,
    category: str | None = None,
    product: str | None = None,
    budget: float | None = None,
    start: str | None = None,
    end: str | None = None,
    channels: list[str] | None = None,
    segments: list[str] | None = None,
    campaign_id: str | None = None,
    edit: bool | None = None,
    remove_channels: list[str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """Draft or edit a campaign plan (spends nothing): channels, daily pacing within the caps, budget split,
    forecast of clicks, orders, GMV, ROI with ranges.

    Args:
        objective: launch, clearance, event or full_site.
        event: For an event: double11, double12 or 618.
        category: Category; several comma-separated.
        product: Product id or title words.
        budget: Total budget (needed for a new draft).
        start: First day YYYY-MM-DD.
        end: Last day YYYY-MM-DD.
        channels: Among search, recommend, live.
        segments: Scene words or segment ids.
        campaign_id: The draft to edit.
        edit: True to change the latest draft; pass only what changes.
        remove_channels: Channels to drop in an edit.
    """
    return run_draft_campaign(
        runtime.context,
        objective=objective,
        event=event,
        category=category,
        product=product,
        budget=budget,
        start=start,
        end=end,
        channels=channels,
        segments=segments,
        campaign_id=campaign_id,
        edit=edit,
        remove_channels=remove_channels,
    ).as_tuple()
