"""Edits of a draft: which campaign may change and the stored request with the changes applied."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from copilot.campaigns.config import TOOL_NAME, load_config
from copilot.campaigns.request import CampaignRequest
from copilot.context import Context
from copilot.store.models import Campaign
from tools.lookup import latest_campaign, merchant_campaign
from tools.result import ToolRefusal


def editable_campaign(session: Session, ctx: Context, campaign_id: str | None) -> Campaign:
    """The campaign an edit changes: this merchant's `campaign_id`, else its latest; only a draft."""
    if campaign_id is not None:
        campaign = merchant_campaign(session, ctx.merchant_id, campaign_id)
    else:
        latest = latest_campaign(session, ctx.merchant_id)
        if latest is None:
            raise ToolRefusal("there is no campaign to edit yet; draft one first (give a budget)")
        campaign = latest
    if campaign.status != "draft":
        reasons = {
            "pending_approval": "its budget is awaiting approval; reject that request first to edit it",
            "active": "it is live on the ad platform; a running campaign is not edited here",
        }
        reason = reasons.get(campaign.status, f"it is {campaign.status}")
        raise ToolRefusal(f"campaign {campaign.id} ({campaign.name}) cannot be edited: {reason}; only drafts can")
    if not isinstance(campaign.plan, dict) or "request" not in campaign.plan:
        raise ToolRefusal(f"campaign {campaign.id} was not drafted by {TOOL_NAME}; draft a new one instead")
    return campaign


@dataclass(frozen=True)
class Change:
    """One change of a draft's request: `field` from `before` to `after`, or the channels `removed`."""

    field: str
    before: Any = None
    after: Any = None
    removed: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.removed:
            return f"removed channels {', '.join(self.removed)}"
        return f"{self.field} -> {self.after}"

    def to_json(self) -> dict[str, Any]:
        if self.removed:
            return {"field": self.field, "removed": list(self.removed)}
        return {"field": self.field, "before": _plain(self.before), "after": _plain(self.after)}


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, (int, float, bool)) else str(value)


def edited_request(
    stored: CampaignRequest, changes: dict[str, Any], remove: tuple[str, ...] | None
) -> tuple[CampaignRequest, list[Change]]:
    """The stored request with the given changes applied, and each change (none when every value given is the
    plan's already, or the channels to remove are none of the plan's: the draft stays as it is)."""
    asked_removed = bool(remove)
    updated = replace(stored, **{k: v for k, v in changes.items() if v is not None})
    said = [Change(k, getattr(stored, k), v) for k, v in changes.items() if v is not None and getattr(stored, k) != v]
    if changes.get("product") is not None:
        updated = replace(updated, category=None)
    elif changes.get("category") is not None:
        updated = replace(updated, product=None)
    if changes.get("event") is not None and changes.get("objective") is None:
        updated = replace(updated, objective="event")
    if changes.get("start") is not None and changes.get("end") is None and stored.end and stored.end < changes["start"]:
        updated = replace(updated, end=None)
    current = updated.channels or tuple(load_config().objectives[updated.objective].channels)
    remove = tuple(c for c in remove or () if c in current)  # a channel the plan lacks is dropped already
    if remove:
        kept = tuple(c for c in current if c not in remove)
        if not kept:
            raise ToolRefusal("removing these channels leaves none; keep at least one of search, recommend, live")
        updated = replace(updated, channels=kept)
        said.append(Change("channels", removed=remove))
    if not said and not any(v is not None for v in changes.values()) and not asked_removed:
        raise ToolRefusal("nothing to change: give a new budget, dates, channels, segments or products")
    return updated, said
