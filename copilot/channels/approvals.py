"""Approval cards posted to Slack and DingTalk, keyed by the opaque token their buttons or reply codes carry.

A card resumes exactly one (merchant, thread, approval) and is decided once: `claim_decision` is a conditional
UPDATE (``decided_at IS NULL``), so two clicks — or two workers — can never both resume the thread. When a
transient database fault stops the resume, the claimer gives the card back with `release_decision`, so the
request can be decided again (the spend itself is exactly-once by its idempotency key either way).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, Update, select, update

from copilot.store import Store
from copilot.store.models import ChannelApproval

Channel = Literal["slack", "dingtalk"]
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed back by people in "同意 <code>"
CODE_LENGTH = 8


@dataclass(frozen=True)
class PendingCard:
    token: str
    merchant_id: str
    thread_id: str
    approval_id: str
    channel: str
    message_refs: dict[str, Any]
    decided: bool


def new_token(channel: Channel) -> str:
    """Slack: a long URL-safe random token; DingTalk: a short code people can type (40 bits, merchant-bound)."""
    if channel == "slack":
        return secrets.token_urlsafe(24)
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def create_card(
    store: Store, *, channel: Channel, merchant_id: str, thread_id: str, approval_id: str, now: datetime
) -> str:
    """Record a new approval card and return its token."""
    token = new_token(channel)
    with store.session() as session:
        session.add(
            ChannelApproval(
                token=token,
                merchant_id=merchant_id,
                thread_id=thread_id,
                approval_id=approval_id,
                channel=channel,
                message_refs={},
                created_at=now,
            )
        )
    return token


def set_message_refs(store: Store, token: str, refs: dict[str, Any]) -> None:
    """Remember where the card was posted (e.g. Slack channel and ts) so it can be updated once decided."""
    with store.session() as session:
        session.execute(update(ChannelApproval).where(ChannelApproval.token == token).values(message_refs=refs))


def find_card(store: Store, token: str, *, channel: Channel, merchant_id: str | None = None) -> PendingCard | None:
    """The card with that token on that channel (and merchant, when given), or None."""
    query = select(ChannelApproval).where(ChannelApproval.token == token, ChannelApproval.channel == channel)
    if merchant_id is not None:
        query = query.where(ChannelApproval.merchant_id == merchant_id)
    with store.session() as session:
        row = session.scalars(query).one_or_none()
        if row is None:
            return None
        return PendingCard(
            token=row.token,
            merchant_id=row.merchant_id,
            thread_id=row.thread_id,
            approval_id=row.approval_id,
            channel=row.channel,
            message_refs=dict(row.message_refs or {}),
            decided=row.decided_at is not None,
        )


def _updated_one(store: Store, statement: Update) -> bool:
    """Run a conditional UPDATE of one card; True when it matched (the condition held)."""
    with store.session() as session:
        return cast(CursorResult[Any], session.execute(statement)).rowcount == 1


def claim_decision(store: Store, token: str, *, approved: bool, decided_by: str, now: datetime) -> bool:
    """Mark the card decided; True only for the one caller that decided it (False: already decided)."""
    return _updated_one(
        store,
        update(ChannelApproval)
        .where(ChannelApproval.token == token, ChannelApproval.decided_at.is_(None))
        .values(decided_at=now, decided_by=decided_by, approved=approved),
    )


def release_decision(store: Store, token: str, *, decided_by: str) -> bool:
    """Undo `decided_by`'s claim on the card, so it can be decided again; True when a claim was released."""
    return _updated_one(
        store,
        update(ChannelApproval)
        .where(
            ChannelApproval.token == token,
            ChannelApproval.decided_at.is_not(None),
            ChannelApproval.decided_by == decided_by,
        )
        .values(decided_at=None, decided_by=None, approved=None),
    )
