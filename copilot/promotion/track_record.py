"""The forecast track record: what each submitted campaign's stored forecast said, against what its days brought.

A campaign's forecast is stored when it is submitted for budget approval (`record_submitted_forecast`, in
campaign_forecasts: the plan's forecast as it stood then); a campaign the merchant rejected or cancelled is not
scored. The forecast compared is
the paid GMV the ad platform attributes, from the promotion model (`forecast.model`, 80% interval) or from the
stated CPC/CTR assumptions (`forecast.total`); the actual is the platform-attributed GMV and spend in the ad
reports (ad_daily) on the campaign's channels over its days: the rows tagged with the campaign when there are
any, else every row of those channels and days (an Alimama import carries no copilot campaign id). Organic lift
is never observed directly, so it is not scored here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from copilot.store.models import AdDaily, Campaign, CampaignForecast

SCORED = ("active", "pending_approval")  # a campaign whose budget request is out or was approved


@dataclass(frozen=True)
class Record:
    campaign_id: str
    name: str
    start: date
    end: date
    channels: tuple[str, ...]
    source: str  # "promotion model" or "assumptions"
    forecast: float  # paid GMV the platform would attribute
    low: float
    high: float
    planned_spend: float
    actual_gmv: float
    actual_spend: float
    actual_basis: str  # "campaign rows" or "channel rows"

    @property
    def error(self) -> float | None:
        """(forecast - actual) / actual; None without actual GMV."""
        return (self.forecast - self.actual_gmv) / self.actual_gmv if self.actual_gmv > 0 else None

    @property
    def inside(self) -> bool:
        return self.low <= self.actual_gmv <= self.high

    def to_json(self) -> dict[str, Any]:
        error = self.error
        return {
            "campaign_id": self.campaign_id, "name": self.name, "start": str(self.start), "end": str(self.end),
            "channels": list(self.channels), "forecast_source": self.source,
            "forecast_paid_gmv": {"value": round(self.forecast, 2), "low": round(self.low, 2),
                                  "high": round(self.high, 2)},
            "planned_spend": round(self.planned_spend, 2), "actual_paid_gmv": round(self.actual_gmv, 2),
            "actual_spend": round(self.actual_spend, 2), "actual_basis": self.actual_basis,
            "error": round(error, 4) if error is not None else None, "inside_interval": self.inside,
        }  # fmt: skip


def _stored_forecast(forecast: dict[str, Any]) -> tuple[str, float, float, float] | None:
    model = forecast.get("model") or {}
    if model.get("source") == "promotion model" and isinstance(model.get("paid_gmv"), dict):
        paid = model["paid_gmv"]
        return "promotion model", float(paid["value"]), float(paid["low"]), float(paid["high"])
    total = forecast.get("total") or {}
    if "gmv" in total:
        low, high = total.get("gmv_range") or (total["gmv"], total["gmv"])
        return "assumptions", float(total["gmv"]), float(low), float(high)
    return None


def record_submitted_forecast(session: Session, campaign: Campaign, now: datetime) -> CampaignForecast | None:
    """Store the campaign's forecast as it stands at submission (None when its plan has none)."""
    plan = campaign.plan or {}
    forecast = plan.get("forecast") or {}
    channels = [str(c["channel"]) for c in plan.get("channels") or []]
    if _stored_forecast(forecast) is None or not channels:
        return None
    row = CampaignForecast(id=f"cf_{uuid.uuid4().hex[:16]}", merchant_id=campaign.merchant_id, campaign_id=campaign.id,
                           name=campaign.name, start_date=campaign.start_date, end_date=campaign.end_date,
                           budget=campaign.budget_total, channels=channels, submitted_at=now,
                           forecast={k: forecast[k] for k in ("model", "total") if k in forecast})  # fmt: skip
    session.add(row)
    return row


def _actual(session: Session, stored: CampaignForecast, channels: tuple[str, ...]) -> tuple[float, float, str]:
    sums = (func.coalesce(func.sum(AdDaily.attributed_gmv), 0), func.coalesce(func.sum(AdDaily.spend), 0))
    days = (AdDaily.merchant_id == stored.merchant_id, AdDaily.date.between(stored.start_date, stored.end_date))
    if stored.campaign_id is not None:
        tagged = session.execute(select(*sums).where(*days, AdDaily.campaign_id == stored.campaign_id)).one()
        if Decimal(str(tagged[1])) > 0:
            return float(tagged[0]), float(tagged[1]), "campaign rows"
    rows = session.execute(select(*sums).where(*days, AdDaily.channel.in_(channels))).one()
    return float(rows[0]), float(rows[1]), "channel rows"


def track_record(
    session: Session, merchant_id: str, today: date, overlapping: tuple[date, date] | None = None
) -> list[Record]:
    """Every stored forecast of a campaign that ended before `today` and was not rejected, newest first; with
    `overlapping` (first, last day), only the campaigns that ran on one of those days."""
    query = (
        select(CampaignForecast, Campaign.status)
        .outerjoin(Campaign, Campaign.id == CampaignForecast.campaign_id)
        .where(CampaignForecast.merchant_id == merchant_id, CampaignForecast.end_date < today)
        .order_by(CampaignForecast.end_date.desc(), CampaignForecast.submitted_at.desc())
    )
    if overlapping is not None:
        first, last = overlapping
        query = query.where(CampaignForecast.start_date <= last, CampaignForecast.end_date >= first)
    rows = session.execute(query).all()
    records = []
    for stored, status in rows:
        if stored.campaign_id is not None and status not in SCORED:
            continue
        forecast = _stored_forecast(stored.forecast or {})
        channels = tuple(stored.channels or ())
        if forecast is None or not channels:
            continue
        gmv, spend, basis = _actual(session, stored, channels)
        source, value, low, high = forecast
        records.append(Record(stored.campaign_id or stored.id, stored.name, stored.start_date, stored.end_date,
                              channels, source, value, low, high, float(stored.budget), gmv, spend, basis))  # fmt: skip
    return records
