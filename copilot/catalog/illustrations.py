"""Product illustrations the demo store draws for itself: flat Pillow drawings of a few demo products
(illustrations.yaml), captioned as illustrations, stored as those products' photos so the demo's creatives
show a product picture. Drawn at `copilot demo` time into the data folder; never fetched from anywhere."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import select

from copilot.catalog.images import ImageLimits, save_product_image
from copilot.creatives.text import fit_text
from copilot.store import Store
from copilot.store.models import Product
from copilot.yaml_data import load_yaml

CONFIG_FILE = Path(__file__).with_name("illustrations.yaml")
SIDE = 800


@cache
def _config() -> dict[str, Any]:
    with CONFIG_FILE.open(encoding="utf-8") as handle:
        return dict(load_yaml(handle))


def _rgb(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def draw_illustration(shapes: Sequence[dict[str, Any]]) -> Image.Image:
    """One product drawing on the demo's background, with its caption."""
    config = _config()
    image = Image.new("RGB", (SIDE, SIDE), _rgb(config["background"]))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0.16 * SIDE, 0.86 * SIDE, 0.84 * SIDE, 0.95 * SIDE), fill=_rgb(config["shadow"]))

    def box(values: Sequence[float]) -> tuple[float, float, float, float]:
        return values[0] * SIDE, values[1] * SIDE, values[2] * SIDE, values[3] * SIDE

    for shape in shapes:
        fill = _rgb(shape["fill"])
        if "polygon" in shape:
            draw.polygon([(x * SIDE, y * SIDE) for x, y in shape["polygon"]], fill=fill)
        elif "ellipse" in shape:
            draw.ellipse(box(shape["ellipse"]), fill=fill)
        elif "rectangle" in shape:
            draw.rectangle(box(shape["rectangle"]), fill=fill)
        elif "rounded" in shape:
            draw.rounded_rectangle(box(shape["rounded"]), radius=round(shape["radius"] * SIDE), fill=fill)
        elif "pieslice" in shape:
            draw.pieslice(box(shape["pieslice"]), shape["start"], shape["end"], fill=fill)
        elif "line" in shape:
            points = [(x * SIDE, y * SIDE) for x, y in shape["line"]]
            draw.line(points, fill=fill, width=max(1, round(shape["width"] * SIDE)))
        elif "text" in shape:
            _text(draw, str(shape["text"]), box(shape["box"]), fill)
    caption = config["caption"]
    _text(draw, caption["text"], (0.5 * SIDE, 0.955 * SIDE, 0.97 * SIDE, 0.99 * SIDE), _rgb(caption["fill"]))
    return image


def _text(draw: ImageDraw.ImageDraw, text: str, area: tuple[float, ...], fill: tuple[int, int, int]) -> None:
    pixels = (round(area[0]), round(area[1]), round(area[2]), round(area[3]))
    block = fit_text([text], pixels, max_size=pixels[3] - pixels[1], min_size=10, weight=700, max_lines=1,
                     line_spacing=1.0)  # fmt: skip
    draw.text(((pixels[0] + pixels[2]) / 2, (pixels[1] + pixels[3]) / 2), block.lines[0], font=block.font,
              fill=fill, anchor="mm")  # fmt: skip


def draw_demo_illustrations(store: Store, data_dir: Path) -> int:
    """Draw the illustrated demo products that are in ``store`` as their photos; returns how many."""
    drawings: dict[str, list[dict[str, Any]]] = _config()["products"]
    with store.session() as session:
        found = list(session.execute(select(Product.id, Product.merchant_id).where(Product.id.in_(drawings))))
    for product_id, merchant_id in found:
        buffer = io.BytesIO()
        draw_illustration(drawings[product_id]).save(buffer, format="PNG")
        data = buffer.getvalue()
        save_product_image(store, data_dir, merchant_id, product_id, data, ImageLimits(max_bytes=len(data)))
    return len(found)
