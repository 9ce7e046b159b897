"""The demo's planted promotion truth (demo stores only, like every demo_truth table): per merchant and channel
the true ROI, saturation and carry-over, the halo, and each plan's own incremental GMV. Never queryable by the
copilot; benchmarks and tests check the fitted model against it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from copilot.demo.truth import DemoTruthBase
from copilot.promotion.simulate import Attribution


class DemoTruthPromotionChannel(DemoTruthBase):
    """A channel's true response: roi is its paid GMV per yuan over the history; roas0 the GMV of the first
    yuan; half_spend the daily spend at which the return per yuan halves; carryover_days the mean carry-over."""

    __tablename__ = "demo_truth_promotion_channels"

    merchant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    roi: Mapped[float] = mapped_column(Float)
    roas0: Mapped[float] = mapped_column(Float)
    half_spend: Mapped[float] = mapped_column(Float)
    decay: Mapped[float] = mapped_column(Float)
    carryover_days: Mapped[float] = mapped_column(Float)
    spend: Mapped[float] = mapped_column(Float)
    paid_gmv: Mapped[float] = mapped_column(Float)


class DemoTruthPromotionHalo(DemoTruthBase):
    """The true organic halo: share is halo GMV / (paid + halo GMV) over the history; ratio the halo per paid
    yuan of GMV once exposure is steady; carryover_days how long it lasts on average."""

    __tablename__ = "demo_truth_promotion_halo"

    merchant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    share: Mapped[float] = mapped_column(Float)
    ratio: Mapped[float] = mapped_column(Float)
    decay: Mapped[float] = mapped_column(Float)
    carryover_days: Mapped[float] = mapped_column(Float)
    halo_gmv: Mapped[float] = mapped_column(Float)


class DemoTruthPromotionPlan(DemoTruthBase):
    """An ad plan of the demo's history and what it truly brought against not running it."""

    __tablename__ = "demo_truth_promotion_plans"

    merchant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # always_on | festival | launch | clearance
    channels: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    spend: Mapped[float] = mapped_column(Float)
    paid_gmv: Mapped[float] = mapped_column(Float)
    halo_gmv: Mapped[float] = mapped_column(Float)


def truth_rows(merchant_id: str, attribution: Attribution, first_day: date) -> dict[str, list[tuple[object, ...]]]:
    """The truth tables' rows of one merchant, columns as in TRUTH_COLUMNS."""
    channels: list[tuple[object, ...]] = [
        (merchant_id, c.channel, c.roi, c.roas0, c.half_spend, c.decay, c.carryover_days, c.spend, c.paid_gmv)
        for c in attribution.channels
    ]
    halo_days = attribution.halo_decay / (1 - attribution.halo_decay)
    a = attribution
    halo: list[tuple[object, ...]] = [(merchant_id, a.halo_share, a.halo_ratio, a.halo_decay, halo_days, a.halo_gmv)]
    plans: list[tuple[object, ...]] = [
        (merchant_id, p.name, p.kind, ",".join(p.channels), (first_day + timedelta(days=p.first)).isoformat(),
         (first_day + timedelta(days=p.last)).isoformat(), p.spend, p.paid_gmv, p.halo_gmv)
        for p in attribution.plans
    ]  # fmt: skip
    return {
        DemoTruthPromotionChannel.__tablename__: channels,
        DemoTruthPromotionHalo.__tablename__: halo,
        DemoTruthPromotionPlan.__tablename__: plans,
    }


TRUTH_COLUMNS: dict[str, tuple[str, ...]] = {
    table.__tablename__: tuple(c.name for c in table.__table__.columns)
    for table in (DemoTruthPromotionChannel, DemoTruthPromotionHalo, DemoTruthPromotionPlan)
}
