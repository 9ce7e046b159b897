"""Audience engine behind find_target_segments: interest profiles per merchant and vectorised scoring.

`profiles` turns a merchant's events, orders and catalog into numpy matrices (cached per store and
merchant, keyed by the data's high-water marks and the clock's day); `scoring` scores customers against a
scene, a product or a category and aggregates a segment. Neither ever exposes a customer id outside the
process: callers get indices into the cached matrices and aggregate them. `finder` answers a request with the
`audiences` of `matching` needs, products and categories (`config`: segments.yaml; `embedding`: the vectors),
and `rendering` shows them.
"""

from copilot.segments.profiles import MerchantProfiles, ProfileParams, merchant_profiles
from copilot.segments.scoring import (
    SceneParams,
    category_lift,
    cosine_scores,
    evidence_scores,
    seed_relevance,
    top_members,
)

__all__ = [
    "MerchantProfiles",
    "ProfileParams",
    "SceneParams",
    "category_lift",
    "cosine_scores",
    "evidence_scores",
    "merchant_profiles",
    "seed_relevance",
    "top_members",
]
