"""The demo store's specification: the vocabulary in data/*.yaml, validated and cross-checked on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from copilot.calendar.festivals import festivals, spring_festival
from copilot.yaml_data import load_yaml

DATA_DIR = Path(__file__).with_name("data")
MERCHANTS: tuple[str, ...] = ("m_outdoor", "m_baby", "m_pet")
CHANNELS: tuple[str, ...] = ("search", "recommend", "live", "direct")
STATUSES: tuple[str, ...] = ("paid", "refunded", "cancelled")
EVENT_KINDS: tuple[str, ...] = ("view", "click", "cart", "purchase", "search")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProductSpec(_Spec):
    id: str
    title: str
    title_en: str
    category: str
    price: float = Field(gt=0)
    cost: float = Field(gt=0)
    stock: int = Field(ge=0)
    launched_days_ago: int = Field(ge=0)
    popularity: float = Field(gt=0)
    season: str
    consumable: bool = False
    scenes: dict[str, float] = Field(default_factory=dict)
    tags: list[str]
    description_zh: str
    description_en: str

    @model_validator(mode="after")
    def _cost_share(self) -> ProductSpec:
        if not 0.35 <= self.cost / self.price <= 0.65:
            raise ValueError(f"{self.id}: cost must be 35-65% of price")
        return self


class MerchantSpec(_Spec):
    id: str
    name: str
    currency: str
    daily_budget_cap: float = Field(gt=0)
    created_days_ago: int = Field(ge=0)
    order_share: float = Field(gt=0)
    growth_per_year: float = Field(ge=0, lt=0.8)
    channels: dict[str, float]
    age_bands: list[float]
    products: list[ProductSpec]

    @model_validator(mode="after")
    def _channels_known(self) -> MerchantSpec:
        if set(self.channels) != set(CHANNELS):
            raise ValueError(f"{self.id}: channels must be exactly {CHANNELS}")
        return self


class CatalogSpec(_Spec):
    cold_start_days: int = Field(ge=0)
    strong_scene_affinity: float = Field(gt=0)
    merchants: list[MerchantSpec]


class SceneName(_Spec):
    zh: str
    en: str


class AudienceSpec(_Spec):
    share: float = Field(gt=0)
    queries: list[str] = Field(min_length=1)


class ScenesSpec(_Spec):
    scenes: dict[str, SceneName]
    audiences: dict[str, dict[str, AudienceSpec]]


class FestivalSpec(_Spec):
    id: str
    factor: float = Field(gt=0)
    discount: float = Field(gt=0, le=1)
    peaks: list[float] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known(self) -> FestivalSpec:
        if self.id not in festivals():
            raise ValueError(f"festival {self.id!r} is not in the calendar (copilot/calendar/festivals.yaml)")
        if len(self.peaks) != len(festivals()[self.id].peaks):
            raise ValueError(f"festival {self.id!r}: one factor per peak day of the calendar")
        return self


class CalendarSpec(_Spec):
    history_days: int = Field(ge=30)
    weekly: list[float] = Field(min_length=7, max_length=7)
    festivals: list[FestivalSpec]
    spring_festival: list[float] = Field(min_length=1)
    seasons: dict[str, list[float]]
    utc_offset_hours: int
    local_hours: list[float] = Field(min_length=24, max_length=24)

    @model_validator(mode="after")
    def _shapes(self) -> CalendarSpec:
        if any(len(months) != 12 for months in self.seasons.values()):
            raise ValueError("every season needs 12 monthly factors")
        if len(self.spring_festival) != len(spring_festival().windows):
            raise ValueError("spring_festival needs one factor per window of the calendar's Spring Festival")
        if min(self.local_hours) <= 0:
            raise ValueError("every local hour needs a positive weight")
        return self


class EventProfile(_Spec):
    funnel: list[Literal["view", "click", "cart"]]
    browse_views_per_order: float = Field(ge=0)
    click_rate: float = Field(ge=0, le=1)
    cart_rate: float = Field(ge=0, le=1)
    searches_per_order: float = Field(ge=0)


class EventsSpec(_Spec):
    lean_above_orders: int = Field(gt=0)
    full: EventProfile
    lean: EventProfile
    funnel_lead_seconds: tuple[int, int]
    click_after_view_seconds: tuple[int, int]
    cart_after_click_seconds: tuple[int, int]


class QuantitySpec(_Spec):
    durable: list[float]
    consumable: list[float]


class PopulationSpec(_Spec):
    default_orders: int = Field(gt=0)
    customers_per_order: float = Field(gt=0)
    registered_before_start: float = Field(gt=0, lt=1)
    registration_lead_days: int = Field(gt=0)
    two_scene_share: float = Field(ge=0, le=1)
    regions: dict[str, float]
    age_bands: list[str]
    items_per_order: list[float] = Field(min_length=3, max_length=3)
    quantity: QuantitySpec
    refund_rate: float = Field(ge=0, lt=1)
    cancel_rate: float = Field(ge=0, lt=1)
    scene_floor: float = Field(gt=0)
    off_scene: float = Field(ge=0, le=1)
    events: EventsSpec


class AnomalySpec(_Spec):
    id: str
    merchant: str
    product: str
    kind: Literal["drop", "spike"]
    cause: str
    start_days_ago: int = Field(ge=0)
    end_days_ago: int = Field(ge=0)
    orders_factor: float = Field(default=1.0, ge=0)
    views_factor: float = Field(default=1.0, gt=0)
    price_factor: float = Field(default=1.0, gt=0, le=1)
    live_share: float | None = Field(default=None, ge=0, le=1)
    refund_rate: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _window(self) -> AnomalySpec:
        if self.end_days_ago > self.start_days_ago:
            raise ValueError(f"{self.id}: the window ends before it starts")
        return self

    @property
    def is_stock_out(self) -> bool:
        return self.orders_factor == 0


class AnomaliesSpec(_Spec):
    anomalies: list[AnomalySpec]


@dataclass(frozen=True)
class DemoSpec:
    """Everything the generator reads from data/, cross-checked."""

    catalog: CatalogSpec
    scenes: ScenesSpec
    calendar: CalendarSpec
    population: PopulationSpec
    anomalies: tuple[AnomalySpec, ...]

    def merchant(self, merchant_id: str) -> MerchantSpec:
        return next(m for m in self.catalog.merchants if m.id == merchant_id)

    def check(self) -> None:
        """Raise ValueError when one file refers to something another does not define."""
        if tuple(m.id for m in self.catalog.merchants) != MERCHANTS:
            raise ValueError(f"catalog.yaml must define the merchants {MERCHANTS} in this order")
        if len(self.population.age_bands) != len(self.catalog.merchants[0].age_bands):
            raise ValueError("merchant age_bands must weight population.yaml age_bands")
        for merchant in self.catalog.merchants:
            audience = self.scenes.audiences.get(merchant.id)
            if not audience or not set(audience) <= set(self.scenes.scenes):
                raise ValueError(f"scenes.yaml: unknown or missing audience scenes for {merchant.id}")
            for product in merchant.products:
                if product.season not in self.calendar.seasons:
                    raise ValueError(f"{product.id}: unknown season {product.season!r}")
                if not set(product.scenes) <= set(audience):
                    raise ValueError(f"{product.id}: scenes outside {merchant.id}'s audience")
        for anomaly in self.anomalies:
            if anomaly.product not in {p.id for p in self.merchant(anomaly.merchant).products}:
                raise ValueError(f"{anomaly.id}: {anomaly.product} is not a product of {anomaly.merchant}")


def _read_yaml(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return load_yaml(handle)


@cache
def load_spec() -> DemoSpec:
    """The validated demo specification (cached; the files ship with the package)."""
    spec = DemoSpec(
        catalog=CatalogSpec.model_validate(_read_yaml("catalog.yaml")),
        scenes=ScenesSpec.model_validate(_read_yaml("scenes.yaml")),
        calendar=CalendarSpec.model_validate(_read_yaml("calendar.yaml")),
        population=PopulationSpec.model_validate(_read_yaml("population.yaml")),
        anomalies=tuple(AnomaliesSpec.model_validate(_read_yaml("anomalies.yaml")).anomalies),
    )
    spec.check()
    return spec
