"""``generate_creatives``'s service: targets resolved, copy written and checked, images drawn, rows saved."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from copilot.catalog.images import product_photo
from copilot.context import Context
from copilot.creatives.ad_law import InputViolation, cached_checker
from copilot.creatives.brand import BrandMemory, merchant_brand
from copilot.creatives.colour import hex_code
from copilot.creatives.config import Kind, Lang, ProgressFn, creatives_config
from copilot.creatives.copywriting import copy_language, scene_choice, short_name, write_copy
from copilot.creatives.occasion import campaign_occasion, headline, occasion_hooks
from copilot.creatives.pillow_renderer import TemplateRenderer, emblem_for
from copilot.creatives.rendering import ImageBackendError, ImageRenderer, ImageSpec
from copilot.creatives.targets import ProductInfo, SceneRef, Target, resolve_target
from copilot.i18n.language import cjk_language
from copilot.i18n.money import format_money
from copilot.store.models import AuditLog, Creative, Merchant
from tools.result import ToolOutput, ToolRefusal


@dataclass
class _Written:
    rows: list[Creative] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    sets: list[dict[str, Any]] = field(default_factory=list)


def _validate(count: int, kind: str) -> None:
    limit = int(creatives_config()["limits"]["max_count"])
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
    lang = copy_language(merchant, product)
    brand = merchant_brand(merchant, product.category, memory, inputs)
    checker = cached_checker(tuple(sorted(set(brand.banned_words))))
    refs: list[SceneRef | None] = [SceneRef(scene)] if scene else list(target.scenes) or [None]
    now = ctx.clock.now()
    occasion = campaign_occasion(target.plan, target.day or now.date(), lang)
    choices = [scene_choice(ref, product, lang, checker, inputs) for ref in refs]
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
        limit = int(creatives_config()["limits"]["title_chars"][lang])
        title = headline(copy.title, short_name(product, lang, checker), occasion, limit, lang)
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
            for placement, spec in creatives_config()["placements"].items():
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
                    emblem=emblem_for(product.category),
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
        lang: Lang = cjk_language(merchant.name)
        target = resolve_target(
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
    header = creatives_config()["texts"]["output_header"][lang].format(
        sets=len(out.sets), products=len(target.products)
    )
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
