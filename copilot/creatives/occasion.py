"""The occasion of a creative: the campaign's festival (双12), else its purpose (新品上市), and its season.

A creative for a 双12 campaign names 双12 (hook, copy, image badge); a creative never uses a hook tied to
another season than the campaign's dates (no "夏日出行" in December). Words and hooks: occasion.yaml;
festival names: copilot/calendar/festivals.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from copilot.calendar.festivals import festivals
from copilot.yaml_data import load_yaml

CONFIG_FILE = Path(__file__).with_name("occasion.yaml")


@cache
def _config() -> dict[str, Any]:
    with CONFIG_FILE.open(encoding="utf-8") as handle:
        return dict(load_yaml(handle))


@dataclass(frozen=True)
class Occasion:
    """``label``: the word the creative shows (None: no festival or purpose to name); ``season``: of its dates."""

    label: str | None
    season: str


def season_of(day: date) -> str:
    return next(name for name, spec in _config()["seasons"].items() if day.month in spec["months"])


def campaign_occasion(plan: dict[str, Any] | None, day: date, lang: str) -> Occasion:
    """The occasion of a campaign with ``plan`` running on ``day`` (its event day, else its start)."""
    plan = plan or {}
    config = _config()
    label = None
    if plan.get("event") in festivals():
        label = festivals()[plan["event"]].name[lang]
    elif plan.get("objective") in config["objectives"]:
        label = config["objectives"][plan["objective"]][lang]
    return Occasion(label, season_of(day))


def in_season(text: str, season: str) -> bool:
    """False when ``text`` names a season other than ``season``."""
    folded = text.casefold()
    return not any(
        str(word).casefold() in folded
        for name, spec in _config()["seasons"].items()
        if name != season
        for word in spec["words"]
    )


def headline(title: str, name: str, occasion: Occasion, limit: int, lang: str) -> str:
    """A title naming the occasion: ``title`` led by its word, else the product ``name`` led by it, when either
    keeps within ``limit``; else ``title`` (the offer line and the image badge still name it)."""
    if not occasion.label or occasion.label in title:
        return title
    separator = "｜" if lang == "zh" else " | "
    led = (f"{occasion.label}{separator}{text}" for text in (title, name))
    return next((text for text in led if len(text) <= limit), title)


def occasion_hooks(occasion: Occasion, hooks: Sequence[str], scene: str, lang: str) -> tuple[str, ...]:
    """The hooks a creative may use: the occasion's own (naming it) when it has a label, else ``hooks``
    without those of another season (all of them when every one is)."""
    if occasion.label:
        return tuple(str(h).format(occasion=occasion.label, scene=scene) for h in _config()["hooks"][lang])
    kept = tuple(h for h in hooks if in_season(h, occasion.season))
    return kept or tuple(hooks)
