"""What to write for: a campaign's products and scenes, a product or a category."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.catalog.resolve import CatalogItem, Unresolved, resolve
from copilot.creatives.config import Lang, creatives_config
from copilot.store.models import Campaign, Product
from tools.lookup import latest_campaign, merchant_campaign
from tools.result import ToolRefusal


@dataclass(frozen=True)
class ProductInfo:
    id: str
    title: str
    title_en: str | None
    category: str
    tags: tuple[str, ...]
    description: str | None
    price: Decimal = Decimal(0)
    image_path: str | None = None

    @classmethod
    def of(cls, row: Product) -> ProductInfo:
        tags = tuple(t.strip() for t in (row.tags or "").split(",") if t.strip())
        return cls(row.id, row.title, row.title_en, row.category, tags, row.description, row.price, row.image_path)


@dataclass(frozen=True)
class SceneRef:
    """A scene to write for: its text as given (segment name or scene argument) and the segment it names."""

    text: str
    segment_id: str | None = None


@dataclass
class Target:
    campaign_id: str | None
    products: list[ProductInfo]
    scenes: list[SceneRef]
    dropped: int = 0
    plan: dict[str, Any] | None = None  # the campaign's, for its occasion
    day: date | None = None  # the campaign's event day, else its first day


def _plan_product_ids(plan: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    for item in plan.get("products") or []:
        value = item.get("id") or item.get("product_id") if isinstance(item, dict) else item
        if value and str(value) not in ids:
            ids.append(str(value))
    return ids


GENERIC_SEGMENT_KEYS = {"campaign_visitors"}


def _plan_scenes(plan: dict[str, Any], lang: Lang) -> list[SceneRef]:
    scenes: list[SceneRef] = []
    for item in plan.get("segments") or []:
        if isinstance(item, str):
            scenes.append(SceneRef(item))
            continue
        if not isinstance(item, dict) or item.get("key") in GENERIC_SEGMENT_KEYS:
            continue  # an audience of a campaign's own visitors names no scene to write copy for
        name = item.get("name") or item.get("scene") or item.get("label")
        if isinstance(name, dict):
            name = name.get(lang) or next(iter(name.values()), None)
        if name:
            scenes.append(SceneRef(str(name), str(item["segment_id"]) if item.get("segment_id") else None))
    return scenes


def _merchant_products(session: Session, merchant_id: str) -> list[Product]:
    return list(session.scalars(select(Product).where(Product.merchant_id == merchant_id).order_by(Product.id)))


def _resolved(products: list[Product], text: str, slot: str) -> list[Product]:
    """The products `text` names (the one catalog resolver); unknown -> ToolRefusal with close names."""
    if not text.strip():
        raise ToolRefusal(f"{slot} is empty: give a product id, part of its title or a category")
    items = [CatalogItem.of(p.id, p.title, p.title_en, p.category, p.tags) for p in products]
    try:
        ids = set(resolve(items, text).products)
    except Unresolved as missing:
        categories = ", ".join(sorted({p.category for p in products}))
        close = [f"{p.title} ({p.id})" for p in products if {p.title, p.title_en} & set(missing.close)]
        raise ToolRefusal(
            f"no {slot} of this store matches {missing.word!r}. Close titles: {'; '.join(close) or '-'}; "
            f"this store's categories are: {categories}"
        ) from None
    return [p for p in products if p.id in ids]


def resolve_target(
    session: Session,
    merchant_id: str,
    lang: Lang,
    *,
    product: str | None,
    category: str | None,
    campaign_id: str | None,
) -> Target:
    """Products and scenes to write for (precedence: campaign_id, product, category, latest draft)."""
    products = _merchant_products(session, merchant_id)
    by_id = {p.id: p for p in products}
    campaign: Campaign | None = None
    if campaign_id:
        campaign = merchant_campaign(session, merchant_id, campaign_id)
    chosen: list[Product]
    if product:
        chosen = _resolved(products, product, "product")
    elif category:
        chosen = _resolved(products, category, "category")
    else:
        campaign = campaign or latest_campaign(session, merchant_id, status="draft")
        if campaign is None:
            raise ToolRefusal(
                "there is no draft campaign to write creatives for: name a product or a category "
                "(or draft a campaign first)"
            )
        plan = campaign.plan or {}
        chosen = [by_id[i] for i in _plan_product_ids(plan) if i in by_id]
        if not chosen and plan.get("category"):
            chosen = _resolved(products, str(plan["category"]), "category")
        if not chosen:
            raise ToolRefusal(f"campaign {campaign.id!r} names no product of this store: name a product or category")
    scenes = _plan_scenes(campaign.plan or {}, lang) if campaign else []
    limit = int(creatives_config()["limits"]["max_products"])
    event_day = (campaign.plan or {}).get("event_day") if campaign else None
    return Target(
        campaign_id=campaign.id if campaign else None,
        products=[ProductInfo.of(p) for p in chosen[:limit]],
        scenes=scenes,
        dropped=max(0, len(chosen) - limit),
        plan=campaign.plan if campaign else None,
        day=date.fromisoformat(event_day) if event_day else campaign.start_date if campaign else None,
    )
