"""Copy writing: per product and scene, in the merchant's language and brand voice, checked against the ad law."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from copilot.creatives.ad_law import AdLawChecker, InputViolation
from copilot.creatives.brand import Brand
from copilot.creatives.config import PARENS, Lang, creatives_config
from copilot.creatives.targets import ProductInfo, SceneRef
from copilot.creatives.text import ELLIPSIS
from copilot.i18n.language import has_cjk
from copilot.store.models import Merchant


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
        bullet = creatives_config()["texts"]["point_bullet"][self.lang]
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


def copy_language(merchant: Merchant, product: ProductInfo) -> Lang:
    """Chinese copy when both the store's name and the product's title are written in Chinese."""
    return "zh" if has_cjk(merchant.name) and has_cjk(product.title) else "en"


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big")


def _scene_key(text: str) -> str | None:
    """The creatives.yaml scene whose longest name occurs in ``text``."""
    folded = text.casefold()
    best: tuple[int, str] | None = None
    for key, spec in creatives_config()["scenes"].items():
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
    for key, spec in creatives_config()["scenes"].items():
        if any(str(word) in where for word in spec.get("category_words", [])):
            return key
    return None


@dataclass(frozen=True)
class _SceneChoice:
    key: str
    label: str
    hooks: tuple[str, ...]
    segment_id: str | None


def scene_choice(
    ref: SceneRef | None, product: ProductInfo, lang: Lang, checker: AdLawChecker, inputs: list[InputViolation]
) -> _SceneChoice:
    """The scene's hooks and label; a scene text with a banned word is reported and not used as a label."""
    scenes, generic = creatives_config()["scenes"], creatives_config()["generic"]
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


def short_name(product: ProductInfo, lang: Lang, checker: AdLawChecker) -> str:
    title = product.title if lang == "zh" or not product.title_en else product.title_en
    name = PARENS.sub("", title).strip() or title
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
    low, high = creatives_config()["limits"]["point_chars"][lang]
    clauses: list[str] = []
    for clause in re.split(creatives_config()["clause_split"][lang], _description(product, lang)):
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
        str(n).casefold() for spec in creatives_config()["scenes"].values() for n in spec["names"]
    }
    tags = [
        t for t in product.tags if has_cjk(t) == (lang == "zh") and t.casefold() not in skip and not checker.check(t)
    ][:3]
    tag_point = creatives_config()["texts"]["tag_point"][lang].format(tags=" · ".join(tags)) if tags else None
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
    config = creatives_config()
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
    name = short_name(product, lang, checker)
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
