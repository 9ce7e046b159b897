"""The text and payload of a saved or edited draft."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from copilot.campaigns.config import CENT, MODEL
from copilot.campaigns.constraints import show
from copilot.campaigns.edits import Change
from copilot.campaigns.plan import Built
from copilot.store.models import Campaign
from tools.result import ToolOutput


def _range(values: list[Any], fmt: str) -> str:
    return f"{fmt.format(values[0])}-{fmt.format(values[1])}"


def _forecast_line(label: str, f: dict[str, Any], currency: str) -> str:
    low, high = (show(v, currency) for v in f["gmv_range"])
    return (
        f"{label}: spend {show(f['spend'], currency)}; clicks {f['clicks']:,} ({_range(f['clicks_range'], '{:,}')}); "
        f"orders {f['orders']:,.1f} ({_range(f['orders_range'], '{:,.1f}')}); GMV {show(f['gmv'], currency)} "
        f"({low}-{high}); ROI {f['roi']:.2f} ({_range(f['roi_range'], '{:.2f}')})"
    )


def _interval(value: dict[str, float], currency: str) -> str:
    return f"{show(value['value'], currency)} ({show(value['low'], currency)}-{show(value['high'], currency)})"


def _model_lines(model: dict[str, Any] | None, currency: str) -> list[str]:
    """Which source the forecast quotes: the fitted promotion model, or the stated assumptions and why."""
    if model is None:
        return []
    if model["source"] != MODEL:
        return [f"Forecast source: ASSUMPTIONS (per-channel CPC/CTR/conversion below); the promotion model is not "
                f"used: {model['reason']}."]  # fmt: skip
    roi = model["roi"]
    return [
        f"Forecast source: promotion model {model['model_source']}; 80% intervals: paid GMV "
        f"{_interval(model['paid_gmv'], currency)}, organic lift {_interval(model['organic_lift'], currency)}, "
        f"total {_interval(model['total'], currency)}, ROI {roi['value']:.2f} ({roi['low']:.2f}-{roi['high']:.2f}).",
        *(f"  {c}: paid GMV {_interval(v, currency)}" for c, v in model["by_channel"].items()),
    ]


def render(campaign: Campaign, built: Built, currency: str, *, changes: list[Change] | None) -> ToolOutput:
    plan = built.plan
    forecast, pacing, constraints = plan["forecast"], plan["pacing"], plan["constraints"]
    assumptions = forecast["assumptions"]
    model_based = (forecast.get("model") or {}).get("source") == MODEL
    head = (
        f"Edited draft campaign {campaign.id} ({'; '.join(str(change) for change in changes)})"
        if changes
        else f"Draft campaign {campaign.id} already is as asked, unchanged"
        if changes is not None
        else f"Saved draft campaign {campaign.id}"
    )
    cap_source = "remembered constraint" if constraints["daily_cap_source"] == "remembered" else "store setting"
    event = f", event {plan['event']} on {plan['event_day']}" if plan["event"] else ""
    lines = [
        f"{head}: {campaign.name} (status {campaign.status}).",
        f"Objective {plan['objective']}{event}; {campaign.start_date} to {campaign.end_date} ({pacing['days']} days).",
        f"Products: {plan['product_count']} ({plan['products_chosen_as']}): "
        + ", ".join(p["title"] for p in plan["products"][:5])
        + (" ..." if plan["product_count"] > 5 else ""),
        f"Budget {show(Decimal(str(campaign.budget_total)), currency)}; daily cap "
        f"{show(Decimal(constraints['daily_cap']), currency)}/day ({cap_source}).",
        "Channel split: "
        + ", ".join(
            f"{c['channel']} {show(c['budget'], currency)} ({c['share'] * 100:.1f}%)" for c in plan["channels"]
        ),
        "Segments: "
        + "; ".join(
            f"{s['name']} size {s['size']:,}, conversion {s['conversion'] * 100:.2f}%, "
            f"budget {show(s['budget'], currency)}"
            for s in plan["segments"]
        ),
        f"Pacing: average {show(pacing['average'], currency)}/day, peak {show(pacing['peak_budget'], currency)} on "
        f"{pacing['peak_day']}, lowest {show(pacing['lowest_budget'], currency)} on {pacing['lowest_day']}.",
        "Daily: "
        + ", ".join(
            f"{d['date'][5:]} {show(d['budget'], currency)}" + (f" ({'/'.join(d['labels'])})" if d["labels"] else "")
            for d in plan["schedule"]
        ),
        *_model_lines(forecast.get("model"), currency),
        _forecast_line("Funnel from assumptions" if model_based else "Forecast", forecast["total"], currency),
        *(_forecast_line(f"  {c}", f, currency) for c, f in forecast["by_channel"].items()),
        f"Assumptions: {assumptions['history_scope']} over {assumptions['history_window'][0]} to "
        f"{assumptions['history_window'][1]}: view->purchase {assumptions['view_to_purchase'] * 100:.2f}% "
        f"(weekly range x{assumptions['conversion_range_ratio'][0]}-x{assumptions['conversion_range_ratio'][1]}), "
        "AOV by channel "
        + ", ".join(
            f"{c} {show(v['aov'], currency)}"
            for c, v in assumptions["aov_by_channel"].items()
            if c in forecast["by_channel"]
        )
        + f"; paid clicks convert at {assumptions['paid_click_conversion']:.0%} of that rate x the channel index; CPC "
        + ", ".join(f"{c} {p['cpc'][1]}" for c, p in assumptions["platform"].items())
        + f"; ROI = {assumptions['roi_definition']}.",
    ]
    if assumptions["event_lift_note"]:
        lines.append(f"Event: {assumptions['event_lift_note']}.")
    lines.extend(f"Note: {note}." for note in built.notes)
    payload = {
        "campaign_id": campaign.id,
        "status": campaign.status,
        "name": campaign.name,
        "objective": campaign.objective,
        "budget_total": str(Decimal(str(campaign.budget_total)).quantize(CENT)),
        "currency": currency,
        "start_date": campaign.start_date.isoformat(),
        "end_date": campaign.end_date.isoformat(),
        "edited": changes is not None,
        "changes": [str(change) for change in changes or []],
        "change_list": [change.to_json() for change in changes or []],
        "plan": plan,
    }
    return ToolOutput("\n".join(lines), payload)
