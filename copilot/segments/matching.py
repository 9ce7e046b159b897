"""Text to the store's vocabulary: the needs a scene names (or the closest in meaning), keyword hits on items,
and the products or categories a request names."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from copilot.catalog.resolve import CatalogItem, Resolution, Unresolved, resolve
from copilot.segments.config import SegmentsConfig, load_config
from copilot.segments.embedding import embed_queries
from copilot.segments.profiles import MerchantProfiles
from tools.result import ToolRefusal

_ASCII_WORD = re.compile(r"^[a-z0-9][a-z0-9 .+-]*$")


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


def _resolution(data: MerchantProfiles, text: str, slot: str) -> Resolution:
    wanted = text.strip()
    if not wanted:
        raise ToolRefusal(f"{slot} is empty: give a product id or part of its title")
    items = [CatalogItem.of(p.id, p.title, p.title_en, p.category, p.tags) for p in data.products]
    try:
        return resolve(items, wanted)
    except Unresolved as missing:
        if slot == "category":
            raise ToolRefusal(
                f"no category matches {missing.word!r}; the store's categories are: {', '.join(data.categories)}"
            ) from None
        names = missing.close or [p.title for p in data.products[:8]]
        raise ToolRefusal(
            f"no product of this store matches {missing.word!r}; close titles: {', '.join(names)}"
        ) from None


def resolve_products(data: MerchantProfiles, text: str) -> list[int]:
    """Indices of the products named by `text` (the one catalog resolver). Raises ToolRefusal listing close
    titles."""
    ids = set(_resolution(data, text, "product").products)
    return [i for i, p in enumerate(data.products) if p.id in ids]


def resolve_categories(data: MerchantProfiles, text: str) -> list[str]:
    """The stored categories named by `text` (the one catalog resolver); words naming products are refused."""
    found = _resolution(data, text, "category").categories
    if not found:
        raise ToolRefusal(f"no category matches {text!r}; the store's categories are: {', '.join(data.categories)}")
    return list(found)


def best_need(data: MerchantProfiles, products: Sequence[int]) -> list[str]:
    """The need whose names and expansions occur most in the products' own titles and tags ([] if none)."""
    config = load_config()
    text = " ".join(data.products[i].keywords_text for i in products)
    counts = {
        key: sum(_occurs(word.lower(), text) for word in [*need.names, *need.expand])
        for key, need in config.needs.items()
    }
    best = max(counts, key=lambda k: counts[k])
    return [best] if counts[best] > 0 else []
