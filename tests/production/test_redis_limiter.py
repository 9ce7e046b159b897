"""The Redis rate limiter against the Redis at 127.0.0.1:6379: one token bucket per key shared by every worker."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
import redis.asyncio

from copilot.config import ApiLimits, Settings
from copilot.web.errors import ApiError
from copilot.web.limits import RedisLimiter, TokenBucketLimiter, make_limiter
from tests.production.conftest import free_port

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` on a fresh event loop in its own thread: independent of any loop another test left running."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _limiter(url: str, prefix: str, rate_per_s: float, burst: int) -> RedisLimiter:
    return RedisLimiter(redis.asyncio.Redis.from_url(url), rate_per_s, burst, prefix=prefix)


def test_a_burst_is_allowed_then_refused_with_a_retry_time(redis_url: str, rate_prefix: str) -> None:
    run(_test_a_burst_is_allowed_then_refused_with_a_retry_time(redis_url, rate_prefix))


async def _test_a_burst_is_allowed_then_refused_with_a_retry_time(redis_url: str, rate_prefix: str) -> None:
    limiter = _limiter(redis_url, rate_prefix, rate_per_s=0.5, burst=3)
    try:
        decisions = [await limiter.hit("k1") for _ in range(4)]
    finally:
        await limiter.aclose()
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert 1.5 < decisions[-1].retry_after_s <= 2.0
    assert decisions[-1].retry_after_header == "2"


def test_tokens_refill_at_the_rate(redis_url: str, rate_prefix: str) -> None:
    run(_test_tokens_refill_at_the_rate(redis_url, rate_prefix))


async def _test_tokens_refill_at_the_rate(redis_url: str, rate_prefix: str) -> None:
    limiter = _limiter(redis_url, rate_prefix, rate_per_s=20.0, burst=1)
    try:
        assert (await limiter.hit("k1")).allowed
        assert not (await limiter.hit("k1")).allowed
        await asyncio.sleep(0.12)
        assert (await limiter.hit("k1")).allowed
    finally:
        await limiter.aclose()


def test_keys_have_their_own_buckets(redis_url: str, rate_prefix: str) -> None:
    run(_test_keys_have_their_own_buckets(redis_url, rate_prefix))


async def _test_keys_have_their_own_buckets(redis_url: str, rate_prefix: str) -> None:
    limiter = _limiter(redis_url, rate_prefix, rate_per_s=0.01, burst=1)
    try:
        assert (await limiter.hit("a")).allowed
        assert not (await limiter.hit("a")).allowed
        assert (await limiter.hit("b")).allowed
    finally:
        await limiter.aclose()


def test_two_limiters_share_one_bucket_atomically(redis_url: str, rate_prefix: str) -> None:
    run(_test_two_limiters_share_one_bucket_atomically(redis_url, rate_prefix))


async def _test_two_limiters_share_one_bucket_atomically(redis_url: str, rate_prefix: str) -> None:
    """Two 'workers' (two clients) hitting one key at once: exactly `burst` requests pass, never more."""
    first = _limiter(redis_url, rate_prefix, rate_per_s=0.01, burst=10)
    second = _limiter(redis_url, rate_prefix, rate_per_s=0.01, burst=10)
    try:
        decisions = await asyncio.gather(*(limiter.hit("shared") for _ in range(20) for limiter in (first, second)))
    finally:
        await first.aclose()
        await second.aclose()
    assert sum(d.allowed for d in decisions) == 10


def test_an_idle_bucket_expires_once_it_would_be_full(redis_url: str, rate_prefix: str) -> None:
    run(_test_an_idle_bucket_expires_once_it_would_be_full(redis_url, rate_prefix))


async def _test_an_idle_bucket_expires_once_it_would_be_full(redis_url: str, rate_prefix: str) -> None:
    limiter = _limiter(redis_url, rate_prefix, rate_per_s=2.0, burst=4)
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        await limiter.hit("k1")
        ttl_ms = await client.pttl(rate_prefix + "k1")
    finally:
        await limiter.aclose()
        await client.aclose()
    assert 2_000 < ttl_ms <= 3_000


def test_an_unreachable_redis_is_a_503_not_an_open_door() -> None:
    run(_test_an_unreachable_redis_is_a_503_not_an_open_door())


async def _test_an_unreachable_redis_is_a_503_not_an_open_door() -> None:
    limiter = RedisLimiter.from_url(f"redis://127.0.0.1:{free_port()}/0", ApiLimits())
    try:
        with pytest.raises(ApiError) as raised:
            await limiter.hit("k1")
    finally:
        await limiter.aclose()
    assert raised.value.status_code == 503 and raised.value.code == "unavailable"


def test_the_setting_chooses_the_limiter(tmp_path: Path, redis_url: str) -> None:
    limits = ApiLimits(rate_per_minute=60, rate_burst=5)
    shared = make_limiter(Settings(data_dir=tmp_path, redis_url=redis_url), limits)
    local = make_limiter(Settings(data_dir=tmp_path), limits)
    assert isinstance(shared, RedisLimiter) and shared.rate_per_s == 1.0 and shared.burst == 5
    assert isinstance(local, TokenBucketLimiter) and local.burst == 5


def test_invalid_rates_are_refused(redis_url: str) -> None:
    with pytest.raises(ValueError):
        RedisLimiter(redis.asyncio.Redis.from_url(redis_url), 0.0, 3)
