"""Market-fluctuation monitoring: the `detect_sales_anomalies` tool. The detector is copilot.anomalies (its
docstring describes the model)."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime, tool

from copilot.anomalies.rules import Direction, Scope
from copilot.anomalies.service import run_detect_sales_anomalies
from copilot.context import Context
from tools.read_only import read_only


@read_only
@tool("detect_sales_anomalies", response_format="content_and_artifact", parse_docstring=True)
def detect_sales_anomalies(
    days: int = 30,
    scope: Scope = "product",
    direction: Direction = "both",
    top: int = 5,
    category: str | None = None,
    *,
    runtime: ToolRuntime[Context],
) -> tuple[str, dict[str, Any]]:
    """Unusual sales rises and drops in the last `days` days against seasonal baselines, with likely causes.

    Args:
        days: 7-180.
        scope: product or category.
        direction: both, drop or spike.
        top: 1-50.
        category: Only this category.
    """
    return run_detect_sales_anomalies(
        runtime.context, days=days, scope=scope, direction=direction, top=top, category=category
    ).as_tuple()
