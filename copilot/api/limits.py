"""The API's limits: body sizes, message length, per-key rate limit and how long a thread's run may hold it.

Rate limiting sits behind the small `RateLimiter` protocol. `TokenBucketLimiter` keeps its buckets in the
worker's memory, so with `copilot serve --workers N` each worker enforces the rate on its own (a key may get up
to N times the rate in total); a shared limiter (e.g. Redis) only needs to implement `RateLimiter.hit`.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from copilot.api.errors import ApiError, error_response


class ApiLimits(BaseSettings):
    """Limits of the chat API, read from COPILOT_API_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="COPILOT_API_", env_file=".env", extra="ignore")

    max_json_bytes: int = Field(default=1_000_000, ge=1_024, description="body limit of every non-upload route")
    max_upload_bytes: int = Field(default=20_000_000, ge=1_024, description="body limit of document uploads")
    max_message_chars: int = Field(default=4_000, ge=1, description="longest chat message accepted")
    rate_per_minute: float = Field(default=120.0, gt=0, description="sustained requests per key and minute")
    rate_burst: int = Field(default=30, ge=1, description="requests a key may send at once")
    run_lease_s: float = Field(default=900.0, gt=0, description="a run older than this no longer holds its thread")


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after_s: float = 0.0

    @property
    def retry_after_header(self) -> str:
        """Whole seconds for the Retry-After header (at least 1)."""
        return str(max(1, math.ceil(self.retry_after_s)))


class RateLimiter(Protocol):
    async def hit(self, key: str) -> RateDecision:
        """Count one request of `key`; say whether it is allowed and, if not, when to retry."""
        ...


class TokenBucketLimiter:
    """A token bucket per key in this process's memory (per worker): `burst` tokens, refilled at `rate_per_s`.

    At most `max_keys` buckets are kept; the least recently used is dropped (its key starts full again).
    """

    def __init__(
        self,
        rate_per_s: float,
        burst: int,
        *,
        max_keys: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("rate_per_s must be > 0 and burst >= 1")
        self.rate_per_s = rate_per_s
        self.burst = burst
        self._max_keys = max_keys
        self._monotonic = monotonic
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_limits(cls, limits: ApiLimits) -> TokenBucketLimiter:
        return cls(limits.rate_per_minute / 60.0, limits.rate_burst)

    def take(self, key: str) -> RateDecision:
        now = self._monotonic()
        with self._lock:
            tokens, stamp = self._buckets.pop(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - stamp) * self.rate_per_s)
            if tokens >= 1.0:
                decision = RateDecision(True)
                tokens -= 1.0
            else:
                decision = RateDecision(False, (1.0 - tokens) / self.rate_per_s)
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
        return decision

    async def hit(self, key: str) -> RateDecision:
        return self.take(key)


class BodySizeLimit:
    """ASGI middleware: a request body over its limit gets a 413 in the API's error shape.

    The limit is `upload_bytes` for paths starting with one of `upload_paths`, else `default_bytes`. A declared
    Content-Length over the limit is refused before the app runs; a chunked body is counted as it is read and
    refused (`ApiError` 413) as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, *, default_bytes: int, upload_bytes: int, upload_paths: tuple[str, ...]) -> None:
        self.app = app
        self.default_bytes = default_bytes
        self.upload_bytes = upload_bytes
        self.upload_paths = upload_paths

    def limit_for(self, path: str) -> int:
        return self.upload_bytes if path.startswith(self.upload_paths) else self.default_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            response = error_response(413, "body_too_large", f"request body over the limit of {limit} bytes")
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ApiError(413, "body_too_large", f"request body over the limit of {limit} bytes")
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
