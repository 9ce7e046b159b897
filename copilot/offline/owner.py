"""Someone else's figures asked for: a name the store does not know standing as the owner of the data (an
English possessive before the data, the subject of "what did … do", or a Chinese name followed by 那边 or 家).
Another business's data is never readable, so the question is refused as another store's, never answered
with this store's own figures."""

from __future__ import annotations

import re
from datetime import date

from copilot.offline.findings import Findings
from copilot.offline.leftover import vocabulary_only
from copilot.offline.matching import Catalog
from copilot.offline.recognizers.time import find_period

_DID = re.compile(
    r"\b(?:what|how)(?:'s| (?:did|does|do|is|are|was|were|has|have)) "
    r"(?P<name>[a-z][a-z0-9&'’\-]*(?: [a-z][a-z0-9&'’\-]*){0,2}) "
    r"(?:do|doing|did|done|make|made|pull|pulled|sell|sold|selling|bring|brought)\b"
)
_DATA_EN = re.compile(
    r"\b(margins?|sales|gmv|revenue|numbers|figures|data|stats|orders|customers|audiences?|conversion|aov|"
    r"refunds?|turnover|takings|performance|share|traffic|pricing|prices)\b"
)
_OWNER_ZH = ("那边", "那里", "那儿", "家的", "家")
_DATA_ZH = re.compile(r"人群|画像|数据|销量|销售|卖|成交|gmv|毛利|客户|用户|订单|退款|转化|价格|业绩|流量")


def foreign_owner(f: Findings, catalog: Catalog, today: date) -> str | None:
    """The name of the business whose figures the question asks for, or None when it asks about this store."""
    for name in f.leftover:
        at = f.norm.find(name)
        after = f.norm[at + len(name) :] if at >= 0 else ""
        owned = re.match(r"['’]s\b", after) and _DATA_EN.search(after[:60]) and _proper(name, f.text)
        if (owned or (after.startswith(_OWNER_ZH) and _DATA_ZH.search(after))) and _unknown(name, catalog, today):
            return name
    found = _DID.search(f.norm)
    if found is not None and _proper(found.group("name"), f.text) and _unknown(found.group("name"), catalog, today):
        return found.group("name")
    return None


def _proper(name: str, text: str) -> bool:
    """Whether an English `name` is written as a proper noun in the merchant's words (capitalised, and not only
    because it opens the sentence): a business, unlike "the dog harness" of a product the store may not sell."""
    found = re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text, re.IGNORECASE)
    if found is None or not found.group()[0].isupper():
        return False
    return bool(text[: found.start()].strip()) and not re.search(r"[.!?。！？]\s*$", text[: found.start()])


def _unknown(name: str, catalog: Catalog, today: date) -> bool:
    """Whether `name` is no word of the store (product, category, region, the store itself), of the model's
    vocabulary (pronouns, metrics, channels) or a time ("black friday")."""
    if vocabulary_only(name) or find_period(name, today) is not None:
        return False
    if catalog.name and name in catalog.name.lower():
        return False
    matched = catalog.index.match(name)
    return not (matched.product or matched.category or matched.categories or matched.region)
