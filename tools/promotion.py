"""`estimate_promotion_effect`: what a promotion budget brings (paid and organic), what a past one brought, and
how to test it. The model and its fallbacks are copilot.promotion (advice.py, service.py)."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime, tool

from copilot.context import Context
from copilot.promotion.advice import Mode, run_estimate_promotion_effect
from tools.read_only import read_only


@read_only
@tool("estimate_promotion_effect", response_format="content_and_artifact", parse_docstring=True)
def estimate_promotion_effect(
    mode: Mode = "plan", budget: float | None = None, when: str | None = None, *, runtime: ToolRuntime[Context]
) -> tuple[str, dict[str, Any]]:
    """Paid and organic GMV of ads: plan (budget), past (period), holdout (test design), track_record (forecast
    vs actual). Quote Source line.

    Args:
        budget: Total budget.
        when: double11, 618, double12 or YYYY-MM-DD..YYYY-MM-DD.
    """
    return run_estimate_promotion_effect(runtime.context, mode=mode, budget=budget, when=when).as_tuple()
