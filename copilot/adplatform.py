"""The ad platform a promotion budget is submitted to: a small interface with two backends.

- `LedgerPlatform` (the default): the embedded ledger, rows of `ad_ledger` in the store itself.
- `HttpAdPlatform`: a real platform over HTTP (`POST {base}/v1/budgets` with an `Idempotency-Key` header).

Both are idempotent on the key, as Stripe's idempotency keys behave: a second `submit` with the same key and
the same body returns the first submission (`replayed=True`) and spends nothing more; the same key with a
different body raises `IdempotencyConflict`, never a second spend. `validate` is a dry run that spends nothing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

import httpx
from sqlalchemy import DateTime, String, func, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from copilot.clock import Clock, SystemClock
from copilot.store import Store
from copilot.store.models import AdLedger, BudgetRequest, Campaign, Money

CENT = Decimal("0.01")


class PlatformError(Exception):
    """The ad platform did not carry out the request; nothing was spent by this call."""


class IdempotencyConflict(PlatformError):
    """The idempotency key was already used with a different body (merchant, campaign or amount)."""


class PlatformRejected(PlatformError):
    """The platform refused the request (a 4xx answer); `message` is the platform's own reason."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


class _NoOrderForm(PlatformRejected):
    """No budget request matches the ledger entry's key, campaign and amount."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no budget request matches key {key!r}")


class PlatformUnavailable(PlatformError):
    """The platform could not be reached or kept failing (5xx, timeouts) after every retry.

    The outcome is unknown: the platform may have accepted an attempt whose answer was lost. Submitting again
    with the same idempotency key is safe and tells which.
    """


@dataclass(frozen=True)
class ValidationResult:
    """The answer of a dry run: would the platform accept this budget? Nothing is spent."""

    ok: bool
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "message": self.message, "details": self.details}


@dataclass(frozen=True)
class Submission:
    """A budget the platform holds; `replayed` is True when the key had already been submitted."""

    reference: str
    merchant_id: str
    campaign_id: str
    amount: Decimal
    key: str
    created_at: datetime | None
    replayed: bool = False


@runtime_checkable
class AdPlatform(Protocol):
    """Where an approved budget is spent. Both methods are idempotent on `key`; see the module contract."""

    name: str

    def validate(self, merchant_id: str, campaign_id: str, amount: Decimal, key: str) -> ValidationResult:
        """Dry run: would `submit` with these arguments succeed? Spends nothing."""
        ...

    def submit(self, merchant_id: str, campaign_id: str, amount: Decimal, key: str) -> Submission:
        """Spend `amount` on the campaign once per key; raise a PlatformError subclass when nothing was spent."""
        ...


def money(amount: Decimal) -> Decimal:
    """`amount` rounded to cents, the unit every platform works in."""
    return amount.quantize(CENT)


# ---------------------------------------------------------------- the embedded ledger


class LedgerPlatform:
    """The embedded ad platform: `ad_ledger` rows in the store.

    A ledger row is written only for an existing budget request of the merchant with the same key, campaign
    and amount (the request is the platform's order form); UNIQUE(idempotency_key) and
    UNIQUE(budget_request_id) make a second spend impossible even under concurrent submits.
    """

    name = "ledger"

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()

    def validate(self, merchant_id: str, campaign_id: str, amount: Decimal, key: str) -> ValidationResult:
        amount = money(amount)
        with self.store.session() as session:
            campaign = session.scalar(
                select(Campaign.id).where(Campaign.id == campaign_id, Campaign.merchant_id == merchant_id)
            )
            existing = session.scalar(select(AdLedger).where(AdLedger.idempotency_key == key))
            spent = session.scalar(
                select(func.coalesce(func.sum(AdLedger.amount), 0)).where(
                    AdLedger.merchant_id == merchant_id, AdLedger.campaign_id == campaign_id
                )
            )
        details = {"backend": self.name, "already_spent_on_campaign": str(money(Decimal(spent or 0)))}
        if amount <= 0:
            return ValidationResult(False, "the amount must be positive", details)
        if campaign is None:
            return ValidationResult(False, "unknown campaign", details)
        if existing is not None:
            if _same_body(existing, merchant_id, campaign_id, amount):
                return ValidationResult(True, "already submitted under this key; a submit replays it", details)
            return ValidationResult(False, "this idempotency key was used with a different amount", details)
        return ValidationResult(True, "the ledger would accept this budget", details)

    def submit(self, merchant_id: str, campaign_id: str, amount: Decimal, key: str) -> Submission:
        try:
            with self.store.session() as session:
                submission = self.record(session, merchant_id, campaign_id, amount, key)
        except IntegrityError:
            return self._replay(merchant_id, campaign_id, money(amount), key)
        except _NoOrderForm:
            if self._find(key) is not None:
                return self._replay(merchant_id, campaign_id, money(amount), key)
            raise PlatformRejected("no budget request of this merchant matches this key, campaign and amount") from None
        return submission

    def record(self, session: Session, merchant_id: str, campaign_id: str, amount: Decimal, key: str) -> Submission:
        """Write the ledger entry inside the caller's transaction (the embedded ledger lives in the store, so an
        approval, its spend and its record can commit together or not at all). IntegrityError when the key was
        already spent; PlatformRejected when no budget request matches the key, campaign and amount."""
        amount = money(amount)
        if amount <= 0:
            raise PlatformRejected("the amount must be positive")
        ledger_id = f"led_{uuid.uuid4().hex}"
        now = self.clock.now()
        order_form = select(
            literal(ledger_id, String),
            BudgetRequest.merchant_id,
            BudgetRequest.id,
            BudgetRequest.campaign_id,
            literal(amount, Money),
            BudgetRequest.idempotency_key,
            literal(now, DateTime(timezone=True)),
        ).where(
            BudgetRequest.merchant_id == merchant_id,
            BudgetRequest.idempotency_key == key,
            BudgetRequest.campaign_id == campaign_id,
            BudgetRequest.amount == amount,
        )
        columns = ["id", "merchant_id", "budget_request_id", "campaign_id", "amount", "idempotency_key", "created_at"]
        statement = insert(AdLedger).from_select(columns, order_form).returning(AdLedger.id)
        if len(session.execute(statement).all()) != 1:
            raise _NoOrderForm(key)
        return Submission(ledger_id, merchant_id, campaign_id, amount, key, now, replayed=False)

    def _find(self, key: str) -> AdLedger | None:
        with self.store.session() as session:
            return session.scalar(select(AdLedger).where(AdLedger.idempotency_key == key))

    def _replay(self, merchant_id: str, campaign_id: str, amount: Decimal, key: str) -> Submission:
        row = self._find(key)
        if row is None:
            raise PlatformError("the ledger refused the entry but holds none under this key")
        if not _same_body(row, merchant_id, campaign_id, amount):
            raise IdempotencyConflict("this idempotency key was already used with a different amount or campaign")
        return Submission(row.id, merchant_id, campaign_id, money(row.amount), key, row.created_at, replayed=True)


def _same_body(row: AdLedger, merchant_id: str, campaign_id: str, amount: Decimal) -> bool:
    return row.merchant_id == merchant_id and row.campaign_id == campaign_id and money(row.amount) == amount


# ---------------------------------------------------------------- a real platform over HTTP


class _Transient(Exception):
    """An attempt that may succeed when repeated with the same key (5xx, 429, timeout, connection error)."""


RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class HttpAdPlatform:
    """An ad platform over HTTP.

    `POST {base}/v1/budgets/validate` (dry run) and `POST {base}/v1/budgets` with the JSON body
    `{merchant_id, campaign_id, amount}` and an `Idempotency-Key` header (the same key on every retry).
    Answers: 2xx -> JSON with `id` (the platform's reference), `amount`, `created_at`; the header
    `Idempotent-Replayed: true` marks a replay. 409 -> IdempotencyConflict; other 4xx -> PlatformRejected with
    the platform's `error`/`message`; 5xx, 429, timeouts and connection errors are retried with exponential
    backoff (`backoff_s`, doubling) up to `max_retries` times, then PlatformUnavailable. Every request carries
    an explicit `timeout`, whatever the injected client's defaults.
    """

    name = "http"

    def __init__(
        self,
        client: httpx.Client,
        base_url: str,
        api_key: str | None = None,
        max_retries: int = 3,
        backoff_s: float = 0.2,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._sleep = sleep

    def validate(self, merchant_id: str, campaign_id: str, amount: Decimal, key: str) -> ValidationResult:
        try:
            data, _ = self._post("/v1/budgets/validate", _body(merchant_id, campaign_id, amount), key)
        except PlatformRejected as exc:
            return ValidationResult(False, exc.message, {"backend": self.name, "status_code": exc.status_code})
        except IdempotencyConflict as exc:
            return ValidationResult(False, str(exc), {"backend": self.name, "status_code": 409})
        ok = bool(data.get("ok", True))
        message = str(data.get("message") or ("the platform would accept it" if ok else "refused"))
        return ValidationResult(ok, message, {"backend": self.name, **data})

    def submit(self, merchant_id: str, campaign_id: str, amount: Decimal, key: str) -> Submission:
        amount = money(amount)
        data, response = self._post("/v1/budgets", _body(merchant_id, campaign_id, amount), key)
        reference = data.get("id")
        if not reference:
            raise PlatformError("the platform accepted the budget but returned no id")
        returned = money(Decimal(str(data.get("amount", amount))))
        if returned != amount:
            raise IdempotencyConflict(f"the platform holds {returned} under this key, not {amount}")
        created = data.get("created_at")
        return Submission(
            reference=str(reference),
            merchant_id=merchant_id,
            campaign_id=campaign_id,
            amount=amount,
            key=key,
            created_at=datetime.fromisoformat(created) if created else None,
            replayed=response.headers.get("Idempotent-Replayed", "").lower() == "true",
        )

    def _headers(self, key: str) -> dict[str, str]:
        headers = {"Idempotency-Key": key, "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def _post(self, path: str, body: dict[str, str], key: str) -> tuple[dict[str, Any], httpx.Response]:
        retrying = Retrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=wait_exponential(multiplier=self.backoff_s, min=self.backoff_s),
            retry=retry_if_exception_type(_Transient),
            sleep=self._sleep,
        )
        try:
            return retrying(self._attempt, path, body, key)
        except RetryError as exc:
            cause = exc.last_attempt.exception()
            raise PlatformUnavailable(
                f"the ad platform failed {self.max_retries + 1} times ({cause}); the outcome is unknown"
            ) from cause

    def _attempt(self, path: str, body: dict[str, str], key: str) -> tuple[dict[str, Any], httpx.Response]:
        try:
            response = self.client.post(
                self.base_url + path, json=body, headers=self._headers(key), timeout=self.timeout
            )
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            raise _Transient(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code in RETRYABLE_STATUS:
            raise _Transient(f"HTTP {response.status_code}")
        data = _json(response)
        if response.status_code == 409:
            raise IdempotencyConflict(_message(data, response))
        if 400 <= response.status_code < 500:
            raise PlatformRejected(_message(data, response), response.status_code)
        if not 200 <= response.status_code < 300:
            raise PlatformError(f"unexpected HTTP {response.status_code} from the ad platform")
        return data, response


def _body(merchant_id: str, campaign_id: str, amount: Decimal) -> dict[str, str]:
    return {"merchant_id": merchant_id, "campaign_id": campaign_id, "amount": str(money(amount))}


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _message(data: dict[str, Any], response: httpx.Response) -> str:
    message = data.get("error") or data.get("message")
    if isinstance(message, dict):
        message = message.get("message")
    return str(message or response.text or f"HTTP {response.status_code}")
