"""``find_target_segments``: audiences by interests and life scenes (LMA-style), never by customer rows.

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

import hashlib
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from langchain.tools import ToolRuntime, tool
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from copilot.context import Context
from copilot.i18n import format_money
from copilot.segments import (
    MerchantProfiles,
    ProfileParams,
    SceneParams,
    category_lift,
    cosine_scores,
    evidence_scores,
    merchant_profiles,
    seed_relevance,
    top_members,
)
from copilot.segments.scoring import SegmentStats, segment_stats
from tools.lookup import merchant_currency
from tools.result import ToolOutput, ToolRefusal

CONFIG_PATH = Path(__file__).with_name("segments.yaml")
MAX_TOP = 10
MIN_MEMBERS_NAMED = 5
_ASCII_WORD = re.compile(r"^[a-z0-9][a-z0-9 .+-]*$")


# ---------------------------------------------------------------------------------------------- configuration


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProfileSpec(_Spec):
    half_life_days: float = Field(gt=0)
    kind_weights: dict[str, float]


class ScoringSpec(_Spec):
    scene_text_weight: float = Field(ge=0, le=1)
    keyword_bonus: float = Field(ge=0)
    sharpness: float = Field(gt=0)
    scene_share: float = Field(gt=0, lt=1)
    feedback_rounds: int = Field(ge=0)
    feedback_share: float = Field(gt=0, le=1)
    seed_anchor: float = Field(ge=0, le=1)
    feedback_smoothing: float = Field(gt=0)
    need_similarity: float = Field(gt=0, le=1)


class SegmentSpec(_Spec):
    min_score: float
    max_share: float = Field(gt=0, le=1)
    min_size: int = Field(ge=1)
    top_products: int = Field(ge=1)
    top_queries: int = Field(ge=0)
    top_categories: int = Field(ge=1)
    cold_start_share: float = Field(gt=0, le=1)
    min_pair_customers: int = Field(ge=1)
    reach_window_days: float = Field(gt=0)


class NeedSpec(_Spec):
    names: list[str] = Field(min_length=1)
    zh: str
    en: str
    expand: list[str] = Field(min_length=1)


class SegmentsConfig(_Spec):
    profile: ProfileSpec
    scoring: ScoringSpec
    segment: SegmentSpec
    needs: dict[str, NeedSpec]

    @property
    def profile_params(self) -> ProfileParams:
        return ProfileParams(self.profile.half_life_days, dict(self.profile.kind_weights))

    @property
    def scene_params(self) -> SceneParams:
        s = self.scoring
        return SceneParams(
            s.sharpness, s.scene_share, s.feedback_rounds, s.feedback_share, s.seed_anchor, s.feedback_smoothing
        )


@cache
def load_config(path: Path = CONFIG_PATH) -> SegmentsConfig:
    """The validated segments.yaml (cached)."""
    with path.open(encoding="utf-8") as handle:
        return SegmentsConfig.model_validate(yaml.safe_load(handle))


# ---------------------------------------------------------------------------------------------- embeddings

_QUERY_CACHE: dict[str, np.ndarray] = {}
_QUERY_LOCK = threading.Lock()


def embed_passages(texts: list[str]) -> np.ndarray:
    """Passage vectors (e5 "passage: "), one row per text, from the memory's embedder (LRU-cached)."""
    from copilot.memory.embedding import Embedder

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack(Embedder().passages(texts)).astype(np.float32)


def embed_queries(texts: Sequence[str]) -> np.ndarray:
    """Query vectors (e5 "query: "), one row per text; each distinct text is embedded once per process."""
    from copilot.memory.embedding import Embedder

    with _QUERY_LOCK:
        missing = [t for t in dict.fromkeys(texts) if t not in _QUERY_CACHE]
    if missing:
        vectors = Embedder().embed_query(missing)
        with _QUERY_LOCK:
            _QUERY_CACHE.update(zip(missing, (np.asarray(v, dtype=np.float32) for v in vectors), strict=True))
    with _QUERY_LOCK:
        return np.vstack([_QUERY_CACHE[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


def profiles_for(ctx: Context) -> MerchantProfiles:
    """The context merchant's cached profile matrices as of the context clock."""
    return merchant_profiles(ctx.store, ctx.merchant_id, ctx.clock.now(), load_config().profile_params, embed_passages)


# ---------------------------------------------------------------------------------------------- text matching


def _occurs(keyword: str, text: str) -> bool:
    """Whether a lower-cased keyword occurs in a lower-cased text (ASCII keywords on word boundaries, with an
    optional plural/verb suffix; others as substrings)."""
    if _ASCII_WORD.match(keyword):
        return re.search(rf"(?<![a-z0-9]){re.escape(keyword)}(?:s|es|ing)?(?![a-z0-9])", text) is not None
    return keyword in text


def match_needs(text: str, config: SegmentsConfig) -> list[str]:
    """The needs a scene text names, by their `names` (a name inside a longer matched name of another need
    does not count: "户外出游防晒" is outdoor_sun, not also 防晒 and 户外出游). Order of the file."""
    lowered = text.lower()
    hits = [
        (name.lower(), key)
        for key, need in config.needs.items()
        for name in need.names
        if _occurs(name.lower(), lowered)
    ]
    kept = {key for name, key in hits if not any(other != name and name in other and k != key for other, k in hits)}
    return [key for key in config.needs if key in kept]


def closest_need(text: str, config: SegmentsConfig) -> str | None:
    """The need closest in meaning to `text` (query vectors of the text and of each need's zh/en names),
    when it reaches `scoring.need_similarity`; else None."""
    keys = list(config.needs)
    labels = [f"{config.needs[k].zh} / {config.needs[k].en}" for k in keys]
    vectors = embed_queries([text, *labels])
    similarity = vectors[1:] @ vectors[0]
    best = int(np.argmax(similarity))
    return keys[best] if float(similarity[best]) >= config.scoring.need_similarity else None


def keyword_hits(data: MerchantProfiles, keywords: Sequence[str]) -> np.ndarray:
    """(items,) bool: the item's text holds one of the keywords."""
    words = [k.lower().strip() for k in keywords if k.strip()]
    return np.array([any(_occurs(w, text) for w in words) for text in data.item_texts()], dtype=bool)


# ---------------------------------------------------------------------------------------------- segments


@dataclass
class Segment:
    """One audience: its names, definition (for segment_id), aggregates and reasons."""

    kind: str
    name_zh: str
    name_en: str
    definition: dict[str, Any]
    stats: SegmentStats
    members: np.ndarray = field(repr=False)  # profile rows, best first: in-process only, never output
    lifts: list[dict[str, Any]] = field(default_factory=list)

    def segment_id(self, merchant_id: str) -> str:
        blob = json.dumps({"merchant": merchant_id, **self.definition}, sort_keys=True, ensure_ascii=False)
        return "seg_" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def _stats(data: MerchantProfiles, members: np.ndarray, relevance: np.ndarray) -> SegmentStats:
    s = load_config().segment
    return segment_stats(
        data,
        members,
        relevance,
        reach_window_days=s.reach_window_days,
        min_members=MIN_MEMBERS_NAMED,
        top_products=s.top_products,
        top_queries=s.top_queries,
        top_categories=s.top_categories,
    )


def _evidence_members(data: MerchantProfiles, seed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    config = load_config()
    scores, evidence = evidence_scores(data.weights, seed, config.scene_params)
    s = config.segment
    return top_members(scores, min_score=s.min_score, max_share=s.max_share, min_size=s.min_size), evidence


def scene_segment(data: MerchantProfiles, text: str, needs: Sequence[str]) -> Segment:
    """The audience of a scene text expanded by the given needs (evidence scoring, see copilot.segments)."""
    config = load_config()
    specs = [config.needs[k] for k in needs]
    expansions = list(dict.fromkeys(x for spec in specs for x in spec.expand))
    labels = [f"{spec.zh} {spec.en}" for spec in specs]
    keywords = [text, *(n for spec in specs for n in spec.names), *expansions]
    seed = seed_relevance(
        data.item_vectors,
        embed_queries([text, *labels]),
        embed_queries(expansions) if expansions else None,
        keyword_hits(data, keywords),
        target_weight=config.scoring.scene_text_weight,
        keyword_bonus=config.scoring.keyword_bonus,
    )
    members, evidence = _evidence_members(data, seed)
    exact = len(specs) == 1 and text.strip().lower() in {n.lower() for n in specs[0].names}
    name_zh = specs[0].zh if exact else text.strip()
    name_en = specs[0].en if exact else (" + ".join(spec.en for spec in specs) or text.strip())
    definition = {
        "kind": "scene",
        "scene": text.strip(),
        "needs": list(needs),
        "expansions": expansions,
        "threshold": config.segment.min_score,
        "max_share": config.segment.max_share,
    }
    return Segment("scene", name_zh, name_en, definition, _stats(data, members, evidence), members)


def interest_segment(data: MerchantProfiles, products: Sequence[int], label_zh: str, label_en: str) -> Segment:
    """The audience interested in these products: evidence scoring seeded by their content vectors and a
    keyword hit on their categories."""
    config = load_config()
    categories = sorted({data.products[i].category for i in products})
    seed = seed_relevance(
        data.item_vectors,
        data.item_vectors[list(products)],
        None,
        keyword_hits(data, categories),
        target_weight=1.0,
        keyword_bonus=config.scoring.keyword_bonus,
    )
    members, evidence = _evidence_members(data, seed)
    definition = {
        "kind": "interest",
        "products": [data.products[i].id for i in products],
        "threshold": config.segment.min_score,
        "max_share": config.segment.max_share,
    }
    return Segment(
        "interest",
        f"{label_zh}兴趣人群",
        f"Interested in {label_en}",
        definition,
        _stats(data, members, evidence),
        members,
    )


def cold_start_segment(data: MerchantProfiles, products: Sequence[int], label_zh: str, label_en: str) -> Segment:
    """The audience of products without sales, from content alone: customers whose (centred) profile is
    closest to the products' content vector, up to `cold_start_share` of the profiled customers."""
    config = load_config()
    target = data.item_vectors[list(products)].mean(axis=0) - data.center
    scores = cosine_scores(data.profiles, target)
    members = top_members(scores, min_score=0.0, max_share=config.segment.cold_start_share, min_size=1)
    relevance = data.item_vectors @ (target / max(float(np.linalg.norm(target)), 1e-12))
    relevance = (relevance - relevance.mean()) / (float(relevance.std()) or 1.0)
    relevance[list(products)] = 0.0
    definition = {
        "kind": "cold_start",
        "products": [data.products[i].id for i in products],
        "threshold": 0.0,
        "max_share": config.segment.cold_start_share,
    }
    return Segment(
        "cold_start",
        f"{label_zh}内容相似人群",
        f"Content look-alikes for {label_en}",
        definition,
        _stats(data, members, relevance),
        members,
    )


def affinity_segment(data: MerchantProfiles, categories: Sequence[str], label_zh: str, label_en: str) -> Segment | None:
    """Buyers of the categories with the highest co-purchase lift to `categories` who have not bought them
    (ranked by lift-weighted purchases); None when no pair has lift above 1 with enough co-buyers."""
    config = load_config()
    lift, co_buyers = category_lift(data.category_buys)
    targets = [data.categories.index(c) for c in categories]
    best = np.max(lift[targets], axis=0)
    support = np.max(co_buyers[targets], axis=0)
    candidates = [
        k
        for k in np.argsort(-best, kind="stable")
        if k not in targets and best[k] > 1.0 and support[k] >= config.segment.min_pair_customers
    ][:3]
    if not candidates:
        return None
    bought_target = data.category_buys[:, targets].sum(axis=1) > 0
    scores = (data.category_buys[:, candidates] > 0).astype(np.float64) @ best[candidates]
    scores[bought_target] = 0.0
    members = top_members(scores, min_score=0.0, max_share=config.segment.max_share, min_size=1)
    relevance = np.zeros(data.weights.shape[1])
    product_category = data.category_of_products()
    for k in candidates:
        relevance[: data.n_products][product_category == k] = best[k]
    lifts = [
        {
            "from": data.categories[k],
            "to": data.categories[targets[int(np.argmax(lift[targets, k]))]],
            "lift": round(float(best[k]), 2),
            "co_buyers": int(support[k]),
        }
        for k in candidates
    ]
    definition = {
        "kind": "affinity",
        "categories": list(categories),
        "from_categories": [data.categories[k] for k in candidates],
        "threshold": 0.0,
        "max_share": config.segment.max_share,
    }
    return Segment(
        "affinity",
        f"{label_zh}关联品类人群",
        f"Cross-category buyers for {label_en}",
        definition,
        _stats(data, members, relevance),
        members,
        lifts,
    )


# ---------------------------------------------------------------------------------------------- resolution


def resolve_products(data: MerchantProfiles, text: str) -> list[int]:
    """Indices of the products named by `text`: an exact id, else titles (zh/en) containing it, else
    products whose titles and tags hold all its words. Raises ToolRefusal listing close titles."""
    import jieba

    wanted = text.strip()
    if not wanted:
        raise ToolRefusal("product is empty: give a product id or part of its title")
    lowered = wanted.lower()
    exact = [i for i, p in enumerate(data.products) if p.id.lower() == lowered]
    if exact:
        return exact
    titled = [i for i, p in enumerate(data.products) if lowered in p.title.lower() or lowered in p.title_en.lower()]
    if titled:
        return titled
    words = [w.strip().lower() for w in jieba.cut_for_search(wanted) if len(w.strip()) > 1]
    worded = [i for i, p in enumerate(data.products) if words and all(_occurs(w, p.keywords_text) for w in words)]
    if worded:
        return worded
    titles = [p.title for p in data.products] + [p.title_en for p in data.products]
    close = process.extract(wanted, titles, scorer=fuzz.partial_ratio, limit=5)
    names = [str(match[0]) for match in close if match[1] >= 40] or [p.title for p in data.products[:8]]
    raise ToolRefusal(f"no product of this store matches {wanted!r}; close titles: {', '.join(names)}")


def resolve_categories(data: MerchantProfiles, text: str) -> list[str]:
    """The stored categories named by `text` (exact, case-insensitive, else containing or contained)."""
    wanted = text.strip().lower()
    exact = [c for c in data.categories if c.lower() == wanted]
    partial = [c for c in data.categories if wanted and (wanted in c.lower() or c.lower() in wanted)]
    if exact or partial:
        return exact or partial
    raise ToolRefusal(f"no category matches {text!r}; the store's categories are: {', '.join(data.categories)}")


def _best_need(data: MerchantProfiles, products: Sequence[int]) -> list[str]:
    """The need whose names and expansions occur most in the products' own titles and tags ([] if none)."""
    config = load_config()
    text = " ".join(data.products[i].keywords_text for i in products)
    counts = {
        key: sum(_occurs(word.lower(), text) for word in [*need.names, *need.expand])
        for key, need in config.needs.items()
    }
    best = max(counts, key=lambda k: counts[k])
    return [best] if counts[best] > 0 else []


# ---------------------------------------------------------------------------------------------- output


def _segment_payload(segment: Segment, data: MerchantProfiles) -> dict[str, Any]:
    s = segment.stats
    n_products = data.n_products
    return {
        "segment_id": segment.segment_id(data.merchant_id),
        "kind": segment.kind,
        "name": {"zh": segment.name_zh, "en": segment.name_en},
        "size": s.size,
        "share_of_customers": round(s.share, 4),
        "expected_reach": s.reach,
        "gmv_365d": round(s.gmv, 2),
        "views_365d": int(s.views),
        "purchases_365d": int(s.purchases),
        "conversion_365d": None if s.conversion is None else round(s.conversion, 4),
        "top_categories": [{"category": c, "share": round(v, 4)} for c, v in s.top_categories],
        "why": {
            "products": [
                {
                    "id": data.products[x.index].id,
                    "title": data.products[x.index].title,
                    "title_en": data.products[x.index].title_en,
                    "lift": round(x.lift, 2),
                    "members": x.members,
                }
                for x in s.top_products
            ],
            "searches": [
                {"query": data.queries[x.index - n_products], "lift": round(x.lift, 2), "members": x.members}
                for x in s.top_queries
            ],
            "category_lift": segment.lifts,
        },
        "definition": segment.definition,
    }


def _segment_lines(number: int, item: dict[str, Any], currency: str) -> list[str]:
    conversion = item["conversion_365d"]
    lines = [
        f"{number}. {item['name']['zh']} / {item['name']['en']} [{item['segment_id']}, {item['kind']}]: "
        f"{item['size']:,} people ({item['share_of_customers'] * 100:.1f}% of profiled customers), "
        f"expected reach {item['expected_reach']:,} (active in the reach window); "
        f"GMV last 365 days {format_money(item['gmv_365d'], currency, 'en')}; "
        f"conversion {'-' if conversion is None else f'{conversion * 100:.2f}%'} "
        f"({item['purchases_365d']:,} purchases / {item['views_365d']:,} views)",
    ]
    if item["top_categories"]:
        lines.append(
            "   top categories: "
            + ", ".join(f"{c['category']} {c['share'] * 100:.0f}%" for c in item["top_categories"])
        )
    why = item["why"]
    if why["products"]:
        lines.append(
            "   why, products: "
            + "; ".join(f"{p['title']} x{p['lift']:.1f} ({p['members']:,} people)" for p in why["products"])
        )
    if why["searches"]:
        lines.append(
            "   why, searches: "
            + "; ".join(f'"{q["query"]}" x{q["lift"]:.1f} ({q["members"]:,} people)' for q in why["searches"])
        )
    if why["category_lift"]:
        lines.append(
            "   why, co-purchase lift: "
            + "; ".join(
                f"{x['from']} -> {x['to']} lift {x['lift']:.2f} ({x['co_buyers']:,} co-buyers)"
                for x in why["category_lift"]
            )
        )
    return lines


# ---------------------------------------------------------------------------------------------- entry points


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
    need = _best_need(data, products)
    if need:
        segments.append(scene_segment(data, config.needs[need[0]].zh, need))
    categories = sorted({data.products[i].category for i in products})
    affinity = affinity_segment(data, categories, "/".join(categories), ", ".join(categories))
    if affinity is not None:
        segments.append(affinity)
    return segments


@dataclass
class SegmentsResult:
    """What was asked and found: the merchant's profiles, the segments (best first), notes, matched needs and
    resolved product rows."""

    data: MerchantProfiles
    segments: list[Segment]
    notes: list[str]
    needs: list[str]
    products: list[int]


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
    return _output(ctx, result, result.segments[:top], asked)


def _output(ctx: Context, result: SegmentsResult, segments: list[Segment], asked: dict[str, str | None]) -> ToolOutput:
    data, notes = result.data, result.notes
    today = ctx.clock.now().date().isoformat()
    with ctx.store.session() as session:
        currency = merchant_currency(session, ctx.merchant_id)
    items = [_segment_payload(s, data) for s in segments]
    subject = ", ".join(f"{k} {v!r}" for k, v in asked.items() if v)
    lines = [
        f"Target segments for {subject} ({data.n_customers:,} profiled customers of this store, as of {today}; "
        "aggregates only, no individual customers)."
    ]
    lines += [f"Note: {n}" for n in notes]
    if not items:
        lines.append("No customer shows this interest yet (no segment above the threshold).")
    for number, item in enumerate(items, 1):
        lines += _segment_lines(number, item, currency)
    payload = {
        "segments": items,
        "currency": currency,
        "profiled_customers": data.n_customers,
        "as_of": today,
        "asked": {k: v for k, v in asked.items() if v},
        "needs": result.needs,
        "products": [data.products[i].id for i in result.products],
        "notes": notes,
    }
    return ToolOutput("\n".join(lines), payload)


@tool("find_target_segments", response_format="content_and_artifact", parse_docstring=True)
def find_target_segments(
    runtime: ToolRuntime[Context],
    scene: str | None = None,
    product: str | None = None,
    category: str | None = None,
    cold_start: bool | None = None,
    top: int = 3,
) -> tuple[str, dict[str, Any]]:
    """Target audiences by life scene, interest, product or category, with size, reach, GMV and reasons.

    Args:
        scene: A life scene or need in words, e.g. "一个人带娃".
        product: Product id or title words.
        category: Category (when no product).
        cold_start: True for a product without sales.
        top: How many segments (1-10).
    """
    return run_find_target_segments(
        runtime.context, scene=scene, product=product, category=category, cold_start=cold_start, top=top
    ).as_tuple()
