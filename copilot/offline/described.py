"""Products pointed at by what they do or are like ("头上戴的那个灯，和手里提的那个灯", "the thing that dries the dog
with hot air"): each pointed-at item's words, less the model's own vocabulary, read by the one catalog resolver's
`described`. Two items described are both asked about (as two products named together are); an item said by its
description alone ("那个给宝宝晚上用的", "the thing that …") that fits two products about as well is asked back, never
answered for one of them."""

from __future__ import annotations

import re
from dataclasses import replace

from copilot.catalog.resolve import CatalogItem, described
from copilot.offline.lexicon import lexicon
from copilot.offline.matching import Catalog, CatalogMatch
from copilot.offline.recognizers.entity import Span, mask

_CLAUSE = re.compile(r"[^,，。.;；!！?？—:：]+")
_ITEMS = re.compile(r"\s*(?:和|跟|与|以及|\band\b)\s*")
_HEADLESS = re.compile(r"的\s*$|\b(?:thing|one|stuff)\b")  # "那个给宝宝晚上用的": nothing but the description names it
_CONTENT = re.compile(r"[\u3400-\u9fff]|[a-z]{3,}")


def _pointed(text: str) -> list[Span]:
    """The items of `text` said with a pointing word ("那个", "the thing that"), each its own span."""
    cue = lexicon().single["described_item"]
    spans: list[Span] = []
    for clause in _CLAUSE.finditer(text):
        start = clause.start()
        for item in _ITEMS.split(clause.group()):
            at = text.find(item, start)
            start = at + len(item)
            if item.strip() and cue.search(item):
                spans.append((at, at + len(item)))
    return spans


def described_items(text: str, matched: CatalogMatch, catalog: Catalog) -> CatalogMatch:
    """`matched` with the products that `text`'s pointed-at descriptions name (by the words the catalog match left
    unexplained, or a word saying it is the new one), or with the two it cannot tell apart (`described_between`)."""
    spans = _pointed(text)
    if not spans or matched.products_named:
        return matched
    cue, new = lexicon().single["described_item"], lexicon().single["new_product"]
    unexplained = _vocabulary_masked(mask(text, matched.spans))
    items = [CatalogItem.of(p.id, p.title, p.title_en, p.category, p.tags) for p in catalog.products]
    newest = {p.id for p in catalog.products if new.search(p.title.lower()) or new.search((p.title_en or "").lower())}
    found: dict[str, Span] = {}
    for start, end in spans:
        said = text[start:end]
        says_new = new.search(said) is not None
        content = _CONTENT.search(cue.sub(" ", unexplained[start:end])) is not None
        if not says_new and not content:
            continue
        hit = described(items, _vocabulary_masked(said), prefer=newest if says_new else ())
        if hit is None or not (hit.clear or (content and _HEADLESS.search(said))):
            continue
        if not hit.clear:
            return replace(matched, product=None, sole_product=None, described_between=hit.products)
        found.setdefault(hit.products[0], (start, end))
    if not found:
        return matched
    outside = [s for s in matched.product_spans if not _within(s, list(found.values()))]
    if matched.product and matched.product not in found and outside:  # "PPSU奶瓶和玻璃的那个": the one named too
        found[matched.product] = outside[0]
    if len(found) == 1:  # the description's words stay unmasked: a clause also says the figure ("…卖了几个")
        [product] = found
        return replace(matched, product=product, category=None, categories=(), sole_product=None,
                       alias_member=None, only_member=None, product_spans=())  # fmt: skip
    category_of = {p.id: p.category for p in catalog.products}
    shared = list(dict.fromkeys(category_of[pid] for pid in found))
    return replace(matched, product=None, sole_product=None, alias_member=None, only_member=None,
                   category=shared[0] if len(shared) == 1 else None, categories=tuple(shared[1:] and shared),
                   products_named=tuple(found))  # fmt: skip


def _vocabulary_masked(text: str) -> str:
    """`text` with the words of the model's metrics, breakdowns, rankings and channels masked."""
    for group in lexicon().groups.values():
        for pattern in group.values():
            text = pattern.sub(lambda m: "#" * len(m.group()), text)
    return text


def _within(span: Span, spans: list[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)
