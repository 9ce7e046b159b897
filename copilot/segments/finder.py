"""Target segments behind ``find_target_segments``: audiences by interests and life scenes (LMA-style), never
by customer rows.

A scene in words ("一个人带娃", "露营过夜", "people who hike in summer") is matched to the needs of
``segments.yaml`` (longest name wins), expanded into concrete product needs, and scored against every
profiled customer of the merchant (copilot/segments: events over product and search-query embeddings, decayed
by age). A product or category gets its interest audience, its cross-category affinity audience (co-purchase
lift) and the scene audience its content names; a product without sales (or ``cold_start``) gets the
customers whose profile is closest to its content vector. Every segment carries aggregates only (size,
categories, GMV, conversion, reach) and why (products, searches, lifts), a stable ``segment_id`` and its
definition, for draft_campaign to reference.
"""

from __future__ import annotations

from copilot.context import Context
from copilot.segments.audiences import (
    Segment,
    SegmentsResult,
    affinity_segment,
    cold_start_segment,
    interest_segment,
    scene_segment,
)
from copilot.segments.config import load_config
from copilot.segments.embedding import embed_passages
from copilot.segments.matching import best_need, closest_need, match_needs, resolve_categories, resolve_products
from copilot.segments.profiles import MerchantProfiles, merchant_profiles
from copilot.segments.rendering import render_segments
from tools.result import ToolOutput, ToolRefusal

MAX_TOP = 10


def profiles_for(ctx: Context) -> MerchantProfiles:
    """The context merchant's cached profile matrices as of the context clock."""
    return merchant_profiles(ctx.store, ctx.merchant_id, ctx.clock.now(), load_config().profile_params, embed_passages)


def _scene_segments(data: MerchantProfiles, scene: str) -> tuple[list[Segment], list[str]]:
    config = load_config()
    needs = match_needs(scene, config)
    if not needs:
        nearest = closest_need(scene, config)
        needs = [nearest] if nearest else []
    segments = [scene_segment(data, scene, needs)]
    if len(needs) > 1:
        segments += [scene_segment(data, config.needs[k].zh, [k]) for k in needs]
    return segments, needs


def _target_segments(
    data: MerchantProfiles, products: list[int], label_zh: str, label_en: str, cold: bool
) -> list[Segment]:
    config = load_config()
    first = (cold_start_segment if cold else interest_segment)(data, products, label_zh, label_en)
    segments = [first]
    need = best_need(data, products)
    if need:
        segments.append(scene_segment(data, config.needs[need[0]].zh, need))
    categories = sorted({data.products[i].category for i in products})
    affinity = affinity_segment(data, categories, "/".join(categories), ", ".join(categories))
    if affinity is not None:
        segments.append(affinity)
    return segments


def build_segments(
    ctx: Context,
    *,
    scene: str | None = None,
    product: str | None = None,
    category: str | None = None,
    cold_start: bool | None = None,
) -> SegmentsResult:
    """All candidate segments of ``ctx.merchant_id`` for the request, in order (scene segments first, then
    the product's or category's). Raises ToolRefusal for an empty request or an unknown product/category."""
    if not any(x and x.strip() for x in (scene, product, category)):
        raise ToolRefusal("give a scene (a life scene or need in words), a product, or a category")
    data = profiles_for(ctx)
    result = SegmentsResult(data, [], [], [], [])
    if scene and scene.strip():
        found, result.needs = _scene_segments(data, scene.strip())
        result.segments += found
        if not result.needs:
            result.notes.append(f"no known need matches {scene.strip()!r}: scored from its own words only")
    if product and product.strip():
        result.products = resolve_products(data, product)
        chosen = [data.products[i] for i in result.products]
        unsold = all(data.product_sales[i] == 0 for i in result.products)
        label_zh = "「" + "、".join(p.title for p in chosen[:3]) + ("…" if len(chosen) > 3 else "") + "」"
        label_en = ", ".join(p.title_en or p.id for p in chosen[:3])
        if len(chosen) > 1:
            result.notes.append(f"{product.strip()!r} matches {len(chosen)} products; they are treated as one group")
        if unsold and not cold_start:
            result.notes.append("no sales yet: audience from product content (cold start)")
        result.segments += _target_segments(data, result.products, label_zh, label_en, bool(cold_start) or unsold)
    elif category and category.strip():
        categories = resolve_categories(data, category)
        result.products = [i for i, p in enumerate(data.products) if p.category in categories]
        unsold = all(data.product_sales[i] == 0 for i in result.products)
        label = "/".join(categories)
        result.segments += _target_segments(data, result.products, label, label, bool(cold_start) or unsold)
    result.segments = [s for s in result.segments if s.stats.size > 0]
    return result


def run_find_target_segments(
    ctx: Context,
    *,
    scene: str | None = None,
    product: str | None = None,
    category: str | None = None,
    cold_start: bool | None = None,
    top: int = 3,
) -> ToolOutput:
    """Audiences of ``ctx.merchant_id`` for a scene, a product and/or a category (see the module doc).

    Returns up to ``top`` segments with aggregates and reasons, never a customer id. Raises ToolRefusal
    when nothing is asked, ``top`` is out of range, or the product/category is unknown to this store.
    """
    if not 1 <= top <= MAX_TOP:
        raise ToolRefusal(f"top must be between 1 and {MAX_TOP}")
    result = build_segments(ctx, scene=scene, product=product, category=category, cold_start=cold_start)
    asked = {"scene": scene, "product": product, "category": category}
    return render_segments(ctx, result, result.segments[:top], asked)
