"""The runtime context of a turn: the infrastructure tools receive by injection, never from the model.

It carries lower-layer objects only (store, memory, clock, settings), so tools may depend on it without
depending on the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from copilot.clock import Clock, SystemClock
from copilot.config import Settings
from copilot.store import Store

if TYPE_CHECKING:
    from copilot.adplatform import AdPlatform
    from copilot.memory import MemoryStore
else:  # resolved lazily: importing the memory (Chroma) is not needed to describe a tool's arguments
    MemoryStore = Any
    AdPlatform = Any


@dataclass(kw_only=True)
class Context:
    merchant_id: str
    store: Store
    settings: Settings
    memory: MemoryStore | None = None
    ad_platform: AdPlatform | None = None  # None: the embedded ledger in `store`
    clock: Clock = field(default_factory=SystemClock)
    actor: str = "merchant"
    thread: str | None = None  # the conversation this turn belongs to (merchant-scoped key); None outside one
    lang: str | None = None  # the language of the turn's question (copilot.i18n.language_of); None: not asked
