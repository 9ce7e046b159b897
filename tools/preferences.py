"""`remember_preference`: keep a merchant's stated preference or constraint for every later thread."""

from __future__ import annotations

from langchain.tools import ToolRuntime, tool

from copilot.context import Context
from copilot.memory.preferences import parse_constraints
from tools.read_only import read_only
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
    understood = {k: _shown(v) for k, v in parse_constraints([text]).items()}
    preference_id = ctx.memory.remember(ctx.merchant_id, text)
    shown = {k: _shown(v) for k, v in ctx.memory.constraints(ctx.merchant_id).items()}
    if understood:
        summary = (
            f"Remembered: {text}. Understood from it and now enforced: {understood}. All constraints in force: {shown}."
        )
    else:
        summary = (
            f"Remembered as a note only: {text}. NO constraint could be read from it, so nothing is enforced because "
            "of it (budgets, plans and creatives are not checked against it); tell the merchant so plainly and, for "
            'a limit, ask them to state it like "单日预算不超过3000元" / "daily budget under 3000". '
            f"Constraints in force: {shown or 'none'}."
        )
    return ToolOutput(summary, {"id": preference_id, "text": text, "understood": understood, "constraints": shown})


def _shown(value: object) -> str:
    return (", ".join(map(str, value)) or "-") if isinstance(value, list) else str(value)


@tool("remember_preference", response_format="content_and_artifact", parse_docstring=True)
def remember_preference(text: str, runtime: ToolRuntime[Context]) -> tuple[str, dict]:
    """Remember a preference or constraint (e.g. a budget cap) the merchant states, for later conversations;
    plans and budgets respect it.

    Args:
        text: The preference in the merchant's words.
    """
    return run_remember_preference(runtime.context, text=text).as_tuple()


def run_recall_preferences(ctx: Context) -> ToolOutput:
    if ctx.memory is None:
        raise ToolRefusal("the memory is not available in this deployment")
    preferences = ctx.memory.preferences(ctx.merchant_id)
    shown = {k: _shown(v) for k, v in ctx.memory.constraints(ctx.merchant_id).items()}
    if not preferences:
        return ToolOutput(
            "No preference has been remembered for this merchant.", {"preferences": [], "constraints": {}}
        )
    lines = ["Remembered preferences (oldest first):", *(f"- {p}" for p in preferences)]
    lines.append(f"Constraints in force: {shown or 'none (no preference states a limit that could be read)'}.")
    return ToolOutput("\n".join(lines), {"preferences": preferences, "constraints": shown})


@read_only
@tool("recall_preferences", response_format="content_and_artifact")
def recall_preferences(runtime: ToolRuntime[Context]) -> tuple[str, dict]:
    """List the merchant's remembered preferences and constraints."""
    return run_recall_preferences(runtime.context).as_tuple()
