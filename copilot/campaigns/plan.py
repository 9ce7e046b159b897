"""A plan built from a request (reads only): products, dates, history, segments, schedule, split, forecast."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from copilot.calendar.festivals import festival
from copilot.campaigns.audience import SegmentEstimate, estimate_segments
from copilot.campaigns.config import load_config
from copilot.campaigns.constraints import Constraints, fit_dates, merchant_constraints, plan_channels
from copilot.campaigns.dates import Dates, campaign_dates
from copilot.campaigns.forecast import Split, forecast_of, split_budget
from copilot.campaigns.history import History, campaign_history, with_event_lift
from copilot.campaigns.model_forecast import model_forecast
from copilot.campaigns.pacing import DayBudget, daily_schedule, from_cents
from copilot.campaigns.products import ProductRow, choose_products, load_catalog
from copilot.campaigns.request import CampaignRequest
from copilot.context import Context
from copilot.i18n.language import cjk_language
from copilot.store.models import Merchant
from tools.result import ToolRefusal


@dataclass(frozen=True)
class Built:
    name: str
    dates: Dates
    plan: dict[str, Any]
    notes: list[str]


def _name(request: CampaignRequest, products: list[ProductRow], lang: str) -> str:
    names = load_config().names
    if request.product or len(products) == 1:
        scope = products[0].title if lang == "zh" else products[0].title_en or products[0].title
    else:
        wanted = request.category or ""
        categories = sorted(
            dict.fromkeys(p.category for p in products),
            key=lambda c: (wanted.find(c) if c in wanted else len(wanted), c),
        )
        scope = "/".join(categories[:3])
        if len(categories) > 3:
            scope += "等" if lang == "zh" else " etc."
    targeted = bool(request.product or request.category)
    if request.event:
        label = festival(request.event).name[lang]
    elif request.objective == "full_site" and targeted:
        return str(names["campaign_plain"][lang].format(scope=scope))[:300]
    else:
        label = names["objective"][request.objective][lang]
    return str(names["campaign"][lang].format(label=label, scope=scope))[:300]


def build_plan(
    session: Session, ctx: Context, merchant: Merchant, request: CampaignRequest, notes: list[str] | None = None
) -> Built:
    """The plan of `request` for this merchant (reads only; the caller saves it). `notes` start its notes."""
    today = ctx.clock.now().date()
    cfg = load_config()
    catalog = load_catalog(session, ctx.merchant_id)
    products, chosen = choose_products(session, ctx, request, catalog, today)
    lang = cjk_language(merchant.name, *(p.title for p in products[:1]))
    constraints = merchant_constraints(ctx, merchant)
    notes = list(notes or [])
    dates = campaign_dates(request, today)
    if dates.note:
        notes.append(dates.note)
    dates, fit_note = fit_dates(dates, request.budget, constraints.daily_cap, request.objective, merchant.currency)
    if fit_note:
        notes.append(fit_note)
    history = campaign_history(session, ctx.merchant_id, products, catalog, today)
    if request.objective == "event":
        history = with_event_lift(session, ctx.merchant_id, history, dates)
    default = tuple(cfg.objectives[request.objective].channels)
    channels, channel_note = plan_channels(request.channels or None, default, constraints.excluded_channels)
    if not channels:
        raise ToolRefusal("the plan has no channel left; keep at least one of search, recommend, live")
    if channel_note:
        notes.append(channel_note)
    segments, segment_notes = estimate_segments(session, ctx.merchant_id, request.segments, catalog, history, lang)
    notes.extend(segment_notes)
    schedule = daily_schedule(
        dates, request.objective, history.weekday_index, request.budget, constraints.daily_cap, lang
    )
    splits = split_budget(request.budget, channels, request.objective, segments, history)
    plan = _plan_json(request, products, chosen, dates, constraints, history, segments, splits, schedule)
    plan["forecast"]["model"] = model_forecast(session, ctx, plan)
    if constraints.blackout_hours:
        notes.append(
            f"ads paused in the remembered blackout hours {constraints.blackout_hours}; each day's budget is paced "
            f"over the other {24 - len(constraints.blackout_hours)} hours"
        )
    if constraints.brand_rules:
        notes.append(f"brand rules recorded for the creatives: {constraints.brand_rules}")
    plan["notes"] = notes
    return Built(_name(request, products, lang), dates, plan, notes)


def _plan_json(
    request: CampaignRequest,
    products: list[ProductRow],
    chosen: str,
    dates: Dates,
    constraints: Constraints,
    history: History,
    segments: list[SegmentEstimate],
    splits: list[Split],
    schedule: list[DayBudget],
) -> dict[str, Any]:
    listed = load_config().limits.products_listed
    channel_cents: dict[str, int] = {}
    segment_cents: dict[str, int] = {}
    for split in splits:
        channel_cents[split.channel] = channel_cents.get(split.channel, 0) + split.cents
        segment_cents[split.segment] = segment_cents.get(split.segment, 0) + split.cents
    total = sum(channel_cents.values())
    peak = max(schedule, key=lambda d: (d.cents, d.day))
    low = min(schedule, key=lambda d: (d.cents, d.day))
    return {
        "version": 1,
        "request": request.to_json(),
        "objective": request.objective,
        "event": request.event,
        "event_day": dates.event_day.isoformat() if dates.event_day else None,
        "products": [{"id": p.id, "title": p.title, "category": p.category} for p in products[:listed]],
        "product_count": len(products),
        "products_chosen_as": chosen,
        "categories": sorted({p.category for p in products}),
        "channels": [
            {"channel": c, "budget": str(from_cents(v)), "share": round(v / total, 4)} for c, v in channel_cents.items()
        ],
        "segments": [
            {
                "key": s.key,
                "name": s.name,
                "size": s.size,
                "views_90d": s.views,
                "purchases_90d": s.purchases,
                "conversion": round(s.conversion, 4),
                "basis": s.basis,
                "budget": str(from_cents(segment_cents[s.key])),
                "share": round(segment_cents[s.key] / total, 4),
            }
            for s in segments
        ],
        "split": [{"channel": s.channel, "segment": s.segment, "budget": str(from_cents(s.cents))} for s in splits],
        "schedule": [
            {
                "date": d.day.isoformat(),
                "budget": str(from_cents(d.cents)),
                "weight": d.weight,
                "labels": list(d.labels),
            }
            for d in schedule
        ],
        "pacing": {
            "days": dates.days,
            "average": str(from_cents(round(total / dates.days))),
            "peak_day": peak.day.isoformat(),
            "peak_budget": str(from_cents(peak.cents)),
            "lowest_day": low.day.isoformat(),
            "lowest_budget": str(from_cents(low.cents)),
            "weekday_index": history.weekday_index,
        },
        "constraints": {
            "daily_cap": str(constraints.daily_cap),
            "daily_cap_source": constraints.cap_source,
            "blackout_hours": constraints.blackout_hours,
            "active_hours": 24 - len(constraints.blackout_hours),
            "brand_rules": constraints.brand_rules,
            "excluded_channels": list(constraints.excluded_channels),
        },
        "forecast": forecast_of(splits, segments, history),
    }
