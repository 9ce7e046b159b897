"""The item an action is for when the store has no such item ("给婴儿游泳圈写几条文案", "做个猫咪GPS项圈的上新计划",
"write copy for the cat stroller"): passed on as the product, so that the tool says the store does not sell it,
never a plan or copy for the whole store."""

from __future__ import annotations

import re
from typing import Any

from copilot.offline.findings import Findings
from copilot.offline.reader import unknown_name

_FOR_CJK = re.compile(
    r"(?:给|为|帮|替)\s*(?P<name>[^，,。；;！!？?、]{2,20}?)\s*(?:的)?\s*"
    r"(?:写|做|出|搞|弄|来|配|设计|策划|准备|拟|推一?(?:波|下)|上新|清仓|(?:文案|推广|活动|计划|方案|海报|创意))"
)
_FOR_LATIN = re.compile(
    r"\b(?:for|of|promote|launch|push)\s+(?:the\s+|our\s+|a\s+|my\s+)?(?:new\s+)?"
    r"(?P<name>[a-z][a-z0-9\- ]{2,30}?)\s*"
    r"(?=[,.;!?]|$|\s(?:launch|campaign|copy|ads?|plan|promo|with|budget|next|this|on)\b)"
)
_INNER_FOR = re.compile(r"\b(?:for|of)\s+(?:the\s+|our\s+|a\s+)?")
_JOINED = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")
_ACTION_WORDS = re.compile(r"^(这个|那个|这款|那款|新品|新款|全店|店铺|店里|我们|咱们|大家|它|他们|她们)$")


def unsold_item(f: Findings, slots: dict[str, Any]) -> str | None:
    """The name of the item a plan or creatives request is for when it names none the store has: words right
    after 给/为/for that no recogniser explained and that can be a product's name; None when the words name a
    product, a category, an audience or nothing of that shape."""
    if any(slots.get(key) for key in ("product", "category", "categories", "scene", "segments", "edit", "campaign_id")):
        return None
    if f.scenes or not f.leftover:
        return None
    for match in [*_FOR_CJK.finditer(f.norm), *_FOR_LATIN.finditer(f.norm)]:
        name = _JOINED.sub("", _INNER_FOR.split(match.group("name").strip())[-1].strip())
        if _ACTION_WORDS.match(name) or not any(part in name for part in map(_squeezed, f.leftover)):
            continue
        if unknown_name(name) is not None:
            return name
    return None


def _squeezed(phrase: str) -> str:
    return _JOINED.sub("", phrase.strip())
