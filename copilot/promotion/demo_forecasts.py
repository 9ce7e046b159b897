"""The demo's recorded forecasts, so the track record has something to score: for each merchant's festival pushes
that ended before the demo day (demo_plan.yaml; run outside the copilot, so no campaign row), the promotion
model's forecast made from the days before the push began (the model fitted only on them), for the spend the
push then made on its channels (the plan the merchant followed). Written by the demo builder after the orders
and ad reports."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from copilot.promotion.fit import enough_history, fit_history
from copilot.promotion.history import History, load_history
from copilot.promotion.model import summarise
from copilot.promotion.response import PAID_CHANNELS
from copilot.promotion.service import model_info, schedule_estimate
from copilot.promotion.simulate import PushCfg, load_plan_config
from copilot.store.models import CampaignForecast


def _plan(history: History, push: PushCfg) -> tuple[dict[str, object], float] | None:
    """The push's plan with the forecast made from the history before it, and its spend; None when that history
    is too thin or the forecast is not finite (PostgreSQL's JSON has no NaN)."""
    before = history.until(push.first)
    if enough_history(before) is not None:
        return None
    channels, organic, k = fit_history(before, lambda stage, done: None)
    model = summarise(before, channels, organic, k, 0.0)
    first, last = history.index(push.first), history.index(push.last) + 1
    spend = {c: history.spend[PAID_CHANNELS.index(c), first:last] for c in push.channels if c in model.channels}
    total = sum(float(x.sum()) for x in spend.values())
    if total <= 0:
        return None
    daily = {c: [float(v) for v in x] for c, x in spend.items()}
    forecast = schedule_estimate(model, model_info(model, "ready"), daily, push.first).forecast()
    if forecast is None:
        return None
    days = [push.first + timedelta(days=i) for i in range(last - first)]
    plan = {
        "version": 1, "objective": "event", "event": push.name,
        "channels": [{"channel": c, "budget": f"{float(x.sum()):.2f}", "share": round(float(x.sum()) / total, 4)}
                     for c, x in spend.items()],
        "schedule": [{"date": d.isoformat(), "budget": f"{sum(float(x[i]) for x in spend.values()):.2f}",
                      "weight": 1.0, "labels": []} for i, d in enumerate(days)],
        "forecast": {"model": {"source": "promotion model", **forecast}},
        "notes": ["demo: a past push recorded as a submitted campaign with the forecast it was submitted with"],
    }  # fmt: skip
    try:
        json.dumps(plan, allow_nan=False)
    except ValueError:  # the fit before a push left a non-finite interval: no forecast to record for it
        return None
    return plan, total


def write_demo_forecasts(engine: Engine, merchant_ids: list[str], today: date) -> int:
    """Record the forecast of each merchant's ended festival pushes."""
    config = load_plan_config()
    written = 0
    with Session(engine) as session:
        for merchant_id in merchant_ids:
            history = load_history(session, merchant_id)
            if history is None:
                continue
            for number, push in enumerate(config.festivals.get(merchant_id, ())):
                if push.last >= today or push.first <= history.dates[0].astype(date):
                    continue
                made = _plan(history, push)
                if made is None:
                    continue
                plan, budget = made
                submitted = datetime.combine(push.first - timedelta(days=3), time(10), tzinfo=UTC)
                session.add(CampaignForecast(id=f"demo_{merchant_id}_push_{number}", merchant_id=merchant_id,
                                             campaign_id=None, name=push.name, start_date=push.first,
                                             end_date=push.last, budget=round(budget, 2),
                                             channels=[c["channel"] for c in plan["channels"]],  # type: ignore[attr-defined]
                                             forecast=plan["forecast"], submitted_at=submitted))  # fmt: skip
                written += 1
        session.commit()
    return written
