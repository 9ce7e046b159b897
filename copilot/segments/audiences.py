"""The audiences themselves: scene, interest, cold-start (content look-alikes) and cross-category affinity
segments, each with its definition, aggregates and reasons."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from copilot.segments.config import load_config
from copilot.segments.embedding import embed_queries
from copilot.segments.matching import keyword_hits
from copilot.segments.profiles import MerchantProfiles
from copilot.segments.scoring import (
    SegmentStats,
    category_lift,
    cosine_scores,
    evidence_scores,
    seed_relevance,
    segment_stats,
    top_members,
)

MIN_MEMBERS_NAMED = 5


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


@dataclass
class SegmentsResult:
    """What was asked and found: the merchant's profiles, the segments (best first), notes, matched needs and
    resolved product rows."""

    data: MerchantProfiles
    segments: list[Segment]
    notes: list[str]
    needs: list[str]
    products: list[int]
