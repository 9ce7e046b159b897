"""Typed frames: the offline planner's tool calls, their arguments validated by each tool's own schema.

`Slots` hands the planner the slots the NLU recognised; each must be taken into an argument or declared unused
(the answer then says so). A slot left over is a planner bug: `Slots.settle` logs it as an error and declares it
unused by the turn's tool, so the merchant is told instead of the slot vanishing or the turn failing. `frame` checks
the arguments against the tool's pydantic `tool_call_schema`: an argument the tool does not have, or a value it
does not accept, raises `FrameRefused`, which the planner says to the merchant instead of calling the tool.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

log = logging.getLogger(__name__)

Schemas = Mapping[str, type[BaseModel]]


@dataclass(frozen=True)
class Frame:
    """A tool call the planner makes: the tool and the arguments its schema accepted (only those given)."""

    tool: str
    args: dict[str, Any]


class FrameRefused(ValueError):
    """The arguments do not fit the tool's schema."""

    def __init__(self, tool: str, problems: list[str]) -> None:
        super().__init__(f"{tool}: {'; '.join(problems)}")
        self.tool = tool
        self.problems = problems


class AskBack(Exception):
    """The frame cannot be built from what was said; the planner asks or says why (an answers.yaml key)."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Unused:
    """A recognised slot the tool has no argument for: said in the answer, never dropped silently."""

    tool: str
    slot: str
    value: Any
    instead: str | None = None  # the wider filter the tool was called with in its place (the product's category)


def _given(value: Any) -> bool:
    return value is not None and value != [] and value != "" and value != ()


@dataclass
class Slots:
    """The slots of one turn's parse, and which of them the turn's frames took."""

    values: Mapping[str, Any]
    taken: set[str] = field(default_factory=set)
    unused: list[Unused] = field(default_factory=list)

    def take(self, name: str) -> Any:
        self.taken.add(name)
        value = self.values.get(name)
        return value if _given(value) else None

    def take_all(self, *names: str) -> dict[str, Any]:
        """The given slots among `names`, each taken as the argument of the same name."""
        return {name: value for name in names if (value := self.take(name)) is not None}

    def widened(self, tool: str, name: str, instead: str) -> None:
        """Declare slot `name` narrower than `tool` can filter; the call uses `instead`, and the answer says so."""
        value = self.take(name)
        if value is not None:
            self.unused.append(Unused(tool, name, value, instead))

    def not_for(self, tool: str, *names: str) -> None:
        """Declare slots `tool` has no argument for; each one given is reported in the answer."""
        for name in names:
            value = self.take(name)
            if value is not None and all(u.slot != name for u in self.unused):
                self.unused.append(Unused(tool, name, value))

    def left(self) -> list[str]:
        return sorted(name for name, value in self.values.items() if name not in self.taken and _given(value))

    def settle(self, tool: str | None) -> list[str]:
        """The slots no frame took (a planner bug, logged as an error), declared unused by `tool`."""
        left = self.left()
        if left:
            log.error("offline planner: slots recognised but used by no frame: %s", ", ".join(left))
            if tool is not None:
                self.not_for(tool, *left)
        return left


def frame(tool: str, args: Mapping[str, Any], schemas: Schemas) -> Frame:
    """The frame of `tool` with `args` (unset ones left out), validated by the tool's schema."""
    given = {name: value for name, value in args.items() if _given(value)}
    schema = schemas.get(tool)
    if schema is None:
        raise FrameRefused(tool, ["no argument schema is known for this tool"])
    problems = [f"{name}: not an argument of {tool}" for name in sorted(set(given) - set(schema.model_fields))]
    if problems:
        raise FrameRefused(tool, problems)
    try:
        validated = schema.model_validate(given)
    except ValidationError as error:
        raise FrameRefused(
            tool, [f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()]
        ) from error
    return Frame(tool, validated.model_dump(exclude_unset=True))


@cache
def default_schemas() -> dict[str, type[BaseModel]]:
    """The argument schemas of the default toolset's tools, by tool name."""
    from copilot.toolset import default_toolset

    return {
        tool.name: schema
        for tool in default_toolset().model_tools
        if isinstance(schema := tool.tool_call_schema, type) and issubclass(schema, BaseModel)
    }
