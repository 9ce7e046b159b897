"""Look-ups several tools share: a merchant's campaign by id, and its most recent campaign."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.store.models import Campaign
from tools.result import ToolRefusal


def merchant_campaign(session: Session, merchant_id: str, campaign_id: str) -> Campaign:
    """The campaign `campaign_id` of `merchant_id`; ToolRefusal when absent or another merchant's (same words)."""
    campaign = session.scalar(select(Campaign).where(Campaign.id == campaign_id, Campaign.merchant_id == merchant_id))
    if campaign is None:
        raise ToolRefusal(f"campaign {campaign_id!r} not found in this store")
    return campaign


def latest_campaign(session: Session, merchant_id: str, *, status: str | None = None) -> Campaign | None:
    """The merchant's most recently created campaign (with `status` when given; ties by id), or None."""
    query = select(Campaign).where(Campaign.merchant_id == merchant_id)
    if status is not None:
        query = query.where(Campaign.status == status)
    return session.scalars(query.order_by(Campaign.created_at.desc(), Campaign.id.desc()).limit(1)).first()
