"""A category word pointed at ("再给这个推车写5条文案", "给这个冲锋衣出几张图", "this stroller"): the product of that
category the thread has been about, not the whole category."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

from copilot.i18n.language import CJK
from copilot.offline.findings import Findings
from copilot.offline.lexicon import lexicon
from copilot.offline.matching import Catalog

RECENT = 4  # how many of the thread's latest requests may name the product pointed at


class _Said(Protocol):
    """What this module reads of an earlier request (nlu.Parse)."""

    @property
    def slots(self) -> dict[str, Any]: ...


def pointed_product(f: Findings, catalog: Catalog, history: Sequence[_Said]) -> str | None:
    """The product of the category the words point at ("这个推车") that one of the thread's latest requests named,
    or None when the words name a product, point at nothing, or the thread named none of that category."""
    span, category = f.catalog.category_span, f.catalog.category
    if f.catalog.product or category is None or span is None:
        return None
    if f.catalog.alias_member and CJK.search(f.norm[span[0] : span[1]]):
        return None  # "那蛋卷桌呢": a word only one title holds names that product, whatever the thread named
    if lexicon().single["pointing"].search(f.norm[: span[0]]) is None:
        return None
    of_category = {p.id for p in catalog.products if p.category == category}
    for said in reversed(history[-RECENT:]):
        product = said.slots.get("product")
        if isinstance(product, str) and product in of_category:
            return product
    return None


def point_at_product(f: Findings, catalog: Catalog, history: Sequence[_Said]) -> None:
    """Narrows `f` to the product pointed at, when the words point at one the thread named."""
    product = pointed_product(f, catalog, history)
    if product is not None:
        f.catalog = replace(f.catalog, product=product)
