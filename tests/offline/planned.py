"""The offline planner's first tool call for a conversation, as the tests of its understanding read it."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage

from copilot.clock import DEMO_TODAY
from copilot.offline.planner import plan_next
from copilot.toolset import default_toolset
from tests.offline.test_nlu import demo_catalogs

TOOLS = [tool.name for tool in default_toolset().model_tools]


def first_call(merchant: str, *texts: str, earlier: list[BaseMessage] | None = None) -> tuple[str, dict[str, Any]]:
    """The (tool, arguments) the planner calls for the last of `texts`, said after `earlier` and the others."""
    messages = [*(earlier or []), *(HumanMessage(text) for text in texts)]
    message = plan_next(messages, catalog=demo_catalogs()[merchant], today=DEMO_TODAY, tools=TOOLS)
    [call] = message.tool_calls
    return call["name"], call["args"]
