"""Every dependency a route may ask for, as Annotated aliases (the one place faces get them from).

    async def route(merchant: MerchantDep, copilot: CopilotDep, store: StoreDep) -> ...

`MerchantDep` authenticates the request (``Authorization: Bearer <key>``), applies the key's rate limit and
gives the key's merchant id: the merchant comes from the key and nothing else. Tests may replace any provider
with ``app.dependency_overrides[get_copilot] = ...``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from copilot.clock import Clock, SystemClock
from copilot.config import ApiLimits, Settings
from copilot.memory import MemoryStore
from copilot.messaging.config import ChannelsConfig, ChannelsConfigError, load_channels
from copilot.service import Copilot
from copilot.store import Store
from copilot.web.errors import ApiError
from copilot.web.ingest import IngestRunner
from copilot.web.keys import KeyIdentity, authenticate
from copilot.web.leases import RunLeases
from copilot.web.limits import RateLimiter
from copilot.web.metrics import ApiMetrics
from copilot.web.runs import TurnRunner

log = logging.getLogger("copilot.web")


@dataclass
class Runtime:
    """What the app holds while it runs (built in its lifespan): one Copilot and the API's machinery.

    `wall_clock` stamps API bookkeeping (threads, run leases); the copilot's own clock may be a demo 'today'.
    """

    settings: Settings
    limits: ApiLimits
    copilot: Copilot
    limiter: RateLimiter
    metrics: ApiMetrics
    runner: TurnRunner
    ingest: IngestRunner | None
    leases: RunLeases
    wall_clock: Clock = field(default_factory=SystemClock)


def get_runtime(request: Request) -> Runtime:
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:
        raise ApiError(503, "unavailable", "the service is starting or stopping")
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_settings(runtime: RuntimeDep) -> Settings:
    return runtime.settings


def get_limits(runtime: RuntimeDep) -> ApiLimits:
    return runtime.limits


def get_copilot(runtime: RuntimeDep) -> Copilot:
    return runtime.copilot


def get_runner(runtime: RuntimeDep) -> TurnRunner:
    return runtime.runner


def get_metrics(runtime: RuntimeDep) -> ApiMetrics:
    return runtime.metrics


def get_wall_clock(runtime: RuntimeDep) -> Clock:
    return runtime.wall_clock


def get_leases(runtime: RuntimeDep) -> RunLeases:
    return runtime.leases


SettingsDep = Annotated[Settings, Depends(get_settings)]
LimitsDep = Annotated[ApiLimits, Depends(get_limits)]
CopilotDep = Annotated[Copilot, Depends(get_copilot)]
RunnerDep = Annotated[TurnRunner, Depends(get_runner)]
MetricsDep = Annotated[ApiMetrics, Depends(get_metrics)]
WallClockDep = Annotated[Clock, Depends(get_wall_clock)]
LeasesDep = Annotated[RunLeases, Depends(get_leases)]


def get_store(copilot: CopilotDep) -> Store:
    return copilot.store


StoreDep = Annotated[Store, Depends(get_store)]


def get_memory(copilot: CopilotDep) -> MemoryStore:
    if copilot.memory is None:
        raise ApiError(503, "unavailable", "the memory is not configured on this server")
    return copilot.memory


MemoryDep = Annotated[MemoryStore, Depends(get_memory)]


def get_ingest(runtime: RuntimeDep) -> IngestRunner:
    if runtime.ingest is None:
        raise ApiError(503, "unavailable", "the memory is not configured on this server")
    return runtime.ingest


IngestDep = Annotated[IngestRunner, Depends(get_ingest)]

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="A merchant API key (`copilot keys create --merchant ID`), as `Authorization: Bearer mck_...`",
)


async def get_api_key(
    store: StoreDep,
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> KeyIdentity:
    """The caller's key, checked and rate limited: 401 when missing/unknown/revoked, 429 over the rate."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "unauthorized", "missing API key: send Authorization: Bearer <key>", headers=challenge)
    identity = await run_in_threadpool(authenticate, store, credentials.credentials)
    if identity is None:
        raise ApiError(401, "unauthorized", "invalid or revoked API key", headers=challenge)
    decision = await runtime.limiter.hit(identity.key_id)
    if not decision.allowed:
        raise ApiError(
            429,
            "rate_limited",
            "too many requests for this API key; retry later",
            headers={"Retry-After": decision.retry_after_header},
        )
    return identity


ApiKeyDep = Annotated[KeyIdentity, Depends(get_api_key)]


def get_merchant(key: ApiKeyDep) -> str:
    return key.merchant_id


MerchantDep = Annotated[str, Depends(get_merchant)]


def get_channels(settings: SettingsDep) -> ChannelsConfig:
    """The channels file of the running app: 404 when the bots are not configured, 503 when it is invalid."""
    if settings.channels_file is None:
        raise ApiError(404, "not_found", "Slack and DingTalk are not configured on this server")
    try:
        return load_channels(settings.channels_file)
    except ChannelsConfigError as exc:
        log.error("channels file unusable: %s", exc)
        raise ApiError(503, "unavailable", "the channels configuration is invalid; see the server log") from exc


ChannelsDep = Annotated[ChannelsConfig, Depends(get_channels)]
