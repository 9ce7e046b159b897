"""Brand extraction: colours, voice and promise from the merchant's brand guide in memory and its vertical."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from copilot.context import Context
from copilot.creatives.ad_law import InputViolation, cached_checker, word_pattern
from copilot.creatives.config import HEX, RGB, creatives_config
from copilot.memory.preferences import parse_constraints
from copilot.store.models import Merchant


@dataclass(frozen=True)
class Brand:
    """What the creatives take from the merchant: name, colours, voice, promise, banned words."""

    name: str
    primary: RGB
    accent: RGB
    voice: str
    promise: str | None
    banned_words: tuple[str, ...]
    colour_source: str


def parse_colour(value: str) -> RGB | None:
    """An RGB triple from ``#RRGGBB`` or a colour name of creatives.yaml (zh or en, "墨绿色" too)."""
    value = value.strip()
    if HEX.fullmatch(value):
        return _hex_rgb(value)
    names = {str(k).casefold(): str(v) for k, v in creatives_config()["colours"].items()}
    key = value.casefold().removesuffix("色")
    return _hex_rgb(names[key]) if key in names else None


def _hex_rgb(value: str) -> RGB:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _guide_colour(passages: Sequence[str], role: str) -> RGB | None:
    """The first colour (hex value or known name) written within the window after the role's word."""
    brand = creatives_config()["brand_guide"]
    role_pattern = re.compile(brand["colour_roles"][role], re.IGNORECASE)
    names = sorted((str(k) for k in creatives_config()["colours"]), key=len, reverse=True)
    token = re.compile(HEX.pattern + "|" + "|".join(word_pattern(name) for name in names), re.IGNORECASE)
    for passage in passages:
        for match in role_pattern.finditer(passage):
            window = passage[match.end() : match.end() + int(brand["colour_window"])]
            found = token.search(window)
            if found and (rgb := parse_colour(found.group())):
                return rgb
    return None


def _voice(passages: Sequence[str]) -> str:
    text = " ".join(passages).casefold()
    scores = {
        name: sum(text.count(str(word).casefold()) for word in spec["keywords"])
        for name, spec in creatives_config()["voices"].items()
    }
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] > 0 else "neutral"


def vertical_defaults(category: str) -> dict[str, Any]:
    verticals = creatives_config()["verticals"]
    for spec in verticals.values():
        if category in spec["categories"]:
            return dict(spec)
    return dict(verticals["default"])


@dataclass(frozen=True)
class BrandMemory:
    """What the merchant's memory says about the brand: remembered constraints and brand-guide passages."""

    constraints: dict[str, Any]
    guide: dict[str, list[str]]

    @classmethod
    def read(cls, ctx: Context) -> BrandMemory:
        """Constraints and the passages found for each brand-guide query (empty without memory)."""
        if ctx.memory is None:
            return cls({}, {})
        queries: dict[str, str] = creatives_config()["brand_guide"]["queries"]
        guide = {key: [hit.text for hit in ctx.memory.search(ctx.merchant_id, q, 3)] for key, q in queries.items()}
        return cls(dict(ctx.memory.constraints(ctx.merchant_id)), guide)


def merchant_brand(merchant: Merchant, category: str, memory: BrandMemory, inputs: list[InputViolation]) -> Brand:
    """The merchant's brand: constraints first, then the brand guide in memory, then vertical defaults."""
    vertical = vertical_defaults(category)
    constraints, guide = memory.constraints, memory.guide
    banned = list(constraints.get("banned_words", []))
    banned += [w for w in parse_constraints(guide.get("banned", [])).get("banned_words", []) if w not in banned]

    primary: RGB | None = None
    source = "default"
    if constraints.get("brand_color"):
        primary = parse_colour(str(constraints["brand_color"]))
        source = "constraint" if primary else source
    if primary is None and (primary := _guide_colour(guide.get("colour", []), "primary")):
        source = "brand guide"
    accent = _guide_colour(guide.get("colour", []), "accent") or _hex_rgb(vertical["accent"])

    checker = cached_checker(tuple(sorted(set(banned))))
    promise = None
    promise_pattern = re.compile(creatives_config()["brand_guide"]["promise"], re.IGNORECASE)
    for passage in guide.get("promise", []):
        if found := promise_pattern.search(passage):
            candidate = found.group("value").strip()
            if violations := checker.check(candidate):
                inputs.append(InputViolation("brand guide: brand promise", candidate, tuple(violations)))
            else:
                promise = candidate
            break
    return Brand(
        name=merchant.name,
        primary=primary or _hex_rgb(vertical["primary"]),
        accent=accent,
        voice=_voice(guide.get("voice", [])),
        promise=promise,
        banned_words=tuple(banned),
        colour_source=source,
    )
