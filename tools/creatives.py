"""``generate_creatives``: ad copy per segment scene and PNG images in the standard placements.

Target: a campaign (``campaign_id``, or by default the merchant's latest draft campaign: its plan's products and
segments), else a product (id or part of a title) or a category (all its products, as a batch). For each
product, ``count`` sets are written; set i uses the i-th scene (cycling over the campaign's segments, the given
``scene``, or the product's own scene from its tags) and differs from the others deterministically (seeded by
product, scene and index). A set is one ``copy`` creative and, with kind image|both, one ``image`` creative per
placement (square main 800x800, landscape banner 1200x628, portrait mobile 750x1334).

Copy is in the merchant's language (English for an English product or merchant) and brand voice (the brand
guide in memory picks precise | warm | playful, else neutral), from the product's own description and tags.
Every text passes ``check_ad_copy`` (tools/ad_law.yaml plus the merchant's banned words): merchant-supplied
text (scene, brand promise, product descriptions) with a banned word is reported and kept out. Copy and images
carry the product's price (the merchant's currency) and the campaign's occasion (copilot/creatives/occasion.py:
双12 in the headline where it fits, never a hook of another season).

Images are drawn by an ``ImageRenderer``: ``TemplateRenderer`` (default, Pillow, Noto Sans CJK from
manimgx-fonts-cjk, text shrunk and wrapped to fit its box; on the product's own photo when it has one,
copilot/creatives/photo.py, else a text card with the category emblem) or ``HttpImageRenderer`` (an image
service over HTTP). Files go to ``<creatives_dir>/<merchant_id>/<creative_id>_<placement>.png`` (a row's
``image_path`` is relative to the data folder); rows and one audit_log row are written in one transaction per call.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

import httpx
import yaml
from langchain.tools import ToolRuntime, tool
from PIL import Image, ImageDraw
from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.catalog.images import product_photo
from copilot.context import Context
from copilot.creatives.colour import contrast, hex_code, mix, readable
from copilot.creatives.occasion import campaign_occasion, headline, occasion_hooks
from copilot.creatives.photo import PhotoCard, render_photo_card
from copilot.creatives.text import ELLIPSIS, TextBlock, draw_block, fit_text
from copilot.i18n.money import format_money
from copilot.memory.preferences import parse_constraints
from copilot.store.models import AuditLog, Campaign, Creative, Merchant, Product
from tools.lookup import latest_campaign, merchant_campaign
from tools.result import ToolOutput, ToolRefusal

Kind = Literal["copy", "image", "both"]
Lang = Literal["zh", "en"]
RGB = tuple[int, int, int]
ProgressFn = Callable[[int, int, str], None]

HERE = Path(__file__).resolve().parent
_HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
_CJK = re.compile(r"[\u3400-\u9fff]")
_PARENS = re.compile(r"[（(][^）)]*[）)]")


# ------------------------------------------------------------------------------------------ configuration


@cache
def _config() -> dict[str, Any]:
    with (HERE / "creatives.yaml").open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))


@cache
def _ad_law_rules() -> dict[str, tuple[str, tuple[str, ...]]]:
    """rule id -> (article, words) from tools/ad_law.yaml."""
    with (HERE / "ad_law.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return {
        rule_id: (str(spec["article"]), tuple(str(w) for lang in ("zh", "en") for w in spec["words"].get(lang, [])))
        for rule_id, spec in raw["rules"].items()
    }


# ------------------------------------------------------------------------------------------ advertising law


@dataclass(frozen=True)
class Violation:
    """A banned word found in a text: the word as written, its character offset, and the rule it breaks."""

    word: str
    position: int
    rule: str


class AdLawChecker:
    """Finds banned words: tools/ad_law.yaml plus ``extra_words`` (the merchant's own, rule ``merchant``).

    Chinese words match anywhere; Latin words match whole words, case-insensitively. At one position the
    longest word wins, and matches do not overlap.
    """

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        rules: dict[str, str] = {}
        for rule_id, (article, words) in _ad_law_rules().items():
            for word in words:
                rules.setdefault(word.casefold(), f"{rule_id}: {article}")
        for word in extra_words:
            word = word.strip()
            if word:
                rules.setdefault(word.casefold(), "merchant: the merchant's own banned word")
        self._rules = rules
        alternatives = [_word_pattern(word) for word in sorted(rules, key=len, reverse=True)]
        self._pattern = re.compile("|".join(alternatives), re.IGNORECASE)

    def check(self, text: str) -> list[Violation]:
        return [
            Violation(match.group(), match.start(), self._rules[match.group().casefold()])
            for match in self._pattern.finditer(text)
        ]

    def scrub(self, text: str) -> str:
        """``text`` with every banned word deleted (repeated until nothing banned is left) and tidied."""
        for _ in range(8):
            if not self.check(text):
                break
            text = self._pattern.sub("", text)
        text = re.sub(r"\s{2,}", " ", text)
        text = re.sub(r"^[\s，。、；：！？,.;:!?|｜-]+|[\s，、；：,;:|｜-]+$", "", text)
        if self.check(text):
            raise RuntimeError(f"could not remove banned words from {text!r}")
        return text


def _word_pattern(word: str) -> str:
    escaped = re.escape(word)
    if _CJK.search(word):
        return escaped
    return rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])"


@lru_cache(maxsize=64)
def _checker(extra_words: tuple[str, ...] = ()) -> AdLawChecker:
    return AdLawChecker(extra_words)


def check_ad_copy(text: str, extra_words: Iterable[str] = ()) -> list[Violation]:
    """The banned words of the PRC Advertising Law (tools/ad_law.yaml) and of ``extra_words`` in ``text``,
    in order, each with its position and rule. [] means the text is clean."""
    return _checker(tuple(sorted(set(extra_words)))).check(text)


@dataclass(frozen=True)
class InputViolation:
    """Merchant-supplied text that was kept out of the creatives because of banned words."""

    source: str
    text: str
    violations: tuple[Violation, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "text": self.text,
            "violations": [{"word": v.word, "position": v.position, "rule": v.rule} for v in self.violations],
        }


# ------------------------------------------------------------------------------------------ brand


@dataclass(frozen=True)
class Brand:
    """What the creatives take from the merchant: name, colours, voice, promise, banned words."""

    name: str
    primary: RGB
    accent: RGB
    voice: str
    promise: str | None
    banned_words: tuple[str, ...]
    colour_source: str


def parse_colour(value: str) -> RGB | None:
    """An RGB triple from ``#RRGGBB`` or a colour name of creatives.yaml (zh or en, "墨绿色" too)."""
    value = value.strip()
    if _HEX.fullmatch(value):
        return _hex_rgb(value)
    names = {str(k).casefold(): str(v) for k, v in _config()["colours"].items()}
    key = value.casefold().removesuffix("色")
    return _hex_rgb(names[key]) if key in names else None


def _hex_rgb(value: str) -> RGB:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _guide_colour(passages: Sequence[str], role: str) -> RGB | None:
    """The first colour (hex value or known name) written within the window after the role's word."""
    brand = _config()["brand_guide"]
    role_pattern = re.compile(brand["colour_roles"][role], re.IGNORECASE)
    names = sorted((str(k) for k in _config()["colours"]), key=len, reverse=True)
    token = re.compile(_HEX.pattern + "|" + "|".join(_word_pattern(name) for name in names), re.IGNORECASE)
    for passage in passages:
        for match in role_pattern.finditer(passage):
            window = passage[match.end() : match.end() + int(brand["colour_window"])]
            found = token.search(window)
            if found and (rgb := parse_colour(found.group())):
                return rgb
    return None


def _voice(passages: Sequence[str]) -> str:
    text = " ".join(passages).casefold()
    scores = {
        name: sum(text.count(str(word).casefold()) for word in spec["keywords"])
        for name, spec in _config()["voices"].items()
    }
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] > 0 else "neutral"


def _vertical(category: str) -> dict[str, Any]:
    verticals = _config()["verticals"]
    for spec in verticals.values():
        if category in spec["categories"]:
            return dict(spec)
    return dict(verticals["default"])


@dataclass(frozen=True)
class BrandMemory:
    """What the merchant's memory says about the brand: remembered constraints and brand-guide passages."""

    constraints: dict[str, Any]
    guide: dict[str, list[str]]

    @classmethod
    def read(cls, ctx: Context) -> BrandMemory:
        """Constraints and the passages found for each brand-guide query (empty without memory)."""
        if ctx.memory is None:
            return cls({}, {})
        queries: dict[str, str] = _config()["brand_guide"]["queries"]
        guide = {key: [hit.text for hit in ctx.memory.search(ctx.merchant_id, q, 3)] for key, q in queries.items()}
        return cls(dict(ctx.memory.constraints(ctx.merchant_id)), guide)


def _brand(merchant: Merchant, category: str, memory: BrandMemory, inputs: list[InputViolation]) -> Brand:
    """The merchant's brand: constraints first, then the brand guide in memory, then vertical defaults."""
    vertical = _vertical(category)
    constraints, guide = memory.constraints, memory.guide
    banned = list(constraints.get("banned_words", []))
    banned += [w for w in parse_constraints(guide.get("banned", [])).get("banned_words", []) if w not in banned]

    primary: RGB | None = None
    source = "default"
    if constraints.get("brand_color"):
        primary = parse_colour(str(constraints["brand_color"]))
        source = "constraint" if primary else source
    if primary is None and (primary := _guide_colour(guide.get("colour", []), "primary")):
        source = "brand guide"
    accent = _guide_colour(guide.get("colour", []), "accent") or _hex_rgb(vertical["accent"])

    checker = _checker(tuple(sorted(set(banned))))
    promise = None
    promise_pattern = re.compile(_config()["brand_guide"]["promise"], re.IGNORECASE)
    for passage in guide.get("promise", []):
        if found := promise_pattern.search(passage):
            candidate = found.group("value").strip()
            if violations := checker.check(candidate):
                inputs.append(InputViolation("brand guide: brand promise", candidate, tuple(violations)))
            else:
                promise = candidate
            break
    return Brand(
        name=merchant.name,
        primary=primary or _hex_rgb(vertical["primary"]),
        accent=accent,
        voice=_voice(guide.get("voice", [])),
        promise=promise,
        banned_words=tuple(banned),
        colour_source=source,
    )


# ------------------------------------------------------------------------------------------ targets


@dataclass(frozen=True)
class ProductInfo:
    id: str
    title: str
    title_en: str | None
    category: str
    tags: tuple[str, ...]
    description: str | None
    price: Decimal = Decimal(0)
    image_path: str | None = None

    @classmethod
    def of(cls, row: Product) -> ProductInfo:
        tags = tuple(t.strip() for t in (row.tags or "").split(",") if t.strip())
        return cls(row.id, row.title, row.title_en, row.category, tags, row.description, row.price, row.image_path)


@dataclass(frozen=True)
class SceneRef:
    """A scene to write for: its text as given (segment name or scene argument) and the segment it names."""

    text: str
    segment_id: str | None = None


@dataclass
class Target:
    campaign_id: str | None
    products: list[ProductInfo]
    scenes: list[SceneRef]
    dropped: int = 0
    plan: dict[str, Any] | None = None  # the campaign's, for its occasion
    day: date | None = None  # the campaign's event day, else its first day


def _plan_product_ids(plan: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    for item in plan.get("products") or []:
        value = item.get("id") or item.get("product_id") if isinstance(item, dict) else item
        if value and str(value) not in ids:
            ids.append(str(value))
    return ids


GENERIC_SEGMENT_KEYS = {"campaign_visitors"}


def _plan_scenes(plan: dict[str, Any], lang: Lang) -> list[SceneRef]:
    scenes: list[SceneRef] = []
    for item in plan.get("segments") or []:
        if isinstance(item, str):
            scenes.append(SceneRef(item))
            continue
        if not isinstance(item, dict) or item.get("key") in GENERIC_SEGMENT_KEYS:
            continue  # an audience of a campaign's own visitors names no scene to write copy for
        name = item.get("name") or item.get("scene") or item.get("label")
        if isinstance(name, dict):
            name = name.get(lang) or next(iter(name.values()), None)
        if name:
            scenes.append(SceneRef(str(name), str(item["segment_id"]) if item.get("segment_id") else None))
    return scenes


def _merchant_products(session: Session, merchant_id: str) -> list[Product]:
    return list(session.scalars(select(Product).where(Product.merchant_id == merchant_id).order_by(Product.id)))


def _match_products(products: list[Product], text: str) -> list[Product]:
    """An exact id, else every product whose zh or en title contains ``text``; unknown -> ToolRefusal."""
    wanted = text.strip()
    if not wanted:
        raise ToolRefusal("product is empty: give a product id or part of its title")
    exact = [p for p in products if p.id == wanted]
    if exact:
        return exact
    needle = wanted.casefold()
    found = [p for p in products if needle in p.title.casefold() or needle in (p.title_en or "").casefold()]
    if found:
        return found
    names = {p.id: f"{p.id} {p.title} {p.title_en or ''}" for p in products}
    close = process.extract(wanted, names, scorer=fuzz.WRatio, limit=5)
    titles = {p.id: p.title for p in products}
    raise ToolRefusal(
        f"no product of this store matches {wanted!r}. Close titles: "
        + "; ".join(f"{titles[key]} ({key})" for _, _, key in close)
    )


def _match_category(products: list[Product], text: str) -> list[Product]:
    wanted = text.strip().casefold()
    categories = sorted({p.category for p in products})
    exact = [c for c in categories if c.casefold() == wanted]
    chosen = exact or [c for c in categories if wanted and (wanted in c.casefold() or c.casefold() in wanted)]
    if not chosen:
        raise ToolRefusal(f"no category matches {text!r}; this store's categories are: {', '.join(categories)}")
    return [p for p in products if p.category in chosen]


def _resolve_target(
    session: Session,
    merchant_id: str,
    lang: Lang,
    *,
    product: str | None,
    category: str | None,
    campaign_id: str | None,
) -> Target:
    """Products and scenes to write for (precedence: campaign_id, product, category, latest draft)."""
    products = _merchant_products(session, merchant_id)
    by_id = {p.id: p for p in products}
    campaign: Campaign | None = None
    if campaign_id:
        campaign = merchant_campaign(session, merchant_id, campaign_id)
    chosen: list[Product]
    if product:
        chosen = _match_products(products, product)
    elif category:
        chosen = _match_category(products, category)
    else:
        campaign = campaign or latest_campaign(session, merchant_id, status="draft")
        if campaign is None:
            raise ToolRefusal(
                "there is no draft campaign to write creatives for: name a product or a category "
                "(or draft a campaign first)"
            )
        plan = campaign.plan or {}
        chosen = [by_id[i] for i in _plan_product_ids(plan) if i in by_id]
        if not chosen and plan.get("category"):
            chosen = _match_category(products, str(plan["category"]))
        if not chosen:
            raise ToolRefusal(f"campaign {campaign.id!r} names no product of this store: name a product or category")
    scenes = _plan_scenes(campaign.plan or {}, lang) if campaign else []
    limit = int(_config()["limits"]["max_products"])
    event_day = (campaign.plan or {}).get("event_day") if campaign else None
    return Target(
        campaign_id=campaign.id if campaign else None,
        products=[ProductInfo.of(p) for p in chosen[:limit]],
        scenes=scenes,
        dropped=max(0, len(chosen) - limit),
        plan=campaign.plan if campaign else None,
        day=date.fromisoformat(event_day) if event_day else campaign.start_date if campaign else None,
    )


# ------------------------------------------------------------------------------------------ copy


@dataclass(frozen=True)
class AdCopy:
    """One copy variant. ``text`` is what a creatives row stores and the model reads."""

    product_id: str
    lang: Lang
    scene: str
    scene_key: str
    title: str
    points: tuple[str, ...]
    cta: str
    promise: str | None = None
    occasion: str | None = None
    price: str | None = None

    @property
    def offer(self) -> str:
        """The occasion and the price on one line ("双12 · ¥89.00"), or ""."""
        return " · ".join(filter(None, (self.occasion, self.price)))

    @property
    def text(self) -> str:
        bullet = _config()["texts"]["point_bullet"][self.lang]
        lines = [self.title, *(bullet + p for p in self.points), *filter(None, [self.offer]), self.cta]
        if self.promise:
            lines.append(self.promise)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "points": list(self.points),
            "cta": self.cta,
            "promise": self.promise,
            "occasion": self.occasion,
            "price": self.price,
            "scene": self.scene,
            "lang": self.lang,
        }


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def _language(merchant: Merchant, product: ProductInfo) -> Lang:
    return "zh" if has_cjk(merchant.name) and has_cjk(product.title) else "en"


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big")


def _scene_key(text: str) -> str | None:
    """The creatives.yaml scene whose longest name occurs in ``text``."""
    folded = text.casefold()
    best: tuple[int, str] | None = None
    for key, spec in _config()["scenes"].items():
        for name in spec["names"]:
            if str(name).casefold() in folded and (best is None or len(str(name)) > best[0]):
                best = (len(str(name)), key)
    return best[1] if best else None


def _product_scene(product: ProductInfo) -> str | None:
    """The first of the product's tags naming a scene, else the first scene with a category word
    in its category or title."""
    for tag in product.tags:
        if key := _scene_key(tag):
            return key
    where = f"{product.category} {product.title}"
    for key, spec in _config()["scenes"].items():
        if any(str(word) in where for word in spec.get("category_words", [])):
            return key
    return None


@dataclass(frozen=True)
class _SceneChoice:
    key: str
    label: str
    hooks: tuple[str, ...]
    segment_id: str | None


def _scene_choice(
    ref: SceneRef | None, product: ProductInfo, lang: Lang, checker: AdLawChecker, inputs: list[InputViolation]
) -> _SceneChoice:
    """The scene's hooks and label; a scene text with a banned word is reported and not used as a label."""
    scenes, generic = _config()["scenes"], _config()["generic"]
    text = ref.text.strip() if ref else ""
    if text and (violations := checker.check(text)):
        inputs.append(InputViolation("scene", text, tuple(violations)))
        text = ""
    key = _scene_key(text) if text else None
    key = key or (None if text else _product_scene(product))
    segment_id = ref.segment_id if ref else None
    if key:
        spec = scenes[key]
        short = bool(text) and len(text) <= (10 if lang == "zh" else 30)
        label = text if short else spec["label"][lang]
        return _SceneChoice(key, label, tuple(spec["hooks"][lang]), segment_id)
    if text and len(text) <= (10 if lang == "zh" else 30):
        custom = generic["custom_hook"][lang].format(scene=text)
        return _SceneChoice(f"custom:{text}", text, (custom, *generic["hooks"][lang]), segment_id)
    return _SceneChoice("generic", generic["label"][lang], tuple(generic["hooks"][lang]), segment_id)


def _short_name(product: ProductInfo, lang: Lang, checker: AdLawChecker) -> str:
    title = product.title if lang == "zh" or not product.title_en else product.title_en
    name = _PARENS.sub("", title).strip() or title
    return checker.scrub(name)


def _description(product: ProductInfo, lang: Lang) -> str:
    """The description in ``lang``: the demo stores "zh\\nen"; a single-language text serves its language."""
    lines = [line.strip() for line in (product.description or "").splitlines() if line.strip()]
    for line in lines:
        if has_cjk(line) == (lang == "zh"):
            return line
    return ""


def _selling_points(
    product: ProductInfo, lang: Lang, voice: str, checker: AdLawChecker, inputs: list[InputViolation]
) -> tuple[list[str], str | None]:
    """(description clauses within the length limits, concrete ones first for a precise voice; the product's
    own tags joined as one more point, or None). Clauses with a banned word are reported and skipped."""
    low, high = _config()["limits"]["point_chars"][lang]
    clauses: list[str] = []
    for clause in re.split(_config()["clause_split"][lang], _description(product, lang)):
        clause = clause.strip()
        if not clause:
            continue
        if violations := checker.check(clause):
            inputs.append(InputViolation(f"product {product.id} description", clause, tuple(violations)))
            continue
        clause = clause[0].upper() + clause[1:] if lang == "en" else clause
        if low <= len(clause) <= high and clause not in clauses:
            clauses.append(clause)
    if voice == "precise":
        clauses.sort(key=lambda p: not re.search(r"\d", p))
    skip = {product.category.casefold()} | {
        str(n).casefold() for spec in _config()["scenes"].values() for n in spec["names"]
    }
    tags = [
        t for t in product.tags if has_cjk(t) == (lang == "zh") and t.casefold() not in skip and not checker.check(t)
    ][:3]
    tag_point = _config()["texts"]["tag_point"][lang].format(tags=" · ".join(tags)) if tags else None
    return clauses, tag_point


def write_copy(
    product: ProductInfo,
    scene: _SceneChoice,
    index: int,
    *,
    lang: Lang,
    brand: Brand,
    checker: AdLawChecker,
    inputs: list[InputViolation],
) -> AdCopy:
    """Variant ``index`` of the copy for ``product`` in ``scene``: deterministic in (product, scene, index),
    title within the language's limit, 2-3 selling points, a call to action; never a banned word."""
    config = _config()
    voice = config["voices"][brand.voice]
    seed = _seed(product.id, scene.key, lang, brand.voice)
    templates: list[str] = voice["titles"][lang]
    ctas: list[str] = voice["ctas"][lang]
    hooks = scene.hooks
    hook = hooks[(seed + index) % len(hooks)]
    first_template = (seed // 7 + index) % len(templates)
    cta = ctas[(seed // 11 + index) % len(ctas)]

    clauses, tag_point = _selling_points(product, lang, brand.voice, checker, inputs)
    low, high = config["limits"]["points"]
    if clauses:
        shift = index % len(clauses)
        clauses = clauses[shift:] + clauses[:shift]
    candidates = clauses + ([tag_point] if tag_point else [])
    point_allowed = bool(clauses) and len(candidates) > low
    name = _short_name(product, lang, checker)
    limit = int(config["limits"]["title_chars"][lang])
    title = name if len(name) <= limit else name[: limit - 1] + ELLIPSIS
    used_point = False
    for step in range(len(templates)):
        template = templates[(first_template + step) % len(templates)]
        if "{point}" in template and not point_allowed:
            continue
        filled = template.format(
            name=name, hook=hook, scene=scene.label, category=product.category, point=clauses[0] if clauses else ""
        )
        if len(filled) <= limit:
            title, used_point = filled, "{point}" in template
            break
    points = candidates[1:] if used_point else candidates
    copy = AdCopy(
        product_id=product.id,
        lang=lang,
        scene=scene.label,
        scene_key=scene.key,
        title=checker.scrub(title),
        points=tuple(checker.scrub(p) for p in points[:high]),
        cta=checker.scrub(cta),
        promise=brand.promise,
    )
    if checker.check(copy.text):
        raise RuntimeError(f"generated copy kept a banned word: {copy.text!r}")
    return copy


# ------------------------------------------------------------------------------------------ rendering


@dataclass(frozen=True)
class ImageSpec:
    """What an image shows: placement and pixel size, the copy, brand name and colours, emblem, prompt."""

    placement: str
    width: int
    height: int
    copy: AdCopy
    brand_name: str
    primary: RGB
    accent: RGB
    emblem: str
    category: str
    photo: Path | None = None  # the product's own photo: drawn on it, else a text card

    @property
    def prompt(self) -> str:
        """A text prompt for an image-generation service."""
        return (
            f"{self.placement} e-commerce ad image, {self.width}x{self.height} px, product category "
            f"{self.category}, scene {self.copy.scene}. Headline: {self.copy.title}. Selling points: "
            f"{'; '.join(self.copy.points)}. Call to action: {self.copy.cta}. Brand {self.brand_name}, main "
            f"colour #{hex_code(self.primary)}, accent #{hex_code(self.accent)}. Render the Chinese text exactly."
            + "".join(f" {k}: {v}." for k, v in (("Occasion", self.copy.occasion), ("Price", self.copy.price)) if v)
        )


class ImageRenderer(Protocol):
    """Draws one image for ``spec`` into ``path`` (a PNG of spec.width x spec.height) and returns ``path``."""

    def render(self, spec: ImageSpec, path: Path) -> Path: ...


class ImageBackendError(RuntimeError):
    """The image service failed (unreachable, timed out, an error status, or not a PNG of the right size)."""


def _emblem_for(category: str) -> str:
    for rule in _config()["category_emblems"]:
        if any(word in category for word in rule["match"]):
            return str(rule["emblem"])
    return str(_vertical(category)["emblem"])


@dataclass(frozen=True)
class Layout:
    """Where everything of one image goes (pixel boxes) and its text blocks: what the renderer draws."""

    panel: tuple[int, int, int, int]
    emblem: tuple[int, int, int, int]
    blocks: dict[str, TextBlock] = field(default_factory=dict)
    cta_button: tuple[int, int, int, int] = (0, 0, 0, 0)


class TemplateRenderer:
    """The default renderer: a Pillow template per placement (creatives.yaml ``placements``), no network."""

    def layout(self, spec: ImageSpec) -> Layout:
        """The pixel boxes and fitted text of ``spec``'s placement; every text block lies inside its box."""
        plan = _config()["placements"][spec.placement]
        w, h = spec.width, spec.height

        def px(box: Sequence[float]) -> tuple[int, int, int, int]:
            return round(box[0] * w), round(box[1] * h), round(box[2] * w), round(box[3] * h)

        blocks: dict[str, TextBlock] = {}
        bullet, offer = _config()["texts"]["point_bullet"][spec.copy.lang], spec.copy.offer
        points = spec.copy.points[: int(plan["points"]["lines"]) - 1] if offer else spec.copy.points
        texts = {
            "brand": [spec.brand_name],
            "title": [spec.copy.title],
            "points": [bullet + p for p in points] + ([offer] if offer else []),
        }
        for role, paragraphs in texts.items():
            area = plan[role]
            options = [paragraphs]
            if role == "title":
                parts = [p.strip() for p in re.split(_config()["title_breaks"], spec.copy.title) if p.strip()]
                options = [parts, paragraphs] if len(parts) > 1 else options
            fitted = [
                fit_text(
                    option,
                    px(area["box"]),
                    max_size=int(area["max"]),
                    min_size=int(area["min"]),
                    weight=int(area["weight"]),
                    max_lines=int(area["lines"]),
                )
                for option in options
            ]
            blocks[role] = _best_block(fitted, options)
        button = px(plan["cta"]["box"])
        pad_x = round((button[3] - button[1]) * 0.45)
        pad_y = round((button[3] - button[1]) * 0.12)
        inner = (button[0] + pad_x, button[1] + pad_y, button[2] - pad_x, button[3] - pad_y)
        area = plan["cta"]
        blocks["cta"] = fit_text(
            [spec.copy.cta],
            inner,
            max_size=min(int(area["max"]), inner[3] - inner[1]),
            min_size=int(area["min"]),
            weight=int(area["weight"]),
            max_lines=1,
            line_spacing=1.0,
        )
        return Layout(panel=px(plan["panel"]), emblem=px(plan["emblem"]), blocks=blocks, cta_button=button)

    def render(self, spec: ImageSpec, path: Path) -> Path:
        if spec.photo is not None:
            return render_photo_card(_photo_card(spec, spec.photo), path)
        layout = self.layout(spec)
        light = mix(spec.primary, (255, 255, 255), 0.9)
        image = Image.new("RGB", (spec.width, spec.height), spec.primary)
        draw = ImageDraw.Draw(image)
        draw.rectangle(layout.panel, fill=light)
        _draw_emblem(draw, spec, layout.emblem, light)
        colours = {
            "brand": readable(spec.primary, (255, 255, 255)),
            "title": readable(light, spec.primary),
            "points": readable(light, (51, 51, 51)),
        }
        for role, colour in colours.items():
            draw_block(draw, layout.blocks[role], colour)
        button = layout.cta_button
        draw.rounded_rectangle(button, radius=(button[3] - button[1]) // 2, fill=spec.accent)
        cta = layout.blocks["cta"]
        cta_colour = readable(spec.accent, (255, 255, 255))
        font = cta.font
        for line in cta.lines:
            centre = ((button[0] + button[2]) / 2, (button[1] + button[3]) / 2)
            draw.text(centre, line, font=font, fill=cta_colour, anchor="mm")
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, format="PNG")
        return path


def _photo_card(spec: ImageSpec, photo: Path) -> PhotoCard:
    copy, bullet = spec.copy, _config()["texts"]["point_bullet"][spec.copy.lang]
    return PhotoCard(spec.placement, spec.width, spec.height, photo, copy.title, copy.points, copy.cta, copy.price,
                     copy.occasion, spec.brand_name, spec.primary, spec.accent, bullet)  # fmt: skip


def _best_block(fitted: list[TextBlock], options: list[list[str]]) -> TextBlock:
    """The first option whose paragraphs each keep to one line without cuts, else the largest fit."""
    for block, option in zip(fitted, options, strict=True):
        if not block.truncated and len(block.lines) == len(option) and len(option) > 1:
            return block
    return max(fitted, key=lambda block: (not block.truncated, block.size))


def _draw_emblem(draw: ImageDraw.ImageDraw, spec: ImageSpec, box: tuple[int, int, int, int], light: RGB) -> None:
    """The category emblem inside a light disc centred in ``box`` (shapes from creatives.yaml ``emblems``)."""
    side = min(box[2] - box[0], box[3] - box[1])
    left = box[0] + (box[2] - box[0] - side) // 2
    top = box[1] + (box[3] - box[1] - side) // 2
    draw.ellipse((left, top, left + side, top + side), fill=light)
    inset = side * 0.2
    unit = side - 2 * inset
    primary = spec.primary if contrast(spec.primary, light) >= 1.6 else mix(spec.primary, (0, 0, 0), 0.3)
    fills = {"primary": primary, "accent": spec.accent, "light": light}

    def point(xy: Sequence[float]) -> tuple[float, float]:
        return left + inset + xy[0] * unit, top + inset + xy[1] * unit

    for shape in _config()["emblems"][spec.emblem]:
        fill = fills[shape["fill"]]
        if "polygon" in shape:
            draw.polygon([point(p) for p in shape["polygon"]], fill=fill)
        elif "ellipse" in shape:
            x0, y0, x1, y1 = shape["ellipse"]
            draw.ellipse((*point((x0, y0)), *point((x1, y1))), fill=fill)
        elif "rectangle" in shape:
            x0, y0, x1, y1 = shape["rectangle"]
            draw.rectangle((*point((x0, y0)), *point((x1, y1))), fill=fill)
        elif "line" in shape:
            draw.line([point(p) for p in shape["line"]], fill=fill, width=max(1, round(shape["width"] * unit)))


class HttpImageRenderer:
    """Images from an image-generation service: POST JSON {prompt, width, height, placement, copy (with the
    occasion and price), colours, photo_png_base64 (the product's photo, or null)} to ``url``; the answer must
    be a PNG of the requested size, saved as is. Failures raise ImageBackendError naming the service and the
    cause."""

    def __init__(self, client: httpx.Client, url: str, *, timeout_s: float = 60.0) -> None:
        self.client = client
        self.url = url
        self.timeout = httpx.Timeout(timeout_s, connect=min(10.0, timeout_s))

    def render(self, spec: ImageSpec, path: Path) -> Path:
        body = {
            "prompt": spec.prompt,
            "width": spec.width,
            "height": spec.height,
            "placement": spec.placement,
            "copy": spec.copy.as_dict(),
            "colours": {"primary": f"#{hex_code(spec.primary)}", "accent": f"#{hex_code(spec.accent)}"},
            "photo_png_base64": base64.b64encode(spec.photo.read_bytes()).decode() if spec.photo else None,
        }
        try:
            response = self.client.post(self.url, json=body, timeout=self.timeout)
            response.raise_for_status()
        except httpx.TimeoutException as exc:
            raise ImageBackendError(f"image service {self.url} timed out ({type(exc).__name__})") from exc
        except httpx.HTTPStatusError as exc:
            raise ImageBackendError(
                f"image service {self.url} answered HTTP {exc.response.status_code}: {exc.response.text[:200]}"
            ) from exc
        except httpx.HTTPError as exc:
            raise ImageBackendError(f"image service {self.url} unreachable: {exc}") from exc
        content = response.content
        try:
            with Image.open(io.BytesIO(content)) as image:
                image_format, size = image.format, image.size
        except OSError as exc:
            raise ImageBackendError(f"image service {self.url} did not return an image") from exc
        if image_format != "PNG" or size != (spec.width, spec.height):
            raise ImageBackendError(
                f"image service {self.url} returned a {image_format} of {size[0]}x{size[1]}, "
                f"expected a PNG of {spec.width}x{spec.height}"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path


# ------------------------------------------------------------------------------------------ the tool


@dataclass
class _Written:
    rows: list[Creative] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    sets: list[dict[str, Any]] = field(default_factory=list)


def _validate(count: int, kind: str) -> None:
    limit = int(_config()["limits"]["max_count"])
    if not 1 <= count <= limit:
        raise ToolRefusal(f"count must be between 1 and {limit} copy variants")
    if kind not in ("copy", "image", "both"):
        raise ToolRefusal("kind must be copy, image or both")


def _product_sets(
    ctx: Context,
    product: ProductInfo,
    *,
    target: Target,
    scene: str | None,
    count: int,
    kind: Kind,
    merchant: Merchant,
    memory: BrandMemory,
    renderer: ImageRenderer,
    inputs: list[InputViolation],
    out: _Written,
) -> None:
    """Write ``count`` sets for one product: copy rows, and image files plus rows for each placement."""
    lang = _language(merchant, product)
    brand = _brand(merchant, product.category, memory, inputs)
    checker = _checker(tuple(sorted(set(brand.banned_words))))
    refs: list[SceneRef | None] = [SceneRef(scene)] if scene else list(target.scenes) or [None]
    now = ctx.clock.now()
    occasion = campaign_occasion(target.plan, target.day or now.date(), lang)
    choices = [_scene_choice(ref, product, lang, checker, inputs) for ref in refs]
    choices = [replace(c, hooks=occasion_hooks(occasion, c.hooks, c.label, lang)) for c in choices]
    price = format_money(product.price, merchant.currency, lang)
    photo = product_photo(ctx.settings.data_dir, product.image_path)
    seen: dict[str, int] = {}
    folder = ctx.settings.creatives_dir / ctx.merchant_id
    for number in range(count):
        choice = choices[number % len(choices)]
        index = seen.get(choice.key, 0)
        seen[choice.key] = index + 1
        copy = write_copy(product, choice, index, lang=lang, brand=brand, checker=checker, inputs=inputs)
        limit = int(_config()["limits"]["title_chars"][lang])
        title = headline(copy.title, _short_name(product, lang, checker), occasion, limit, lang)
        copy = replace(copy, title=title, occasion=occasion.label, price=price)
        entry: dict[str, Any] = {
            "product_id": product.id,
            "product": product.title,
            "segment_id": choice.segment_id,
            "variant": index,
            "copy": copy.as_dict(),
            "text": copy.text,
            "brand": {
                "primary": f"#{hex_code(brand.primary)}",
                "accent": f"#{hex_code(brand.accent)}",
                "colour_source": brand.colour_source,
                "voice": brand.voice,
            },
            "images": [],
            "photo": photo is not None,
        }
        if kind in ("copy", "both"):
            row = _row(ctx, target, product, "copy", copy.text, now)
            out.rows.append(row)
            entry["copy_id"] = row.id
        if kind in ("image", "both"):
            for placement, spec in _config()["placements"].items():
                row = _row(ctx, target, product, "image", copy.text, now)
                path = folder / f"{row.id}_{placement}.png"
                image = ImageSpec(
                    placement=placement,
                    width=int(spec["size"][0]),
                    height=int(spec["size"][1]),
                    copy=copy,
                    brand_name=brand.name,
                    primary=brand.primary,
                    accent=brand.accent,
                    emblem=_emblem_for(product.category),
                    category=product.category,
                    photo=photo,
                )
                out.files.append(path)
                renderer.render(image, path)
                row.image_path = path.relative_to(ctx.settings.data_dir).as_posix()
                out.rows.append(row)
                entry["images"].append(
                    {"id": row.id, "placement": placement, "path": str(path), "size": [image.width, image.height]}
                )
        out.sets.append(entry)


def _row(ctx: Context, target: Target, product: ProductInfo, kind: str, text: str, now: datetime) -> Creative:
    return Creative(
        id=f"cr_{uuid.uuid4().hex[:16]}",
        merchant_id=ctx.merchant_id,
        campaign_id=target.campaign_id,
        product_id=product.id,
        kind=kind,
        text=text,
        image_path=None,
        created_at=now,
    )


def run_generate_creatives(
    ctx: Context,
    *,
    count: int = 3,
    kind: Kind = "both",
    product: str | None = None,
    category: str | None = None,
    campaign_id: str | None = None,
    scene: str | None = None,
    renderer: ImageRenderer | None = None,
    progress: ProgressFn | None = None,
) -> ToolOutput:
    """Write creatives for ctx.merchant_id (see the module contract) and save them with one audit row.

    ``progress(done, total, product_title)`` is called after each product. Raises ToolRefusal for a count
    outside 1-10, an unknown product/category/campaign (or another merchant's), no target at all, or an
    image service failure (nothing is saved then).
    """
    _validate(count, kind)
    renderer = renderer or TemplateRenderer()
    inputs: list[InputViolation] = []
    out = _Written()
    with ctx.store.session() as session:
        merchant = session.get(Merchant, ctx.merchant_id)
        if merchant is None:
            raise ToolRefusal(f"merchant {ctx.merchant_id!r} not found")
        lang: Lang = "zh" if has_cjk(merchant.name) else "en"
        target = _resolve_target(
            session, ctx.merchant_id, lang, product=product, category=category, campaign_id=campaign_id
        )
    memory = BrandMemory.read(ctx)
    try:
        for done, item in enumerate(target.products, start=1):
            _product_sets(
                ctx,
                item,
                target=target,
                scene=scene,
                count=count,
                kind=kind,
                merchant=merchant,
                memory=memory,
                renderer=renderer,
                inputs=inputs,
                out=out,
            )
            if progress:
                progress(done, len(target.products), item.title)
        _save(ctx, out, target, count=count, kind=kind, inputs=inputs)
    except BaseException as exc:
        for path in out.files:
            path.unlink(missing_ok=True)
        if isinstance(exc, ImageBackendError):
            raise ToolRefusal(f"image generation failed, nothing was saved: {exc}") from exc
        raise
    return _output(out, target, inputs, lang, kind)


def _save(ctx: Context, out: _Written, target: Target, *, count: int, kind: str, inputs: list[InputViolation]) -> None:
    with ctx.store.session() as session:
        session.add_all(out.rows)
        session.add(
            AuditLog(
                merchant_id=ctx.merchant_id,
                actor=ctx.actor,
                action="generate_creatives",
                detail={
                    "campaign_id": target.campaign_id,
                    "products": [p.id for p in target.products],
                    "count": count,
                    "kind": kind,
                    "creatives": [row.id for row in out.rows],
                    "input_violations": [v.as_dict() for v in _unique(inputs)],
                },
                created_at=ctx.clock.now(),
            )
        )


def _unique(inputs: list[InputViolation]) -> list[InputViolation]:
    return list(dict.fromkeys(inputs))


def _output(out: _Written, target: Target, inputs: list[InputViolation], lang: Lang, kind: str) -> ToolOutput:
    header = _config()["texts"]["output_header"][lang].format(sets=len(out.sets), products=len(target.products))
    lines = [header]
    for number, entry in enumerate(out.sets, start=1):
        lines.append(f"[{number}] {entry['product_id']} · {entry['copy']['scene']}")
        if kind in ("copy", "both"):
            lines.extend("    " + line for line in entry["text"].splitlines())
        for image in entry["images"]:
            lines.append(f"    {image['placement']} {image['size'][0]}x{image['size'][1]}: {image['path']}")
    unique = _unique(inputs)
    for item in unique:
        words = ", ".join(f"{v.word!r} ({v.rule.split(':')[0]})" for v in item.violations)
        lines.append(f"Kept out ({item.source}): {item.text!r} has banned word(s) {words}")
    if target.dropped:
        lines.append(f"Only the first {len(target.products)} products were done; {target.dropped} more remain.")
    payload = {
        "campaign_id": target.campaign_id,
        "products": [p.id for p in target.products],
        "sets": out.sets,
        "creatives": [
            {
                "id": row.id,
                "kind": row.kind,
                "product_id": row.product_id,
                "campaign_id": row.campaign_id,
                "text": row.text,
                "image_path": row.image_path,
            }
            for row in out.rows
        ],
        "input_violations": [item.as_dict() for item in unique],
        "products_not_done": target.dropped,
    }
    return ToolOutput("\n".join(lines), payload)


@tool("generate_creatives", response_format="content_and_artifact", parse_docstring=True)
def generate_creatives(
    runtime: ToolRuntime[Context],
    count: int = 3,
    kind: Kind = "both",
    product: str | None = None,
    category: str | None = None,
    campaign_id: str | None = None,
    scene: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Ad copy and PNG images per audience scene, free of advertising-law banned words.

    Args:
        count: Copy variants per product, 1-10.
        kind: copy, image or both.
        product: Product id or title words.
        category: A category's products.
        campaign_id: A campaign (default: the latest draft).
        scene: An audience scene to write for.
    """
    return run_generate_creatives(
        runtime.context,
        count=count,
        kind=kind,
        product=product,
        category=category,
        campaign_id=campaign_id,
        scene=scene,
    ).as_tuple()
