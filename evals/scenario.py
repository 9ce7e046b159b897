"""The scenario file format (DESIGN.md, "Scenario evals") as a validated schema.

A file that breaks the schema is refused with an error naming the file and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file and the field."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SqlValues(Strict):
    sql: str
    sql_postgresql: str | None = None  # the same question where PostgreSQL needs other functions
    tolerance: float = Field(default=0.005, ge=0, le=1)

    def for_dialect(self, dialect: str) -> str:
        return self.sql_postgresql if dialect == "postgresql" and self.sql_postgresql else self.sql


class DbCheck(Strict):
    sql: str
    equals: float | int | str | None = None
    at_least: float | None = None
    at_most: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> DbCheck:
        if self.equals is None and self.at_least is None and self.at_most is None:
            raise ValueError("a db check needs equals, at_least or at_most")
        return self


class Scope(Strict):
    """The scope the answer must state (evals/scope_check.py): a period spec, filters, breakdown, direction."""

    period: str | None = None
    filters: dict[str, str] = Field(default_factory=dict)
    by: Literal["day", "week", "month", "product", "category", "channel", "region"] | None = None
    order: Literal["asc", "desc"] | None = None

    @model_validator(mode="after")
    def _known_filters(self) -> Scope:
        unknown = set(self.filters) - {"product", "category", "region", "channel"}
        if unknown:
            raise ValueError(f"filters may be product, category, region or channel, not {', '.join(sorted(unknown))}")
        return self


class Expect(Strict):
    tools: list[str] = Field(default_factory=list)
    forbidden_tools: list[str] = Field(default_factory=list)
    answer_contains: list[str] = Field(default_factory=list)
    answer_excludes: list[str] = Field(default_factory=list)
    answer_matches: list[str] = Field(default_factory=list)
    answer_values_from_sql: SqlValues | None = None
    answer_excludes_values_from_sql: SqlValues | None = None
    approval_requested: bool | None = None
    scope: Scope | None = None


class Turn(Strict):
    user: str | None = None
    approve: bool | None = None
    thread: str = "main"
    expect: Expect = Field(default_factory=Expect)

    @model_validator(mode="after")
    def _one_action(self) -> Turn:
        if (self.user is None) == (self.approve is None):
            raise ValueError("a turn has exactly one of `user` or `approve`")
        return self


class Document(Strict):
    title: str
    text: str


class Final(Strict):
    db: list[DbCheck] = Field(default_factory=list)


class Scenario(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    merchant: str
    tags: list[str] = Field(default_factory=list)
    description: str | None = None
    documents: list[Document] = Field(default_factory=list)
    turns: list[Turn] = Field(min_length=1)
    final: Final = Field(default_factory=Final)
    path: str = ""


def _where(error: ErrorDetails) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def load_scenario(path: Path) -> Scenario:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a scenario is a mapping with id, merchant and turns")
    try:
        scenario = Scenario.model_validate({**data, "path": str(path)})
    except ValidationError as exc:
        problems = "; ".join(f"field {_where(e)}: {e['msg']}" for e in exc.errors())
        raise ScenarioError(f"{path}: {problems}") from exc
    return scenario


def load_scenarios(paths: list[Path]) -> list[Scenario]:
    """Every *.yaml / *.yml under the given files and folders, sorted, with unique ids."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            files.append(path)
        else:
            raise ScenarioError(f"{path}: no such file or folder")
    scenarios = [load_scenario(f) for f in files]
    seen: dict[str, str] = {}
    for scenario in scenarios:
        if scenario.id in seen:
            raise ScenarioError(f"{scenario.path}: field id: {scenario.id!r} is also used by {seen[scenario.id]}")
        seen[scenario.id] = scenario.path
    return scenarios
