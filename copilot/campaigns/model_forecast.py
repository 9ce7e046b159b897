"""The campaign's GMV forecast from the merchant's fitted promotion model (copilot.promotion): expected paid GMV
per channel, organic lift and total with 80% intervals, for the plan's own daily schedule and channel split.

When the model is not ready (fitting, too little history, a channel never advertised) the plan keeps the forecast
from the stated per-channel assumptions (CPC, CTR, conversion) and records why the model was not used; the
rendered answer says which source it quotes, never silently.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from copilot.campaigns.config import ASSUMPTIONS, MODEL
from copilot.context import Context
from copilot.promotion.service import estimate_schedule


def model_forecast(session: Session, ctx: Context, plan: dict[str, Any]) -> dict[str, Any]:
    """The plan's model forecast (`source` "promotion model"), or why the stated assumptions stay
    (`source` "assumptions", `reason`)."""
    shares = {c["channel"]: float(c["share"]) for c in plan["channels"]}
    days = [float(d["budget"]) for d in plan["schedule"]]
    daily = {channel: [day * share for day in days] for channel, share in shares.items()}
    start = date.fromisoformat(plan["schedule"][0]["date"])
    estimate = estimate_schedule(session, ctx.merchant_id, daily, start, cache_dir=ctx.settings.data_dir / "promotion")
    info = estimate.model
    forecast = estimate.forecast()
    if forecast is None:
        return {"source": ASSUMPTIONS, "model_state": info.state, "reason": info.reason or info.state}
    return {"source": MODEL, **forecast}
