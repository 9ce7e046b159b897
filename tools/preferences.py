"""`remember_preference`: keep a merchant's stated preference or constraint for every later thread."""

from __future__ import annotations

from langchain.tools import ToolRuntime, tool

from copilot.context import Context
from tools.result import ToolOutput, ToolRefusal

MAX_PREFERENCE_CHARS = 500


def run_remember_preference(ctx: Context, *, text: str) -> ToolOutput:
    text = " ".join(text.split())
    if not text:
        raise ToolRefusal("nothing to remember: give the preference in words")
    if len(text) > MAX_PREFERENCE_CHARS:
        raise ToolRefusal(f"a preference is at most {MAX_PREFERENCE_CHARS} characters; state it more briefly")
    if ctx.memory is None:
        raise ToolRefusal("the memory is not available in this deployment")
    preference_id = ctx.memory.remember(ctx.merchant_id, text)
    constraints = ctx.memory.constraints(ctx.merchant_id)
    shown = {k: str(v) for k, v in constraints.items()}
    summary = f"Remembered: {text}. Constraints now in force: {shown or 'none parsed'}."
    return ToolOutput(summary, {"id": preference_id, "text": text, "constraints": shown})


@tool("remember_preference", response_format="content_and_artifact", parse_docstring=True)
def remember_preference(text: str, runtime: ToolRuntime[Context]) -> tuple[str, dict]:
    """Remember a preference or constraint the merchant states (e.g. "单日预算不超过5000"), for every later
    conversation; plans and budgets respect it.

    Args:
        text: The preference in the merchant's words.
    """
    return run_remember_preference(runtime.context, text=text).as_tuple()


def run_recall_preferences(ctx: Context) -> ToolOutput:
    if ctx.memory is None:
        raise ToolRefusal("the memory is not available in this deployment")
    preferences = ctx.memory.preferences(ctx.merchant_id)
    shown = {k: str(v) for k, v in ctx.memory.constraints(ctx.merchant_id).items()}
    if not preferences:
        return ToolOutput(
            "No preference has been remembered for this merchant.", {"preferences": [], "constraints": {}}
        )
    lines = ["Remembered preferences (oldest first):", *(f"- {p}" for p in preferences)]
    lines.append(f"Constraints in force: {shown or 'none parsed'}.")
    return ToolOutput("\n".join(lines), {"preferences": preferences, "constraints": shown})


@tool("recall_preferences", response_format="content_and_artifact")
def recall_preferences(runtime: ToolRuntime[Context]) -> tuple[str, dict]:
    """List the preferences and constraints the merchant asked to remember."""
    return run_recall_preferences(runtime.context).as_tuple()
