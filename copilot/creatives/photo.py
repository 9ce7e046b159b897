"""A creative built on the product's own photo: the photo whole on white, the occasion as a badge on it, and
a panel in the brand's colour with the brand, the headline, selling points (where the placement has room),
the price and the call to action. Layout per placement: photo.yaml; text is fitted as on the text cards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageOps

from copilot.creatives.colour import RGB, mix, readable
from copilot.creatives.text import TextBlock, draw_block, fit_text
from copilot.yaml_data import load_yaml

CONFIG_FILE = Path(__file__).with_name("photo.yaml")
Box = tuple[int, int, int, int]
WHITE: RGB = (255, 255, 255)


@cache
def _placements() -> dict[str, Any]:
    with CONFIG_FILE.open(encoding="utf-8") as handle:
        return dict(load_yaml(handle)["placements"])


@dataclass(frozen=True)
class PhotoCard:
    """What a photo creative shows. ``price`` and ``occasion`` are ready to print (None: left out)."""

    placement: str
    width: int
    height: int
    photo: Path
    title: str
    points: tuple[str, ...]
    cta: str
    price: str | None
    occasion: str | None
    brand_name: str
    primary: RGB
    accent: RGB
    bullet: str = "· "


@dataclass(frozen=True)
class PhotoLayout:
    """Pixel boxes of the photo and panel, the fitted text blocks by role, and the badge and button shapes."""

    photo: Box
    panel: Box
    blocks: dict[str, TextBlock] = field(default_factory=dict)
    badge: Box | None = None
    button: Box = (0, 0, 0, 0)


def _pixels(box: Sequence[float], width: int, height: int) -> Box:
    return round(box[0] * width), round(box[1] * height), round(box[2] * width), round(box[3] * height)


def photo_layout(card: PhotoCard) -> PhotoLayout:
    """Where everything of ``card`` goes; every text block lies inside its box."""
    plan = _placements()[card.placement]

    def fit(role: str, paragraphs: list[str], box: Box | None = None, spacing: float = 1.25) -> TextBlock:
        area = plan[role]
        box = box or _pixels(area["box"], card.width, card.height)
        return fit_text(
            paragraphs,
            box,
            max_size=min(int(area["max"]), box[3] - box[1]),
            min_size=int(area["min"]),
            weight=int(area["weight"]),
            max_lines=int(area["lines"]),
            line_spacing=spacing,
        )

    blocks = {"brand": fit("brand", [card.brand_name]), "title": fit("title", [card.title])}
    if "points" in plan and card.points:
        shown = card.points[: int(plan["points"]["lines"])]
        blocks["points"] = fit("points", [card.bullet + p for p in shown])
    if card.price:
        blocks["price"] = fit("price", [card.price], spacing=1.0)
    button = _pixels(plan["cta"]["box"], card.width, card.height)
    pad_x, pad_y = round((button[3] - button[1]) * 0.4), round((button[3] - button[1]) * 0.12)
    inner = (button[0] + pad_x, button[1] + pad_y, button[2] - pad_x, button[3] - pad_y)
    blocks["cta"] = fit("cta", [card.cta], inner, 1.0)
    badge = None
    if card.occasion:
        area = _pixels(plan["badge"]["box"], card.width, card.height)
        pad = round((area[3] - area[1]) * 0.45)
        blocks["badge"] = fit("badge", [card.occasion], (area[0] + pad, area[1], area[2] - pad, area[3]), 1.0)
        text_width = max(blocks["badge"].font.getlength(line) for line in blocks["badge"].lines)
        badge = (area[0], area[1], min(area[2], round(area[0] + text_width + 2 * pad)), area[3])
    return PhotoLayout(
        photo=_pixels(plan["photo"], card.width, card.height),
        panel=_pixels(plan["panel"], card.width, card.height),
        blocks=blocks,
        badge=badge,
        button=button,
    )


def render_photo_card(card: PhotoCard, path: Path) -> Path:
    """Draw ``card`` as a PNG of its size at ``path``."""
    layout = photo_layout(card)
    light = mix(card.primary, WHITE, 0.92)
    image = Image.new("RGB", (card.width, card.height), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle(layout.panel, fill=light)
    left, top, right, bottom = layout.photo
    with Image.open(card.photo) as source:
        photo = ImageOps.contain(source.convert("RGB"), (right - left, bottom - top))
    image.paste(photo, (left + (right - left - photo.width) // 2, top + (bottom - top - photo.height) // 2))
    colours = {
        "brand": readable(light, card.primary),
        "title": readable(light, card.primary),
        "points": readable(light, (51, 51, 51)),
        "price": readable(light, card.accent),
    }
    for role, colour in colours.items():
        if role in layout.blocks:
            draw_block(draw, layout.blocks[role], colour)
    if layout.badge is not None:
        draw.rounded_rectangle(layout.badge, radius=(layout.badge[3] - layout.badge[1]) // 2, fill=card.accent)
        _draw_centred(draw, layout.blocks["badge"], layout.badge, readable(card.accent, WHITE))
    draw.rounded_rectangle(layout.button, radius=(layout.button[3] - layout.button[1]) // 2, fill=card.primary)
    _draw_centred(draw, layout.blocks["cta"], layout.button, readable(card.primary, WHITE))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG")
    return path


def _draw_centred(draw: ImageDraw.ImageDraw, block: TextBlock, box: Box, colour: RGB) -> None:
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    draw.text(centre, block.lines[0] if block.lines else "", font=block.font, fill=colour, anchor="mm")
