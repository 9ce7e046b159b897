"""The budget split across channels x segments and its forecast of clicks, orders, GMV and ROI with ranges."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from copilot.campaigns.audience import SegmentEstimate
from copilot.campaigns.config import load_config
from copilot.campaigns.history import History
from copilot.campaigns.pacing import allocate_cents, to_cents


@dataclass
class Estimate:
    spend: float = 0.0
    impressions: float = 0.0
    clicks: float = 0.0
    clicks_low: float = 0.0
    clicks_high: float = 0.0
    orders: float = 0.0
    orders_low: float = 0.0
    orders_high: float = 0.0
    gmv: float = 0.0
    gmv_low: float = 0.0
    gmv_high: float = 0.0

    def add(self, other: Estimate) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def to_json(self) -> dict[str, Any]:
        roi = self.gmv / self.spend if self.spend else 0.0
        return {
            "spend": round(self.spend, 2),
            "impressions": round(self.impressions),
            "clicks": round(self.clicks),
            "clicks_range": [round(self.clicks_low), round(self.clicks_high)],
            "orders": round(self.orders, 1),
            "orders_range": [round(self.orders_low, 1), round(self.orders_high, 1)],
            "gmv": round(self.gmv, 2),
            "gmv_range": [round(self.gmv_low, 2), round(self.gmv_high, 2)],
            "roi": round(roi, 2),
            "roi_range": [
                round(self.gmv_low / self.spend, 2) if self.spend else 0.0,
                round(self.gmv_high / self.spend, 2) if self.spend else 0.0,
            ],
        }


@dataclass
class Split:
    channel: str
    segment: str
    cents: int
    estimate: Estimate = field(default_factory=Estimate)


def _cell_estimate(spend: float, channel: str, segment: SegmentEstimate, history: History) -> Estimate:
    cfg = load_config()
    platform = cfg.platform[channel]
    cpc_low, cpc, cpc_high = platform.cpc
    conversion = (
        segment.conversion * platform.conversion_index * cfg.paid_click_conversion * history.event_conversion_lift
    )
    aov = history.aov_by_channel[channel][0] * history.event_aov_lift
    clicks, low, high = spend / cpc, spend / cpc_high, spend / cpc_low
    orders = clicks * conversion
    orders_low, orders_high = low * conversion * history.low_ratio, high * conversion * history.high_ratio
    return Estimate(
        spend=spend,
        impressions=clicks / platform.ctr,
        clicks=clicks,
        clicks_low=low,
        clicks_high=high,
        orders=orders,
        orders_low=orders_low,
        orders_high=orders_high,
        gmv=orders * aov,
        gmv_low=orders_low * aov,
        gmv_high=orders_high * aov,
    )


def split_budget(
    budget: Decimal, channels: tuple[str, ...], objective: str, segments: list[SegmentEstimate], history: History
) -> list[Split]:
    defaults = load_config().objectives[objective].channels
    floor = min(defaults.values()) if defaults else 1.0
    channel_weights = [defaults.get(c, floor) for c in channels]
    segment_weights = [max(s.size * s.conversion, 1e-9) for s in segments]
    cs, ss = sum(channel_weights), sum(segment_weights)
    cells = [
        (c, s, cw / cs * sw / ss)
        for c, cw in zip(channels, channel_weights, strict=True)
        for s, sw in zip(segments, segment_weights, strict=True)
    ]
    cents = allocate_cents(to_cents(budget), [w for _, _, w in cells])
    result = []
    for (channel, segment, _), part in zip(cells, cents, strict=True):
        split = Split(channel, segment.key, part)
        split.estimate = _cell_estimate(part / 100, channel, segment, history)
        result.append(split)
    return result


def forecast_of(splits: list[Split], segments: list[SegmentEstimate], history: History) -> dict[str, Any]:
    cfg = load_config()
    total = Estimate()
    by_channel: dict[str, Estimate] = {}
    by_segment: dict[str, Estimate] = {}
    for split in splits:
        total.add(split.estimate)
        by_channel.setdefault(split.channel, Estimate()).add(split.estimate)
        by_segment.setdefault(split.segment, Estimate()).add(split.estimate)
    funnel = history.funnel
    assumptions = {
        "history_scope": history.scope,
        "history_window": [history.since.isoformat(), history.until.isoformat()],
        "views": funnel.views,
        "clicks": funnel.clicks,
        "purchases": funnel.purchases,
        "paid_orders": funnel.orders,
        "view_to_purchase": round(history.view_conversion, 4),
        "orders_per_click": round(funnel.orders / funnel.clicks, 4) if funnel.clicks else None,
        "aov": round(funnel.aov or 0.0, 2),
        "aov_by_channel": {
            c: {"aov": round(v[0], 2), "orders": v[1], "source": v[2]} for c, v in history.aov_by_channel.items()
        },
        "weekly_view_to_purchase": history.weekly_conversion,
        "conversion_range_ratio": [round(history.low_ratio, 3), round(history.high_ratio, 3)],
        "paid_click_conversion": cfg.paid_click_conversion,
        "platform": {c: cfg.platform[c].model_dump() for c in by_channel},
        "segment_conversion": {s.key: round(s.conversion, 4) for s in segments},
        "event_conversion_lift": round(history.event_conversion_lift, 3),
        "event_aov_lift": round(history.event_aov_lift, 3),
        "event_lift_note": history.event_note,
        "roi_definition": "GMV / spend",
        "uncertainty": (
            "low = high CPC x the 10th percentile of weekly conversion; high = low CPC x the 90th percentile"
        ),
    }
    return {
        "total": total.to_json(),
        "by_channel": {c: e.to_json() for c, e in by_channel.items()},
        "by_segment": {s: e.to_json() for s, e in by_segment.items()},
        "assumptions": assumptions,
    }
