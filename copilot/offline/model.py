"""The offline model: a LangChain chat model that plans tool calls itself, with no network and no key.

It reads the conversation like any chat model (messages in, an AIMessage with `tool_calls` or an answer out),
understands the merchant's words with `copilot.offline.nlu`, and plans with `copilot.offline.planner`. It sees
tools only through their names/schemas and writes answers only from tool results.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from copilot.context import Context
from copilot.offline.frames import default_schemas
from copilot.offline.matching import Catalog, CatalogProduct
from copilot.offline.planner import plan_next
from copilot.store import Store
from copilot.store.models import Customer, Merchant, Order, Product

CATALOG_TTL_S = 60.0
_catalogs: dict[tuple[int, str], tuple[float, Catalog]] = {}


def load_catalog(store: Store, merchant_id: str) -> Catalog:
    """The merchant's vocabulary (products, categories, channels, regions, the store's name), cached for a minute."""
    key = (id(store), merchant_id)
    hit = _catalogs.get(key)
    if hit and time.monotonic() - hit[0] < CATALOG_TTL_S:
        return hit[1]
    with store.session() as session:
        products = session.execute(
            select(Product.id, Product.title, Product.title_en, Product.category, Product.tags, Product.price)
            .where(Product.merchant_id == merchant_id)
            .order_by(Product.id)
        ).all()
        regions = session.scalars(select(Customer.region).where(Customer.merchant_id == merchant_id).distinct()).all()
        channels = session.scalars(select(Order.channel).where(Order.merchant_id == merchant_id).distinct()).all()
        name = session.scalar(select(Merchant.name).where(Merchant.id == merchant_id))
    catalog = Catalog(
        products=[CatalogProduct(p.id, p.title, p.title_en, p.category, _tags(p.tags), p.price) for p in products],
        categories=sorted({p.category for p in products}),
        channels=sorted(c for c in channels if c) or ["search", "recommend", "live", "direct"],
        regions=sorted(r for r in regions if r),
        merchant_id=merchant_id,
        name=name,
    )
    _catalogs[key] = (time.monotonic(), catalog)
    return catalog


class OfflineChatModel(BaseChatModel):
    """Deterministic planner speaking the tool-calling chat-model interface."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    catalog: Catalog
    today: date
    dialect: str = "sqlite"
    tool_names: list[str] = Field(default_factory=list)
    tool_schemas: dict[str, type[BaseModel]] = Field(default_factory=dict)
    chunk_chars: int = 24

    @classmethod
    def for_context(cls, ctx: Context) -> OfflineChatModel:
        return cls(
            catalog=load_catalog(ctx.store, ctx.merchant_id),
            today=ctx.clock.now().date(),
            dialect=ctx.store.dialect,
        )

    @property
    def _llm_type(self) -> str:
        return "copilot-offline"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> OfflineChatModel:
        """Bind the tools by name, each with its pydantic argument schema: a bound tool's own, else (a wire
        schema) the default toolset's tool of that name, against which the planned calls are validated."""
        names = [convert_to_openai_tool(t)["function"]["name"] for t in tools]
        known = default_schemas()
        schemas = {name: known[name] for name in names if name in known}
        for bound in tools:
            schema = getattr(bound, "tool_call_schema", None)
            if isinstance(schema, type) and issubclass(schema, BaseModel):
                schemas[bound.name] = schema
        return self.model_copy(update={"tool_names": names, "tool_schemas": schemas})

    def _plan(self, messages: list[BaseMessage]) -> AIMessage:
        return plan_next(
            messages,
            catalog=self.catalog,
            today=self.today,
            tools=list(self.tool_names),
            dialect=self.dialect,
            schemas=self.tool_schemas,
        )

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._plan(messages))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        message = self._plan(messages)
        if message.tool_calls:
            chunk = AIMessageChunk(
                content="",
                id=message.id,
                tool_call_chunks=[
                    {
                        "name": c["name"],
                        "args": _json(c["args"]),
                        "id": c["id"],
                        "index": i,
                        "type": "tool_call_chunk",
                    }
                    for i, c in enumerate(message.tool_calls)
                ],
            )
            yield ChatGenerationChunk(message=chunk)
            return
        text = str(message.content)
        for start in range(0, len(text), self.chunk_chars):
            piece = text[start : start + self.chunk_chars]
            if run_manager:
                run_manager.on_llm_new_token(piece)
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece, id=message.id))


def _json(value: dict[str, Any]) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _tags(stored: str | None) -> tuple[str, ...]:
    """A product's tags as stored (comma-separated, both languages)."""
    return tuple(t.strip() for t in (stored or "").split(",") if t.strip())
