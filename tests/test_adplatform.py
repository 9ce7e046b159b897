"""The ad platform backends: the embedded ledger, and HTTP against a platform running on loopback."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from copilot.adplatform import (
    AdPlatform,
    HttpAdPlatform,
    IdempotencyConflict,
    LedgerPlatform,
    PlatformRejected,
    PlatformUnavailable,
)
from copilot.clock import demo_clock
from copilot.store import Store
from copilot.store.models import AdLedger, BudgetRequest
from tests.budget.test_approval import context, decide, prepare, request_row, seed
from tools.budget import submit_budget_action

API_KEY = "test-key"


# ---------------------------------------------------------------- a platform on loopback


class FakeAdServer:
    """An ad platform with its own idempotency store, told to fail on demand.

    `failures` is consumed one per budget request: "500" answers 500 without doing anything; "slow" accepts
    and records the budget, then answers only after `slow_s` (longer than the client's timeout).
    """

    def __init__(self, slow_s: float = 1.0) -> None:
        self.slow_s = slow_s
        self.failures: list[str] = []
        self.budgets: dict[str, dict[str, Any]] = {}  # idempotency key -> the budget
        self.bodies: dict[str, dict[str, Any]] = {}  # idempotency key -> the body first sent with it
        self.seen_keys: list[str | None] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                key = self.headers.get("Idempotency-Key")
                status, payload, headers, delay = platform.handle(self.path, body, key, self.headers)
                if delay:
                    time.sleep(delay)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up waiting: the budget stays recorded

        return Handler

    def handle(
        self, path: str, body: dict[str, Any], key: str | None, headers: Any
    ) -> tuple[int, dict[str, Any], dict[str, str], float]:
        if headers.get("Authorization") != f"Bearer {API_KEY}":
            return 401, {"error": {"message": "invalid API key"}}, {}, 0.0
        if not key:
            return 400, {"error": "Idempotency-Key header is required"}, {}, 0.0
        if Decimal(body["amount"]) > Decimal(1_000_000):
            return 422, {"error": "amount exceeds the account's credit line"}, {}, 0.0
        with self.lock:
            if path == "/v1/budgets/validate":
                first = self.bodies.get(key)
                if first is not None and first != body:
                    return 200, {"ok": False, "message": "key already used with another body"}, {}, 0.0
                return 200, {"ok": True, "message": "within the account's credit line"}, {}, 0.0
            if path != "/v1/budgets":
                return 404, {"error": "no such endpoint"}, {}, 0.0
            self.seen_keys.append(key)
            failure = self.failures.pop(0) if self.failures else None
            if failure == "500":
                return 500, {"error": "internal error"}, {}, 0.0
            if key in self.budgets:
                if self.bodies[key] != body:
                    return 409, {"error": "Keys for idempotent requests can only be used with the same body"}, {}, 0
                return 200, self.budgets[key], {"Idempotent-Replayed": "true"}, 0.0
            budget = {"id": f"bud_{uuid.uuid4().hex[:12]}", **body, "created_at": "2026-11-20T12:00:00+00:00"}
            self.budgets[key] = budget
            self.bodies[key] = body
            return 201, budget, {}, self.slow_s if failure == "slow" else 0.0

    def __enter__(self) -> FakeAdServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[FakeAdServer]:
    with FakeAdServer() as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as c:
        yield c


def http_platform(client: httpx.Client, server: FakeAdServer, **kwargs: Any) -> HttpAdPlatform:
    options: dict[str, Any] = {"api_key": API_KEY, "max_retries": 3, "backoff_s": 0.01, "timeout": 0.3}
    return HttpAdPlatform(client, server.url, **{**options, **kwargs})


# ---------------------------------------------------------------- HTTP backend


def test_http_submit_sends_the_key_and_a_repeat_is_a_replay(client: httpx.Client, server: FakeAdServer):
    platform = http_platform(client, server)
    assert isinstance(platform, AdPlatform)
    first = platform.submit("m1", "c1", Decimal("1200.5"), "key-1")
    again = platform.submit("m1", "c1", Decimal("1200.50"), "key-1")
    assert first.reference == again.reference and first.amount == Decimal("1200.50")
    assert (first.replayed, again.replayed) == (False, True)
    assert len(server.budgets) == 1 and server.seen_keys == ["key-1", "key-1"]


def test_http_retries_5xx_with_the_same_key(client: httpx.Client, server: FakeAdServer):
    server.failures = ["500", "500"]
    sleeps: list[float] = []
    platform = http_platform(client, server, sleep=sleeps.append, backoff_s=0.2)
    submission = platform.submit("m1", "c1", Decimal(300), "key-5xx")
    assert not submission.replayed and len(server.budgets) == 1
    assert server.seen_keys == ["key-5xx"] * 3
    assert sleeps == [0.2, 0.4]


def test_http_timeout_after_the_platform_accepted_creates_no_second_budget(client: httpx.Client, server: FakeAdServer):
    server.failures = ["slow"]
    platform = http_platform(client, server, timeout=0.2)
    submission = platform.submit("m1", "c1", Decimal(800), "key-slow")
    assert submission.replayed, "the retry must have found the budget the first attempt created"
    assert len(server.budgets) == 1 and server.seen_keys == ["key-slow", "key-slow"]
    assert submission.reference == server.budgets["key-slow"]["id"]


def test_http_duplicate_key_with_a_different_amount_is_a_conflict(client: httpx.Client, server: FakeAdServer):
    platform = http_platform(client, server)
    platform.submit("m1", "c1", Decimal(500), "key-dup")
    with pytest.raises(IdempotencyConflict, match="same body"):
        platform.submit("m1", "c1", Decimal(900), "key-dup")
    assert len(server.budgets) == 1 and server.budgets["key-dup"]["amount"] == "500.00"
    dry_run = platform.validate("m1", "c1", Decimal(900), "key-dup")
    assert not dry_run.ok and "another body" in dry_run.message


def test_http_gives_up_after_the_last_retry(client: httpx.Client, server: FakeAdServer):
    server.failures = ["500"] * 10
    platform = http_platform(client, server, max_retries=2)
    with pytest.raises(PlatformUnavailable, match="failed 3 times"):
        platform.submit("m1", "c1", Decimal(100), "key-down")
    assert server.seen_keys == ["key-down"] * 3 and server.budgets == {}


def test_http_connection_refused_is_retried_then_unavailable(client: httpx.Client):
    dead = FakeAdServer()
    url = dead.url
    dead.server.server_close()
    platform = HttpAdPlatform(client, url, api_key=API_KEY, max_retries=1, backoff_s=0.01, timeout=0.3)
    with pytest.raises(PlatformUnavailable, match="ConnectError"):
        platform.submit("m1", "c1", Decimal(100), "key-dead")


def test_http_4xx_is_rejected_with_the_platforms_message(client: httpx.Client, server: FakeAdServer):
    with pytest.raises(PlatformRejected, match="invalid API key") as rejected:
        http_platform(client, server, api_key="wrong").submit("m1", "c1", Decimal(100), "key-auth")
    assert rejected.value.status_code == 401
    with pytest.raises(PlatformRejected, match="credit line"):
        http_platform(client, server).submit("m1", "c1", Decimal(2_000_000), "key-big")
    assert server.budgets == {} and server.seen_keys == []


def test_http_dry_run_spends_nothing(client: httpx.Client, server: FakeAdServer):
    platform = http_platform(client, server)
    result = platform.validate("m1", "c1", Decimal(100), "key-dry")
    assert result.ok and result.message == "within the account's credit line"
    refused = platform.validate("m1", "c1", Decimal(2_000_000), "key-dry")
    assert not refused.ok and "credit line" in refused.message
    assert server.budgets == {}


def test_the_tool_over_http_survives_a_timeout_after_acceptance(
    client: httpx.Client, server: FakeAdServer, empty_store: Store
):
    seed(empty_store)
    ctx = context(empty_store, ad_platform=http_platform(client, server, timeout=0.2))
    request = prepare(ctx, {"campaign_id": "c1", "amount": 24000})
    assert request.details["dry_run"]["ok"] is True and request.details["dry_run"]["backend"] == "http"
    server.failures = ["slow"]
    out = submit_budget_action.execute(ctx, request, decide(request))
    again = submit_budget_action.execute(ctx, request, decide(request))
    assert out.payload["status"] == "submitted" and again.payload["already_decided"]
    assert len(server.budgets) == 1
    (budget,) = server.budgets.values()
    assert budget["amount"] == "24000.00" and budget["merchant_id"] == "m1"
    assert request_row(empty_store, request.approval_id).platform_ref == budget["id"]
    with empty_store.session() as s:
        assert s.scalar(select(func.count()).select_from(AdLedger)) == 0  # the HTTP platform, not the ledger


# ---------------------------------------------------------------- embedded ledger


@pytest.fixture
def ledger_store(empty_store: Store) -> Store:
    seed(empty_store)
    return empty_store


def _request(store: Store, key: str, amount: str = "1000.00") -> None:
    with store.session() as s:
        s.add(
            BudgetRequest(
                id=f"br_{key}",
                merchant_id="m1",
                campaign_id="c1",
                amount=Decimal(amount),
                idempotency_key=key,
                status="pending_approval",
                created_at=demo_clock().now(),
            )
        )


def _ledger_rows(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(AdLedger)) or 0)


def test_ledger_submits_once_per_key(ledger_store: Store):
    _request(ledger_store, "k1")
    ledger = LedgerPlatform(ledger_store, demo_clock())
    assert isinstance(ledger, AdPlatform)
    first = ledger.submit("m1", "c1", Decimal(1000), "k1")
    again = ledger.submit("m1", "c1", Decimal("1000.00"), "k1")
    assert (first.replayed, again.replayed) == (False, True) and first.reference == again.reference
    assert _ledger_rows(ledger_store) == 1
    with ledger_store.session() as s:
        row = s.scalar(select(AdLedger))
        assert row is not None and (row.budget_request_id, row.idempotency_key) == ("br_k1", "k1")


def test_ledger_same_key_different_amount_is_a_conflict(ledger_store: Store):
    _request(ledger_store, "k1")
    ledger = LedgerPlatform(ledger_store, demo_clock())
    ledger.submit("m1", "c1", Decimal(1000), "k1")
    with pytest.raises(IdempotencyConflict):
        ledger.submit("m1", "c1", Decimal(1001), "k1")
    with pytest.raises(IdempotencyConflict):
        ledger.submit("m1", "c_big", Decimal(1000), "k1")
    assert _ledger_rows(ledger_store) == 1
    assert not ledger.validate("m1", "c1", Decimal(1001), "k1").ok


def test_ledger_spends_only_against_a_matching_budget_request(ledger_store: Store):
    _request(ledger_store, "k1")
    ledger = LedgerPlatform(ledger_store, demo_clock())
    with pytest.raises(PlatformRejected, match="no budget request"):
        ledger.submit("m1", "c1", Decimal(1000), "k-unknown")
    with pytest.raises(PlatformRejected, match="no budget request"):
        ledger.submit("m2", "c1", Decimal(1000), "k1")  # another merchant cannot spend m1's request
    with pytest.raises(PlatformRejected, match="no budget request"):
        ledger.submit("m1", "c1", Decimal(999), "k1")
    with pytest.raises(PlatformRejected, match="positive"):
        ledger.submit("m1", "c1", Decimal(0), "k1")
    assert _ledger_rows(ledger_store) == 0


def test_ledger_dry_run(ledger_store: Store):
    ledger = LedgerPlatform(ledger_store, demo_clock())
    assert ledger.validate("m1", "c1", Decimal(100), "k").ok
    assert not ledger.validate("m1", "c_m2", Decimal(100), "k").ok  # m2's campaign is unknown to m1
    assert not ledger.validate("m1", "c1", Decimal(0), "k").ok
    assert _ledger_rows(ledger_store) == 0
