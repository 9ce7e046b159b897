"""A product of a category set against another of the same category named by a word of its title alone
("冻干猫粮的转化率是不是比无谷的低", "豆腐猫砂和混合的哪个好卖"): both products, side by side, not the first
one only."""

from __future__ import annotations

import re
from dataclasses import replace

from copilot.offline.matching import Catalog, CatalogMatch

# the word after a joining or comparing word, up to 的 or anything not Chinese
_AGAINST = re.compile(r"(?:比|和|跟|与|同|还是|对比)\s*([\u4e00-\u9fff]{2,8}?)(?=的|[^\u4e00-\u9fff]|$)")


def compared_sibling(text: str, matched: CatalogMatch, catalog: Catalog) -> CatalogMatch:
    """`matched` with the product its category word named (`sole_product`) and the one other product of that category
    whose title holds the word said after 比/和/跟 (`products_named`); `matched` unchanged when no one such product."""
    first, category = matched.sole_product, matched.category
    if first is None or category is None or matched.products_named:
        return matched
    others = [p for p in catalog.products if p.category == category and p.id != first]
    for said in _AGAINST.finditer(text):
        word = said.group(1).replace(category.lower(), "")
        fitting = [p.id for p in others if len(word) >= 2 and word in p.title.lower()]
        if len(fitting) == 1:
            return replace(matched, product=None, sole_product=None, products_named=(first, fitting[0]))
    return matched
