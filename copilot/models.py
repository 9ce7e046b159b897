"""Chat models: the offline planner (default) or any tool-calling LLM through LangChain's providers."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from langchain_core.language_models import BaseChatModel
from sqlalchemy import select

from copilot.config import Settings
from copilot.context import Context
from copilot.prompts import render_prompt
from copilot.store.models import Merchant


class ModelConfigError(ValueError):
    """COPILOT_MODEL names no usable model."""


def load_chat_model(ctx: Context) -> BaseChatModel:
    """The chat model for this turn, as COPILOT_MODEL (ctx.settings.model) selects it."""
    spec = ctx.settings.model.strip()
    if spec == "offline":
        from copilot.offline.model import OfflineChatModel

        return OfflineChatModel.for_context(ctx)
    return provider_model(spec, ctx.settings)


def provider_model(spec: str, settings: Settings) -> BaseChatModel:
    """A LangChain provider model ('openai:qwen-plus'), with timeouts and retries with backoff."""
    from langchain.chat_models import init_chat_model

    provider, sep, name = spec.partition(":")
    if not sep or not provider or not name:
        raise ModelConfigError(f"COPILOT_MODEL must be 'offline' or 'provider:model', got {spec!r}")
    kwargs: dict[str, Any] = {
        "timeout": settings.model_timeout_s,
        "max_retries": settings.model_max_retries,
        "temperature": 0,
    }
    if settings.base_url:
        kwargs["base_url"] = settings.base_url
    if settings.api_key:
        kwargs["api_key"] = settings.api_key.get_secret_value()
    if provider == "openai":  # token usage in streamed turns too (off by default with a custom base_url)
        kwargs["stream_usage"] = True
    try:
        return init_chat_model(name, model_provider=provider, **kwargs)
    except (ImportError, ValueError) as exc:
        raise ModelConfigError(f"cannot load model {spec!r}: {exc}") from exc


def system_prompt(ctx: Context) -> str:
    """The system prompt: rules, the merchant and today, and the store's schema description."""
    today = ctx.clock.now().date().isoformat()
    return _system_prompt(ctx.store, ctx.merchant_id, today)


@lru_cache(maxsize=256)
def _system_prompt(store: object, merchant_id: str, today: str) -> str:
    from copilot.store import Store
    from tools.schema import describe_schema

    assert isinstance(store, Store)
    with store.session() as session:
        merchant = session.scalar(select(Merchant).where(Merchant.id == merchant_id))
    name = merchant.name if merchant else merchant_id
    currency = merchant.currency if merchant else "CNY"
    return render_prompt(
        "system",
        merchant_name=name,
        merchant_id=merchant_id,
        currency=currency,
        today=today,
        schema=describe_schema(store, merchant_id),
    )
