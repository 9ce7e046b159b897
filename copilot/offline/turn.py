"""The turn the offline model is planning: what was understood, the tool calls made and what they returned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage, ToolMessage

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

    from copilot.offline.frames import Unused
    from copilot.offline.nlu import Catalog, Parse


@dataclass
class TurnSoFar:
    """The current turn: what was understood, which tool calls were made and what they returned."""

    parse: Parse
    calls: list[dict[str, Any]]
    results: dict[str, ToolMessage]
    catalog: Catalog | None = None
    text: str = ""
    tools: list[str] = field(default_factory=list)
    earlier: list[BaseMessage] = field(default_factory=list)  # the conversation before this turn
    unused: list[Unused] = field(default_factory=list)  # recognised slots no tool argument takes, said in the answer
    today: date | None = None

    def product_title(self, product_id: str, lang: str) -> str:
        for pid, title, title_en, *_ in self.catalog.products if self.catalog else []:
            if pid == product_id:
                return (title_en if lang == "en" and title_en else title) or product_id
        return product_id

    def result_of(self, tool: str) -> ToolMessage | None:
        for call in self.calls:
            if call["name"] == tool and call["id"] in self.results:
                return self.results[call["id"]]
        return None

    def called(self, tool: str) -> bool:
        return any(call["name"] == tool for call in self.calls)

    def refused_draft(self) -> dict[str, Any] | None:
        """The arguments of the conversation's latest draft of a new plan when the tool refused it (over the daily
        cap, say), so that no draft exists yet; None when there is none."""
        refused = {m.tool_call_id for m in self.earlier if isinstance(m, ToolMessage) and m.status == "error"}
        for message in reversed(self.earlier):
            if not isinstance(message, AIMessage):
                continue
            for call in message.tool_calls:
                if call["name"] == "draft_campaign" and not call["args"].get("edit"):
                    return dict(call["args"]) if call["id"] in refused else None
        return None

    def latest_draft(self) -> dict[str, Any]:
        """The result of the conversation's latest draft (or edit) of a campaign before this turn, or {}."""
        for message in reversed(self.earlier):
            if not isinstance(message, ToolMessage) or message.name != "draft_campaign" or message.status == "error":
                continue
            if isinstance(message.artifact, dict):
                return message.artifact
        return {}
