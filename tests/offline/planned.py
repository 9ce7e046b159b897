"""The offline planner's first tool call for a conversation, as the tests of its understanding read it."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.nlu import normalise
from copilot.offline.planner import plan_next
from copilot.offline.recognizers.time import find_period
from copilot.toolset import default_toolset
from tests.offline.test_nlu import demo_catalogs

TOOLS = [tool.name for tool in default_toolset().model_tools]


def first_call(merchant: str, *texts: str, earlier: list[BaseMessage] | None = None) -> tuple[str, dict[str, Any]]:
    """The (tool, arguments) the planner calls for the last of `texts`, said after `earlier` and the others."""
    messages = [*(earlier or []), *(HumanMessage(text) for text in texts)]
    message = plan_next(messages, catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS)
    [call] = message.tool_calls
    return call["name"], call["args"]


def plan_next_answer(merchant: str, *texts: str) -> str:
    """The answer the planner gives to the last of `texts` without calling a tool (asserted to call none)."""
    messages = [HumanMessage(text) for text in texts]
    message = plan_next(messages, catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS)
    assert not message.tool_calls, message.tool_calls
    return str(message.content)


def period_read(text: str) -> str | None:
    """The period value the time recognizer reads in `text` (after the planner's normalising), or None."""
    found = find_period(normalise(text), DEMO_TODAY)
    return found.value if found is not None else None


def sales_args(merchant: str, *texts: str) -> dict[str, Any]:
    """The arguments of the sales query the planner calls for the last of `texts` (asserted to be one)."""
    tool, args = first_call(merchant, *texts)
    assert tool == "query_store_sales"
    return args


def draft_turn(plan: str, args: dict[str, Any], saved: dict[str, Any] | None) -> list[BaseMessage]:
    """An earlier turn that drafted `plan` with `args`: the tool saved the draft `saved`, or refused it (None)."""
    call = {"name": "draft_campaign", "args": args, "id": "c1", "type": "tool_call"}
    if saved is None:
        result = ToolMessage("Error: over the daily cap", tool_call_id="c1", name="draft_campaign", status="error")
    else:
        result = ToolMessage("saved", tool_call_id="c1", name="draft_campaign", artifact=saved)
    return [HumanMessage(plan), AIMessage("", tool_calls=[call]), result, AIMessage("…")]
