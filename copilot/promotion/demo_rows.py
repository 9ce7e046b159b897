"""The demo builder's side of the promotion history: lift a merchant's day weights by its ads, mark the drawn
orders the ads brought, and write the ad report (ad_daily, as an Alimama import would land it: one row per
day, channel and plan, campaign_id null since no copilot campaign ran them) and the truth tables."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from copilot.importers.ad_writer import ad_row_id
from copilot.promotion.response import PAID_CHANNELS
from copilot.promotion.simulate import Attribution, PromotionHistory, attribute, plan_promotions
from copilot.promotion.truth import TRUTH_COLUMNS, truth_rows

AD_COLUMNS: tuple[str, ...] = (
    "id", "merchant_id", "date", "channel", "campaign_id", "spend", "impressions", "clicks", "attributed_orders",
    "attributed_gmv",
)  # fmt: skip
PROMOTION_COLUMNS: dict[str, tuple[str, ...]] = {"ad_daily": AD_COLUMNS, **TRUTH_COLUMNS}

__all__ = [
    "PROMOTION_COLUMNS",
    "Attribution",
    "PromotionHistory",
    "attribute",
    "order_value_index",
    "plan_promotions",
    "promotion_rows",
    "with_ad_channels",
]


def promotion_rows(merchants: list[tuple[str, Attribution]], first_day: date) -> dict[str, list[tuple[object, ...]]]:
    """ad_daily and the promotion truth tables' rows of the demo's merchants (columns as in PROMOTION_COLUMNS)."""
    tables: dict[str, list[tuple[object, ...]]] = {table: [] for table in PROMOTION_COLUMNS}
    for merchant_id, attribution in merchants:
        for day, channel, plan, spend, impressions, clicks, orders, gmv in attribution.rows:
            when = first_day + timedelta(days=day)
            tables["ad_daily"].append(
                (ad_row_id(merchant_id, when, channel, plan), merchant_id, when.isoformat(), channel, None, spend / 100,
                 impressions, clicks, orders, gmv / 100)
            )  # fmt: skip
        for table, rows in truth_rows(merchant_id, attribution, first_day).items():
            tables[table] += rows
    return tables


def with_ad_channels(channel: np.ndarray, attribution: Attribution, channels: tuple[str, ...]) -> np.ndarray:
    """The orders' channel (indexes into `channels`) with the ads' orders on their ad channel."""
    index = np.array([channels.index(name) for name in PAID_CHANNELS])
    return np.where(attribution.paid_channel >= 0, index[np.maximum(attribution.paid_channel, 0)], channel)


def order_value_index(day: np.ndarray, total_cents: np.ndarray, counted: np.ndarray, days: int) -> np.ndarray:
    """Per day: the mean value of an order (7-day centred window) relative to the mean over all days; the
    festival pushes are paced on it, since festival baskets differ from ordinary days'."""
    kernel = np.ones(7)
    value = np.convolve(np.bincount(day[counted], weights=total_cents[counted], minlength=days), kernel, "same")
    count = np.convolve(np.bincount(day[counted], minlength=days).astype(float), kernel, "same")
    mean = total_cents[counted].mean() if counted.any() else 1.0
    return np.where(count > 0, value / np.maximum(count, 1.0) / mean, 1.0)
