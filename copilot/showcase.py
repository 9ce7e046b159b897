"""What `copilot demo` shows after building the store: real answers through the copilot, offline."""

from __future__ import annotations

import uuid

from rich.console import Console
from rich.panel import Panel

from copilot.clock import demo_clock
from copilot.config import Settings

DEMO_QUESTIONS: list[tuple[str, str]] = [
    ("m_outdoor", "上个月的GMV是多少？和前一个月比怎么样？"),
    ("m_outdoor", "上个月卖得最好的3个商品是什么？"),
    ("m_outdoor", "最近有什么异常波动吗？"),
    ("m_baby", "What is our return policy?"),
    ("m_pet", "Refund rate by category in the last 30 days"),
]


def ingest_demo_memory(settings: Settings) -> int:
    """The demo merchants' documents (brand guides, return policies, campaign reviews) into the memory."""
    from copilot.demo_docs import ingest_demo_docs
    from copilot.memory import MemoryStore

    return ingest_demo_docs(MemoryStore.open(settings))


def print_demo_answers(settings: Settings, console: Console) -> None:
    """Ask the demo questions through the same graph every face uses, with the demo's fixed 'today'."""
    from copilot.service import open_copilot

    chunks = ingest_demo_memory(settings)
    console.print(f"[green]Demo documents ingested[/] into the memory: {chunks} chunks")
    with open_copilot(settings, clock=demo_clock()) as copilot:
        for merchant, question in DEMO_QUESTIONS:
            result = copilot.ask(merchant, f"demo-{uuid.uuid4().hex[:8]}", question)
            tools = ", ".join(result.tools_called) or "no tool"
            console.print(
                Panel(result.answer, title=f"{merchant} · {question}", subtitle=f"tools: {tools}", expand=False),
                highlight=False,
            )
    console.print(
        "Chat with the demo store: [bold]copilot chat --merchant m_outdoor[/]",
        highlight=False,
    )
