"""Filters said as exclusions ("除了直播以外", "剔除直播渠道", "excluding tents", "outside Guangdong", "非广东"):
the question asks about the rest of the store's values, never about the value named.

A value is excluded when an exclusion word stands right before it or an "except"-ending right after it, and no
other value of the same kind is named for itself ("除了帐篷，睡袋卖得怎么样" asks about 睡袋). The rest is given
to the sales tool as the other values, comma-separated (channels, categories, regions, or product ids), so the
answer states the scope it covered.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from copilot.offline.lexicon import lexicon
from copilot.offline.recognizers.entity import Span, mask

if TYPE_CHECKING:
    from copilot.offline.matching import Catalog, CatalogMatch

_OUT_BEFORE = (
    r"(?:除了|除去|除开|剔除|去掉|去除|排除|扣除|扣掉|刨去|刨除|不含|不包括|不包含|不计|不算|(?<![是并])非|"
    r"\bexcluding|\bexclude|\bexcept(?:\s+for)?|\bother than|\bwithout|\bnot counting|\bnot including|\bapart from|"
    r"\b(?:leave|leaving|leaves) out|\bignor(?:e|ing)|"
    r"\boutside(?:\s+of)?|\bminus)"
)
_OUT_AFTER = (
    r"(?:以外|之外|除外|外的|(?:去|拿|除|刨|扣)掉|去除|剔除|不算|不要算?|不计|别算|不用算|(?:别|不要|不)(?:放|带|加)|"
    r"\bexcluded|\bleft out|\btaken out)"
)
# the one of its kind pointed at before the exclusion word ("新款那件不算", "冻干那款除外", "高景观的那个都别放")
_POINTED = r"(?:的?\s*[这那](?:[一1两2三3几]?\s*[件款个种样只台辆把双套顶包袋瓶罐]|些)\s*)"
_BEFORE = re.compile(_OUT_BEFORE + r"\s*(?:the\s+|掉\s*)?$")
_AFTER = re.compile(
    r"^\s*(?:渠道|品类|类目|地区|省份?|这块|那块|的|\s(?:channel|category|region)s?\b)?\s*"
    + _POINTED
    + r"?(?:都|也)?\s*"
    + _OUT_AFTER
)
_CLAUSES = re.compile(r"[^,，。;；!！?？—]+")
_KEPT = re.compile(r"\bonly\b|只|仅")
_ITEMS = re.compile(r"和|跟|与|及|、|/|\band\b|\bor\b")
_DENIED = re.compile(r"\s*\bnot (?:the|any|our|those|these)\b|\s*(?:不要|不看|别看)")
_POINTING = re.compile(_POINTED + r"|(?:都|也)$")


def said_excluded(text: str, span: Span) -> bool:
    return bool(_BEFORE.search(text[: span[0]]) or _AFTER.search(text[span[1] :]))


def exclusions(text: str, matched: CatalogMatch, catalog: Catalog) -> tuple[CatalogMatch, list[str], dict[str, str]]:
    """The catalog match without the values said as excluded, the channels said as excluded, and the sales
    filters that cover the rest (slot -> comma-separated values)."""
    channels = lexicon().groups["channels"]
    said = [(key, m.span()) for key, pattern in channels.items() for m in pattern.finditer(text)]
    out = [key for key, span in said if said_excluded(text, span)]
    kept = [key for key, _ in sorted(said, key=lambda hit: hit[1]) if key not in out]
    filters: dict[str, str] = {}
    if out and not kept:
        filters["channel"] = ",".join(c for c in catalog.channels if c not in out)
    named_regions = matched.region.split(",") if matched.region else []
    region_spans = {r: hit.span() for r in named_regions if (hit := catalog.index.region_patterns[r].search(text))}
    out_regions = [r for r in named_regions if r in region_spans and said_excluded(text, region_spans[r])]
    kept_regions = [r for r in named_regions if r not in out_regions]
    if out_regions and not kept_regions:
        filters["region"] = ",".join(r for r in catalog.regions if r not in out_regions)
    if out_regions:
        matched = replace(matched, region=",".join(kept_regions) or None)
    if matched.categories:
        patterns = catalog.index.category_patterns
        spans = {name: found.span() for name in matched.categories if (found := patterns[name].search(text))}
        named = [name for name in matched.categories if not (name in spans and said_excluded(text, spans[name]))]
        if not named:
            filters["category"] = ",".join(c for c in catalog.categories if c not in matched.categories)
        one = named[0] if len(named) == 1 else None
        group = tuple(named) if len(named) > 1 else ()
        matched = replace(matched, categories=group, category=one, category_span=spans.get(one) if one else None)
    if matched.category is not None and matched.category_span and said_excluded(text, matched.category_span):
        filters["category"] = ",".join(c for c in catalog.categories if c != matched.category)
        matched = replace(matched, category=None, sole_product=None, only_member=None, alias_member=None)
    if left := _members_left(text, matched, catalog):
        filters.pop("category", None)
        filters["product"] = left
        matched = replace(matched, product=None, category=None, sole_product=None, only_member=None, alias_member=None)
    spans_of = list(matched.product_spans) or _token_spans(text, matched.product, catalog)
    if matched.product is not None and any(said_excluded(text, span) for span in spans_of):
        own = next(p.category for p in catalog.products if p.id == matched.product)
        said_family = catalog.index.category_patterns[own].search(mask(text, spans_of)) is not None
        family = matched.category or (own if said_family else None)
        within = [p for p in catalog.products if family in (None, p.category)]
        filters.pop("category", None)
        filters["product"] = ",".join(p.id for p in within if p.id != matched.product)
        matched = replace(matched, product=None, category=None)
    return matched, out, {key: value for key, value in filters.items() if value}


def _members_left(text: str, matched: CatalogMatch, catalog: Catalog) -> str | None:
    """The products of the category asked about that are left when some of them, named by their own words, are said
    as excluded ("推车清库存，新款和高景观那款都别放", "cat litter, 不含混合砂 only 豆腐砂"), or the store's products
    when the category is said only inside the words excluded: comma-separated ids, None when none is said out or
    all are."""
    own = next((p.category for p in catalog.products if p.id == matched.product), None)
    family = matched.category or own
    members = [p.id for p in catalog.products if p.category == family]
    if family is None or len(members) < 2:
        return None
    category = catalog.index.category_patterns[family]
    spans = said_out_spans(text)
    said_out: set[str] = set()
    for start, end in spans:
        for item in _ITEMS.split(text[start:end]):
            named = catalog.index.member_named(_POINTING.sub(" ", category.sub(" ", item)), family)
            said_out.update([named] if named else [])
    if category.search(mask(text, spans)) is None:  # "毛利率，not counting 智能猫砂盆": the store without it
        members = [p.id for p in catalog.products]
    left = [member for member in members if member not in said_out]
    return ",".join(left) if said_out and left else None


def said_out_spans(text: str) -> list[Span]:
    """Where each clause says what is excluded: the words after an exclusion word up to what it keeps ("不含混合砂
    only 豆腐砂"), before an "except"-ending ("新款和高景观那款都别放"), or after a clause-opening "not the" ("Not the
    cat stuff — how did 狗粮 do"). Those words name nothing asked about."""
    spans: list[Span] = []
    for clause in _CLAUSES.finditer(text):
        said, at = clause.group(), clause.start()
        before = re.search(_OUT_BEFORE, said) or _DENIED.match(said)
        after = re.search(_OUT_AFTER, said)
        if before is not None and said[before.end() :].strip():
            kept = _KEPT.search(said, before.end())
            spans.append((at + before.end(), at + (kept.start() if kept else len(said))))
        elif after is not None:
            spans.append((at, at + after.start()))
    return spans


def _token_spans(text: str, product: str | None, catalog: Catalog) -> list[Span]:
    """Where the words of `product`'s title are said, for a product named by its English words (the matcher
    scores those as words and keeps no span)."""
    found = next((p for p in catalog.index.products if p.id == product), None)
    if found is None:
        return []
    words = [re.escape(token) for token in (*found.en_tokens, *found.zh_tokens) if len(token) >= 2]
    if not words:
        return []
    return [m.span() for m in re.finditer(r"(?<![a-z])(?:" + "|".join(words) + r")(?![a-z])", text)]
