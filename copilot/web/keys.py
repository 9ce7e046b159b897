"""API keys: each merchant's keys, stored hashed; the merchant of a request comes from its key and nothing else.

A key is `mck_` + 43 URL-safe characters (256 random bits), so a plain SHA-256 of it is a safe verifier: it is
unguessable and never stored in clear. The first 12 characters (`prefix`) are kept to tell keys apart.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from copilot.clock import Clock, SystemClock
from copilot.store import Store
from copilot.store.models import ApiKey, Merchant

KEY_SCHEME = "mck_"
PREFIX_CHARS = 12
MAX_KEY_CHARS = 200


class UnknownMerchantError(LookupError):
    """No merchant has that id, so no key can be issued for it."""


@dataclass(frozen=True)
class IssuedKey:
    """A freshly created key; `key` is the only time the secret is available."""

    id: str
    merchant_id: str
    name: str
    prefix: str
    key: str
    created_at: datetime


@dataclass(frozen=True)
class KeyIdentity:
    """Who a valid key speaks for."""

    key_id: str
    merchant_id: str


@dataclass(frozen=True)
class KeyInfo:
    id: str
    merchant_id: str
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(store: Store, merchant_id: str, name: str = "default", *, clock: Clock | None = None) -> IssuedKey:
    """Issue a key for an existing merchant; only its hash is stored. Raises UnknownMerchantError."""
    secret = KEY_SCHEME + secrets.token_urlsafe(32)
    now = (clock or SystemClock()).now()
    issued = IssuedKey(
        id=f"key_{uuid.uuid4().hex[:16]}",
        merchant_id=merchant_id,
        name=name,
        prefix=secret[:PREFIX_CHARS],
        key=secret,
        created_at=now,
    )
    with store.session() as session:
        if session.get(Merchant, merchant_id) is None:
            raise UnknownMerchantError(f"no merchant {merchant_id!r}")
        session.add(
            ApiKey(
                id=issued.id,
                merchant_id=merchant_id,
                name=name,
                hash=hash_key(secret),
                prefix=issued.prefix,
                created_at=now,
            )
        )
    return issued


def authenticate(store: Store, key: str) -> KeyIdentity | None:
    """The identity of a valid, unrevoked key; None for anything else (unknown, revoked, malformed)."""
    if not key.startswith(KEY_SCHEME) or len(key) > MAX_KEY_CHARS:
        return None
    with store.session() as session:
        row = session.execute(
            select(ApiKey.id, ApiKey.merchant_id).where(ApiKey.hash == hash_key(key), ApiKey.revoked_at.is_(None))
        ).first()
    return KeyIdentity(key_id=row.id, merchant_id=row.merchant_id) if row else None


def list_keys(store: Store, merchant_id: str | None = None) -> list[KeyInfo]:
    """Keys (never their secrets), of one merchant or of all, oldest first."""
    query = select(ApiKey).order_by(ApiKey.created_at, ApiKey.id)
    if merchant_id is not None:
        query = query.where(ApiKey.merchant_id == merchant_id)
    with store.session() as session:
        return [
            KeyInfo(row.id, row.merchant_id, row.name, row.prefix, row.created_at, row.revoked_at)
            for row in session.scalars(query)
        ]


def revoke_key(store: Store, key_id: str, *, clock: Clock | None = None) -> bool:
    """Revoke a key by id; False when there is no such unrevoked key. Takes effect on the next request."""
    now = (clock or SystemClock()).now()
    with store.session() as session:
        result = session.execute(
            update(ApiKey).where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None)).values(revoked_at=now)
        )
        return bool(cast(CursorResult[Any], result).rowcount)
