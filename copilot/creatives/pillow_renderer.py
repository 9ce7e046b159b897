"""The default renderer: Pillow templates, on the product's photo or a text card with the category emblem."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from copilot.creatives.brand import vertical_defaults
from copilot.creatives.colour import contrast, mix, readable
from copilot.creatives.config import RGB, creatives_config
from copilot.creatives.photo import PhotoCard, render_photo_card
from copilot.creatives.rendering import ImageSpec
from copilot.creatives.text import TextBlock, draw_block, fit_text


def emblem_for(category: str) -> str:
    for rule in creatives_config()["category_emblems"]:
        if any(word in category for word in rule["match"]):
            return str(rule["emblem"])
    return str(vertical_defaults(category)["emblem"])


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
        plan = creatives_config()["placements"][spec.placement]
        w, h = spec.width, spec.height

        def px(box: Sequence[float]) -> tuple[int, int, int, int]:
            return round(box[0] * w), round(box[1] * h), round(box[2] * w), round(box[3] * h)

        blocks: dict[str, TextBlock] = {}
        bullet, offer = creatives_config()["texts"]["point_bullet"][spec.copy.lang], spec.copy.offer
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
                parts = [p.strip() for p in re.split(creatives_config()["title_breaks"], spec.copy.title) if p.strip()]
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
    copy, bullet = spec.copy, creatives_config()["texts"]["point_bullet"][spec.copy.lang]
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

    for shape in creatives_config()["emblems"][spec.emblem]:
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
