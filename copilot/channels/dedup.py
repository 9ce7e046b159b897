"""Deliveries already taken: a Slack event or DingTalk message is handled once, whatever retries or replays.

`claim_event` inserts (source, event_id) under the table's unique constraint: the first caller wins on every
database and across workers; later callers (Slack's retries, a replayed DingTalk callback) get False. The same
table keeps the DingTalk callbacks' (timestamp, sign) pairs already used, so a pair is accepted once. Rows older
than `RETENTION` are pruned as new ones arrive; it is longer than every accepted signature window (Slack 5 min,
DingTalk 1 h), so a request still inside its window is always recognised.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from copilot.store import Store
from copilot.store.models import ChannelEvent

RETENTION = timedelta(days=2)
MAX_EVENT_ID = 200


def claim_event(store: Store, source: str, event_id: str, now: datetime) -> bool:
    """True the first time (source, event_id) is seen; False for a retry or replay. Raises ValueError on bad ids."""
    if not event_id or len(event_id) > MAX_EVENT_ID:
        raise ValueError(f"event id must have 1 to {MAX_EVENT_ID} characters")
    try:
        with store.session() as session:
            session.add(ChannelEvent(source=source, event_id=event_id, received_at=now))
    except IntegrityError:
        return False
    with store.session() as session:
        session.execute(delete(ChannelEvent).where(ChannelEvent.received_at < now - RETENTION))
    return True
