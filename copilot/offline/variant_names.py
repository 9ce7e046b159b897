"""A product family said with a variant (copilot.catalog.variants): "三人帐篷" is the 3-4 person tent, "M码纸尿裤" the
M diapers; "2段奶粉" where only 1段 is sold, "S码纸尿裤" where only M, is a product the store does not sell — passed on
as the name said, so the sales tool says what the store has instead of answering for the family."""

from __future__ import annotations

from dataclasses import replace

from copilot.catalog import variants
from copilot.i18n.language import CJK
from copilot.offline.matching import Catalog, CatalogMatch, CatalogProduct


def by_variant(matched: CatalogMatch, text: str, catalog: Catalog) -> tuple[CatalogMatch, str | None]:
    """`matched` narrowed to the variant `text` names, and the name said when no product is of that variant."""
    family = _family(matched, catalog)
    if not family:
        return matched, None
    narrowed = variants.narrow(variants.titles((p.id, p.title, p.title_en) for p in family), text)
    if narrowed is None or len(narrowed.kept) == len(family):
        return matched, None
    cleared = replace(
        matched, product=None, category=None, categories=(), sole_product=None, only_member=None, alias_member=None
    )
    if narrowed.missing is not None:
        span = matched.category_span or (matched.product_spans[0] if matched.product_spans else None)
        if span is None and matched.category is None:  # a product guessed from no words of its own: no name to say
            return cleared, None
        name = text[span[0] : span[1]].strip() if span else matched.category or ""
        said = narrowed.missing.said
        return cleared, f"{said}{name}" if CJK.search(said + name) else f"{said} {name}"
    if len(narrowed.kept) == 1:
        return replace(cleared, product=narrowed.kept[0]), None
    return matched, None


def _family(matched: CatalogMatch, catalog: Catalog) -> list[CatalogProduct]:
    if matched.products_named:
        return []
    if matched.product:
        return [p for p in catalog.products if p.id == matched.product]
    named = {matched.category, *matched.categories} - {None}
    return [p for p in catalog.products if p.category in named]
