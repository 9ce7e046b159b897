"""What a merchant's approved budgets already commit per day, for the store-wide daily cap.

A budget request commits its amount evenly over its days to its campaign's end once it is approved: a
`submitted` one from the day it was approved (or its campaign's start, whichever is later), as the approval card
paced it; one approved and still being submitted (`pending_approval` with `decided_at` set) from today at the
earliest, the pacing it will have when it is sent. A cancelled campaign commits nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from copilot.store.models import BudgetRequest, Campaign

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Commitment:
    budget_request_id: str
    campaign_id: str
    campaign_name: str
    first: date
    last: date
    pacing: Decimal

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Peak:
    """The busiest day of a date range: how much is committed on it, and by which campaigns."""

    day: date | None
    committed: Decimal
    campaigns: tuple[str, ...]


def commitments(session: Session, merchant_id: str, today: date, *, exclude: str | None = None) -> list[Commitment]:
    """The merchant's approved budgets (but `exclude`, the request being decided) with their daily pacing."""
    approved = or_(
        BudgetRequest.status == "submitted",
        and_(BudgetRequest.status == "pending_approval", BudgetRequest.decided_at.is_not(None)),
    )
    query = (
        select(
            BudgetRequest.id,
            BudgetRequest.campaign_id,
            BudgetRequest.amount,
            BudgetRequest.decided_at,
            BudgetRequest.status,
            Campaign.name,
            Campaign.start_date,
            Campaign.end_date,
        )
        .join(Campaign, and_(Campaign.id == BudgetRequest.campaign_id, Campaign.merchant_id == merchant_id))
        .where(BudgetRequest.merchant_id == merchant_id, approved, Campaign.status != "cancelled")
    )
    if exclude is not None:
        query = query.where(BudgetRequest.id != exclude)
    found: list[Commitment] = []
    for request_id, campaign_id, amount, decided_at, status, name, start, end in session.execute(query):
        first = max(start, decided_at.date()) if decided_at is not None else start
        if status != "submitted":
            first = max(first, today)
        days = (end - first).days + 1
        if days <= 0:
            continue
        pacing = (Decimal(amount) / days).quantize(CENT, rounding=ROUND_HALF_UP)
        found.append(Commitment(request_id, campaign_id, name, first, end, pacing))
    return found


def peak(found: list[Commitment], first: date, last: date) -> Peak:
    """The day in `first`..`last` with the most committed, or an empty Peak when nothing overlaps."""
    best = Peak(None, Decimal(0), ())
    relevant = [c for c in found if c.first <= last and c.last >= first]
    day = first
    while relevant and day <= last:
        covering = [c for c in relevant if c.covers(day)]
        total = sum((c.pacing for c in covering), Decimal(0))
        if total > best.committed:
            best = Peak(day, total, tuple(sorted({c.campaign_name for c in covering})))
        day += timedelta(days=1)
    return best
