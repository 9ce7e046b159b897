"""Enforcing the app's limits (`Settings.api`, COPILOT_API_*): the body size of every request and the rate per key.

Rate limiting sits behind the small `RateLimiter` protocol. `TokenBucketLimiter` keeps its buckets in the
worker's memory, so with `copilot serve --workers N` each worker enforces the rate on its own (a key may get up
to N times the rate in total). `RedisLimiter` keeps the same token bucket in Redis, updated atomically by a Lua
script on the server's clock, so every worker shares one bucket per key; `make_limiter` picks it when
COPILOT_REDIS_URL is set.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio
import redis.exceptions
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from copilot.config import ApiLimits, Settings
from copilot.web.errors import ApiError, error_response


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


# KEYS[1]: the bucket; ARGV: rate per second, burst, key prefix TTL in ms. Returns {allowed 0/1, retry seconds}.
# The bucket is a hash (tokens, stamp) on the Redis server's clock, so workers' clocks never matter.
TOKEN_BUCKET_LUA = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local ttl_ms = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(state[1])
local stamp = tonumber(state[2])
if tokens == nil or stamp == nil then
    tokens = burst
    stamp = now
end
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
local allowed = 0
local retry = 0
if tokens >= 1 then
    allowed = 1
    tokens = tokens - 1
else
    retry = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('PEXPIRE', KEYS[1], ttl_ms)
return {allowed, tostring(retry)}
"""


class RedisLimiter:
    """A token bucket per key in Redis, shared by every worker: `burst` tokens, refilled at `rate_per_s`.

    One Lua script reads, refills, takes and writes the bucket atomically on the Redis server. A bucket expires
    once it would be full again, so idle keys cost nothing. Redis unreachable: `hit` raises `ApiError` 503
    (fail closed: an unlimited API is worse than a short outage of the limiter).
    """

    def __init__(
        self, client: redis.asyncio.Redis, rate_per_s: float, burst: int, *, prefix: str = "copilot:rate:"
    ) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("rate_per_s must be > 0 and burst >= 1")
        self.rate_per_s = rate_per_s
        self.burst = burst
        self.prefix = prefix
        self._client = client
        self._script = client.register_script(TOKEN_BUCKET_LUA)
        self._ttl_ms = math.ceil(burst / rate_per_s * 1000) + 1000

    @classmethod
    def from_url(cls, url: str, limits: ApiLimits, *, prefix: str = "copilot:rate:") -> RedisLimiter:
        """A limiter on the Redis at `url` (connections are opened on first use, in the caller's event loop)."""
        client = redis.asyncio.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        return cls(client, limits.rate_per_minute / 60.0, limits.rate_burst, prefix=prefix)

    async def hit(self, key: str) -> RateDecision:
        try:
            allowed, retry = await self._script(
                keys=[self.prefix + key], args=[self.rate_per_s, self.burst, self._ttl_ms]
            )
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            raise ApiError(503, "unavailable", "the rate limiter is unavailable; retry later") from exc
        if int(allowed) == 1:
            return RateDecision(True)
        return RateDecision(False, float(retry))

    async def aclose(self) -> None:
        await self._client.aclose()


def make_limiter(settings: Settings, limits: ApiLimits) -> TokenBucketLimiter | RedisLimiter:
    """The limiter for these settings: shared in Redis when `settings.redis_url` is set, else per worker."""
    if settings.redis_url:
        return RedisLimiter.from_url(settings.redis_url, limits)
    return TokenBucketLimiter.from_limits(limits)


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
