"""The tools the graph offers the model, the actions among them that spend money, and the tools that only read."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from langchain_core.tools import BaseTool

from tools.read_only import is_read_only
from tools.spending import SpendingAction


@dataclass
class Toolset:
    """The tools the model may call; those in `spending` move money and need a human approval."""

    tools: list[BaseTool]
    spending: dict[str, SpendingAction] = field(default_factory=dict)

    @property
    def model_tools(self) -> list[BaseTool]:
        return [*self.tools, *(action.tool for action in self.spending.values())]


def default_toolset() -> Toolset:
    from tools.anomalies import detect_sales_anomalies
    from tools.budget import submit_budget_action
    from tools.campaign import draft_campaign
    from tools.creatives import generate_creatives
    from tools.docs import search_merchant_docs
    from tools.preferences import recall_preferences, remember_preference
    from tools.promotion import estimate_promotion_effect
    from tools.sales import query_store_sales
    from tools.segments import find_target_segments

    return Toolset(
        tools=[
            query_store_sales,
            detect_sales_anomalies,
            search_merchant_docs,
            remember_preference,
            recall_preferences,
            find_target_segments,
            draft_campaign,
            generate_creatives,
            estimate_promotion_effect,
        ],
        spending={"submit_promotion_budget": submit_budget_action},
    )


def read_only_toolset() -> Toolset:
    """The default toolset's tools marked read-only (tools.read_only), with no spending action: no call of it can
    change or spend."""
    return Toolset(tools=[tool for tool in default_toolset().tools if is_read_only(tool)])


@cache
def read_only_tool_names() -> frozenset[str]:
    return frozenset(tool.name for tool in read_only_toolset().tools)
