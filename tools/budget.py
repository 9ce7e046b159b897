"""`submit_promotion_budget`: the tool's contract; the graph runs it as the SpendingAction of copilot.budget.approval
(prepared before the pause, executed only after a human approves)."""

from __future__ import annotations

from langchain_core.tools import tool

from copilot.budget.approval import TOOL_NAME, SubmitPromotionBudget
from tools.result import ToolRefusal


@tool(TOOL_NAME, parse_docstring=True)
def submit_promotion_budget(campaign_id: str | None = None, amount: float | None = None) -> str:
    """Submit a campaign's budget for a human to approve; only when the merchant asks.

    Args:
        campaign_id: Id or name (default: this conversation's latest draft).
        amount: Total (default: the campaign's budget).
    """
    raise ToolRefusal(f"{TOOL_NAME} runs only through the approval flow of the graph")


submit_budget_action = SubmitPromotionBudget(submit_promotion_budget)

__all__ = ["submit_budget_action", "submit_promotion_budget"]
