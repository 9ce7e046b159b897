"""The vocabulary and weights of target segments (segments.yaml), validated: profile decay, scoring, segment
bounds and the needs of life scenes."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from copilot.segments.profiles import ProfileParams
from copilot.segments.scoring import (
    SceneParams,
)
from copilot.yaml_data import load_yaml

CONFIG_PATH = Path(__file__).with_name("segments.yaml")


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
        return SegmentsConfig.model_validate(load_yaml(handle))
