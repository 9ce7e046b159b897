"""Words said of a product beside its title: a word of its title qualifying another thing, a material cut to one
character ("碳的杖子"), and the dearest or cheapest of a family ("最贵那件冲锋衣")."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from copilot.i18n import segmenter
from copilot.i18n.language import CJK as _CJK
from copilot.offline.lexicon import lexicon


class _Priced(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def price(self) -> float | None: ...


_NOUN_TAGS = ("n", "nz", "ng", "vn", "v")
_RESULT_ENDINGS = "掉完光"


# words for any thing at all ("会出声的机器", "能折的东西"): said after a product's word, they name that product
_THINGS = frozenset({"东西", "机器", "机子", "玩意", "玩意儿", "设备", "产品", "商品", "宝贝", "物件"})


def qualifies_another(text: str, start: int, title: str) -> bool:
    """Whether a Chinese word of a title that is not its head ("宝宝" of 多功能宝宝餐椅), said up to `start`, comes
    right before a noun the title lacks ("宝宝辅食机", "宝宝奶瓶", "自动的帐篷" of 自动充气防潮垫): it then qualifies
    another thing, not this product."""
    word = _noun_after(text, start + 1 if text[start : start + 1] == "的" else start)
    return word is not None and word not in title and word not in _THINGS


@lru_cache(maxsize=1024)
def _noun_after(text: str, start: int) -> str | None:
    """The Chinese noun of two or more characters (not a metric word) that starts at `start`, if one does; tagged
    once per text and position, however many products share the token before it."""
    tags = segmenter.tags(text[start:])
    if not tags or not _CJK.match(tags[0][0]):
        return None
    word, tag = tags[0]
    if len(word) < 2 or tag not in _NOUN_TAGS or (tag == "v" and word[-1] in _RESULT_ENDINGS):
        return None  # "冰垫出掉", "帐篷清掉": a verb with its result done to the product, no other noun
    return None if any(pattern.search(word) for pattern in lexicon().groups["metrics"].values()) else word


@lru_cache(maxsize=256)
def said_initials(text: str) -> frozenset[str]:
    """Single Chinese characters said as words of their own before 的 ("碳的", "铝的"): a material, cut short."""
    words = segmenter.lcut(text)
    return frozenset(w for w, after in itertools.pairwise(words) if after == "的" and len(w) == 1 and _CJK.match(w))


def priced_extreme(products: Sequence[_Priced], before: str, category: str) -> str | None:
    """The dearest or cheapest product of `category` by list price, when said right `before` its name ("最贵那件冲锋衣",
    "the cheapest tent"); None when not said, or when prices are unknown or tied."""
    for key, pick in (("priciest", max), ("cheapest", min)):
        if lexicon().single[key].search(before) is None:
            continue
        priced = {p.id: float(p.price) for p in products if p.category == category and p.price is not None}
        if len(priced) < 2 or list(priced.values()).count(pick(priced.values())) > 1:
            return None
        return pick(priced, key=lambda pid: priced[pid])
    return None
