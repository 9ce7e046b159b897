"""Matching the merchant's catalog (products, categories, regions) in their words, zh and en, with typos."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from rapidfuzz import fuzz, process

from copilot.catalog import variants
from copilot.catalog.resolve import heard_category
from copilot.i18n import segmenter
from copilot.i18n.language import CJK as _CJK
from copilot.offline.leftover import vocabulary_word
from copilot.offline.lexicon import Pattern, alternation, lexicon
from copilot.offline.title_words import priced_extreme, qualifies_another, said_initials

Span = tuple[int, int]
_WORD = re.compile(r"[a-z0-9]+(?:[-+][a-z0-9]+)*")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_MEASURE = re.compile(r"^[\d.x×]+[a-z]*$|^[a-z]$")
# a count of the packs a title's product comes in ("6 L x 4 bags", "80 x 10 packs"): how it is sold, not its name
_PACK_COUNT = re.compile(r"\b\d+\s*(bags?|packs?|box(es)?|rolls?|pcs|pieces|bottles|cans|sachets?|pouches)\b", re.I)


def stem(word: str) -> str:
    """A crude English singular, applied alike to titles and text ("poles" ~ "pole")."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


# A tent's or a seat's size said with a space ("the 2 person one", "3-4 persons"): one word, as "2-person" is
_SIZED_FOR = re.compile(r"(?<=\d) (?=(?:persons?|people|man|men|seaters?)\b)")


def en_words(text: str) -> list[str]:
    """English words of `text`, singular; a word hyphenated between digits is one word ("3-in-1" is "3in1"), a
    count of people is one word with it ("2 person" is "2-person")."""
    joined = _SIZED_FOR.sub("-", text.lower())
    return [stem(re.sub(r"(?<=\d)-(?=[a-z]+-\d)|(?<=[a-z])-(?=\d)", "", w)) for w in _WORD.findall(joined)]


def _cut(title: str, words: list[str], merchant_id: str | None) -> list[str]:
    """jieba tokens of a Chinese title, with the catalog's own words kept whole: in the merchant's own view of the
    dictionary, so that no store's words change how another store's (or anyone's) text is cut."""
    own = segmenter.view(segmenter.catalog_view(merchant_id))
    own.add_words(words, freq=100000)
    return [t.strip().lower() for t in own.lcut(title) if t.strip()]


_JOINED = r"(?:和|与|跟|及|、|搭|\+|&|,|，|\band\b|\bplus\b)"  # one thing said beside another ("月亮椅和蛋卷桌")
# between a category word and a product listed beside it, after the rest of a title's word ("羊毛袜和护膝")
_LIST_JOINER = re.compile(rf"[\u3400-\u9fff]{{0,2}}?\s*(?:{_JOINED}|同)\s*")
_LISTED = re.compile(r"\s*(?:[,、&+/]|\band\b|\bor\b|和|与|及)\s*(?:and\s*)?")  # between two items of a list
# "自动的猫砂盆", "自动的那个猫砂盆", "智能那款猫砂盆": a word said of the thing before 的 and a pointing word
_DESCRIBED = re.compile(
    r"(?<=[\u3400-\u9fff]{2})(?:的)?(?:那|这)?(?:个|款|台|只|种)?$|(?<=[\u3400-\u9fff]{2})的(?:那|这)(?:个|款|台|只|种)?$"
)


def _tied_longest(named: list[tuple[str, Span]]) -> bool:
    """Whether the longest title said is ambiguous: another title's head of the same length was said too."""
    return len(named) > 1 and named[1][1][1] - named[1][1][0] == named[0][1][1] - named[0][1][0]


def _own_store_pattern(name: str | None, words: dict[str, list[str]]) -> Pattern | None:
    """The words of the store's Chinese name that say what it sells ("母婴" of 贝贝乐母婴旗舰店, "户外" and "户外运动"
    of 山野户外运动旗舰店), each with the goods words that may follow it."""
    if not name or not _CJK.search(name):
        return None
    store = set(words["store"])
    said = {w for w in segmenter.view(segmenter.MERCHANT).lcut_for_search(name) if len(w) >= 2}
    said = {w for w in said if _CJK.fullmatch(w[0]) and w not in store and not any(w in s for s in store)}
    if not said:
        return None
    line = "|".join(re.escape(w) for w in sorted(said, key=len, reverse=True))
    goods = "|".join(sorted(words["goods"], key=len, reverse=True))
    return re.compile(rf"(?:{line})(?:类?的?(?:{goods}))?")


_OPTIONAL = re.compile(r"\([^()]*\)\?")


@dataclass(frozen=True)
class _Product:
    id: str
    title: str
    category: str
    zh_tokens: frozenset[str]
    en_tokens: frozenset[str]
    en_title: frozenset[str] = frozenset()
    sizes: frozenset[str] = frozenset()
    family_tokens: frozenset[str] = frozenset()  # words that tell it from its siblings once its family is named
    tag_tokens: frozenset[str] = frozenset()  # its Chinese tags, said whole: name it when no family is named


def sizes(text: str) -> frozenset[str]:
    """The sizes `text` (lower case) names ("M码", "size M", "L号的")."""
    size = variants.variants(text).get("size")
    return size.values if size else frozenset()


@dataclass(frozen=True)
class CatalogMatch:
    """What of the catalog the text names; spans mark the characters used (for later extractors to skip)."""

    product: str | None = None
    category: str | None = None
    categories: tuple[str, ...] = ()
    region: str | None = None  # several comma-separated when several are named
    spans: tuple[Span, ...] = ()
    product_spans: tuple[Span, ...] = ()
    category_span: Span | None = None
    sole_product: str | None = None  # the product the words name within `category` (`_sole_product`)
    alias_member: str | None = None  # the one product of `category` whose title holds the alias said (`_alias_member`)
    only_member: str | None = None  # the product of `category` when it has no other
    products_named: tuple[str, ...] = ()  # two products named together ("月亮椅和蛋卷桌"), read as their categories
    regions_listed: bool = False  # several regions named one by one ("浙江 江苏 上海"), not as one area ("江浙沪")
    described_between: tuple[str, ...] = ()  # two products a description fits about as well (described.py): asked


def _blank(text: str, spans: list[Span]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _alias_pattern(names: list[str]) -> Pattern:
    parts = []
    for name in names:
        parts.append(re.escape(name.lower()) if _CJK.search(name) else rf"\b{name.lower()}\b")
    return alternation(parts)


class CatalogProduct(NamedTuple):
    id: str
    title: str
    title_en: str | None
    category: str
    tags: tuple[str, ...] = ()  # its own keywords, both languages ("免铲屎", "packable"): name it as its title does
    price: float | None = None  # the list price: "最贵那件冲锋衣" is the family's dearest


@dataclass
class Catalog:
    """The merchant's vocabulary, loaded from the store by the caller: its products (plain 4-tuples are read as
    `CatalogProduct`s), its categories, channels and regions as the store spells them, and the store's name."""

    products: list[CatalogProduct]
    categories: list[str]
    channels: list[str] = field(default_factory=lambda: ["search", "recommend", "live", "direct"])
    regions: list[str] = field(default_factory=list)
    merchant_id: str | None = None  # the store's own id: naming it is not asking about another store
    name: str | None = None  # the store's name ("贝贝乐母婴旗舰店"): its words name the whole store (`own_store`)

    def __post_init__(self) -> None:
        self.products = [CatalogProduct(*product) for product in self.products]

    @cached_property
    def index(self) -> CatalogIndex:
        """The compiled matcher for this catalog (built on first use)."""
        return CatalogIndex(self)


class CatalogIndex:
    """Compiled patterns and title tokens of one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        aliases = lexicon().aliases
        generic = {w.lower() for w in aliases["generic_title_words"]}
        categories = list(dict.fromkeys([*catalog.categories, *(p.category for p in catalog.products)]))
        self.category_patterns: dict[str, Pattern] = {}
        category_words: dict[str, set[str]] = {}
        for category in categories:
            names = [category, *aliases["categories"].get(category, [])]
            self.category_patterns[category] = _alias_pattern(sorted(set(names), key=len, reverse=True))
            category_words[category] = {category.lower()} | {
                stem(w) for name in names if not _CJK.search(name) for w in _WORD.findall(name.lower())
            }
        self.region_patterns = {
            region: _alias_pattern(
                [region, re.sub(r"(省|市|自治区)$", "", region), *aliases["regions"].get(region, [])]
            )
            for region in catalog.regions
        }
        groups = aliases.get("region_groups", {})
        self.region_groups = [
            (alternation(group["aliases"]), members)
            for group in groups.values()
            if len(members := [m for m in group["members"] if m in self.region_patterns]) == len(group["members"])
        ]
        places = {**{p: n for p, n in aliases["regions"].items() if p not in groups}, **aliases.get("other_places", {})}
        # "香港那边", "西藏" where none of the customers live: asked, and found to have no customers
        self.region_patterns.update({p: _alias_pattern([p, *n]) for p, n in places.items() if p not in catalog.regions})
        self.category_fuzzy = self._fuzzy_category_words(categories, aliases["categories"])
        self.group_patterns: dict[str, tuple[Pattern, list[str]]] = {}
        for name, group in aliases.get("category_groups", {}).items():
            members = [m for m in group["members"] if m in self.category_patterns]
            if len(members) >= 2:
                self.group_patterns[name] = (alternation(group["aliases"]), members)
        self.products = self._products(catalog, categories, category_words, generic)
        self.catalog_products = catalog.products
        self.en_vocab = sorted({t for p in self.products for t in p.en_tokens if len(t) >= 5})
        self.own_store = _own_store_pattern(catalog.name, aliases["own_store"])

    def own_store_spans(self, text: str) -> list[Span]:
        """Where `text` names the store's own line of business, the whole store ("母婴" in a baby store, "户外装备"
        in an outdoor one): words of the store's name, with a word for its goods after them or none, and no other
        noun right after ("户外水壶" names a product, which the store may not sell)."""
        if self.own_store is None:
            return []
        spans = []
        for found in self.own_store.finditer(text):
            after = segmenter.tags(text[found.end() :])[:1]
            if not (after and after[0][1].startswith("n") and _CJK.match(after[0][0])):
                spans.append(found.span())
        return spans

    @staticmethod
    def _fuzzy_category_words(categories: list[str], aliases: dict[str, list[str]]) -> dict[str, str]:
        """English alias words (5+ letters) that name exactly one category, for typo-tolerant matching."""
        owners: dict[str, set[str]] = {}
        for category in categories:
            for alias in aliases.get(category, []):
                if _CJK.search(alias):
                    continue
                plain = re.sub(r"\(.*?\)\??|\\b|[?|\[\]]", " ", alias)
                for word in _WORD.findall(plain):
                    if len(word) >= 5:
                        owners.setdefault(stem(word), set()).add(category)
        return {word: next(iter(cats)) for word, cats in owners.items() if len(cats) == 1}

    @staticmethod
    def _products(
        catalog: Catalog, categories: list[str], category_words: dict[str, set[str]], generic: set[str]
    ) -> list[_Product]:
        raw = []
        titles_en = {p.id: p.title_en or "" for p in catalog.products}
        scenes = {str(n).lower() for scene in lexicon().raw.get("scenes", []) for n in (scene["zh"], scene["en"])}
        for pid, title, title_en, category, every_tag, _ in catalog.products:
            tags = [t for t in every_tag if t.lower() not in scenes]  # a life scene it suits names an audience, not it
            zh = {t for t in _cut(title, categories, catalog.merchant_id) if len(t) >= 2 and not _MEASURE.match(t)}
            tagged = {
                t for t in tags if _CJK_RUN.fullmatch(t)
            }  # a tag said whole, never cut ("自己会铲屎" has no 自己)
            tagged |= {w for t in tags if not _CJK.search(t) for w in _tag_words(en_words(t))}
            en = {w for w in en_words(_PACK_COUNT.sub(" ", title_en or "")) if len(w) >= 3 and not _MEASURE.match(w)}
            raw.append((pid, title, category, zh, en, frozenset(en_words(title_en or "")), tagged))
        frequency: dict[str, int] = {}
        for _, _, _, zh, en, _, tagged in raw:
            for token in zh | en | tagged:
                frequency[token] = frequency.get(token, 0) + 1
        common = {token for token, count in frequency.items() if count > 2}
        every_category_word = set().union(*category_words.values()) if category_words else set()
        products = []
        for pid, title, category, zh, en, en_title, tagged in raw:
            siblings = [r for r in raw if r[2] == category and r[0] != pid]
            shared_zh = set.intersection(*(r[3] for r in siblings)) & zh if siblings else set()
            shared_en = set.intersection(*(r[4] for r in siblings)) & en if siblings else set()
            drop = generic | common | every_category_word | {c.lower() for c in categories}
            products.append(
                _Product(
                    id=pid,
                    title=title.lower(),
                    category=category,
                    zh_tokens=frozenset(zh - drop - shared_zh),
                    en_tokens=frozenset(en - drop - shared_en),
                    en_title=en_title,
                    sizes=sizes(f"{title} {titles_en.get(pid, '')}".lower()),
                    family_tokens=frozenset(
                        (zh | en | tagged) - generic - category_words.get(category, set()) - shared_zh - shared_en
                    ),
                    tag_tokens=frozenset(t for t in tagged - drop if _CJK.search(t)),
                )
            )
        return products

    def match(self, text: str) -> CatalogMatch:
        """Find the product, category and region that `text` (normalised) names."""
        titled = self._title_said(text)
        if titled is not None:  # "推车遮阳棚" of 推车遮阳棚（UPF50+）: the product, not 推车 and 遮阳棚's categories
            region_spans = [titled[1]]
            region = self._regions(text, region_spans)
            return CatalogMatch(product=titled[0], region=region, spans=tuple(region_spans), product_spans=(titled[1],))
        by_id = self._ids_said(text)
        if by_id is not None:
            return by_id
        spans: list[Span] = []
        category = self._first(self.category_patterns, text, spans) or self._fuzzy_category(text, spans)
        group: tuple[str, ...] = ()
        if category is None:
            group = self._group(text, spans)
        category_span = spans[-1] if spans and (category or group) else None
        more = self._joined(_blank(text, spans), spans) if category is not None else ()
        more = tuple(name for name in dict.fromkeys(more) if name != category)  # "hip seat carrier": one category
        if category is not None:  # "tents, tarsp and lanterns"
            category, *listed = self._with_misspelt(text, spans, (category, *more))
            more = tuple(listed)
        compound = self._compound(text, spans) if more else None
        if compound is not None:  # "奶瓶消毒柜": the 消毒器 for 奶瓶, one product, not the two categories
            return CatalogMatch(product=compound[0], region=self._regions(text, spans), spans=tuple(spans),
                                product_spans=(compound[1],))  # fmt: skip
        if more and category is not None:
            group = (category, *more)
            category = None
        region = self._regions(text, spans)
        rest = _blank(text, spans)
        if category is not None:  # "露营灯出三条文案，写给带娃露营的家庭": the audience's words name no family tent
            rest = _blank(rest, [m.span() for m in _AUDIENCE_SAID.finditer(rest)])
        product_spans: list[Span] = []
        named = (
            self._alias_member(text[category_span[0] : category_span[1]], category)
            if category and category_span
            else None
        )
        product = None if more else self._product(rest, category, product_spans, text, named)
        second = self._second_product(rest, product, product_spans) if product is not None else None
        pair: tuple[str, ...] = () if second is None or product is None else (product, second)
        if not pair and product is not None and category is not None and category_span is not None:
            pair = self._beside_category(text, product, product_spans, category, category_span)
        if pair:  # "月亮椅和蛋卷桌": both, by the category (or categories) they are of
            shared = list(dict.fromkeys(p.category for p in self.products if p.id in pair))
            product, category, group = None, (shared[0] if len(shared) == 1 else None), tuple(shared[1:] and shared)
        if product is None and category is not None and category_span is not None and not pair:
            product = priced_extreme(self.catalog_products, text[: category_span[0]], category)
            product_spans += [(0, category_span[1])] if product else []
        sole = only = alias = None
        if product is None and category is not None and category_span is not None and not pair:
            sole = self._sole_product(text, category, category_span)
            other = self.sibling(text, sole) if sole and lexicon().single["side_by_side"].search(text) else None
            pair, sole = ((sole, other), None) if sole and other else (pair, sole)  # "冻干的是不是比无谷的低": both
            members = [p.id for p in self.products if p.category == category]
            only = members[0] if len(members) == 1 else None
            alias = self._alias_member(text[category_span[0] : category_span[1]], category)
            said = {self._alias_member(text[s[0] : s[1]], category) for s in spans if s != category_span}
            if alias is not None and said - {alias}:  # "月亮椅和蛋卷桌": two of the category's products, both
                pair, alias = (alias, *sorted(m for m in said - {alias} if m)), None
        return CatalogMatch(
            product=product,
            category=category,
            categories=group,
            region=region,
            spans=(*spans, *product_spans),
            product_spans=tuple(product_spans),
            category_span=category_span,
            sole_product=sole,
            only_member=only,
            alias_member=alias,
            products_named=pair,
            regions_listed=region is not None and "," in region and not self._region_group_said(text),
        )

    def _region_group_said(self, text: str) -> bool:
        """Whether `text` names an area of several regions by one word ("江浙沪", "华东")."""
        return any(pattern.search(text) for pattern, _ in self.region_groups)

    def _ids_said(self, text: str) -> CatalogMatch | None:
        """The products named by their catalog ids, as an analyst pastes them ("product_id in (a, b)"): one is that
        product; several that make up whole categories are those categories, else the ids themselves (the sales tool
        reads a comma-separated product list). None when no id is said."""
        said: dict[str, Span] = {}
        for p in self.products:
            hit = re.search(rf"(?<![a-z0-9_]){re.escape(p.id.lower())}(?![a-z0-9_])", text)
            if hit is not None:
                said[p.id] = hit.span()
        if not said:
            return None
        spans = sorted(said.values())
        region = self._regions(_blank(text, spans), spans)
        if len(said) == 1:
            [(product, span)] = said.items()
            return CatalogMatch(product=product, region=region, spans=tuple(spans), product_spans=(span,))
        shared = list(dict.fromkeys(p.category for p in self.products if p.id in said))
        ordered = tuple(sorted(said, key=lambda pid: said[pid][0]))
        if any(p.category in shared and p.id not in said for p in self.products):
            listed = ",".join(ordered)
            return CatalogMatch(product=listed, region=region, spans=tuple(spans), product_spans=tuple(spans))
        return CatalogMatch(
            category=shared[0] if len(shared) == 1 else None,
            categories=tuple(shared) if len(shared) > 1 else (),
            region=region,
            spans=tuple(spans),
            product_spans=tuple(spans),
            products_named=ordered,
        )

    def _title_said(self, text: str) -> tuple[str, Span] | None:
        """The one product whose Chinese title, up to its first bracket or space and four characters or more, is
        said word for word, and where; a head that is a category's name names the category."""
        found: dict[str, tuple[str, Span]] = {}
        for p in self.products:
            head = re.split(r"[（(\s]", p.title, maxsplit=1)[0]
            is_name = bool(len(head) >= 4 and _CJK.search(head) and head not in self.category_patterns)
            at = text.find(head) if is_name else -1
            if at >= 0:
                found.setdefault(head, (p.id, (at, at + len(head))))
                if found[head][0] != p.id:
                    found[head] = ("", (at, at + len(head)))  # two titles start so: no one product
        named = sorted(found.values(), key=lambda item: item[1][0] - item[1][1])
        return named[0] if named and named[0][0] and not _tied_longest(named) else None

    def sibling(self, text: str, product_id: str) -> str | None:
        """The other product of `product_id`'s category that a follow-up's word names by the start of a word of
        its English title, a word no title of the previous product has ("and for the alu ones?" after the carbon
        poles: Aluminium); None when no single sibling is named so."""
        previous = next((p for p in self.products if p.id == product_id), None)
        if previous is None:
            return None
        others = [p.id for p in self.products if p.category == previous.category and p.id != product_id]
        if len(others) == 1 and lexicon().single["the_other_product"].search(text):  # "and the other one?"
            return others[0]
        stop = set(lexicon().raw["language"]["not_a_name_en"])
        words = [w for w in en_words(text) if len(w) >= 3 and w not in stop]
        chunks = {
            run[i:j] for run in _CJK_RUN.findall(text) for i in range(len(run)) for j in range(i + 2, len(run) + 1)
        }
        named = set()
        for p in self.products:
            if p.category != previous.category or p.id == product_id:
                continue
            for w in words:
                if any(t.startswith(w) and len(t) >= 5 for t in p.en_title) and not any(
                    t.startswith(w) for t in previous.en_title
                ):
                    named.add(p.id)
            if any(c in p.title and c not in previous.title for c in chunks):  # "那铝合金的呢"
                named.add(p.id)
        return next(iter(named)) if len(named) == 1 else None

    def member_named(self, rest: str, category: str) -> str | None:
        """The one product of `category` that two characters of the words (电动 of 电动安抚摇椅) or an English word of
        four letters or more name ("不对 只清电动那款" after a plan for 摇椅); None unless exactly one."""
        members = [p for p in self.products if p.category == category]
        if len(members) < 2:
            return None
        cjk = {run[i : i + 2] for run in re.findall(r"[\u4e00-\u9fff]{2,}", rest) for i in range(len(run) - 1)}
        latin = set(re.findall(r"[a-z]{4,}", rest.lower()))
        named = [p for p in members if any(b in p.title for b in cjk) or latin & set(p.en_title)]
        return named[0].id if len(named) == 1 else None

    def _alias_member(self, said: str, category: str) -> str | None:
        """The one product of a category whose title holds the category word said ("猫窝" of 宠物窝 only in
        冬季保暖猫窝, "the bouncers" of 摇椅 only in "Baby bouncer seat", 月亮椅 of 折叠桌椅): the name of that product
        more than of the category; None for the category's own name, a word several titles hold, or a word of a
        title that also holds the category's name (纸尿裤 of 婴儿纸尿裤: the category's name), or
        the category's English name, its first alias without its optional words ("cat toys" of 猫玩具 even when one
        title says "cat toy"; "cat bed" of (pet |dog |cat )?beds? names the one cat bed)."""
        said = said.strip().lower()
        english = [_OPTIONAL.sub("", name) for name in lexicon().aliases["categories"].get(category, [])[:1]]
        if said == category.lower() or any(re.fullmatch(name, said) for name in english):
            return None
        members = [p for p in self.products if p.category == category]
        words = {w for w in en_words(said) if len(w) >= 3 and w != "the"}
        if _CJK.search(said):
            named = [p for p in members if said in p.title]
            named = named or [p for p in members if _shortened(said, p.title, category)]
        else:
            named = [p for p in members if words and words <= p.en_title]
        if len(named) != 1 or len(members) < 2 or (_CJK.search(said) and category.lower() in named[0].title):
            return None
        return named[0].id

    def _sole_product(self, text: str, category: str, span: Span) -> str | None:
        """The product of a category the words name rather than the category: an alias of a category that
        has one product ("pet cam", 腰凳), its one new product said new (新上的饮水机), or the category after a word
        of only one of its titles (自动猫砂盆, 自动的猫砂盆)."""
        members = [p for p in self.products if p.category == category]
        if len(members) == 1 and text[span[0] : span[1]] != category.lower():
            return members[0].id
        newest = [p for p in members if _says_new(p.title) or "new" in p.en_title]
        if len(newest) == 1 and _says_new(text):
            return newest[0].id  # "新上的那款饮水机", "the new fountain": the one new product of the category
        before = _DESCRIBED.sub("", text[: span[0]].rstrip())
        cjk = before[-2:] if len(_CJK.findall(before[-2:])) == 2 else None
        latin = [w for w in en_words(before[-20:])[-1:] if len(w) >= 3]
        named = [p for p in members if (cjk and cjk in p.title) or (latin and latin[0] in p.en_title)]
        if len(named) > 1 and cjk:  # "安抚摇椅": the one title holding the word and the category word together
            named = [p for p in named if cjk + text[span[0] : span[1]] in p.title]
        return named[0].id if len(named) == 1 else None

    def _compound(self, text: str, spans: list[Span]) -> tuple[str, Span] | None:
        """Two Chinese category words said as one name, the first saying what the second is for ("奶瓶消毒柜"): the one
        product of the second's category whose title holds the first word, with the span of both; else None."""
        said = sorted(spans)
        if len(said) != 2 or said[0][1] != said[1][0] or not _CJK.search(text[said[0][0] : said[1][1]]):
            return None
        modifier, head = (
            text[said[0][0] : said[0][1]],
            self._first(self.category_patterns, text[said[1][0] : said[1][1]], []),
        )
        fitting = [p.id for p in self.products if p.category == head and modifier in p.title]
        return (fitting[0], (said[0][0], said[1][1])) if len(fitting) == 1 else None

    def _joined(self, text: str, spans: list[Span]) -> tuple[str, ...]:
        """Further categories joined to the first one (冲锋衣和羽绒服), each span added."""
        found: list[str] = []
        while (name := self._first(self.category_patterns, text, spans)) is not None:
            found.append(name)
            text = _blank(text, spans)
        return tuple(found)

    def _fuzzy_category(self, text: str, spans: list[Span]) -> str | None:
        """A category misheard or mistyped: by its sound (登山章 -> 登山杖; its characters then name no product) or
        an English word close to its name."""
        heard = heard_category(list(self.category_patterns), text)
        if heard is not None:
            spans.append(heard[1])
            return heard[0]
        vocab = list(self.category_fuzzy)
        for word in en_words(text):
            if len(word) < 5 or vocabulary_word(word):
                continue
            hit = process.extractOne(word, vocab, scorer=fuzz.ratio, score_cutoff=85)
            if hit is not None and hit[1] < 100:
                return self.category_fuzzy[hit[0]]
        return None

    def _with_misspelt(self, text: str, spans: list[Span], named: tuple[str, ...]) -> tuple[str, ...]:
        """The categories `named`, with those listed beside them in a mistyped English word (a word close to one
        category's name only, joined to a named one by a comma or "and"), in the order said: one mistyped in a list
        is never left out ("sunscreen stock" lists nothing)."""
        rest = _blank(text, spans)
        misspelt: dict[str, int] = {}
        for word in _WORD.finditer(rest):
            if len(word.group()) < 5 or vocabulary_word(word.group()):
                continue
            hit = process.extractOne(stem(word.group()), list(self.category_fuzzy), scorer=fuzz.ratio, score_cutoff=85)
            gaps = (rest[e : word.start()] if e <= word.start() else rest[word.end() : s] for s, e in spans)
            listed = any(_LISTED.fullmatch(gap) for gap in gaps)
            if listed and hit is not None and hit[1] < 100 and self.category_fuzzy[hit[0]] not in named:
                misspelt.setdefault(self.category_fuzzy[hit[0]], word.start())
                spans.append(word.span())
        if not misspelt:
            return named
        at = {name: m.start() if (m := self.category_patterns[name].search(text)) else 0 for name in named}
        return tuple(sorted({**at, **misspelt}, key=lambda name: {**at, **misspelt}[name]))

    def _group(self, text: str, spans: list[Span]) -> tuple[str, ...]:
        for pattern, members in self.group_patterns.values():
            match = pattern.search(text)
            if match:
                spans.append(match.span())
                return tuple(members)
        return ()

    def _regions(self, text: str, spans: list[Span]) -> str | None:
        """Every region `text` names, comma-separated in the order said ("湖北跟湖南", "湖北+广东"), or None."""
        named: list[str] = []
        for pattern, members in self.region_groups:  # "江浙沪": each of its provinces, when the store has them all
            if (found := pattern.search(_blank(text, spans))) is not None:
                spans.append(found.span())
                named.extend(members)
        while (region := self._first(self.region_patterns, _blank(text, spans), spans)) is not None:
            named.append(region)
        return ",".join(dict.fromkeys(named)) or None

    @staticmethod
    def _first(patterns: dict[str, Pattern], text: str, spans: list[Span]) -> str | None:
        best: tuple[int, int, str, Span] | None = None
        for name, pattern in patterns.items():
            match = pattern.search(text)
            if match and (best is None or (match.start(), -len(match.group())) < (best[0], best[1])):
                best = (match.start(), -len(match.group()), name, match.span())
        if best is None:
            return None
        spans.append(best[3])
        return best[2]

    def _fuzzy_words(self, words: set[str]) -> set[str]:
        found = set()
        for word in words:
            if len(word) < 5 or word in self.en_vocab:
                continue
            hit = process.extractOne(word, self.en_vocab, scorer=fuzz.ratio, score_cutoff=85)
            if hit is not None:
                found.add(hit[0])
        return found

    @staticmethod
    def _only_newness(said: list[str]) -> bool:
        """Whether the only title words said of a product say that it is new ("new", "新款")."""
        return bool(said) and all(lexicon().single["new_product"].fullmatch(t) for t in said)

    def _beside_category(
        self, text: str, product: str, product_spans: list[Span], category: str, category_span: Span
    ) -> tuple[str, ...]:
        """A product listed beside a category word that names one product ("护膝和羊毛袜": the knee brace, the one
        product of the category 护膝 names, and the socks; "狗窝跟冰垫": the dog bed 狗窝 names in its category): the
        two products; () when they are not listed together or the word names no one product."""
        if not product_spans:
            return ()
        first, second = sorted([category_span, product_spans[0]])
        if not _LIST_JOINER.fullmatch(text[first[1] : second[0]]):
            return ()
        members = [p.id for p in self.products if p.category == category]
        named = (
            members[0] if len(members) == 1 else self._alias_member(text[category_span[0] : category_span[1]], category)
        )
        return (named, product) if named is not None and named != product else ()

    def _second_product(self, rest: str, first: str, spans: list[Span]) -> str | None:
        """Another product named right beside the one found, joined to it ("月亮椅和蛋卷桌", "the moon chair and
        the egg-roll table"); its spans are added to `spans`. None when there is none."""
        if not spans:
            return None
        left, right = min(s[0] for s in spans), max(s[1] for s in spans)
        after = re.match(rf"[^\S\n]*{_JOINED}\s*", rest[right:])
        before = re.search(rf"{_JOINED}\s*$", rest[:left])
        if after is None and before is None:
            return None
        more: list[Span] = []
        other = self._product(_blank(rest, spans), None, more)
        if other is None or other == first:
            return None
        spans.extend(more)
        return other

    def _product(
        self, text: str, category: str | None, spans: list[Span], said: str | None = None, alias: str | None = None
    ) -> str | None:
        said_words = en_words(lexicon().single["verb_not_a_name"].sub(" ", text))
        words = set(said_words) | {f"{a}-{b}" for a, b in itertools.pairwise(said_words)}  # high view
        words |= self._fuzzy_words(words)
        says_new = _says_new(text)
        said_sizes = sizes(text)
        scored: list[tuple[float, _Product]] = []
        initials = said_initials(text) if category is not None else frozenset()
        for product in self.products:
            zh_said = [t for t in product.zh_tokens if _CJK.search(t) and t in text]
            if category == product.category:  # "碳的杖子": the first character of 碳素, said for it within its family
                zh_said += [t for t in product.zh_tokens if len(t) >= 2 and t[0] in initials and t[0] not in category]
                own = product.family_tokens - product.zh_tokens - product.en_tokens  # "automatic" of feeders too
                zh_said += [t for t in own if _CJK.search(t) and t in text]
                en_said = [t for t in own if not _CJK.search(t) and t in words]
            else:  # a tag beside another family's name is about that family ("gps手表 ... 给爱跑步的人")
                zh_said += [t for t in product.tag_tokens if category is None and t in text]
                en_said = []
            latin_said = [t for t in product.zh_tokens if not _CJK.search(t) and t in words]
            en_said += [t for t in product.en_tokens if t in words]
            # before its own category word ("轻便小推车" of 轻便可登机婴儿推车) a title word names this product
            context = text if category == product.category else (said or text)
            zh_said = list(dict.fromkeys(zh_said))  # a word of its title and of its tags counts once
            zh = [t for t in zh_said if not qualifies_another(context, text.find(t) + len(t), product.title)]
            score = float(len(zh) + len(latin_said) + len(en_said) + len(product.sizes & said_sizes))
            if self._only_newness(zh_said + latin_said + en_said) and (
                (category is not None and category != product.category) or not says_new
            ):
                continue  # "a new promo for diapers", "new yr promo": "new" alone names no product there
            if alias not in (None, product.id) and set(latin_said + en_said) <= _SEASONS and not zh:
                continue  # "clearance for the cooling mats cuz it's winter now": the season names no winter cat bed
            if product.title in text:
                score += 3
            if score and category == product.category:
                score += 0.5
            if score >= 1:
                scored.append((score, product))
        if not scored:
            return None
        scored.sort(key=lambda item: item[0], reverse=True)
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None
        best = scored[0][1]
        for token in best.zh_tokens:
            start = text.find(token)
            if start >= 0:
                spans.append((start, start + len(token)))
        return best.id


_AUDIENCE_SAID = re.compile(r"(?:写给|面向|卖给|推给|适合|\bwritten for\b|\baimed at\b)[^,，。;；!！?？]*")
_SEASONS = frozenset({"winter", "summer", "spring", "autumn", "fall", "warm", "cold", "cool", "hot", "chilly"})


def _says_new(text: str) -> bool:
    """Whether the words say something is new ("new year" does not)."""
    return lexicon().single["new_product"].search(text) is not None


def _shortened(said: str, title: str, category: str) -> bool:
    """Whether `said` is the product title shortened, its characters in the title's order, led by two of the title's
    own that the category's name does not hold (蛋卷桌 of 蛋卷折叠桌; 折叠椅 stays the category's word)."""
    head = said[:2]
    if len(said) < 3 or head not in title or head in category:
        return False
    rest = iter(title[title.index(head) :])
    return all(char in rest for char in said)


def _tag_words(words: list[str]) -> set[str]:
    """The words an English tag names its product by: a one-word tag, or the pairs of a longer one ("high-view") and
    its long words ("automatic"); a short word of a phrase alone ("high", "view") is the merchant's own word too
    ("is it high?")."""
    if len(words) == 1:
        return {words[0]} if len(words[0]) >= 3 else set()
    return {f"{a}-{b}" for a, b in itertools.pairwise(words)} | {w for w in words if len(w) >= 6}
