"""The terminal face: `copilot chat` streams answers, shows tool steps and asks for approvals inline.

A database fault that ends a turn (locked or unreachable beyond the retry budget) is one line of notice and
the chat goes on; during an approval the request stays pending and is asked again. Other errors propagate."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from copilot.service import Copilot, TurnEvent
from copilot.store.faults import BUSY_NOTICE, is_transient
from tools.result import step_line

EXIT_WORDS = {"exit", "quit", "/exit", "/quit", "退出"}


def render_events(events: Iterator[TurnEvent], console: Console) -> dict | None:
    """Print a turn as it streams; returns the approval request data if the turn paused for one."""
    streamed = False
    approval: dict | None = None
    charts: list[str] = []
    for event in events:
        if event.kind == "token":
            console.print(event.data["text"], end="", markup=False, highlight=False)
            streamed = True
        elif event.kind == "tool_start":
            args = json.dumps(event.data["args"], ensure_ascii=False)
            console.print(f"[dim]→ {escape(event.data['name'])}({escape(args)})[/]", highlight=False)
        elif event.kind == "tool_end":
            line = step_line(event.data["text"], event.data.get("payload"))
            mark = "[red]✗[/]" if event.data.get("error") else "[green]✓[/]"
            console.print(f"[dim]{mark} {escape(event.data['name'])}: {escape(line[:160])}[/]", highlight=False)
            chart = (event.data.get("payload") or {}).get("chart")
            if isinstance(chart, str) and chart:
                charts.append(str(Path(chart).resolve()))
        elif event.kind == "approval":
            approval = event.data
        elif event.kind == "answer" and not streamed:
            console.print(event.data["text"], markup=False, highlight=False)
    if streamed:
        console.print()
    for chart in charts:
        console.print(Text(f"Chart / 图表: {chart}", style="dim"))
    return approval


def _render_unless_busy(events: Iterator[TurnEvent], console: Console, note: str = "") -> tuple[bool, dict | None]:
    """`render_events`, as (True, approval); (False, None) once a transient database fault ended the turn and
    BUSY_NOTICE (and `note`) was printed. Any other error propagates."""
    try:
        return True, render_events(events, console)
    except Exception as exc:
        if not is_transient(exc):
            raise
        console.print(f"\n[red]{BUSY_NOTICE}[/] {note}".rstrip(), highlight=False)
        return False, None


def chat_loop(
    copilot: Copilot,
    merchant_id: str,
    thread_id: str,
    console: Console,
    read: Callable[[str], str],
    approver: str,
) -> None:
    """Read a message, stream the turn, and settle any approval before reading the next message."""
    pending = copilot.pending_approval(merchant_id, thread_id)
    if pending is not None:
        _settle(copilot, merchant_id, thread_id, pending.to_dict(), console, read, approver)
    while True:
        try:
            text = read("[bold cyan]you> [/]").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if not text:
            continue
        if text.lower() in EXIT_WORDS:
            return
        _, approval = _render_unless_busy(copilot.stream(merchant_id, thread_id, text), console)
        if approval is not None:
            _settle(copilot, merchant_id, thread_id, approval, console, read, approver)


def _settle(
    copilot: Copilot,
    merchant_id: str,
    thread_id: str,
    approval: dict,
    console: Console,
    read: Callable[[str], str],
    approver: str,
) -> None:
    console.print(Panel(Text(approval["summary"]), title="Approval needed / 需要审批", border_style="yellow"))
    while True:
        try:
            answer = read("[bold yellow]approve? \\[y/n] [/]").strip().lower()
        except (EOFError, KeyboardInterrupt):
            console.print("\n[yellow]Left pending; it will be asked again when you return.[/]")
            raise SystemExit(0) from None
        if answer in {"y", "yes", "是", "同意", "批准"}:
            approved = True
        elif answer in {"n", "no", "否", "拒绝"}:
            approved = False
        else:
            continue
        events = copilot.decide(merchant_id, thread_id, approval["approval_id"], approved=approved, decided_by=approver)
        settled, _ = _render_unless_busy(events, console, "[yellow]The request is still pending. 审批仍在等待。[/]")
        if settled:
            return
