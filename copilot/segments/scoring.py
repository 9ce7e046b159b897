"""Vectorised scoring of profiled customers and aggregate statistics of a segment.

Scenes are scored as evidence (naive Bayes with a mixture, in nats): each item i gets a ratio rho_i of how
much more often scene members touch it than the average shopper, and a customer's score is
sum_i weights[c, i] * log(share * rho_i + 1 - share). `share` is the part of a member's activity assumed to
come from the scene, so a member with a second interest is not penalised for it. The seed ratios come
from the items' text relevance (embedding cosine z-scores plus keyword hits); pseudo-relevance feedback
then re-estimates them from the current top customers' behaviour, anchored to the seed.

Everything works on indices into a `MerchantProfiles`; nothing here sees a customer id.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from copilot.segments.profiles import MerchantProfiles


@dataclass(frozen=True)
class SceneParams:
    """Evidence scoring parameters (copilot/segments/segments.yaml `scoring`)."""

    sharpness: float
    scene_share: float
    feedback_rounds: int
    feedback_share: float
    seed_anchor: float
    feedback_smoothing: float

    def __post_init__(self) -> None:
        if not 0 < self.scene_share < 1:
            raise ValueError("scene_share must be in (0, 1)")
        if not 0 <= self.seed_anchor <= 1 or not 0 < self.feedback_share <= 1:
            raise ValueError("seed_anchor must be in [0, 1] and feedback_share in (0, 1]")


def seed_relevance(
    item_vectors: np.ndarray,
    targets: np.ndarray,
    phrases: np.ndarray | None,
    keyword_hits: np.ndarray,
    *,
    target_weight: float,
    keyword_bonus: float,
) -> np.ndarray:
    """Relevance of every item to a scene, as z-scores over the items.

    `targets` (k, dim) are the scene's own vectors (averaged), `phrases` (m, dim) its need expansions (an
    item's best phrase counts), mixed as target_weight : 1 - target_weight; items whose text holds a
    keyword get `keyword_bonus` more.
    """
    target = targets.mean(axis=0)
    relevance = item_vectors @ (target / max(float(np.linalg.norm(target)), 1e-12))
    if phrases is not None and len(phrases):
        relevance = target_weight * relevance + (1 - target_weight) * (item_vectors @ phrases.T).max(axis=1)
    spread = float(relevance.std()) or 1.0
    return (relevance - relevance.mean()) / spread + keyword_bonus * keyword_hits.astype(np.float64)


def _background(weights: np.ndarray) -> np.ndarray:
    mass = weights.sum(axis=0, dtype=np.float64) + 1e-3
    return mass / mass.sum()


def evidence_scores(weights: np.ndarray, seed: np.ndarray, params: SceneParams) -> tuple[np.ndarray, np.ndarray]:
    """(score per customer, log-evidence per item) of a scene given its seed relevance (see module doc)."""
    background = _background(weights)
    seed_ratio = np.exp(params.sharpness * (seed - seed.max()))
    seed_ratio /= float((background * seed_ratio).sum())
    ratio = seed_ratio
    item_evidence = np.log(params.scene_share * ratio + 1 - params.scene_share)
    scores = weights @ item_evidence.astype(np.float32)
    for _ in range(params.feedback_rounds):
        positive = int((scores > 0).sum())
        keep = min(max(int(params.feedback_share * positive), 1), len(scores))
        top = np.argpartition(-scores, keep - 1)[:keep]
        feedback = weights[top].sum(axis=0, dtype=np.float64)
        feedback += background * feedback.sum() * params.feedback_smoothing
        feedback /= feedback.sum()
        ratio = params.seed_anchor * seed_ratio + (1 - params.seed_anchor) * feedback / background
        item_evidence = np.log(params.scene_share * ratio + 1 - params.scene_share)
        scores = weights @ item_evidence.astype(np.float32)
    return scores.astype(np.float64), item_evidence


def cosine_scores(profiles: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Cosine of every (L2-normalised) profile row to `vector` (normalised here)."""
    norm = float(np.linalg.norm(vector))
    if norm == 0:
        raise ValueError("the target vector is zero")
    return profiles @ (vector / norm).astype(profiles.dtype)


def top_members(scores: np.ndarray, *, min_score: float, max_share: float, min_size: int) -> np.ndarray:
    """Indices of the segment, best first (ties by index): scores above `min_score`, at most `max_share` of
    all rows; when fewer than `min_size` pass, the best `min_size` with a positive score."""
    cap = max(int(max_share * len(scores)), 1)
    floor = min_score if int((scores > min_score).sum()) >= min_size else 0.0
    candidates = np.flatnonzero(scores > floor)
    order = candidates[np.argsort(-scores[candidates], kind="stable")]
    return order[: cap if floor == min_score else min(min_size, cap)]


def category_lift(category_buys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lift, co-buyers) of category pairs over customers with a paid purchase: lift[a, b] =
    P(bought b | bought a) / P(bought b). Diagonals are zeroed; undefined pairs are 0."""
    bought = (category_buys > 0).astype(np.float64)
    bought = bought[bought.sum(axis=1) > 0]
    if not len(bought):
        size = category_buys.shape[1]
        return np.zeros((size, size)), np.zeros((size, size), dtype=np.int64)
    co_buyers = bought.T @ bought
    buyers = np.diag(co_buyers).copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = co_buyers * len(bought) / np.outer(buyers, buyers)
    lift = np.nan_to_num(lift, nan=0.0, posinf=0.0)
    np.fill_diagonal(lift, 0.0)
    co = co_buyers.astype(np.int64)
    np.fill_diagonal(co, 0)
    return lift, co


# ---------------------------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class ItemLift:
    """An item over-represented among members: its index, lift (member share / overall share) and the
    number of members who touched it."""

    index: int
    lift: float
    members: int


@dataclass(frozen=True)
class SegmentStats:
    """Aggregates of a segment's members (never per member)."""

    size: int
    share: float
    gmv: float
    views: float
    purchases: float
    reach: int
    top_categories: list[tuple[str, float]]
    top_products: list[ItemLift]
    top_queries: list[ItemLift]

    @property
    def conversion(self) -> float | None:
        return self.purchases / self.views if self.views else None


def _item_lifts(
    data: MerchantProfiles,
    member_mass: np.ndarray,
    touched: np.ndarray,
    items: range,
    relevance: np.ndarray,
    min_members: int,
    top: int,
) -> list[ItemLift]:
    if not len(items) or not touched.any():
        return []
    columns = np.arange(items.start, items.stop)
    member_share = member_mass[columns] / max(float(member_mass.sum()), 1e-12)
    overall_share = data.item_mass[columns] / max(float(data.item_mass.sum()), 1e-12)
    lift = np.divide(member_share, overall_share, out=np.zeros_like(member_share), where=overall_share > 0)
    rank = member_share * np.maximum(relevance[columns], 0.0)
    chosen = [
        i
        for i in np.argsort(-rank, kind="stable")
        if touched[columns[i]] >= min_members and rank[i] > 0 and lift[i] > 1
    ]
    return [ItemLift(int(columns[i]), float(lift[i]), int(touched[columns[i]])) for i in chosen[:top]]


def segment_stats(
    data: MerchantProfiles,
    members: np.ndarray,
    item_relevance: np.ndarray,
    *,
    reach_window_days: float,
    min_members: int,
    top_products: int,
    top_queries: int,
    top_categories: int,
) -> SegmentStats:
    """Aggregate the members' value, funnel, categories and the items that put them in the segment.

    Items are ranked by the members' share of activity on them times their relevance to the segment;
    only items touched by at least `min_members` members are named (no small-group disclosure).
    """
    rows = data.weights[members]
    member_mass = rows.sum(axis=0, dtype=np.float64)
    touched = (rows > 0).sum(axis=0)
    products = range(0, data.n_products)
    queries = range(data.n_products, data.weights.shape[1])
    category_mass = np.bincount(
        data.category_of_products(), weights=member_mass[: data.n_products], minlength=len(data.categories)
    )
    total = float(category_mass.sum())
    order = np.argsort(-category_mass, kind="stable")[:top_categories]
    categories = [
        (data.categories[i], float(category_mass[i] / total)) for i in order if total and category_mass[i] > 0
    ]
    return SegmentStats(
        size=len(members),
        share=len(members) / max(data.n_customers, 1),
        gmv=float(data.gmv[members].sum()),
        views=float(data.views[members].sum()),
        purchases=float(data.purchases[members].sum()),
        reach=int((data.idle_days[members] <= reach_window_days).sum()),
        top_categories=categories,
        top_products=_item_lifts(data, member_mass, touched, products, item_relevance, min_members, top_products),
        top_queries=_item_lifts(data, member_mass, touched, queries, item_relevance, min_members, top_queries),
    )
