"""Look-ups several tools share: a merchant's currency, its campaign by id or name, and its most recent campaign."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.i18n.money import DEFAULT_CURRENCY
from copilot.store.models import Campaign, Merchant
from tools.result import ToolRefusal


def merchant_currency(session: Session, merchant_id: str) -> str:
    """The currency the merchant's amounts are in (merchants.currency; CNY for a merchant without a row)."""
    return session.scalar(select(Merchant.currency).where(Merchant.id == merchant_id)) or DEFAULT_CURRENCY


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


def latest_draft_of_thread(session: Session, merchant_id: str, thread: str | None) -> Campaign | None:
    """The merchant's most recent draft drafted in conversation `thread` (None: drafted outside any)."""
    owner = Campaign.thread_id.is_(None) if thread is None else Campaign.thread_id == thread
    query = select(Campaign).where(Campaign.merchant_id == merchant_id, Campaign.status == "draft", owner)
    return session.scalars(query.order_by(Campaign.created_at.desc(), Campaign.id.desc()).limit(1)).first()


_GENERIC_TAIL = re.compile(r"(?:的)?(?:推广(?:方案|活动|计划)?|方案|活动|计划|campaign|plan)$", re.IGNORECASE)
_QUOTES = "「」『』“”\"'《》 \t"
_SEPARATORS = re.compile(r"[·・•/／、,，\-—]")


def _name_key(name: str) -> str:
    joined = _SEPARATORS.sub("", "".join(name.split()))
    return _GENERIC_TAIL.sub("", joined.strip(_QUOTES).lower()).strip(_QUOTES)


def named_campaign(session: Session, merchant_id: str, reference: str, thread: str | None = None) -> Campaign:
    """The merchant's campaign whose id is `reference`, or the one campaign whose whole name it names (quotes,
    spaces and a trailing 方案/活动/campaign ignored; a draft preferred). A part of a name is enough only for a
    draft of this conversation (`thread`); otherwise ToolRefusal listing the candidates, so the merchant says which."""
    by_id = session.scalar(select(Campaign).where(Campaign.id == reference, Campaign.merchant_id == merchant_id))
    if by_id is not None:
        return by_id
    key = _name_key(reference)
    campaigns = list(
        session.scalars(
            select(Campaign)
            .where(Campaign.merchant_id == merchant_id)
            .order_by(Campaign.created_at.desc(), Campaign.id.desc())
        )
    )
    exact = [c for c in campaigns if key and _name_key(c.name) == key]
    drafts = [c for c in exact if c.status == "draft"]
    found = drafts if len(drafts) == 1 else exact
    if len(found) == 1:
        return found[0]
    partial = [c for c in campaigns if key and (key in _name_key(c.name) or _name_key(c.name) in key)]
    ours = [c for c in partial if c.status == "draft" and thread is not None and c.thread_id == thread]
    if not found and len(ours) == 1:
        return ours[0]
    candidates = found or partial
    if not candidates:
        raise ToolRefusal(f"campaign {reference!r} not found in this store{_listing(campaigns)}")
    raise ToolRefusal(f"{reference!r} could name several campaigns; say which by full name or id{_listing(candidates)}")


def _listing(campaigns: list[Campaign], limit: int = 5) -> str:
    drafts = [c for c in campaigns if c.status == "draft"] or campaigns
    if not drafts:
        return ""
    shown = "; ".join(f"{c.name} ({c.id}, {c.status})" for c in drafts[:limit])
    return f". Campaigns: {shown}"


def which_campaign(session: Session, merchant_id: str) -> str:
    """The question to ask when a request names no campaign and its conversation drafted none."""
    drafts = list(
        session.scalars(
            select(Campaign)
            .where(Campaign.merchant_id == merchant_id, Campaign.status == "draft")
            .order_by(Campaign.created_at.desc(), Campaign.id.desc())
        )
    )
    if not drafts:
        return "there is no draft campaign to fund; draft one first (draft_campaign)"
    return (
        "this conversation has no draft campaign of its own, so none is guessed: ask the merchant which campaign "
        f"to fund (by name or id){_listing(drafts)}"
    )
