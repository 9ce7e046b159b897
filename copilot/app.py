"""The composition root: `create_app(settings)` mounts the faces (the chat API, the web chat, the Slack and
DingTalk routes) into one FastAPI app; nothing opens until it starts. `dingtalk_stream_client` runs the DingTalk
face over Stream mode instead (`copilot dingtalk-stream`). Only this module imports faces.

The lifespan opens one app-wide Copilot (store, memory, LangGraph checkpointer: `open_copilot`) and the app's
machinery (`copilot.web.deps.Runtime`, with the heartbeat of this worker's run leases), runs the anomaly digest's
schedule when one is set, and on shutdown waits for runs in progress before closing them. Settings default to the
environment (COPILOT_*; the limits, COPILOT_API_*, are `settings.api`); the copilot's 'today' is `settings.today`
when set.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI

from copilot.api.routes import documents, files, health, imports, openai_compat, products, threads
from copilot.api.schemas import ErrorResponse
from copilot.api.static import router as web_chat_router
from copilot.channels import router as channels_router
from copilot.clock import SystemClock
from copilot.config import Settings, get_settings
from copilot.messaging.config import ChannelsConfig
from copilot.messaging.digest import digest_schedule
from copilot.service import Copilot
from copilot.web import errors
from copilot.web.deps import Runtime
from copilot.web.ingest import IngestRunner
from copilot.web.leases import RunLeases
from copilot.web.limits import BodySizeLimit, RateLimiter, RedisLimiter, make_limiter
from copilot.web.metrics import ApiMetrics, MetricsMiddleware
from copilot.web.runs import TurnRunner, turns_at_once

UPLOAD_PATHS = ("/v1/documents", "/v1/imports", "/v1/products")
DESCRIPTION = """\
The Merchant Copilot chat API: threads and runs (LangGraph conventions), streamed as Server-Sent Events,
approvals of spending requests, the merchant's documents, charts and creatives, and an OpenAI-compatible
`/v1/chat/completions`.

Every `/v1` route needs `Authorization: Bearer <key>` (`copilot keys create --merchant ID`); the merchant is the
key's and nothing else, and another merchant's thread, document or file is a 404. Every error has one shape:
`{"error": {"code": "...", "message": "..."}}`.
"""


def create_app(settings: Settings | None = None, *, limiter: RateLimiter | None = None) -> FastAPI:
    """The app. `settings` None: read from the environment now (uvicorn's --factory calls this as it starts)."""
    resolved = settings or get_settings()
    limits = resolved.api
    metrics = ApiMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from copilot.service import open_copilot

        with ExitStack() as stack:
            copilot = await anyio.to_thread.run_sync(stack.enter_context, open_copilot(resolved))
            runner = TurnRunner(metrics, turns_at_once(resolved))
            ingest = IngestRunner(copilot.store, copilot.memory, limits) if copilot.memory is not None else None
            active_limiter = limiter or make_limiter(resolved, limits)
            wall_clock = SystemClock()
            leases = RunLeases(copilot.store, wall_clock, limits)
            stack.callback(leases.close)
            heartbeat = asyncio.create_task(leases.heartbeat())
            app.state.runtime = Runtime(
                settings=resolved,
                limits=limits,
                copilot=copilot,
                limiter=active_limiter,
                metrics=metrics,
                runner=runner,
                ingest=ingest,
                leases=leases,
                wall_clock=wall_clock,
            )
            try:
                async with digest_schedule(resolved, copilot.store, copilot.clock):
                    yield
            finally:
                await runner.wait_idle()
                heartbeat.cancel()
                if ingest is not None:
                    await anyio.to_thread.run_sync(ingest.stop)
                app.state.runtime = None
                if active_limiter is not limiter and isinstance(active_limiter, RedisLimiter):
                    await active_limiter.aclose()
                await anyio.to_thread.run_sync(stack.close)

    app = FastAPI(
        title="Merchant Copilot API",
        version="1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        responses={"default": {"model": ErrorResponse, "description": "Any error, in the one error shape"}},
    )
    errors.install(app)
    app.add_middleware(
        BodySizeLimit,
        default_bytes=limits.max_json_bytes,
        upload_bytes=limits.max_upload_bytes,
        upload_paths=UPLOAD_PATHS,
    )
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    for module in (health, threads, documents, files, imports, products, openai_compat):
        app.include_router(module.router)
    app.include_router(channels_router)
    app.include_router(web_chat_router)
    return app


def dingtalk_stream_client(copilot: Copilot, channels: ChannelsConfig) -> Any:
    """The DingTalk face over Stream mode (no public endpoint): a client to `start_forever()`. Raises ValueError
    when the channels file has no dingtalk section or no Stream-mode credentials."""
    from copilot.channels.dingtalk import DingTalkBot, stream_client

    if channels.dingtalk is None:
        raise ValueError("the channels file has no dingtalk section")
    return stream_client(DingTalkBot(copilot, channels, channels.dingtalk))
