"""The defaults and vocabulary of campaign plans (campaign.yaml), validated."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from copilot.yaml_data import load_yaml

MODEL = "promotion model"  # a plan's forecast source: the merchant's fitted promotion model
ASSUMPTIONS = "assumptions"  # or the stated per-channel assumptions (campaign.yaml)

TOOL_NAME = "draft_campaign"
CONFIG_FILE = Path(__file__).with_name("campaign.yaml")
CENT = Decimal("0.01")


class _Cfg(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChannelDefaults(_Cfg):
    cpc: tuple[float, float, float]
    ctr: float = Field(gt=0, le=1)
    conversion_index: float = Field(gt=0)


class HistoryCfg(_Cfg):
    days: int = Field(gt=0)
    min_views: int = Field(gt=0)
    min_channel_orders: int = Field(gt=0)
    min_week_views: int = Field(gt=0)
    range_quantiles: tuple[float, float]
    event_lift_bounds: tuple[float, float]
    weekday_index_bounds: tuple[float, float]


class Ramp(_Cfg):
    days: int = Field(ge=0)
    start_weight: float = Field(gt=0)


class Peak(_Cfg):
    anchor: Literal["start", "end", "event"]
    offset: int
    days: int = Field(gt=0)
    weight: float = Field(gt=0)
    label: dict[str, str]


class DefaultProducts(_Cfg):
    all: bool = False
    new_within_days: int | None = None
    slowest_movers: int | None = None


class ObjectiveCfg(_Cfg):
    channels: dict[str, float]
    days: int = Field(gt=0)
    ramp: Ramp
    peaks: list[Peak]
    default_products: DefaultProducts


class Limits(_Cfg):
    max_days: int = Field(gt=0)
    max_budget: float = Field(gt=0)
    products_listed: int = Field(gt=0)
    segments: int = Field(gt=0)


class CampaignConfig(_Cfg):
    platform: dict[str, ChannelDefaults]
    paid_click_conversion: float = Field(gt=0, le=1)
    history: HistoryCfg
    objectives: dict[str, ObjectiveCfg]
    limits: Limits
    segment_stopwords: list[str]
    names: dict[str, Any]


@cache
def load_config() -> CampaignConfig:
    """campaign.yaml, validated (a malformed file fails loudly at first use)."""
    with CONFIG_FILE.open(encoding="utf-8") as handle:
        return CampaignConfig.model_validate(load_yaml(handle))
