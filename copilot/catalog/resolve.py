"""The one resolver of a merchant's words for its catalog: a product or category name, zh or en, with typos.

Stages, first hit wins: exact (id, category, title) -> alias (aliases.yaml, category groups, tags) ->
part of a title or a category -> every word in a product's text -> fuzzy spelling or same pinyin. Several
names joined by 和/与/、/,/and resolve one by one. A word names a category (a product family such as 冲锋衣)
or products (羽绒睡袋); the products of a category are all of the category's products.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from copilot.catalog import variants
from copilot.catalog.sounds import char_sound, name_sounds
from copilot.i18n import segmenter
from copilot.i18n.language import CJK as _CJK
from copilot.yaml_data import load_yaml

_WORD = re.compile(r"[a-z0-9]+(?:[-+][a-z0-9]+)*|[\u3400-\u9fff]+")
_SEPARATORS = re.compile(r"\s*(?:[,，、;；/&+]|以及|和|与|及|跟|\band\b|\bor\b|或)\s*")
_FILLERS = ("全部", "所有", "品类", "类目", "系列", "产品", "商品", "这类", "类", "们", "all ", " range", " category")
_FUZZY_CUTOFF = 85


@dataclass(frozen=True)
class CatalogItem:
    """One product as the resolver sees it; `tags` as stored (a comma-separated string) or a sequence."""

    id: str
    title: str
    title_en: str | None
    category: str
    tags: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, id: str, title: str, title_en: str | None, category: str, tags: str | Iterable[str] | None = None
    ) -> CatalogItem:
        words = tags.split(",") if isinstance(tags, str) else list(tags or [])
        return cls(str(id), str(title), title_en or None, str(category), tuple(t.strip() for t in words if t.strip()))


@dataclass(frozen=True)
class Resolution:
    """Product ids (catalog order) and, when the words name product families, their categories."""

    products: tuple[str, ...]
    categories: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return "category" if self.categories else "product"


class Unresolved(LookupError):
    """No product or category of the catalog is named by `word`; `close` lists names that look like it."""

    def __init__(self, word: str, close: list[str]) -> None:
        super().__init__(word)
        self.word = word
        self.close = close


@cache
def aliases() -> dict[str, Any]:
    """The other spellings of categories and regions, and category groups (copilot/catalog/aliases.yaml)."""
    text = resources.files("copilot.catalog").joinpath("aliases.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = load_yaml(text)
    return loaded


@cache
def _alias_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (category, re.compile(alias, re.IGNORECASE))
        for category, names in aliases()["categories"].items()
        for alias in names
    )


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxh":
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))


class _Index:
    def __init__(self, items: Sequence[CatalogItem]) -> None:
        self.items = list(items)
        self.categories = list(dict.fromkeys(p.category for p in self.items))
        self.by_category = {c: [p.id for p in self.items if p.category == c] for c in self.categories}
        self.text = {p.id: normalise(" ".join([p.title, p.title_en or "", *p.tags])) for p in self.items}

    def of_categories(self, categories: Iterable[str]) -> Resolution:
        chosen = list(dict.fromkeys(categories))
        return Resolution(tuple(p.id for p in self.items if p.category in chosen), tuple(chosen))

    def of_products(self, ids: Iterable[str]) -> Resolution:
        wanted = set(ids)
        found = tuple(p.id for p in self.items if p.id in wanted)
        for category, members in self.by_category.items():
            if len(members) > 1 and set(members) == wanted:
                return Resolution(found, (category,))
        return Resolution(found)

    def exact(self, word: str) -> Resolution | None:
        ids = [p.id for p in self.items if p.id.casefold() == word]
        if ids:
            return Resolution(tuple(ids))
        categories = [c for c in self.categories if normalise(c) == word]
        if categories:
            return self.of_categories(categories)
        titled = [p.id for p in self.items if word in (normalise(p.title), normalise(p.title_en or ""))]
        return Resolution(tuple(titled)) if titled else None

    def alias(self, word: str) -> Resolution | None:
        categories = [c for c, pattern in _alias_patterns() if c in self.by_category and pattern.fullmatch(word)]
        if categories:
            return self.of_categories(categories)
        for group in aliases().get("category_groups", {}).values():
            members = [m for m in group["members"] if m in self.by_category]
            if members and any(re.fullmatch(a, word, re.IGNORECASE) for a in group["aliases"]):
                return self.of_categories(members)
        for form in dict.fromkeys([word, _stem(word)]):
            tagged = [p.id for p in self.items if form in (normalise(t) for t in p.tags)]
            if tagged:
                return self.of_products(tagged)
        return None

    def part(self, word: str) -> Resolution | None:
        titled = [
            p.id
            for p in self.items
            if word in normalise(p.title) or (not _CJK.search(word) and _has_words(word, normalise(p.title_en or "")))
        ]
        if titled:
            return self.of_products(titled)
        categories = [c for c in self.categories if word in normalise(c)]
        if not categories:
            rest = {c: word.replace(normalise(c), "") for c in self.categories if normalise(c) in word}
            categories = [c for c, left in rest.items() if _filler(left)]
        return self.of_categories(categories) if categories else None

    def words(self, word: str) -> Resolution | None:
        words = _words(word)
        if not words:
            return None
        ids = [p.id for p in self.items if all(_has_words(w, self.text[p.id]) for w in words)]
        return self.of_products(ids) if ids else None

    def names(self) -> dict[str, str]:
        """Every spelling the fuzzy stage compares with -> the name to resolve instead."""
        names = {normalise(c): c for c in self.categories}
        for category, pattern in _alias_patterns():
            plain = pattern.pattern
            if category in self.by_category and re.fullmatch(r"[\w -]+", plain):
                names.setdefault(normalise(plain), category)
        for p in self.items:
            for name in (p.title, p.title_en or "", *p.tags):
                if name:
                    names.setdefault(normalise(name), name)
        return names

    def fuzzy(self, word: str) -> Resolution | None:
        names = self.names()
        if _CJK.search(word):
            sound = _pinyin(word)
            heard = {names[n] for n in names if _CJK.search(n) and len(n) == len(word) and _pinyin(n) == sound}
            hits = [self.resolve_one(normalise(n), loose=False) or self.part(normalise(n)) for n in sorted(heard)]
        else:
            scored = process.extract(word, list(names), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=3)
            best = [s for s in scored if s[1] == scored[0][1]] if scored else []
            hits = [self.resolve_one(normalise(names[s[0]]), loose=False) for s in best]
        found = {h for h in hits if h is not None}
        return found.pop() if len(found) == 1 else None

    def resolve_one(self, word: str, *, loose: bool = True) -> Resolution | None:
        stages = (self.exact, self.alias, self.part, self.words, self.fuzzy) if loose else (self.exact, self.alias)
        for stage in stages:
            found = stage(word)
            if found is not None:
                return found
        return None


def _filler(left: str) -> bool:
    left = left.strip()
    return not left or left in {f.strip() for f in _FILLERS}


def _words(text: str) -> list[str]:
    words: list[str] = []
    for token in _WORD.findall(text):
        cut = segmenter.lcut(token) if _CJK.search(token) else [token]
        words += [w for w in cut if len(w) > 1 or _CJK.search(w)]
    return [w for w in words if len(w) > 1]


def _has_words(word: str, text: str) -> bool:
    if _CJK.search(word):
        return word in text
    return all(re.search(rf"(?<![a-z0-9]){re.escape(_stem(w))}", text) for w in word.split())


def resolve(items: Sequence[CatalogItem], text: str) -> Resolution:
    """What `text` names in the catalog `items`. Raises Unresolved (with close names) when nothing fits."""
    index = _Index(items)
    word = normalise(text)
    if not word:
        raise Unresolved(text, [])
    parts = [p for p in _SEPARATORS.split(word) if p]
    whole = index.resolve_one(word, loose=len(parts) == 1)
    if whole is None and len(parts) == 1:  # "三人帐篷", "stage 2 formula": the name without its variant
        bare = variants.without(word)
        whole = index.resolve_one(bare) if bare and bare != word else None
    if whole is not None:
        return _of_variant(index, whole, text, word)
    if len(parts) > 1:
        found = [(part, index.resolve_one(part)) for part in parts]
        missing = [part for part, hit in found if hit is None]
        if missing:
            raise Unresolved(missing[0], close_names(items, missing[0]))
        hits = [hit for _, hit in found if hit is not None]
        products = {pid for hit in hits for pid in hit.products}
        categories = [c for hit in hits for c in hit.categories] if all(h.categories for h in hits) else []
        return Resolution(tuple(p.id for p in index.items if p.id in products), tuple(dict.fromkeys(categories)))
    raise Unresolved(text.strip(), close_names(items, word))


def _of_variant(index: _Index, found: Resolution, text: str, word: str) -> Resolution:
    """`found` narrowed to the variant `word` names ("三人帐篷": the 3-4 person tent); Unresolved, with the titles
    of the products of that kind, when none of them is of that variant ("2段奶粉" where only 1段 is sold)."""
    named = [p for p in index.items if p.id in found.products]
    narrowed = variants.narrow(variants.titles((p.id, p.title, p.title_en) for p in named), word)
    if narrowed is None or narrowed.kept == found.products:
        return found
    if narrowed.missing is not None:
        raise Unresolved(text.strip(), [p.title for p in named][:3])
    return Resolution(narrowed.kept)


_UNIT_SUFFIXES = ("ing", "ers", "er", "es", "ed", "s")


def _units(text: str, ignored: Collection[str]) -> set[str]:
    """The units a description is matched by: each Chinese character, and each English word of three letters or
    more, singular and without a crude verb suffix, cut to four letters ("dries", "drying", "dryer" are "dry")."""
    found = {ch for ch in text if _CJK.match(ch) and ch not in ignored}
    for word in re.findall(r"[a-z]{3,}", normalise(text)):
        if word in ignored:
            continue
        if word.endswith("ies") and len(word) > 4:
            found.add(word[:-3] + "y")
            continue
        suffix = next((s for s in _UNIT_SUFFIXES if word.endswith(s) and len(word) - len(s) >= 3), "")
        found.add(word[: len(word) - len(suffix)][:4])
    return found


def _plain_aliases(category: str) -> list[str]:
    return [re.sub(r"\\b|\([^()]*\)\?|[?()|\[\]\\]", " ", a) for a in aliases()["categories"].get(category, [])]


@dataclass(frozen=True)
class Described:
    """The product a description names (`products` holds one), or the best two when it names none clearly."""

    products: tuple[str, ...]

    @property
    def clear(self) -> bool:
        return len(self.products) == 1


def described(items: Sequence[CatalogItem], text: str, prefer: Collection[str] = ()) -> Described | None:
    """The product `text` describes ("头上戴的那个灯", "the thing that dries the dog with hot air"): its characters and
    words against each product's title, English title, category and the category's other names, and tags, each
    unit weighed by how few products have it. Clear when two units or more meet the best product and it leads the
    next by `described.margin` (aliases.yaml) of its score; products in `prefer` that any unit meets ("新出的那个…":
    the new ones) go first. None when no unit meets any product."""
    setting = aliases()["described"]
    ignored = {w.casefold() for w in [*aliases()["generic_title_words"], *setting["ignored"]]}
    said = _units(text, ignored)
    own = {
        p.id: _units(" ".join([p.title, p.title_en or "", p.category, *_plain_aliases(p.category), *p.tags]), ignored)
        for p in items
    }
    counts = {u: sum(u in units for units in own.values()) for u in said}
    weight = {u: math.log((len(items) + 1) / n) for u, n in counts.items() if n}
    met = {pid: [u for u in weight if u in units] for pid, units in own.items()}
    scored = sorted(((sum(weight[u] for u in m), pid) for pid, m in met.items() if m), reverse=True)
    scored = [hit for hit in scored if hit[1] in prefer] or scored
    if not scored:
        return None
    (best, pid), second = scored[0], scored[1][0] if len(scored) > 1 else 0.0
    said_enough = sum(1 if _CJK.match(u) else 2 for u in met[pid]) >= 2  # a character, or a word as two of them
    if said_enough and best - second >= setting["margin"] * best:
        return Described((pid,))
    return Described(tuple(p for _, p in scored[:2]))


def close_names(items: Sequence[CatalogItem], text: str, limit: int = 3) -> list[str]:
    """Up to `limit` titles or categories that look like `text` (for a 'did you mean' line)."""
    names = list(dict.fromkeys([*(p.category for p in items), *(p.title for p in items)]))
    names += [p.title_en for p in items if p.title_en]
    found = process.extract(normalise(text), [normalise(n) for n in names], scorer=fuzz.WRatio, limit=limit)
    return [names[i] for _, score, i in found if score >= 50]


def heard_category(categories: Sequence[str], text: str) -> tuple[str, tuple[int, int]] | None:
    """The first category whose name sounds like characters of the Chinese `text` (猫梁 -> 猫粮) and its span;
    None when no category or several sound alike there."""
    if not _CJK.search(text):
        return None
    said = [char_sound(ch) if _CJK.match(ch) else None for ch in text]
    named = [c for c in categories if len(c) >= 2 and re.fullmatch(r"[\u3400-\u9fff]+", c)]
    of_name = name_sounds(named)
    heard = {of_name[c]: c for c in named}
    for size in sorted({len(k) for k in heard}, reverse=True):
        for start in range(len(text) - size + 1):
            window = said[start : start + size]
            name = heard.get(tuple(window)) if None not in window else None  # type: ignore[arg-type]
            if name is not None and text[start : start + size] != name:
                return name, (start, start + size)
    return None
