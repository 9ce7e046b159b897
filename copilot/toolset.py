"""The tools the graph offers the model, the actions among them that spend money, and the tools that only read."""

from __future__ import annotations

from dataclasses import dataclass, field

from langchain_core.tools import BaseTool

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


# Tools that only read the store (and derived caches): nothing a merchant sees changes when they run. A question
# asked while an approval waits is answered with these alone (copilot.service, copilot.pending).
READ_ONLY_TOOLS = frozenset(
    {
        "query_store_sales",
        "detect_sales_anomalies",
        "search_merchant_docs",
        "recall_preferences",
        "find_target_segments",
        "estimate_promotion_effect",
    }
)


def read_only_toolset() -> Toolset:
    """The default toolset's read-only tools, with no spending action: no call of it can change or spend."""
    return Toolset(tools=[tool for tool in default_toolset().tools if tool.name in READ_ONLY_TOOLS])
