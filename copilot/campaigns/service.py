"""Draft a campaign or edit a draft: validate the arguments, build the plan, save it with its audit row in one
transaction and render it."""

from __future__ import annotations

import secrets
import time as systime
from collections.abc import Sequence
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from copilot.calendar.festivals import festivals
from copilot.campaigns.config import load_config
from copilot.campaigns.edits import editable_campaign, edited_request
from copilot.campaigns.plan import build_plan
from copilot.campaigns.rendering import render
from copilot.campaigns.request import CampaignRequest, parse_budget, parse_channels, parse_date, parse_segments
from copilot.context import Context
from copilot.store.models import AuditLog, Campaign, Merchant
from tools.result import ToolOutput, ToolRefusal


def _new_id() -> str:
    """Sortable by creation even under a fixed clock (budget tools pick the latest by created_at, then id)."""
    return f"cmp_{systime.time_ns():016x}{secrets.token_hex(2)}"


def _audit(session: Session, ctx: Context, action: str, detail: dict[str, Any]) -> None:
    session.add(
        AuditLog(merchant_id=ctx.merchant_id, actor=ctx.actor, action=action, detail=detail, created_at=ctx.clock.now())
    )


def run_draft_campaign(
    ctx: Context,
    *,
    objective: str | None = None,
    event: str | None = None,
    category: str | None = None,
    product: str | None = None,
    budget: float | None = None,
    start: str | None = None,
    end: str | None = None,
    channels: Sequence[str] | None = None,
    segments: Sequence[str] | None = None,
    campaign_id: str | None = None,
    edit: bool | None = None,
    remove_channels: Sequence[str] | None = None,
) -> ToolOutput:
    """Draft a campaign for ``ctx.merchant_id`` or edit one of its drafts (see the docstring of copilot.campaigns).

    Returns the saved campaign (text with its numbers, payload with the full plan). Raises ToolRefusal with a
    reason the model can act on: a missing budget, unknown channel/category/product, impossible dates, a budget
    over the daily cap, another merchant's or a non-draft campaign, or nothing to change (an edit whose values are
    the plan's already returns the plan unchanged, edited with no changes).
    """
    cfg = load_config()
    if objective is not None and objective not in cfg.objectives:
        raise ToolRefusal(f"unknown objective {objective!r}; one of {', '.join(cfg.objectives)}")
    if event is not None and event not in festivals():
        raise ToolRefusal(f"unknown event {event!r}; one of {', '.join(festivals())}")
    changes: dict[str, Any] = {
        "objective": objective,
        "event": event,
        "category": category.strip() if category and category.strip() else None,
        "product": product.strip() if product and product.strip() else None,
        "budget": parse_budget(budget) if budget is not None else None,
        "start": parse_date(start, "start"),
        "end": parse_date(end, "end"),
        "channels": parse_channels(channels),
        "segments": parse_segments(segments),
    }
    remove = parse_channels(remove_channels)
    if edit or campaign_id is not None:
        return _edit(ctx, campaign_id, changes, remove)
    if remove:
        raise ToolRefusal("remove_channels edits an existing draft; for a new plan, list the channels to use")
    if changes["budget"] is None:
        raise ToolRefusal("how much is the total budget of this campaign? (an amount in the store's currency)")
    if changes["objective"] == "event" and changes["event"] is None:
        raise ToolRefusal("which event is the campaign for: double11, double12 or 618?")
    request = CampaignRequest(
        objective=changes["objective"] or ("event" if changes["event"] else "full_site"),
        event=changes["event"],
        category=changes["category"],
        product=changes["product"],
        budget=changes["budget"],
        start=changes["start"],
        end=changes["end"],
        channels=changes["channels"],
        segments=changes["segments"],
    )
    return _create(ctx, request, objective_defaulted=objective is None and event is None)


def _merchant(session: Session, ctx: Context) -> Merchant:
    merchant = session.get(Merchant, ctx.merchant_id)
    if merchant is None:
        raise ToolRefusal("this store has no merchant record; campaigns cannot be drafted")
    return merchant


def _create(ctx: Context, request: CampaignRequest, *, objective_defaulted: bool) -> ToolOutput:
    with ctx.store.session() as session:
        merchant = _merchant(session, ctx)
        defaulted = ["objective not given: full_site (paid traffic lifting the whole store) assumed"]
        built = build_plan(session, ctx, merchant, request, defaulted if objective_defaulted else None)
        campaign = Campaign(
            id=_new_id(),
            merchant_id=ctx.merchant_id,
            name=built.name,
            objective=request.objective,
            status="draft",
            budget_total=request.budget,
            start_date=built.dates.start,
            end_date=built.dates.end,
            plan=built.plan,
            created_at=ctx.clock.now(),
            thread_id=ctx.thread,
        )
        session.add(campaign)
        session.flush()
        _audit(
            session,
            ctx,
            "campaign.drafted",
            {"campaign_id": campaign.id, "budget_total": str(request.budget), "request": request.to_json()},
        )
        currency = merchant.currency
    return render(campaign, built, currency, changes=None)


def _edit(ctx: Context, campaign_id: str | None, changes: dict[str, Any], remove: tuple[str, ...] | None) -> ToolOutput:
    with ctx.store.session() as session:
        merchant = _merchant(session, ctx)
        campaign = editable_campaign(session, ctx, campaign_id)
        assert campaign.plan is not None
        stored = CampaignRequest.from_json(campaign.plan["request"])
        request, said = edited_request(stored, changes, remove)
        built = build_plan(session, ctx, merchant, request)
        if not said:  # the dates or budget said are the plan's already: shown, not saved again
            return render(campaign, built, merchant.currency, changes=[])
        moved = session.execute(
            update(Campaign)
            .where(Campaign.id == campaign.id, Campaign.merchant_id == ctx.merchant_id, Campaign.status == "draft")
            .values(
                name=built.name,
                objective=request.objective,
                budget_total=request.budget,
                start_date=built.dates.start,
                end_date=built.dates.end,
                plan=built.plan,
            )
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise ToolRefusal(f"campaign {campaign.id} stopped being a draft while it was edited; try again")
        _audit(
            session,
            ctx,
            "campaign.edited",
            {
                "campaign_id": campaign.id,
                "changes": [str(change) for change in said],
                "budget_total": str(request.budget),
                "previous_budget_total": str(stored.budget),
                "request": request.to_json(),
            },
        )
        session.expire(campaign)
        fresh = session.get_one(Campaign, campaign.id)
        currency = merchant.currency
    return render(fresh, built, currency, changes=said)
